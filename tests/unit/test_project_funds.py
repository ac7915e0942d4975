"""A project's funds in its 自评报告's prose against the funds row of its 项目支出绩效自评表."""
import pytest

from parser.rules.messages import UNSPENT_CUT

TABLE = ("2024年度项目支出绩效自评表\n"
         "项目支出名称\t{name}\n"
         "年度项目资金 (万元)\t年度资金总额\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
         "\t合计\t{initial}\t{final}\t{spent}\t10\t{rate}\t{score}")


def document(narrative: str, name="示范项目", initial="100", final="80", spent="80", rate="100%", score="10"):
    return narrative + "\n" + TABLE.format(name=name, initial=initial, final=final, spent=spent, rate=rate,
                                           score=score)


FINDS = [
    # the cut is 年初预算数 − 全年预算数 = 20; 10 is what was left unspent of the 全年 budget 90 it implies
    ("示范项目年初预算 100 万元，年中调减 10 万元，实际支出 80 万元。", 1, "年中调减 10 万元", "20万元"),
    ("示范项目年初预算 120 万元，实际支出 80 万元。", 1, "示范项目年初预算 120 万元", "100万元"),
    ("示范项目年初预算 100 万元，实际支出 70 万元。", 1, "实际支出 70 万元", "80万元"),
    # the project named by a title line opening its report, the figures under a heading
    ("示范项目\n绩效自评报告\n一、预算收支情况\n2024年预算90万元，其中年初预算100万元，实际支出80万元。",
     4, "2024年预算90万元", "80万元"),
    # the clause points back to the report's project (此专项, 本项目): seed 004's wording, and written apart
    ("示范项目\n绩效自评报告\n一、预算收支情况\n2024年预算80万元，其中年初预算100万元，实际支出80万元。\n"
     "二、项目支出绩效情况\n（一）成本指标方面。此专项实际支出70万元，满足经济成本指标中控制成本不超过100万元的三级指标。",
     6, "此专项实际支出70万元", "80万元"),
    ("示范项目\n绩效自评报告\n一、预算收支情况\n2023年度本项目预算资金60.15万元，于当年2月支付代理费1.15万元。"
     "2024年度本项目预算资金90万元，于当年8月拨付首款。", 4, "2024年度本项目预算资金90万元", "80万元"),
    # a line break cut the figure from its unit: `10` / `万元`
    ("示范项目年初预算 100 万元，年中调减 10\n\n万元，实际支出 80 万元。", 1, "年中调减 10", "20万元"),
]

CONSISTENT = [
    "示范项目年初预算 100 万元，年中调减 20 万元，实际支出 80 万元。",
    "示范项目年初预算 100 万元，按财政要求减少预算 20 万元，全年安排 80 万元，实际支出 80 万元。",
    "示范项目\n绩效自评报告\n一、预算收支情况\n2024年预算80万元，其中年初预算100万元，实际支出80万元。",
    # 该项支出 is a part of the project, not its spending
    "示范项目年初预算 100 万元，实际支出 80 万元。\n（一）加强保障。全年该项支出6.9万元，下降26.1%。",
    # 此专项 / 本项目 agreeing with the table; a prior year's 本项目预算资金 is no figure of the table
    "示范项目\n绩效自评报告\n一、预算收支情况\n2024年预算80万元，其中年初预算100万元，实际支出80万元。\n"
    "（一）成本指标方面。此专项实际支出80万元。",
    "示范项目\n绩效自评报告\n一、预算收支情况\n2023年度本项目预算资金60.15万元，2024年度本项目预算资金80万元。",
    # another project's name: not this table's
    "其他工作经费年初预算 300 万元，实际支出 280 万元。",
]


@pytest.mark.parametrize("narrative,line,quote,expected", FINDS, ids=[f[0] for f in FINDS])
def test_funds_contradiction_found(run, narrative, line, quote, expected):
    findings = [f for f in run(document(narrative)).findings if f.rule == "mismatch"]
    assert [(f.line, f.quote, f.expected) for f in findings] == [(line, quote, expected)]


@pytest.mark.parametrize("narrative", CONSISTENT, ids=CONSISTENT)
def test_consistent_funds_not_flagged(run, narrative):
    assert [f.message for f in run(document(narrative)).findings if f.severity != "info"] == []


def test_unspent_budget_given_as_the_cut_is_explained(run):
    (finding,) = run(document("示范项目年初预算 100 万元，年中调减 20 万元，实际支出 80 万元。", final="100",
                                 rate="80%", score="8")).findings
    assert finding.code == "FUNDS_TABLE" and finding.expected == "0万元"
    assert finding.message.endswith(UNSPENT_CUT(value="20", unit="万元") + "。")
    assert {e.col for e in finding.evidence if e.type == "cell"} == {"年初预算数", "全年预算数"}


def test_a_parent_project_is_the_sum_of_its_sub_projects(run):
    def sub(name, initial, final, spent):
        return ("2020年度项目支出绩效自评表\n"
                "项目支出名称\t专项名称\t教育内涵发展专项\n"
                f"支出方向名称(子项目)\t{name}\n"
                "年度项目资金 (万元)\t年度资金总额\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
                f"\t合计\t{initial}\t{final}\t{spent}\t10\t100%\t10\n总分\t100\t100")
    text = ("年初预算项目“教育内涵发展专项”金额 300 万元，年中执行调减 30 万元，实际支出 250 万元。\n"
            + sub("校舍维修", 200, 150, 150) + "\n" + sub("学前教育", 100, 100, 100))
    (finding,) = run(text).findings
    assert (finding.line, finding.severity, finding.expected) == (1, "warning", "50万元")


def test_a_count_against_the_indicator_it_names(run):
    table = document("示范项目年初预算 100 万元，实际支出 80 万元，完成教室 {n} 套多媒体终端设备更新购置。")
    rows = ("\n绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
            "\t产出指标 (90分)\t数量指标\t多媒体终端更新台数\t56台\t56台\t90\t90\n总分\t100\t100")
    (finding,) = run(table.format(n=133) + rows).findings
    assert (finding.line, finding.quote, finding.expected) == (1, "133 套多媒体终端设备更新购置", "56台")
    assert run(table.format(n=56) + rows).findings == ()


def test_carry_over_spent_that_the_accounts_never_had(run):
    summary = ("收入支出决算总表\n公开01表\n单位：万元\n项目\t行次\t决算数\t项目\t行次\t决算数\n"
               "本年收入合计\t10\t{income}\t本年支出合计\t23\t80\n年初结转和结余\t12\t{opening}\t年末结转和结余\t25\t\n")
    evaluation = ("2024年度项目支出绩效自评表\n项目支出名称\t示范项目\n"
                  "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
                  "\t上年结转资金\t0\t5\t5\t\t\t\n\t年度资金总额\t100\t80\t80\t10\t100%\t10\n")
    (finding,) = run(summary.format(income=80, opening="") + evaluation).findings
    assert (finding.line, finding.quote, finding.expected) == (10, "5", "0")
    assert run(summary.format(income=75, opening=5) + evaluation).findings == ()


def test_carry_over_stated_against_the_tables_carry_over_row(run):
    evaluation = ("2024年度项目支出绩效自评表\n项目支出名称\t示范项目\n"
                  "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
                  "\t上年结转资金\t0\t5\t5\t\t\t\n\t年度资金总额\t100\t80\t80\t10\t100%\t10\n")
    (finding,) = run("示范项目金额80万元，其中，上年结转金额为20万元，实际支出80万元。\n" + evaluation).findings
    assert (finding.line, finding.quote, finding.expected) == (1, "上年结转金额为20万元", "5万元")


def test_the_tables_side_of_a_cut_is_reported_where_the_table_overspends_its_budget(run):
    narrative = "示范项目年初预算 100 万元，年中调减 5 万元，实际支出 95 万元。"
    findings = run(document(narrative, final="80", spent="95", rate="#####")).findings
    assert [(f.line, f.quote) for f in findings] == [(1, "年中调减 5 万元"), (5, "80")]



def test_a_clause_pointing_back_to_the_project_of_its_report_real_sentence(run):
    """Seed 004, lines 3183-3191 (the spending as printed, 7.03, and with two digits swapped)."""
    report = ("工信系统相关专家核查经费\n绩效自评报告\n\n一、预算收支出情况 \n"
              "2024年预算7.03万元，其中年初预算20万元，实际支出7.03万元。 \n二、项目支出绩效情况 \n"
              "2024年工信系统相关专家核查经费实际支出7.03万元。项目实施及绩效情况如下：\n"
              "（一）成本指标方面。此专项实际支出{spent}万元，满足经济成本指标中控制成本不超过20万元的三级指标。")
    table = dict(name="工信系统相关专家核查经费", initial="20", final="7.03", spent="7.03", rate="100%")
    assert [f.message for f in run(document(report.format(spent="7.03"), **table)).findings
            if f.severity != "info"] == []
    findings = [f for f in run(document(report.format(spent="7.30"), **table)).findings if f.rule == "mismatch"]
    assert [(f.line, f.quote, f.expected) for f in findings] == [(8, "此专项实际支出7.30万元", "7.03万元")]

"""绩效自评表 reading: project names, first-level indicator weights, cells running over lines."""
from parser.layout.segment import segment
from parser.layout.tables import build_tables
from parser.tabular.self_evaluation import read_evaluations
from tests.conftest import doc_from_text

HEADER = ("项目支出名称\t专项名称\t教育内涵发展专项\n"
          "支出方向名称(子项目)\t标准化考点建设\n"
          "年度项目资金 (万元)\t年度资金总额\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
          "\t合计\t120\t120\t120\t10\t100%\t10\n"
          "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n")


def evaluations(text):
    doc = doc_from_text(text)
    return read_evaluations(tuple(build_tables(segment(doc).regions, doc)))


def test_sub_project_named_under_its_parent():
    (ev,) = evaluations(HEADER + "\t产出指标 (90分)\t数量指标\t考点数\t2个\t2个\t90\t90\n总分\t100\t100")
    assert (ev.name, ev.parent) == ("标准化考点建设", "教育内涵发展专项")


def test_rows_fall_under_the_last_weighted_heading(run):
    rows = ("\t产出指标 (50分)\t数量指标\t考点数\t2个\t2个\t30\t30\n"
            "\t\t质量指标\t合格率\t100%\t100%\t30\t30\n"      # 产出 rows: 60, not 50
            "\t效益指标 (40分)\t社会效益指标\t公平\t确保\t确保\t40\t40\n"
            "总分\t100\t100")
    findings = [f for f in run(HEADER + rows).findings if f.code == "GROUP_WEIGHT"]
    assert [(f.line, f.quote, f.stated, f.expected) for f in findings] == [(6, "产出指标 (50分)", "50", "60")]


def test_a_heading_repeated_after_a_page_break_is_one_group(run):
    rows = ("\t产出指标(50分)\t\t\t\t\t\t\n\t\t\t考点数\t2个\t2个\t25\t25\n\n"
            "绩效指标\t产出指标 (50分)\t质量指标\t合格率\t100%\t100%\t25\t25\n"
            "\t满意度指标 (40分)\t满意度\t满意率\t≥90%\t95%\t40\t40\n总分\t100\t100")
    assert [f.message for f in run(HEADER + rows).findings if f.severity != "info"] == []


def test_a_cell_running_over_several_lines_stays_one_cell():
    text = "\t满意度\n指标\n（10分）\n\t服务对象满意度指标\n\t98%\n"
    (region,) = segment(doc_from_text(text)).regions
    assert [c for c, _ in region.rows[0]] == ["满意度指标（10分）", "服务对象满意度指标", "98%"]


def test_an_indicator_rate_of_an_indicator_count(run):
    rows = ("\t产出指标 (90分)\t数量指标\t年度合格毕业生人数\t≥2000\t2660\t30\t30\n"
            "\t\t\t年度毕业生去向落实人数\t≥1500\t2613\t30\t30\n"
            "\t\t质量指标\t毕业生去向落实率\t≥80%\t{rate}\t30\t30\n总分\t100\t100")
    (finding,) = run(HEADER + rows.format(rate="98.25%")).findings
    assert (finding.rule, finding.line, finding.quote, finding.expected) == ("rate", 8, "98.25%", "98.23%")
    assert run(HEADER + rows.format(rate="98.23%")).findings == ()


def test_self_evaluation_figures_are_claims_with_what_the_rules_found(run):
    rows = "\t产出指标 (90分)\t数量指标\t考点数\t2个\t2个\t90\t90\n总分\t100\t{total}"
    report = run(HEADER + rows.format(total=100))
    table = [c for c in report.claims if c.origin == "table"]
    assert {(c.subject.split()[-1], c.kind, c.status) for c in table} >= {
        ("年度资金总额执行率", "rate", "consistent"), ("年度资金总额全年执行数", "amount", "consistent"),
        ("总分", "count", "consistent"), ("考点数", "count", "unverifiable")}
    wrong = [c for c in run(HEADER + rows.format(total=98)).claims if c.subject.endswith(" 总分")]
    assert [c.status for c in wrong] == ["contradicted"]

"""Micro cases per rule: each input text either yields a finding of that rule on line 1, or none."""
import pytest

FINDS = [
    ("unit", "本年收入合计401.4万元，其中：财政拨款收入401.4元，占100%。"),
    ("share", "本年支出合计401.4万元，其中：基本支出321.77万元，占90.16%；项目支出79.63万元，占19.84%。"),
    ("change", "2019年度收、支总计462.96万元，与上年相比，增加83.97万元，增加18.14%。"),
    ("rate", "会议费年初预算0.5万元，支出决算为0.19万元，完成年初预算的48%。"),
    ("rate", "年初预算为379.5万元，支出决算为462.96万元，超出年初预算的12.0%。"),
    ("sum", "2024年末实有在职职工724名，其中：非参公事业人员699人，农场工9人，临聘人员59人。"),
    ("sum", "政府采购支出总额63.27万元，其中：政府采购货物支出17.95万元、政府采购工程支出0万元、政府采购服务支出40.32万元。"),
    # 人员经费 + 公用经费 = 基本支出, however many items the text lists between them
    ("sum", "2019 年度财政拨款基本支出384.99万元，其中：人员经费 230.26万元，占基本支出59.8%；"
            "主要包括基本工资67.70万元，占基本支出17.6%；公用经费150.23万元，占基本支出39.0%。"),
]

CONSISTENT = [
    "本年收入合计401.4万元，其中：财政拨款收入401.4万元，占100%。",
    "本年支出合计401.4万元，其中：基本支出321.77万元，占80.16%；项目支出79.63万元，占19.84%。",
    "2024年度收、支总计401.4万元，与上年相比，减少38.05万元，降低8.66%。",
    "年初预算为150.27万元，支出决算为150.23万元，完成年初预算的99.9%。",
    "本部门机关运行经费支出154.73万元，比年初预算数增加0.04万元，增长0.02%。",
    "公务接待费支出预算为2.95万元，支出决算为2.95万元，完成预算的100%，与上年相比增加1.18万元，增长66.7%。",
    "政府采购支出总额63.27万元，其中：政府采购货物支出17.95万元、政府采购工程支出0万元、政府采购服务支出45.32万元。",
    "2024年预算4.94万元，其中年初预算6万元，实际支出4.94万元。",
    "2019 年度财政拨款基本支出384.99万元，其中：人员经费 230.26万元，占基本支出59.8%；"
    "主要包括基本工资67.70万元，占基本支出17.6%；公用经费154.73万元，占基本支出40.2%。",
    # a total under a 款 heading is that 款's, not the department's
    "2018年本年支出合计21,955.35万元。\n检察（款）:2018年预算支出合计16,444.36万元。其中：行政运行（项）支出10,883.36万元。",
    # two counts of one thing in one section, but for two years
    "一、车辆\n截至2025年8月31日共有车辆2辆，其中：其他用车2辆；\n2026年预算安排购置车辆0辆，其中：其他用车0辆。",
    "市级学科带头人考核优秀按 3000 元/人、合格按 2000 元/人的标准发放，共2000万元。",
]


@pytest.mark.parametrize("rule,text", FINDS, ids=[t for _, t in FINDS])
def test_rule_finds(run, rule, text):
    report = run(text)
    assert any(f.rule == rule and f.line == 1 for f in report.findings), [f.message for f in report.findings]


@pytest.mark.parametrize("text", CONSISTENT, ids=CONSISTENT)
def test_no_false_alarm(run, text):
    report = run(text)
    assert [f.message for f in report.findings if f.severity != "info"] == []


def test_wrong_base_is_named(run):
    report = run("2019年度收、支总计462.96万元，与上年相比，增加83.97万元，增加18.14%。")
    (finding,) = [f for f in report.findings if f.rule == "change"]
    assert finding.cause == "wrong_base" and finding.expected == "22.16%"


def test_mismatch_between_two_statements(run):
    text = "“三公”经费财政拨款支出预算为21.4万元，支出决算为21.4万元。\n其他。\n“三公”经费财政拨款支出预算为23.40万元，支出决算为21.4万元。"
    report = run(text)
    assert [(f.rule, f.line) for f in report.findings] == [("mismatch", 3)]


def test_approximate_figures_are_never_compared(run):
    report = run("吸引超1500家企业参加，其中：本地企业约1600家，外地企业100余家。")
    assert report.findings == ()


def test_item_named_with_codes_is_compared_with_its_row(run):
    text = ("支出决算表\n公开03表\n单位：万元\n科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出\n"
            "2040601\t行政运行\t1434.89\t1434.89\t\n2010101\t行政运行\t99\t99\t\n"
            "1、公共安全支出（204类）司法（06款）行政运行（01项）1443.89万元。")
    (finding,) = [f for f in run(text).findings if f.rule == "mismatch"]
    assert (finding.line, finding.stated, finding.expected) == (7, "1443.89万元", "1434.89万元")


def test_overall_execution_rate_uses_the_actual_stated_before(run):
    text = ("2024年决算整体支出为21245.82万元，其中：基本支出17920.74万元，项目支出3325.08万元。\n"
            "2024年初预算23604.79万元，基本支出19032.79万元，项目支出4572万元，预算整体执行率{}。")
    assert [f.expected for f in run(text.format("80.63%")).findings if f.rule == "rate"] == ["90.01%"]
    assert [f for f in run(text.format("90.01%")).findings if f.rule == "rate"] == []


BUDGET_TITLE = "上海市普陀区2026年区级单位预算\n"


@pytest.mark.parametrize("sentence,expected", [
    ("1、公共安全支出（204类）司法（06款）行政运行（01项）1434.89万元。主要用于：行政单位的基本支出。2025年当年预算执行数为"
     "1690.69万元，2026年预算安排1434.89万元，比2025年预算执行数减少1.10%。", [("change", "15.13%")]),
    ("7、社会保障和就业支出（208类）行政事业单位养老支出（05款）行政单位离退休（01项）56.12万元。主要用于：离退休人员支出。"
     "2025年当年预算执行数为57.43万元，2026年预算安排57.8万元，比2025年预算执行数减少2.27%。", [("mismatch", "56.12万元")]),
    ("2、公共安全支出（204类）司法（06款）基层司法业务（04项）2170.39万元。主要用于：工作支出。2025年当年预算执行数为2149.45万元，"
     "2026年预算安排2170.39万元，比2025年预算执行数增加0.97%。", []),
], ids=["减少1.10% for 1690.69 → 1434.89", "56.12 vs 预算安排57.8", "consistent item"])
def test_budget_wording(run, sentence, expected):
    """Sentences of the 2026 普陀区司法局 单位预算 (reviewer's checklist items, verified by hand)."""
    report = run(BUDGET_TITLE + sentence)
    assert [(f.rule, f.expected) for f in report.findings if f.severity != "info"] == expected


@pytest.mark.parametrize("text,kind", [
    ("2019年运转类项目经费统一压减10%", "percent"),
    ("比上年增加基本支出844.15万元", "change_amount"),
    ("主要用于增加办公设备5万元", "amount"),
    ("人员经费增加的主要原因是工资844.15万元", "amount"),
], ids=["统一压减10% is an instruction", "增加基本支出 is a change", "用于增加设备 is spending", "原因是 is a level"])
def test_kind_from_the_wording(text, kind):
    from parser.narrative.drafts import kind_of
    from parser.quantity import iter_quantities
    q = list(iter_quantities(text))[-1]
    assert kind_of(q, text[:q.span[0]])[0] == kind


@pytest.mark.parametrize("text,found", [
    ("完成12所市直学校（除工业学校）网络安全等级保护测评，另完成11所市直学校网络安全等级保护测评及设备购置。", True),
    ("完成12所市直学校网络安全等级保护测评，另完成12所市直学校网络安全等级保护测评复查。", False),
    ("审核入库公众通信基站19502个，注销公众通信基站9405个。", False),
], ids=["12 vs 11 所 of one phrase", "same count twice", "two different things counted"])
def test_one_line_counting_one_thing_twice(run, text, found):
    assert any(f.rule == "mismatch" for f in run(text).findings) is found


def test_plain_budget_and_initial_budget_disagreeing_are_both_reported(run):
    text = ("公务接待费支出预算为2.95万元，支出决算为2.95万元，完成预算的100%。\n其他。\n"
            "公务接待费年初预算为4.9万元，支出决算为2.95万元，完成年初预算的60.20%。")
    findings = [f for f in run(text).findings if f.rule == "mismatch"]
    assert [(f.line, f.expected, f.cause) for f in findings] == [(1, "4.9万元", "scope"), (3, "2.95万元", "scope")]


def test_an_adjusted_budget_is_not_the_initial_one(run):
    text = "公务接待费全年预算为2.95万元，支出决算为2.95万元。\n其他。\n公务接待费年初预算为4.9万元。"
    assert [f for f in run(text).findings if f.rule == "mismatch"] == []


def test_one_section_counting_one_thing_twice(run):
    text = ("一、项目效益\n通过专项核查，依法依规受理行政许可8件，审核入库台站70个。\n"
            "（1）依法实施行政许可。依法受理、办结行政许可9件，及时清理收回闲置频率3对。")
    findings = [f for f in run(text).findings if f.rule == "mismatch"]
    assert [(f.line, f.stated, f.expected) for f in findings] == [(2, "8件", "9件"), (3, "9件", "8件")]


def test_a_rate_no_whole_number_of_cases_gives(run):
    text = "2024年顺利就业2613人，初次就业率达98.25%。"
    (finding,) = run(text).findings
    assert (finding.rule, finding.severity, finding.quote) == ("rate", "warning", "初次就业率达98.25%")
    assert run("2024年顺利就业2613人，初次就业率达98.23%。").findings == ()


def test_a_table_cell_against_text_that_adds_up_is_reported_at_the_cell(run):
    table = ("2024年度部门整体支出绩效评价基础数据表\n经费控制情况（万元）\t2023年决算数\t2024年预算数\t2024年决算数\n"
             "公务接待\t0.29\t0.08\t{cell}\n")
    text = "“三公”经费支出2.48万元，其中：公务用车运行维护费2.4万元、公务接待费0.08万元。"
    findings = [(f.line, f.quote) for f in run(table.format(cell="2.48") + text).findings if f.rule == "mismatch"]
    assert findings == [(3, "2.48"), (4, "公务接待费0.08万元")]
    assert run(table.format(cell="0.08") + text).findings == ()


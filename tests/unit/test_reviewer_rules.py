"""The reviewer's rules (issue 16): wording, year, template, completeness.

Each construction has one case taken from a real sentence (the line it comes from in a comment) and one
written apart from it; `None` as the expected quote means the rule must stay silent.
"""
import pytest

from parser.check import check_document
from tests.conftest import doc_from_text

BUDGET_2026 = "上海市普陀区2026年区级部门预算\n预算主管部门：上海市普陀区司法局\n"
UNIT_BUDGET_2026 = "上海市普陀区2026年区级单位预算\n预算单位：上海市普陀区司法局\n"
FINAL_2024 = "上海市普陀区财政局2024年度部门决算\n"
BUDGET_2019 = "江苏省人民检察院2019年度部门预算公开\n"


def findings(text, rule):
    report = check_document(doc_from_text(text))
    found = [f for f in report.findings if f.rule == rule]
    for f in found:      # every quote is an exact substring of its line
        assert f.quote in report.document.lines[f.line - 1]
    return found


def assert_finds(text, rule, quote):
    found = findings(text, rule)
    if quote is None:
        assert not found, [(f.line, f.quote, f.message) for f in found]
    else:
        assert any(quote in f.quote for f in found), [(f.line, f.quote, f.message) for f in found]
    return found


WORDING = [
    # putuo_2026_budget_dept_sifaju.pdf line 67: 43269.3 → 3845.49 is a fall, not 增加
    (BUDGET_2026 + "6、公共安全支出（204类）司法（06款）其他司法支出（99项）3845.49万元。主要用于：依法治区、法制业务经费等支出。"
     "2025年当年预算执行数为43269.3万元，2026年预算安排3845.49万元，比2025年预算执行数增加17.62%。主要原因是：业务量增加。",
     "比2025年预算执行数增加"),
    (BUDGET_2026 + "2025年当年预算执行数为200万元，2026年预算安排180万元，比2025年预算执行数增加5%。", "增加"),
    # putuo_2024_final_dept_shehuigongzuobu.pdf line 266: 51.32 < 52.00, 决算数小于全年预算数 is right
    (FINAL_2024 + "1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。主要用于：行政单位人员支出、公用支出。"
     "全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的98.69%。决算数小于全年预算数的主要原因：人员变动引起实际支出低于预算。",
     None),
    (FINAL_2024 + "培训费年初预算为120.50万元，支出决算为118.20万元，决算数大于预算数。", "决算数大于预算"),
    (FINAL_2024 + "培训费年初预算为120.50万元，支出决算为118.20万元，决算数小于预算数。", None),
    # shehuigongzuobu line 268: 202.24 = 202.24, 持平
    (FINAL_2024 + "3、一般公共服务支出（类）社会工作事务（款）其他社会工作事务支出（项）。主要用于：新建部门开办费。"
     "全年预算为202.24万元，支出决算为202.24万元。决算数与全年预算数持平。", None),
    (FINAL_2024 + "会议费年初预算为5.00万元，支出决算为4.10万元。决算数与年初预算数持平。", "持平"),
    (FINAL_2024 + "会议费年初预算为10万元，支出决算为10.2万元，决算数与预算数基本持平。", None),
    # putuo_2024_final_dept_caizhengju_scanned.pdf line 293: the comparison names its subject (“三公”经费), whose
    # figures open the paragraph (0.95 budget, 0.00 spent): 小于 is right, 大于 would not be
    (FINAL_2024 + "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的0%，其中：因公出国（境）费决算为0.00万元，"
     "完成预算的0%；公务接待费支出决算为0.00万元，完成预算的0%。2024年度“三公”经费支出决算数小于预算数的主要原因：当年度无“三公”经费支出。",
     None),
    (FINAL_2024 + "“三公”经费财政拨款支出年初预算为3.00万元，支出决算为2.10万元；公务接待费支出决算为0.50万元。"
     "“三公”经费支出决算数大于预算数的主要原因是接待增加。", "决算数大于预算"),
    (FINAL_2024 + "因公出国（境）费支出5万元，与上年持平，增加1.5万元。", "持平"),
    (FINAL_2024 + "因公出国（境）费支出0万元，与上年持平；公务接待费1万元，比上年增加0.5万元。", None),
]


@pytest.mark.parametrize("text,quote", WORDING, ids=[t.splitlines()[-1][-40:] for t, _ in WORDING])
def test_wording(text, quote):
    found = assert_finds(text, "wording", quote)
    if quote and "持平" not in quote:
        assert found[0].severity == "error"       # both figures are there: certain


YEAR = [
    # putuo_2026_budget_dept_sifaju.pdf line 58 (one of five): a 2026 预算 compared with 2026年预算
    (BUDGET_2026 + "2026年，上海市普陀区司法局收入预算9628.22万元，其中：财政拨款收入9628.22万元，比2026年预算增加793.14万元；"
     "事业收入0万元。", "比2026年预算"),
    (BUDGET_2026 + "一般公共预算拨款支出预算100万元，与2024年预算持平。", "与2024年预算"),
    # putuo_2026_budget_unit_sifaju.pdf line 43: the right base
    (BUDGET_2026 + "2026年，上海市普陀区司法局收入预算8695.94万元，其中：财政拨款收入8695.94万元，比2025年预算增加794.88万元；"
     "事业收入0万元。", None),
    # sifaju line 62: 2025年当年预算执行数 in a 2026 预算
    (BUDGET_2026 + "2025年当年预算执行数为1690.69万元，2026年预算安排1672.67万元，比2025年预算执行数减少1.07%。", None),
    (BUDGET_2026 + "2024年当年预算执行数为100万元，2026年预算安排110万元。", "2024年当年预算执行数"),
    (BUDGET_2019 + "2018年执行中追加预算，比2017年预算增加300万元。", None),          # a history: 2018's base
    (FINAL_2024 + "截至2023年12月31日，本部门共有车辆3辆。", "截至2023年12月31日"),
    (FINAL_2024 + "截至2024年12月31日，本部门共有车辆3辆。", None),
    (FINAL_2024 + "截至2023年12月31日，累计培训人员300人次。", None),               # not the assets
    (FINAL_2024 + "二、2023年度收入决算情况说明\n本年收入合计100万元。", "2023年度收入决算情况说明"),
    (FINAL_2024 + "（一）2021-2025年规划执行情况\n正文。", None),
    (FINAL_2024 + "2023年度收入、支出决算总计500万元。", "2023年度收入、支出决算总计"),
    # putuo_2024_final_dept_shehuigongzuobu.pdf line 18
    ("中共上海市普陀区委\n社会工作部2024年度\n部门决算\n第三部分中共上海市普陀区委社会工作部2024年度部门决算情况说明\n", None),
]


@pytest.mark.parametrize("text,quote", YEAR, ids=[t.splitlines()[-1][-40:] for t, _ in YEAR])
def test_year(text, quote):
    found = assert_finds(text, "year", quote)
    assert all(f.cause == "wrong_year" and f.severity == "warning" for f in found)


TEMPLATE = [
    # putuo_2026_budget_unit_sifaju.pdf line 45
    (UNIT_BUDGET_2026 + "财政拨款收入支出增加（减少）的主要原因是业务量增加。", "增加（减少）"),
    (FINAL_2024 + "本年支出减少（增加）的主要原因是人员调整。", "减少（增加）"),
    # putuo_2026_budget_dept_sifaju.pdf line 66
    (BUDGET_2026 + "5、信息化建设（13项）227.88万元。主要用于：信息化建设及运行维护等方面的支出。。"
     "2025年当年预算执行数为60.41万元。", "。。"),
    (FINAL_2024 + "本年收入合计100万元，，其中财政拨款100万元。", "，，"),
    (FINAL_2024 + "详见下表……", None),
    # putuo_2026_budget_unit_sifaju.pdf line 219
    (UNIT_BUDGET_2026 + "（二）公务用车购置及运行费9.98万元，与2025年预算数持平，主要原因是。其中：公务用车购置费0万元。", "主要原因是。"),
    (FINAL_2024 + "会议费支出0.5万元，主要用于：。", "主要用于：。"),
    # putuo_2026_budget_dept_sifaju.pdf line 255
    (BUDGET_2026 + "4.开展“人民调解协议书检查”、优秀调解案例”活动。", "优秀调解案例"),
    (FINAL_2024 + "开展“法治宣传进社区”活动。", None),
    (FINAL_2024 + "XX局2024年度部门决算情况说明如下。", "XX局"),
    (FINAL_2024 + "编制单位：【单位名称】", "【单位名称】"),
    (FINAL_2024 + "本表由（单位名称）于X月X日填报。", "（单位名称）"),
    (FINAL_2024 + "购置X射线安检设备1台。", None),
    # putuo_2026_budget_dept_sifaju.pdf line 60 (a PDF paragraph: here before a heading)
    (BUDGET_2026 + "财政拨款收入支出增加的主要原因是工作量增加\n二、支出预算", "工作量增加"),
    (BUDGET_2026 + "财政拨款收入支出增加的主要原因是工作量增加。\n二、支出预算", None),
    (FINAL_2024 + "本部门共有车辆3辆，其中执法执勤用车\n二、其他情况", "其中执法执勤用车"),
    # putuo_2026_budget_unit_sifaju.pdf line 229
    (UNIT_BUDGET_2026 + "2026年部门预算安排购置车辆0辆，其中：部级领导干部用车0辆。", "2026年部门预算安排"),
    (BUDGET_2026 + "2026年部门预算安排购置车辆0辆，其中：部级领导干部用车0辆。", None),
    (BUDGET_2026 + "2026年部门收入预算总表\n编制部门：上海市普陀区民政局 单位：元\n项目\t预算数\n合计\t100.00", "上海市普陀区民政局"),
    (BUDGET_2026 + "2026年部门收入预算总表\n编制部门：上海市普陀区司法局 单位：元\n项目\t预算数\n合计\t100.00", None),
    # putuo_2024_final_dept_shehuigongzuobu.pdf line 239: the template's instruction left in
    (FINAL_2024 + "无政府性基金预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明：", "仍保留该表格式"),
]


@pytest.mark.parametrize("text,quote", TEMPLATE, ids=[t.splitlines()[-1][-40:] for t, _ in TEMPLATE])
def test_template(text, quote):
    found = assert_finds(text, "template", quote)
    assert all(f.cause == "template" and f.severity == "warning" for f in found)


EMPTY_NOTE_TABLE = ("政府性基金预算财政拨款收入支出决算表\n单位：万元\n项目\t年初结转和结余\t本年收入\t本年支出\n"
                    "合计\t0.00\t12.50\t12.50\n{note}\n")


@pytest.mark.parametrize("note,quote", [("本表为空表。", "本表为空表"), ("注：本表反映政府性基金收支情况。", None)])
def test_template_note_against_its_table(note, quote):
    assert_finds(FINAL_2024 + EMPTY_NOTE_TABLE.format(note=note), "template", quote)


CONTENTS = ("目录\n一、收入支出决算总表\n二、收入决算表\n三、支出决算表\n第一部分 概况\n本部门主要职能是……。\n")


def table(title, value="100.00"):
    return f"{title}\n单位：万元\n项目\t金额\n合计\t{value}\n"


COMPLETENESS = [
    (FINAL_2024 + CONTENTS + table("收入支出决算总表") + table("收入决算表") + table("支出决算表"), None),
    (FINAL_2024 + CONTENTS + table("收入支出决算总表") + table("支出决算表"), "二、收入决算表"),
    (FINAL_2024 + CONTENTS + table("收入支出决算总表") + table("收入决算表") + table("收入决算表") + table("支出决算表"),
     "收入决算表"),
    (FINAL_2024 + CONTENTS + table("收入支出决算总表") + table("支出决算表") + table("收入决算表"), "支出决算表"),
    # putuo_2026_budget_dept_sifaju.pdf line 72 against its table row 210 卫生健康支出
    (BUDGET_2026 + "11、医疗卫生与计划生育支出（210类）行政事业单位医疗（11款）行政单位医疗（01项）114.97万元。\n"
     "2026年部门收入预算总表\n编制部门：上海市普陀区司法局 单位：元\n功能分类科目编码\t功能分类科目名称\t合计\n"
     "210\t卫生健康支出\t1149678.00\n21011\t行政事业单位医疗\t1149678.00\n", "医疗卫生与计划生育支出"),
    (BUDGET_2026 + "11、卫生健康支出（210类）行政事业单位医疗（11款）行政单位医疗（01项）114.97万元。\n"
     "2026年部门收入预算总表\n编制部门：上海市普陀区司法局 单位：元\n功能分类科目编码\t功能分类科目名称\t合计\n"
     "210\t卫生健康支出\t1149678.00\n21011\t行政事业单位医疗\t1149678.00\n", None),
    (FINAL_2024 + "1、医疗卫生与计划生育支出（类）行政事业单位医疗（款）行政单位医疗（项）。全年预算为10.00万元。\n"
     "一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t决算数\n"
     "210\t卫生健康支出\t10.00\n21011\t行政事业单位医疗\t10.00\n", "医疗卫生与计划生育支出"),
    # putuo_2024_final_dept_shehuigongzuobu.pdf lines 227-232: an empty 三公 table with its note
    (FINAL_2024 + "财政拨款“三公”经费支出决算表\n单位：万元\n预算数\t\t\t决算数\n合计\t因公出国（境）费\t公务接待费\t合计\n"
     "注：本表反映部门本年度“三公”经费支出预决算情况。\n"
     "说明：中共上海市普陀区委社会工作部本年度没有财政拨款“三公”经费支出，故本表无数据。\n", None),
    (FINAL_2024 + "财政拨款“三公”经费支出决算表\n单位：万元\n预算数\t\t\t决算数\n合计\t因公出国（境）费\t公务接待费\t合计\n"
     "第三部分 情况说明\n本部门主要职能是负责全区的财政管理工作。\n", "财政拨款“三公”经费支出决算表"),
    (FINAL_2024 + "财政拨款“三公”经费支出决算表\n单位：万元\n预算数\t\t\t决算数\n合计\t因公出国（境）费\t公务接待费\t合计\n"
     "说明：本年度没有财政拨款“三公”经费支出，故本表无数据。\n"
     "2024年度“三公”经费财政拨款支出决算为2.50万元。\n", "2.50万元"),
]


NINE = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款基本支出决算表", "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款收入支出决算表"]
COMPLETENESS += [
    # a 部门决算 printing eight of its nine tables (no contents to compare with): 公开04表 is missing
    (FINAL_2024 + "".join(table(t) for k, t in enumerate(NINE) if k != 3), "收入支出决算总表"),
    (FINAL_2024 + "".join(table(t) for t in NINE), None),
    # … unless the text says the body has none of it
    (FINAL_2024 + "".join(table(t) for k, t in enumerate(NINE) if k != 8)
     + "九、国有资本经营预算财政拨款支出决算情况说明\n本部门无国有资本经营预算财政拨款支出。\n", None),
]


@pytest.mark.parametrize("text,quote", COMPLETENESS, ids=[f"case{i}" for i in range(len(COMPLETENESS))])
def test_completeness(text, quote):
    assert_finds(text, "completeness", quote)


def test_missing_final_table_is_named():
    found = findings(FINAL_2024 + "".join(table(t) for k, t in enumerate(NINE) if k != 3), "completeness")
    assert [(f.code, f.expected) for f in found] == [("REQUIRED_TABLE_MISSING", "公开04表")]
    assert "财政拨款收入支出决算总表" in found[0].message         # the table is named

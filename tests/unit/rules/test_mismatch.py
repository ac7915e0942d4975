"""Rule `mismatch` alone: one quantity given two values, text against tables and against text."""
from dataclasses import replace

from parser.narrative.relations import Relation
from parser.rules import mismatch
from tests.unit.rules.build import claim, codes, context, fact, statuses, table

TABLE = ["收入支出决算总表", "项目\t决算数", "一般公共预算财政拨款收入\t{cell}", "事业收入\t20.50"]


def text_and_table(stated: str, cell: str):
    lines = [f"本年收入合计{stated}万元，其中：一般公共预算财政拨款收入380.9万元、事业收入20.5万元。"]
    lines += [row.format(cell=cell) for row in TABLE]
    own = [claim("c1", lines, f"本年收入合计{stated}万元", metric="revenue_total"),
           claim("c2", lines, "一般公共预算财政拨款收入380.9万元", metric="general_budget_appropriation_revenue"),
           claim("c3", lines, "事业收入20.5万元")]
    t1 = table("t1", lines, "项目\t决算数", kind="income_expenditure_summary")
    facts = [fact("general_budget_appropriation_revenue", cell, "t1", 4, row="一般公共预算财政拨款收入", col="决算数",
                  cell=(1, 1))]
    return context(lines, own, [Relation("sum", "c1", {"parts": ("c2", "c3")}, exhaustive=True)], facts, [t1])


def test_a_figure_the_table_agrees_with():
    result = mismatch.check(text_and_table("401.4", "380.90"))
    assert result.findings == () and statuses(result) == {"c2": "consistent"}


def test_a_part_that_adds_up_in_the_text_blames_the_table_cell():
    result = mismatch.check(text_and_table("401.4", "308.90"))
    assert codes(result) == ["TEXT_TABLE", "CELL_AGAINST_TEXT"]
    assert statuses(result) == {"c2": "contradicted"} and dict(result.cells) == {(4, 1, 1): "contradicted"}


def test_a_part_whose_text_does_not_add_up_blames_only_the_text():
    ctx = text_and_table("410.4", "308.90")
    assert ctx.text_verdicts["c1"] == "contradicted"
    result = mismatch.check(ctx)
    assert codes(result) == ["TEXT_TABLE"] and result.cells == ()


def test_a_total_the_tables_contradict_too_leaves_the_cell_alone():
    ctx = text_and_table("401.4", "308.90")
    total = fact("revenue_total", "410.40", "t1", 3, row="本年收入合计", col="决算数")
    ctx = replace(ctx, facts=ctx.facts + (total,))
    result = mismatch.check(ctx)
    assert codes(result) == ["TEXT_TABLE", "TEXT_TABLE"] and result.cells == ()
    assert statuses(result) == {"c1": "contradicted", "c2": "contradicted"}


def test_one_metric_stated_twice_in_the_text():
    lines = ["“三公”经费支出21.4万元。", "“三公”经费支出23.40万元。"]
    own = [claim("c1", lines, "“三公”经费支出21.4万元", metric="three_public"),
           claim("c2", lines, "“三公”经费支出23.40万元", metric="three_public")]
    result = mismatch.check(context(lines, own))
    assert codes(result) == ["TEXT_TEXT"] and statuses(result) == {"c2": "contradicted"}


def test_one_line_counting_one_thing_twice():
    lines = ["完成12所市直学校网络安全测评，其中11所市直学校网络安全测评合格。"]
    own = [claim("c1", lines, "12所", kind="count"), claim("c2", lines, "11所", kind="count")]
    ctx = context(lines, own)
    assert ctx.text_verdicts["c2"] == "contradicted"             # what project_funds reads of the count
    assert codes(mismatch.check(ctx)) == ["COUNT_REPEATED"]


W056 = ("2023年全镇一般财政公共总收入实现11335万元,同比增长35.24%。其中:中央、市区级收入6830万元,乡镇本级财政收入4505万元。"
        "2023年我镇一般财政公共收入与去年同期相比增长32.2%,地方财政收入同比增长35.24%。")


def growths(lines, *texts, year=2023):
    """The claims quoting `texts`: amounts, and change percentages against the prior year."""
    return [claim(f"c{n}", lines, text, kind="change_percent" if text.endswith("%") else "amount",
                  role="prior_year" if text.endswith("%") else "actual", year=year)
            for n, text in enumerate(texts, 1)]


def test_one_revenue_growing_by_two_percentages_in_one_line():      # web w056 line 3
    lines = [W056]
    own = growths(lines, "2023年全镇一般财政公共总收入实现11335万元", "同比增长35.24%", "市区级收入6830万元",
                  "乡镇本级财政收入4505万元", "2023年我镇一般财政公共收入与去年同期相比增长32.2%", "地方财政收入同比增长35.24%")
    result = mismatch.check(context(lines, own))
    assert codes(result) == ["CHANGE_RESTATED"] and statuses(result) == {"c5": "contradicted"}
    assert result.findings[0].stated == "32.2%" and result.findings[0].expected == "35.24%"


def test_one_growth_restated_lines_apart():
    lines = ["（一）收入情况", "本年一般公共预算收入比上年增长12.5%。", "税收收入保持平稳，非税收入有所减少。",
             "一般公共预算收入同比增长12.8%，主要是税收增加。"]
    own = growths(lines, "本年一般公共预算收入比上年增长12.5%", "一般公共预算收入同比增长12.8%")
    result = mismatch.check(context(lines, own))
    assert codes(result) == ["CHANGE_RESTATED"] and statuses(result) == {"c2": "contradicted"}
    headed = lines[:2] + ["（二）市本级收入"] + lines[3:]
    assert mismatch.check(context(headed, growths(headed, *[c.text for c in own]))).findings == ()
    part_year = lines[:3] + ["1-6月，一般公共预算收入同比增长12.8%。"]
    own = growths(part_year, "本年一般公共预算收入比上年增长12.5%", "一般公共预算收入同比增长12.8%")
    assert mismatch.check(context(part_year, own)).findings == ()


def test_growths_of_different_things_bases_or_wordings_are_not_compared():
    lines = ["一般公共预算收入比上年增长12.5%，其中税收收入比上年增长8.1%，本级一般公共预算收入同比增长9.3%。",
             "一般公共预算收入比年初预算增长3.2%，一般公共预算收入同比增长12.50%。",
             "财政总收入同比增长7.4%。"]
    own = growths(lines, "一般公共预算收入比上年增长12.5%", "税收收入比上年增长8.1%", "本级一般公共预算收入同比增长9.3%",
                  "一般公共预算收入比年初预算增长3.2%", "一般公共预算收入同比增长12.50%", "财政总收入同比增长7.4%")
    result = mismatch.check(context(lines, own))
    assert result.findings == ()


def test_a_total_and_plain_wording_compared_only_within_one_line():
    lines = ["财政总收入同比增长7.4%。", "财政收入同比增长6.9%。"]
    own = growths(lines, "财政总收入同比增长7.4%", "财政收入同比增长6.9%")
    assert mismatch.check(context(lines, own)).findings == ()


def test_growths_following_amounts_of_two_lists_are_not_compared():      # web w078: two headings, one list
    lines = ["生均教育经费增长情况", "普通高中为15226.96元,比上年下降4.78%。", "生均教育事业费支出增长情况",
             "普通高中为14743.91元,比上年下降5.53%。"]
    own = growths(lines, "普通高中为15226.96元", "比上年下降4.78%", "普通高中为14743.91元", "比上年下降5.53%")
    assert mismatch.check(context(lines, own)).findings == ()

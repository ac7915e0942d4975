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

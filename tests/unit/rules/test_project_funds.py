"""Rule `mismatch` (project funds) alone: a project's funds in prose against its hand-built 绩效自评表."""
from dataclasses import replace
from decimal import Decimal

from parser.datatypes import Cell
from parser.rules import project_funds
from parser.tabular.self_evaluation import Evaluation
from tests.unit.rules.build import claim, codes, context, statuses, table


def cell(text: str, line: int = 20, col: int = 1) -> Cell:
    return Cell(1, col, text, line, None, Decimal(text) if text else None, len(text.partition(".")[2]))


def evaluation(spent: str, carried=()) -> Evaluation:
    funds = {"年初预算数": cell("100", col=1), "全年预算数": cell("100", col=2), "全年执行数": cell(spent, col=3)}
    return Evaluation("t9", "示范项目", funds, (), None, carried=carried)


def narrative(spent: str):
    lines = ["示范项目年初预算100万元，实际支出80万元。"]
    own = [claim("c1", lines, "示范项目年初预算100万元", role="budget_initial"), claim("c2", lines, "实际支出80万元")]
    return replace(context(lines, own, with_paragraphs=True), evaluations=(evaluation(spent),))


def test_funds_the_table_agrees_with():
    result = project_funds.check(narrative("80"))
    assert result.findings == () and statuses(result) == {"c1": "consistent", "c2": "consistent"}
    assert set(dict(result.cells).values()) == {"consistent"}


def test_spending_the_table_disagrees_with():
    result = project_funds.check(narrative("90"))
    assert codes(result) == ["FUNDS_TABLE"] and statuses(result) == {"c1": "consistent", "c2": "contradicted"}
    assert result.findings[0].expected == "90万元"


def test_carried_funds_without_an_opening_balance():
    lines = ["收入支出决算总表", "项目\t决算数", "年初结转和结余\t"]
    summary = table("t1", lines, lines[1], kind="income_expenditure_summary", code="公开01表")
    ctx = replace(context(lines, tables=[summary]),
                  evaluations=(evaluation("80", carried=(("全年预算数", cell("5.00", line=21)),)),))
    result = project_funds.check(ctx)
    assert codes(result) == ["CARRIED_WITHOUT_BALANCE"] and dict(result.cells) == {(21, 1, 1): "contradicted"}

"""Rule `unit` alone: an amount whose unit disagrees with the same figure elsewhere."""
from decimal import Decimal

from parser.rules import unit
from tests.unit.rules.build import claim, codes, context, fact, statuses

LINES = ["一般公共预算财政拨款收入401.4万元，事业收入20.5万元。", "财政拨款收入401.4元。"]


def claims():
    return [claim("c1", LINES, "一般公共预算财政拨款收入401.4万元", metric="general_budget_appropriation_revenue"),
            claim("c2", LINES, "事业收入20.5万元"),
            claim("c3", LINES, "财政拨款收入401.4元", metric="fiscal_appropriation_revenue")]


def test_the_odd_unit_is_a_slip_found_before_the_rules():
    ctx = context(LINES, claims())
    assert dict(ctx.unit_slips) == {"c3": Decimal(10000)}
    assert ctx.text_verdicts["c3"] == "contradicted"
    result = unit.check(ctx)
    assert codes(result) == ["UNIT_SLIP"] and statuses(result) == {"c3": "contradicted"}
    (found,) = result.findings
    assert (found.expected, found.cause, found.claims) == ("401.4万元", "unit_slip", ("c3", "c1"))


def test_a_table_cell_with_the_figure_is_evidence_enough():
    lines = ["财政拨款收入401.4元，事业收入20.5万元，其他收入3.5万元。"]
    own = [claim("c1", lines, "财政拨款收入401.4元"), claim("c2", lines, "事业收入20.5万元"),
           claim("c3", lines, "其他收入3.5万元")]
    ctx = context(lines, own, facts=[fact("fiscal_appropriation_revenue", "401.4", "t1", 9)])
    (found,) = unit.check(ctx).findings
    assert found.code == "UNIT_SLIP" and [e.type for e in found.evidence] == ["cell"]


def test_no_slip_without_the_same_figure_elsewhere():
    lines = ["财政拨款收入401.4元，事业收入20.5万元，其他收入3.5万元。"]
    own = [claim("c1", lines, "财政拨款收入401.4元"), claim("c2", lines, "事业收入20.5万元"),
           claim("c3", lines, "其他收入3.5万元")]
    ctx = context(lines, own)
    assert unit.check(ctx).findings == () and dict(ctx.unit_slips) == {}

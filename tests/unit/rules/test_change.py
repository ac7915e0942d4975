"""Rule `change` alone: a change in percent or amount against the two years' figures."""
from parser.narrative.relations import Relation
from parser.rules import change
from tests.unit.rules.build import claim, codes, context, statuses

LINES = ["本年支出500万元，上年支出400万元，增长{pct}%，增加{amount}万元。"]


def changes(pct: str, amount: str):
    lines = [LINES[0].format(pct=pct, amount=amount)]
    own = [claim("c1", lines, "本年支出500万元", metric="expenditure_total"),
           claim("c2", lines, "上年支出400万元", metric="expenditure_total", role="prior_year"),
           claim("c3", lines, f"增长{pct}%", kind="change_percent"),
           claim("c4", lines, f"增加{amount}万元", kind="change_amount")]
    relations = [Relation("change", "c3", {"current": "c1", "prior": "c2"}),
                 Relation("change", "c4", {"current": "c1", "prior": "c2"})]
    return context(lines, own, relations)


def test_changes_that_follow_from_the_two_years():
    result = change.check(changes("25", "100"))
    assert result.findings == ()
    assert statuses(result) == {"c3": "consistent", "c1": "consistent", "c4": "consistent"}


def test_a_percent_on_the_wrong_base_and_a_wrong_amount():
    result = change.check(changes("20", "90"))
    assert codes(result) == ["CHANGE_PERCENT", "CHANGE_AMOUNT"]
    assert [(f.expected, f.cause) for f in result.findings] == [("25.00%", "wrong_base"), ("100.00万元", None)]
    assert statuses(result)["c3"] == statuses(result)["c4"] == "contradicted"


def test_annual_growth_against_the_growth_over_the_years():
    lines = ["比2019年增长76.48%，年均增长{}%。"]
    for stated, found in (("12.03", []), ("15.3", ["ANNUAL_GROWTH"])):
        text = [lines[0].format(stated)]
        own = [claim("c1", text, "比2019年增长76.48%", kind="change_percent"),
               claim("c2", text, f"年均增长{stated}%", kind="change_percent")]
        result = change.check(context(text, own, [Relation("annual", "c2", {"total": "c1"}, base="5")]))
        assert codes(result) == found

"""Rule `rate` alone: a completion rate against actual ÷ budget."""
import pytest

from parser.narrative.relations import Relation
from parser.rules import rate
from tests.unit.rules.build import claim, codes, context, statuses


def completion(pct: str, kind: str = "completion"):
    lines = [f"年初预算100万元，支出决算95万元，完成年初预算的{pct}%。"]
    own = [claim("c1", lines, "年初预算100万元", role="budget_initial"), claim("c2", lines, "支出决算95万元"),
           claim("c3", lines, f"完成年初预算的{pct}%", kind="rate")]
    return context(lines, own, [Relation(kind, "c3", {"budget": "c1", "actual": "c2"})])


def test_a_rate_that_is_actual_over_budget():
    result = rate.check(completion("95"))
    assert result.findings == () and set(statuses(result).values()) == {"consistent"}


@pytest.mark.parametrize("kind", ["completion", "execution"])
def test_a_rate_that_is_not(kind):
    result = rate.check(completion("97", kind))
    assert codes(result) == ["RATE_MISMATCH"] and statuses(result) == {"c3": "contradicted"}
    assert result.findings[0].expected == "95.00%"


def test_a_rate_no_whole_number_of_cases_gives():
    lines = ["顺利就业2613人，初次就业率达98.25%。"]
    own = [claim("c1", lines, "顺利就业2613人", kind="count"), claim("c2", lines, "初次就业率达98.25%", kind="rate")]
    result = rate.check(context(lines, own))
    assert codes(result) == ["IMPOSSIBLE_RATE_TEXT"] and statuses(result) == {"c2": "contradicted"}

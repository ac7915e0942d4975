"""Rule `share` alone: 占X% against part ÷ whole, and shares of a whole list adding to 100%."""
import pytest

from parser.narrative.relations import Relation
from parser.rules import share
from tests.unit.rules.build import claim, codes, context, statuses


def shares(pct: str):
    lines = [f"支出合计401.4万元，其中项目支出79.63万元，占支出合计的{pct}%。"]
    own = [claim("c1", lines, "支出合计401.4万元", metric="expenditure_total"),
           claim("c2", lines, "项目支出79.63万元", metric="project_expenditure"),
           claim("c3", lines, f"占支出合计的{pct}%", kind="share")]
    return context(lines, own, [Relation("share", "c3", {"part": "c2", "whole": "c1"})])


def test_a_share_that_is_part_over_whole_is_consistent():
    result = share.check(shares("19.84"))
    assert result.findings == () and statuses(result) == {"c3": "consistent", "c2": "consistent"}


@pytest.mark.parametrize("pct,severity", [("18.84", "error"), ("19.86", "warning")])
def test_a_share_that_is_not_part_over_whole(pct, severity):
    result = share.check(shares(pct))
    assert codes(result) == ["SHARE_MISMATCH"] and statuses(result) == {"c3": "contradicted"}
    assert (result.findings[0].expected, result.findings[0].severity) == ("19.84%", severity)


def test_shares_of_the_whole_list_must_make_100():
    lines = ["支出合计100万元，其中基本支出60万元、项目支出40万元，分别占60%、30%。"]
    own = [claim("c1", lines, "支出合计100万元"), claim("c2", lines, "基本支出60万元"),
           claim("c3", lines, "项目支出40万元"), claim("c4", lines, "60%", kind="share", nth=0),
           claim("c5", lines, "30%", kind="share")]
    rel = Relation("share_sum", "c4", {"parts": ("c4", "c5"), "amounts": ("c2", "c3"), "whole": "c1"})
    result = share.check(context(lines, own, [rel]))
    assert codes(result) == ["SHARES_NOT_HUNDRED"]
    assert statuses(result) == {"c4": "contradicted", "c5": "contradicted"}

"""A numbered list item that states figures and runs on to the next line is one wrapped sentence, not a
heading: its change or share on the next line finds its level across the line cut.

Each construction has the sentence from a real published text (../shared/corpus/web/w027.txt, quoted as
printed) and one written apart from it.
"""
import pytest

from parser.check import check_document
from parser.layout.segment import segment
from tests.conftest import doc_from_text

# ../shared/corpus/web/w027.txt lines 2-3
W027 = "(一)教育支出类科目 5,806,105.16 元,占支出总预算\n82.27%,同比增加 3,520,772.45 元,增长 154.06%。"
APART = "1、基本支出 1,200.50 万元，比上年\n增加 200.50 万元，增长 20.05%。"


def statuses(text: str) -> dict[str, str]:
    return {c.text: c.status for c in check_document(doc_from_text(text)).claims}


def findings(text: str) -> list[tuple[str, int, str]]:
    report = check_document(doc_from_text(text))
    return [(f.rule, f.line, f.quote) for f in report.findings if f.severity in ("error", "warning")]


@pytest.mark.parametrize("text", [W027, APART],
                         ids=["real: w027 (一)…类科目 X 元,占支出总预算 / 82.27%,同比增加", "apart: 1、… 比上年 / 增加"])
def test_a_numbered_item_stating_figures_and_running_on_is_no_heading(text):
    layout = segment(doc_from_text(text))
    assert layout.headings == ()
    assert [s.line for p in layout.paragraphs for s in p.sentences] == [1, 2]


@pytest.mark.parametrize("lines", [
    ("（二）项目支出情况", "项目支出120万元，主要用于设备购置。"),           # no figure
    ("（二）项目支出 120 万元", "主要用于设备购置。"),                       # a figure, but nothing read on past it
    ("（三）基本支出 80 万元，占总支出", "四、其他情况"),                    # the next line is a heading
    ("（三）基本支出 80 万元，占总支出的", ""),                                # nothing to run on into
], ids=["no figure", "figure ends the line", "next is a heading", "last line"])
def test_headings_that_do_not_run_on_stay_headings(lines):
    layout = segment(doc_from_text("\n".join(lines)))
    assert [h.text for h in layout.headings][:1] == [lines[0]]


@pytest.mark.parametrize("text,change", [(W027, "增长 154.06%"), (APART, "增长 20.05%")], ids=["real: w027", "apart"])
def test_a_change_on_the_continuation_line_is_checked_against_the_level_before_the_cut(text, change):
    got = statuses(text)
    assert got[change] == "consistent"
    assert findings(text) == []


@pytest.mark.parametrize("text,right,wrong,change", [
    (W027, "5,806,105.16", "5,086,105.16", "增长 154.06%"), (APART, "1,200.50", "1,020.50", "增长 20.05%")],
    ids=["real: w027", "apart"])
def test_a_level_with_two_digits_swapped_breaks_the_change_across_the_cut(text, right, wrong, change):
    assert findings(text.replace(right, wrong)) == [("change", 2, change)]


def test_a_cut_clause_naming_its_own_subject_opens_another_statement():
    # `公用` / `经费比上年增加…`: the change is 公用经费's, not 基本支出's; read across the cut it would be wrong
    text = "1、基本支出 1,200.50 万元，公用\n经费比上年增加 9.00 万元，增长 20.05%。"
    assert findings(text) == []
    assert statuses(text)["增长 20.05%"] == "unverifiable"

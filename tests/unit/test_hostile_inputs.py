"""Issue 15: inputs made to hang, overflow or crash the checker end as promised (library level)."""
import io
from decimal import Decimal
from pathlib import Path

import pytest

from parser.layout.unglue import split_glued, splits
from parser.narrative.features import magnitude_band
from parser.tolerance import Interval, best_value, printed

HOSTILE = Path(__file__).resolve().parents[3] / "shared" / "hostile"


def hostile(name: str) -> Path:
    path = HOSTILE / name
    if not path.exists():
        pytest.skip(f"{path} not found beside the repository")
    return path


def test_hashes_only_glued_cell_gives_no_split_instead_of_recursion_error():
    assert split_glued("一、收入###", 6) is None


@pytest.mark.parametrize("run", ["1" * 300, "12.3" * 60, "9" * 40 + "#####" + "8" * 40],
                         ids=["300 ones", "60 decimals", "hashes between runs"])
def test_long_digit_runs_end_without_a_guess(run):
    assert split_glued("合计" + run, 12, 2, ["amount"] * 12) is None


def test_search_stops_and_says_so():
    """An unbounded number of cuts: the search yields None (give up) after its step budget."""
    out = list(splits(["1" * 200], 30, 2, [""] * 30))
    assert out[-1] is None


def test_glued_hang_file_is_checked():
    from parser.check import check
    report = check(hostile("glued_hang.txt"))
    assert report.document.lines


def test_huge_number_has_a_magnitude_band():
    assert magnitude_band("9" * 400) == "6"


def test_huge_number_file_is_checked():
    from parser.check import check
    report = check(hostile("bignum_overflow.txt"))
    assert any(f.rule == "change" for f in report.findings)


BEST_VALUE_INPUTS = [
    (Interval(Decimal("1e30"), Decimal("1e30")), 2, Decimal("1e30")),
    (Interval(Decimal("12345678901234567890123456.7"), Decimal("12345678901234567890123456.9")), 2,
     Decimal("12345678901234567890123456.80")),
    (printed(Decimal("1.5"), 1), 40, Decimal("1.5")),
    (Interval(Decimal("9" * 400), Decimal("9" * 400)), 2, Decimal("9" * 400)),
]


@pytest.mark.parametrize("interval,decimals,expected", BEST_VALUE_INPUTS,
                         ids=["1e30", "26 digits", "40 decimals", "400 digits"])
def test_best_value_never_raises_invalid_operation(interval, decimals, expected):
    """Decimal's default context holds 28 digits; quantizing beyond it raised InvalidOperation."""
    assert best_value(interval, decimals) == expected


def test_invalidop_file_is_checked():
    from parser.check import check
    assert check(hostile("invalidop.txt")).claims


def docx_with_span(span: int) -> bytes:
    import docx
    from docx.oxml.ns import qn
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "金额"
    table.cell(1, 0).text, table.cell(1, 1).text = "合计", "401.4"
    tc_pr = table.cell(0, 0)._tc.get_or_add_tcPr()
    grid_span = tc_pr.makeelement(qn("w:gridSpan"), {qn("w:val"): str(span)})
    tc_pr.append(grid_span)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_grid_span_is_capped():
    from parser.limits import Limits
    from parser.load.docx import MAX_SPAN, document_from_docx
    wide = Limits(table_width=10 ** 6)
    document = document_from_docx("span.docx", docx_with_span(10 ** 9), "0" * 64, wide)
    assert max(line.count("\t") + 1 for line in document.lines) <= MAX_SPAN + 1


def test_docx_grid_span_over_the_table_width_is_refused():
    from parser.errors import LimitError
    from parser.load.docx import document_from_docx
    with pytest.raises(LimitError, match="columns in a table row: 1001"):
        document_from_docx("span.docx", docx_with_span(10 ** 9), "0" * 64)


def test_docx_gridspan_file_is_refused_by_the_width_limit():
    from parser.errors import LimitError
    from parser.load import load
    with pytest.raises(LimitError, match="--max-table-width"):
        load(hostile("docx_gridspan_huge.docx"))

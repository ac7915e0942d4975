"""Fuzz the pure parsers: quantities in prose, table cells, glued cells, tolerance (issue 15).

No target may raise: a figure that cannot be read is None or left out, never an exception."""
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from parser.datatypes import Cell
from parser.layout.tables import make_cell
from parser.layout.unglue import GLUED, looks_glued, split_glued
from parser.quantity import cell_number, iter_quantities
from parser.tolerance import Interval, agrees, best_value, miss_in_units, printed, ratio, severity_of_miss
from tests.fuzz.budget import count, examples

DIGITS = "0123456789０１２３４５６７８９"
NUMERALS = "零〇一二三四五六七八九十百千万亿两壹贰叁"
UNITS = ["元", "万元", "亿元", "%", "％", "‰", "个", "人", "家", "分", "项", "次", "年", "月", "个百分点", "倍"]
MARKS = list(".,，。、．:：;；()（）+-—－~～≥≤><约近超余多左右以上以下达到不少于不超过增长下降减少增加占比为共计其中 \t\u3000")
FIGURE = st.text(alphabet=DIGITS + "." + ",", min_size=1, max_size=40)
PIECE = st.one_of(FIGURE, st.sampled_from(UNITS), st.sampled_from(MARKS), st.text(alphabet=NUMERALS, max_size=6),
                  st.text(max_size=6))
PROSE = st.lists(PIECE, max_size=30).map("".join)


@examples("quantity")
@given(PROSE)
def test_quantities_of_figure_soup(text):
    count("quantity")
    for q in iter_quantities(text):
        assert isinstance(q.value, Decimal) and q.decimals >= 0
        assert 0 <= q.span[0] <= q.span[1] <= len(text)


@examples("quantity_prose")
@given(st.text(max_size=200))
def test_quantities_of_any_text(text):
    count("quantity_prose")
    for q in iter_quantities(text):
        assert isinstance(q.value, Decimal)


CELL = st.one_of(PROSE, st.text(max_size=60), st.builds(lambda n, s: n + s, FIGURE, st.sampled_from(["", "%", "分", " "])))


@examples("cell")
@given(CELL)
def test_cells(text):
    count("cell")
    number = cell_number(text)
    if number is not None:
        value, decimals, is_percent = number
        assert isinstance(value, Decimal) and decimals >= 0 and isinstance(is_percent, bool)
    assert isinstance(make_cell(0, 0, text, 1, None), Cell)


RUN = st.text(alphabet="0123456789.%", min_size=1, max_size=24)
GLUED_TEXT = st.builds(lambda label, parts: label + "".join(parts), st.sampled_from(["", "合计", "一、收入", "小计"]),
                       st.lists(st.one_of(RUN, st.just("#####"), st.just("###")), min_size=1, max_size=6))
FAMILIES = st.sampled_from(["amount", "score", "rate", ""])


@examples("glued")
@given(GLUED_TEXT, st.integers(min_value=-1, max_value=60), st.integers(min_value=0, max_value=6), st.data())
def test_glued_splits_read_back_to_the_cell(text, n, decimals, data):
    count("glued")
    kinds = data.draw(st.one_of(st.none(), st.lists(FAMILIES, min_size=max(n, 0), max_size=max(n, 0))))
    split = split_glued(text, n, decimals, kinds)
    if split is None:
        return
    label, cells = split
    assert len(cells) == n
    assert "".join(cells) == GLUED.match(text.strip()).group("run")


@examples("looks_glued")
@given(st.one_of(GLUED_TEXT, st.text(max_size=80)))
def test_looks_glued(text):
    count("looks_glued")
    assert looks_glued(text) in (True, False)


FIGURES = st.builds(lambda digits, exponent: Decimal(digits).scaleb(exponent),
                    st.integers(min_value=-10 ** 30, max_value=10 ** 30), st.integers(min_value=-12, max_value=12))
HUGE = st.builds(lambda digits, exponent: Decimal(digits).scaleb(exponent),         # far beyond 28 digits
                 st.integers(min_value=-10 ** 400, max_value=10 ** 400), st.integers(min_value=-5000, max_value=5000))
PLACES = st.integers(min_value=0, max_value=40)


@examples("tolerance")
@given(st.one_of(FIGURES, HUGE), st.one_of(FIGURES, HUGE), PLACES, st.one_of(FIGURES, HUGE))
def test_tolerance_never_raises(a, b, decimals, stated):
    count("tolerance")
    interval = Interval(min(a, b), max(a, b))
    assert best_value(interval, decimals).is_finite()
    assert agrees(stated, decimals, interval) in (True, False)
    assert miss_in_units(stated, decimals, interval) >= 0
    assert severity_of_miss(stated, decimals, interval) in ("warning", "error")
    quotient = ratio(printed(a, min(decimals, 6)), printed(b, min(decimals, 6)))
    assert quotient is None or quotient.lo <= quotient.hi


MONEY = st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1e12"), max_value=Decimal("1e12"),
                    places=4)


@examples("tolerance_agrees")
@given(MONEY, MONEY, st.integers(min_value=0, max_value=4))
def test_best_value_agrees_with_its_interval(a, b, decimals):
    """The figure a message prints for an interval is one the interval agrees with."""
    count("tolerance_agrees")
    assume(a.is_finite() and b.is_finite())
    interval = Interval(min(a, b), max(a, b))
    assert agrees(best_value(interval, decimals), decimals, interval)

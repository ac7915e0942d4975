"""Rows whose cells a PDF extractor glued together: `合计200018001942.5610#####10`.

Splitting uses what the table itself tells: how many value columns the header has, and
how many decimals its amounts print. Every way of cutting the digit runs into that many
numbers (no leading zeros; a decimal part of the table's width) is scored by how alike
neighbouring magnitudes are — the amounts of one row are of one order, scores and rates
of another: the fewer changes of order, the likelier the cut. A split is accepted only when it is clearly better than the next one;
otherwise the row is left as it is and the table says so in its notes.
"""
from __future__ import annotations

import math
from decimal import Decimal
from typing import Optional

import regex

GLUED = regex.compile(r"^(?P<label>[^\d#%.\-—]*?)(?P<run>(?:\d|#{3,}|\.\d|%)(?:[\d.%]|#{3,})*+)$")
TOKEN = regex.compile(r"#{3,}|[\d.]+%?")
MIN_MARGIN = 0.8                      # how much better (about one jump fewer) the best cut must be
MAX_VALUES = 40                       # cells of one row: more columns than any table has
MAX_RUN = 400                         # characters of one glued run
MAX_STEPS = 20000                     # search steps of one cell's splits


def looks_glued(text: str, min_digits: int = 8) -> bool:
    """A cell holding several figures run together.

    >>> looks_glued("合计200018001942.5610#####10"), looks_glued("1942.56"), looks_glued("2024年")
    (True, False, False)
    """
    m = GLUED.match(text.strip())
    if not m:
        return False
    run = m.group("run")
    return sum(ch.isdigit() for ch in run) >= min_digits and (run.count(".") >= 2 or "#" in run
                                                              or len(run) >= 12 or run.count(".") == 1
                                                              and len(run.split(".")[1]) > 4)


def split_glued(text: str, n_values: int, decimals: int = 2,
                kinds: Optional[list[str]] = None) -> Optional[tuple[str, list[str]]]:
    """(label, the `n_values` cells) of a glued cell, or None when no split is clearly best.

    `kinds` names each value column's family from its header (amount, score, rate or ''):
    figures of one family are of one order of magnitude.
    >>> split_glued("合计200018001942.5610#####10", 6)
    ('合计', ['2000', '1800', '1942.56', '10', '#####', '10'])
    >>> split_glued("合计620558565.5210#####10", 6, kinds=["amount"] * 3 + ["score", "rate", "score"])
    ('合计', ['620', '558', '565.52', '10', '#####', '10'])
    >>> split_glued("合计12345678", 2) is None
    True
    """
    m = GLUED.match(text.strip())
    if not m or n_values < 1:
        return None
    label, run = m.group("label").strip(), m.group("run")
    pieces = [p for p in regex.split(r"(#{3,})", run) if p]       # ##### is a cell of its own
    if n_values > MAX_VALUES or sum(len(p) for p in pieces) > MAX_RUN:
        return None                                 # no table row has so many columns or so long a run
    families = kinds if kinds and len(kinds) == n_values else [""] * n_values
    candidates = []
    for cells in splits(pieces, n_values, decimals, families):
        if cells is None:                           # too many ways to cut: no split is clearly best
            return None
        candidates.append((roughness(cells) + spread(cells, kinds), cells))
    if not candidates:
        return None
    candidates.sort(key=lambda c: c[0])
    if len(candidates) > 1 and candidates[1][0] - candidates[0][0] < MIN_MARGIN:
        return None
    return label, candidates[0][1]


def splits(pieces: list[str], n_values: int, decimals: int, families: list[str]):
    """Every reading of the pieces (digit runs and ##### cells) as `n_values` plausible cells.

    An iterative depth-first search: each digit run gives at least one number, a ##### piece is one
    cell. It stops after MAX_STEPS steps and then yields None: the caller gives up rather than guess.
    >>> list(splits(["1942.5610"], 2, 2, ["", ""]))
    [['1942.5', '610'], ['1942.56', '10']]
    >>> list(splits(["###"], 6, 2, [""] * 6))
    []
    """
    stack: list[tuple[int, int, tuple[str, ...]]] = [(0, 0, ())]   # (piece, offset in it, cells so far)
    steps = 0
    while stack:
        steps += 1
        if steps > MAX_STEPS:
            yield None
            return
        index, offset, cells = stack.pop()
        if index == len(pieces):
            if len(cells) == n_values:
                yield list(cells)
            continue
        if len(cells) + len(pieces) - index > n_values:         # this cell and one for each later piece
            continue
        piece = pieces[index]
        if piece.startswith("#"):
            if plausible(piece, families[len(cells)]):
                stack.append((index + 1, 0, cells + (piece,)))
            continue
        options = []
        for end in range(offset + 1, len(piece) + 1):
            head = piece[offset:end]
            if no_longer_number(head, decimals):
                break
            if (not is_number(head, decimals) or (end < len(piece) and piece[end] in ".%")
                    or not plausible(head, families[len(cells)])):
                continue
            options.append((index + 1, 0) if end == len(piece) else (index, end))
        for next_index, next_offset in reversed(options):  # shortest first, as the old recursion read them
            stack.append((next_index, next_offset, cells + (piece[offset:next_offset or None],)))


def cuts(run: str, k: int, decimals: int) -> tuple[tuple[str, ...], ...]:
    """Every way to read `run` as k numbers (no leading zeros, decimals of the table's width).

    >>> cuts("1942.5610", 2, 2)
    (('1942.5', '610'), ('1942.56', '10'))
    """
    out = []
    for cells in splits([run], k, decimals, [""] * k):
        if cells is None:
            break
        out.append(tuple(cells))
    return tuple(out)


def no_longer_number(head: str, decimals: int) -> bool:
    """True when neither `head` nor any longer text starting with it is a table figure.

    >>> no_longer_number("12.345", 2), no_longer_number("12%3", 2), no_longer_number("12.3", 2)
    (True, True, False)
    """
    whole, dot, frac = head.rstrip("%").partition(".")
    return "%" in head[:-1] or "." in frac or (dot and len(frac) > max(decimals, 2)) or len(whole) > MAX_RUN


NUMBER = regex.compile(r"\d+(\.\d+)?")


def is_number(text: str, decimals: int) -> bool:
    """A well-formed table figure: 0, 12, 12.3, 12.30, 99.5% — no leading zero, at most the table's decimals."""
    body = text[:-1] if text.endswith("%") else text
    if not NUMBER.fullmatch(body):
        return False
    whole, _, frac = body.partition(".")
    if len(whole) > 1 and whole.startswith("0"):
        return False
    return not frac or len(frac) <= max(decimals, 2) and not (len(frac) > 1 and frac.endswith("0") and decimals < 2)


JUMP = 0.3                            # |log10 ratio| above which two neighbours are of different orders


def roughness(cells: list[str]) -> float:
    """How often neighbouring figures change order of magnitude (+ a tenth of Σ|log10 ratio|).

    A row holds runs of alike figures (预算数, 执行数 …; then 分值, 得分): few jumps.
    >>> roughness(["2000", "1800", "1942.56", "10", "10"]) < roughness(["20001", "8001", "942.56", "10", "10"])
    True
    """
    values = [magnitude(c) for c in cells if not c.startswith("#") and not c.endswith("%")]
    steps = [abs(a - b) for a, b in zip(values, values[1:])]
    return sum(1 for s in steps if s > JUMP) + sum(steps) / 10


def plausible(cell: str, family: str = "") -> bool:
    """A rate above 200% is no table rate; a score (分值, 得分) is at most 100."""
    if cell.startswith("#"):
        return True
    value = Decimal(cell.rstrip("%"))
    if cell.endswith("%"):
        return value <= 200
    return family != "score" or value <= 100


def spread(cells: list[str], kinds: Optional[list[str]]) -> float:
    """Σ over column families of (largest − smallest log10 magnitude) of its figures."""
    if not kinds or len(kinds) != len(cells):
        return 0.0
    out = 0.0
    for family in {k for k in kinds if k}:
        values = [magnitude(c) for c, k in zip(cells, kinds) if k == family and not c.startswith("#")]
        if len(values) > 1:
            out += max(values) - min(values)
    return out


def column_family(label: str) -> str:
    """amount / score / rate family of a header label, '' when unknown.

    >>> column_family("全年预算数(万元)"), column_family("得分(执行率×分值)"), column_family("执行率")
    ('amount', 'score', 'rate')
    """
    label = regex.sub(r"[（(][^)）]*[)）]", "", label)      # 得分(执行率×分值) is a score
    if regex.search(r"率|%", label):
        return "rate"
    if regex.search(r"分值|得分|分数", label):
        return "score"
    if regex.search(r"预算|执行数|决算|金额|合计|小计|支出|收入|资金", label):
        return "amount"
    return ""


def magnitude(cell: str) -> float:
    """log10 of a figure (0 below 1), exact for figures of any length.

    >>> magnitude("1000"), magnitude("0.5"), magnitude("9" * 400) >= 399
    (3.0, 0.0, True)
    """
    value = Decimal(cell.rstrip("%"))
    if value <= 1:
        return 0.0
    if value.adjusted() < 300:                       # a float holds it
        return math.log10(float(value))
    return float(value.adjusted())

"""Tables flattened into text with `|` between the cells, as web pages copied to text print them.

Two layouts are read:
- one row per line, cells separated by `|` (Markdown-like, with or without outer bars and a
  `---|---` rule under the header): a run of at least two such lines with the same number of cells;
- one cell per line, each ending in `|` (`公务接待费 |`, `14.9 |`, a lone `|` for an empty cell):
  the rows are found again from the cells themselves — a text cell starts a row and the figures after
  it fill it; the text cells before the first figure, but the last one, are the header, whose length
  is the number of columns (without a header, every row must be as long). A run whose rows do not
  fit is not read as a table.

A run becomes a table only when it holds a figure, so a stray bar (`来源 | 新闻网`) stays text.
"""
from __future__ import annotations

from typing import Optional

import regex

from parser.patterns import BLANK_CHARS
from parser.quantity import cell_number

BARS = "|｜"
RULE_ROW = regex.compile(r"^[\s|｜:：\-—]*-[\s|｜:：\-—]*$")
EMPTY_VALUES = {"", "-", "--", "—", "——", "/", "／", "×"}
MAX_RUN_LINES = 5000               # a longer run of bar lines is read in pieces of this length

Row = tuple[tuple[str, int], ...]  # (cell text, 1-based line) per cell


def bar_cells(line: str) -> Optional[list[str]]:
    """The cells of a line with `|` between them (outer bars dropped), None for a line without a bar
    or with a TAB (the TAB layouts are read elsewhere).

    >>> bar_cells("| 合计 | 12.5 | 3 |"), bar_cells("公务接待费 |"), bar_cells("|"), bar_cells("正文。")
    (['合计', '12.5', '3'], ['公务接待费'], [], None)
    """
    if "\t" in line or not any(bar in line for bar in BARS):
        return None
    text = line.strip(BLANK_CHARS).replace("｜", "|")
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    if not text.strip(BLANK_CHARS):
        return []
    return [cell.strip(BLANK_CHARS) for cell in text.split("|")]


def is_value(text: str) -> bool:
    """A figure or an empty-value mark.

    >>> is_value("14.9"), is_value("—"), is_value(""), is_value("公务接待费")
    (True, True, True, False)
    """
    return text in EMPTY_VALUES or cell_number(text) is not None


def has_figure(rows: list[Row]) -> bool:
    return any(cell_number(text) is not None for row in rows for text, _ in row)


def bar_tables(lines: tuple[str, ...]) -> list[tuple[int, int, tuple[Row, ...]]]:
    """(first line, last line, rows) — 0-based line indices — of every table written with bars.

    >>> lines = ("表1", "项目 | 预算数 | 决算数", "---|---|---", "公务接待费 | 14.9 | 5.21", "合计 | 20 | 7", "正文。")
    >>> [(first, last, [[t for t, _ in row] for row in rows]) for first, last, rows in bar_tables(lines)]
    [(1, 4, [['项目', '预算数', '决算数'], ['公务接待费', '14.9', '5.21'], ['合计', '20', '7']])]
    """
    found: list[tuple[int, int, tuple[Row, ...]]] = []
    i, n = 0, len(lines)
    while i < n:
        if bar_cells(lines[i]) is None:
            i += 1
            continue
        j = i
        while j < n and j - i < MAX_RUN_LINES and bar_cells(lines[j]) is not None:
            j += 1
        cells = [(k, bar_cells(lines[k]) or []) for k in range(i, j)]
        if all(len(c) <= 1 for _, c in cells):
            table = stacked_table(cells)
            if table is not None:
                found.append(table)
        else:
            found.extend(row_tables(cells))
        i = j
    return found


def row_tables(cells: list[tuple[int, list[str]]]) -> list[tuple[int, int, tuple[Row, ...]]]:
    """Runs of at least two lines with the same number (≥ 2) of cells, a `---` rule row skipped.

    >>> row_tables([(0, ["来源", "新闻网"]), (2, ["a", "1"])])
    []
    """
    found = []
    k = 0
    while k < len(cells):
        width = len(cells[k][1])
        rows: list[Row] = []
        first = last = cells[k][0]
        m = k
        while m < len(cells) and (len(cells[m][1]) == width or is_rule(cells[m][1])) and (
                m == k or cells[m][0] == cells[m - 1][0] + 1):
            line, texts = cells[m]
            if not is_rule(texts):
                rows.append(tuple((t, line + 1) for t in texts))
            last = line
            m += 1
        if width >= 2 and len(rows) >= 2 and has_figure(rows):
            found.append((first, last, tuple(rows)))
        k = max(m, k + 1)
    return found


def is_rule(texts: list[str]) -> bool:
    """A Markdown rule row (`---|:---:`)."""
    return bool(texts) and all(RULE_ROW.match(t) for t in texts)


def stacked_table(cells: list[tuple[int, list[str]]]) -> Optional[tuple[int, int, tuple[Row, ...]]]:
    """The table of a run of one-cell lines, its rows found again from the cells; None when they do
    not fit one header.

    >>> run = [(0, ["项目"]), (1, ["预算数"]), (2, ["决算数"]), (3, ["合计"]), (4, ["20"]), (5, []),
    ...        (6, ["公务接待费"]), (7, ["14.9"]), (8, ["5.21"])]
    >>> stacked_table(run)
    (0, 8, ((('项目', 1), ('预算数', 2), ('决算数', 3)), (('合计', 4), ('20', 5), ('', 6)), (('公务接待费', 7), ('14.9', 8), ('5.21', 9))))
    >>> stacked_table([(0, ["合计"]), (1, ["20"]), (2, ["5"]), (3, ["7"])]) is None     # more figures than columns
    True
    """
    flat = [(texts[0] if texts else "", line + 1) for line, texts in cells]
    first_value = next((k for k, (t, _) in enumerate(flat) if t and is_value(t)), None)
    if first_value is None:
        return None
    labels = [k for k in range(first_value) if flat[k][0]]
    if not labels:
        return None
    header = [flat[k] for k in labels[:-1]]
    rows: list[list[tuple[str, int]]] = []
    for text, line in flat[labels[-1]:]:
        if text and not is_value(text):
            rows.append([(text, line)])
        elif rows:
            rows[-1].append((text, line))
    width = len(header) if len(header) >= 2 else max(len(r) for r in rows)
    body: list[Row] = []
    for row in rows:
        while len(row) > width and not row[-1][0]:
            row.pop()
        if len(row) > width or len(header) < 2 and len(row) < width:    # without a header, rows all alike
            return None
        body.append(tuple(row))
    table = ([tuple(header)] if len(header) >= 2 else []) + body
    if len(body) < 2 or width < 2 or not has_figure(body):
        return None
    first = min(line for row in table for _, line in row) - 1
    return first, cells[-1][0], tuple(table)

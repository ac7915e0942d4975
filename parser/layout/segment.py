"""Document → blocks: headings, paragraphs with sentences, and table regions.

Text files carry tables in three layouts, all handled here:
- one cell per TAB-led line, a blank line between rows (multi-line cells continue
  on lines without a TAB);
- one row per line, cells separated by TABs;
- a row whose first cell lost its TAB (a short line right before a cell line);
and tables written with `|` between the cells (parser.layout.pipes).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import regex

from parser.datatypes import Document, Heading, Paragraph, Sentence
from parser.layout.pipes import bar_tables
from parser.patterns import BLANK_CHARS, CLAUSE_BREAK, PARAGRAPH_END, SENTENCE_END, TABLE_META, TABLE_TITLE
from parser.quantity import iter_quantities

HEADING_PATTERNS = (
    (1, regex.compile(r"^\s*第[一二三四五六七八九十]+部分")),
    (2, regex.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")),
    (3, regex.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")),
    (4, regex.compile(r"^\s*\d{1,2}\s*[、.．](?!\d)")),
    (5, regex.compile(r"^\s*[（(]\d{1,2}[）)]")),
    (6, regex.compile(r"^\s*[①-⑳]")),
)
HEADING_MAX_CHARS = 40
CONTINUATION_MAX_CHARS = 12


@dataclass(frozen=True)
class TableRegion:
    start: int                       # first line (1-based)
    end: int                         # last line
    rows: tuple[tuple[tuple[str, int], ...], ...]   # rows of (cell text, line)
    before: tuple[tuple[str, int], ...]             # text lines just above (title, unit)


@dataclass(frozen=True)
class Layout:
    headings: tuple[Heading, ...]
    paragraphs: tuple[Paragraph, ...]
    regions: tuple[TableRegion, ...]


def is_blank(line: str) -> bool:
    return not line.strip(BLANK_CHARS)


def line_kind(line: str) -> str:
    """blank | cell | row | text.

    >>> line_kind("\\t401.4"), line_kind("\\t合计\\t2000\\t1800"), line_kind("项目\\t金额"), line_kind("正文。")
    ('cell', 'row', 'row', 'text')
    """
    if "\t" not in line:
        return "blank" if is_blank(line) else "text"
    if line.startswith("\t") and "\t" not in line[1:]:
        return "cell"
    return "row"


def heading_level(line: str) -> Optional[int]:
    """Level of a heading line, None for body text.

    >>> heading_level("七、一般公共预算财政拨款三公经费支出决算情况说明"), heading_level("（二）机构设置")
    (2, 3)
    >>> heading_level("1、因公出国（境）费支出决算为0万元，全年安排因公出国（境）团组0个，累计0人次。") is None
    True
    """
    text = line.strip(BLANK_CHARS)
    if not text or len(text) > HEADING_MAX_CHARS or text.endswith(("。", "；", "，")):
        return None
    if "\t" in line:
        return None
    for level, pattern in HEADING_PATTERNS:
        if pattern.match(text):
            return level
    return None


def is_wrapped_item(line: str, following: str) -> bool:
    """A numbered line that states a figure, reads on past it to a clause break and runs on unended into the
    next line (which opens no numbered item or heading of its own) is the first line of a wrapped sentence, not a
    heading.

    >>> is_wrapped_item("(一)教育支出类科目 5,806,105.16 元,占支出总预算", "82.27%,同比增加 3,520,772.45 元。")
    True
    >>> is_wrapped_item("（二）项目支出 120 万元", "主要用于设备购置。"), is_wrapped_item("（三）2023年收支情况，", "收入…")
    (False, False)
    >>> is_wrapped_item("1、基本支出 80 万元，占总支出", ""), is_wrapped_item("(2)小学为9014.32元,下降1.64%", "(3)初中…。")
    (False, False)
    """
    text, after = line.strip(BLANK_CHARS), following.strip(BLANK_CHARS)
    if not after or any(pattern.match(after) for _, pattern in HEADING_PATTERNS) or text.endswith(tuple(PARAGRAPH_END)):
        return False
    figure = next((q for q in iter_quantities(text) if q.kind in ("amount", "percent")), None)
    return figure is not None and CLAUSE_BREAK.search(text, figure.span[1]) is not None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a paragraph (end punctuation kept).

    >>> t = "收入401.4万元。支出401.4万元；结余0"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['收入401.4万元。', '支出401.4万元；', '结余0']
    """
    spans, start = [], 0
    for i, char in enumerate(text):
        if char in SENTENCE_END:
            if text[start:i + 1].strip(BLANK_CHARS):
                spans.append((start, i + 1))
            start = i + 1
    if text[start:].strip(BLANK_CHARS):
        spans.append((start, len(text)))
    return spans


def find_regions(lines: tuple[str, ...]) -> list[TableRegion]:
    """Table regions with their rows of cells (tables written with `|` too: parser.layout.pipes)."""
    kinds = [line_kind(line) for line in lines]
    regions: list[TableRegion] = []
    barred = {first: (last, rows) for first, last, rows in bar_tables(lines)}
    i, n = 0, len(lines)
    while i < n:
        if i in barred:
            last, rows = barred[i]
            before = tuple((lines[k].strip(BLANK_CHARS), k + 1)
                           for k in range(max(0, i - 6), i) if kinds[k] == "text" and lines[k].strip(BLANK_CHARS + "|｜"))
            regions.append(TableRegion(i + 1, last + 1, rows, before))
            i = last + 1
            continue
        if kinds[i] not in ("cell", "row"):
            i += 1
            continue
        region, i = read_region(lines, kinds, i)
        regions.append(region)
    return regions


def read_region(lines: tuple[str, ...], kinds: list[str], start: int) -> tuple[TableRegion, int]:
    """The table region starting at the cell or row line `start` (0-based), and the index after it: its
    rows of cells, with cells running over several text lines joined and a short text run before a cell
    line taken as that row's first cell.

    >>> lines = ("表1", "项目\\t金额", "合计\\t12.5", "", "正文。")
    >>> read_region(lines, [line_kind(t) for t in lines], 1)
    (TableRegion(start=2, end=3, rows=((('项目', 2), ('金额', 2)), (('合计', 3), ('12.5', 3))), before=(('表1', 1),)), 4)
    """
    n = len(lines)
    before = tuple((lines[k].strip(BLANK_CHARS), k + 1)
                   for k in range(max(0, start - 6), start) if kinds[k] == "text")
    rows: list[list[list[Any]]] = []             # rows of [cell text, line number]
    row: list[list[Any]] = []
    end = start
    j = start
    continued = -1                                # the last text line read as part of a cell
    while j < n:
        kind = kinds[j]
        if kind == "cell":
            row.append([lines[j][1:], j + 1])
        elif kind == "row":
            if row:
                rows.append(row)
                row = []
            rows.append([[cell, j + 1] for cell in lines[j].split("\t")])
        elif kind == "blank":
            if row:
                rows.append(row)
                row = []
            j += 1
            continue
        else:                                    # text
            previous = kinds[j - 1] if j > 0 else "blank"
            if row and not is_table_meta(lines[j]) and (
                    previous == "cell" or continued == j - 1 and heading_level(lines[j]) is None):
                row[-1][0] += lines[j].strip(BLANK_CHARS)       # a cell running over several lines
                continued = j
            elif attaches_as_first_cell(lines, kinds, j):
                run_end = j
                while kinds[run_end] == "text":
                    run_end += 1
                if row:
                    rows.append(row)
                row = [["".join(lines[k].strip(BLANK_CHARS) for k in range(j, run_end)), j + 1]]
                j = run_end
                continue
            else:
                break
        end = j
        j += 1
    if row:
        rows.append(row)
    return TableRegion(start + 1, end + 1, tuple(tuple((c, ln) for c, ln in r) for r in rows), before), j


def is_table_meta(line: str) -> bool:
    """A table's title, code, department or unit line."""
    return bool(TABLE_META.search(line) or TABLE_TITLE.search(line))


def attaches_as_first_cell(lines, kinds, j) -> bool:
    """A short text run right before a cell line is that row's first cell."""
    k = j
    while k < len(lines) and kinds[k] == "text":
        if len(lines[k].strip(BLANK_CHARS)) > 30 or is_table_meta(lines[k]):
            return False
        k += 1
    if k - j > 3:
        return False
    while k < len(lines) and kinds[k] == "blank" and k - j <= 4:
        k += 1
    return k < len(lines) and kinds[k] in ("cell", "row")


def segment(document: Document) -> Layout:
    """Split a document into headings, paragraphs (with sentences) and table regions."""
    lines = document.lines
    regions = find_regions(lines)
    in_table: set[int] = set()
    for region in regions:
        in_table.update(range(region.start, region.end + 1))
    headings: list[Heading] = []
    paragraphs: list[Paragraph] = []
    path: dict[int, str] = {}
    pending: list[tuple[int, str]] = []        # (line, text) of a paragraph being joined

    def flush():
        if pending:
            paragraphs.append(make_paragraph(pending, tuple(path[k] for k in sorted(path))))
            pending.clear()

    for number, line in enumerate(lines, 1):
        if number in in_table or is_blank(line):
            if number in in_table:
                flush()
            continue
        level = heading_level(line)
        following = lines[number] if number < len(lines) and number + 1 not in in_table else ""
        if level is not None and not is_wrapped_item(line, following):
            flush()
            text = line.strip(BLANK_CHARS)
            headings.append(Heading(level, text, number))
            for deeper in [k for k in path if k >= level]:
                del path[deeper]
            path[level] = text
            pending.append((number, line))
            flush()
            continue
        if pending and ends_paragraph(pending[-1][1]):
            flush()
        pending.append((number, line))
    flush()
    return Layout(tuple(headings), tuple(paragraphs), tuple(regions))


def ends_paragraph(line: str) -> bool:
    """A line ending a sentence (or a short label) does not continue on the next."""
    text = line.rstrip(BLANK_CHARS)
    return not text or text[-1] in PARAGRAPH_END or len(text) < 12


def next_clause(line: str) -> str:
    """The start of a continuation line up to its first clause break: what a cut-off sentence reads on into.

    >>> next_clause("  万元，实际支出 1942.56 万元")
    '万元，'
    """
    text = line.lstrip(BLANK_CHARS)
    m = CLAUSE_BREAK.search(text)
    return text[:m.end()] if m and m.end() <= CONTINUATION_MAX_CHARS else text[:CONTINUATION_MAX_CHARS]


def make_paragraph(pieces: list[tuple[int, str]], section: tuple[str, ...]) -> Paragraph:
    """Sentences of one paragraph; each sentence is cut at line ends to keep quotes exact."""
    sentences: list[Sentence] = []
    for k, (number, line) in enumerate(pieces):
        spans = split_sentences(line)
        for a, b in spans:
            cut = (a, b) == spans[-1] and k + 1 < len(pieces) and not line.rstrip(BLANK_CHARS).endswith(
                tuple(SENTENCE_END))
            sentences.append(Sentence(line[a:b], number, (a, b), section,
                                      continuation=next_clause(pieces[k + 1][1]) if cut else ""))
    text = "".join(line for _, line in pieces)
    return Paragraph(pieces[0][0], text, tuple(sentences), section)

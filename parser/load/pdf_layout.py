"""PDF glyphs → text lines → paragraphs: the narrative half of the PDF reader.

A chain of pure conversions on gouji's own small records (no pdfplumber object
comes in here): `glyphs_to_lines` (glyphs on one baseline, even when the digits
sit a few points lower than the Chinese around them), `drop_page_furniture`
(repeated headers/footers, page numbers), `strip_toc_leaders`, and `reflow`
(lines of one paragraph joined, so a figure and its unit end up on one line).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from statistics import median
from typing import Optional, Union

import regex

from parser.datatypes import BBox
from parser.patterns import PARAGRAPH_END as PARAGRAPH_END_CHARS

SAME_LINE = 0.5                  # glyph centres closer than this × size share a line
WORD_GAP = 0.2                   # a gap this × size between two ASCII glyphs is a space
WIDE_GAP = 1.5                   # a gap this × size between any glyphs is a space
MARGIN_ZONE = 0.07               # top / bottom share of the page where headers and footers live
INDENT = 0.8                     # a line starting this × size right of the body edge is indented
SHORT_LINE = 1.5                 # a line ending this × size short of the body edge ends its paragraph
LONG_ROOM = 4                    # … if it ends a sentence, or it leaves at least this × size unused
PARAGRAPH_END = set(PARAGRAPH_END_CHARS)
PARAGRAPH_GAP = 1.6              # a vertical gap this × the usual line pitch starts a new paragraph
SIZE_CHANGE = 0.15

PAGE_NUMBER = regex.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                            r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|[-—–－]?\s*[ivxlcIVXLC]{1,6}\s*[-—–－]?)\s*$")
TOC_LEADER = regex.compile(r"\s*(?:[.．·…。•_\-－]\s*){4,}\s*\d{0,4}\s*$")
TOC_TITLE = regex.compile(r"^\s*目\s*录\s*$")
HEADING_START = regex.compile(r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]"
                              r"|附件\s*\d*|附表\s*\d*)")
ASCII_WORD = regex.compile(r"[A-Za-z0-9%.,]")


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class TextLine:
    """One line of running text on a page."""
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(frozen=True)
class RowLine:
    """One table row: cell texts and boxes; `table` names the table on its page."""
    cells: tuple[str, ...]
    boxes: tuple[Optional[BBox], ...]
    page: int
    top: float
    bottom: float
    table: int
    header: bool = False          # above the table's first row of figures

    @property
    def text(self) -> str:
        text = "\t".join(self.cells)
        # a line that starts with a TAB and has no other would read as one cell of a cell-per-line table
        return text + "\t" if text.startswith("\t") and "\t" not in text[1:] else text


Item = Union[TextLine, RowLine]


@dataclass(frozen=True)
class PageFrame:
    """Where the body text of a page starts and ends."""
    page: int
    width: float
    height: float
    left: float
    right: float
    pitch: float


def join_glyphs(glyphs: Iterable[Glyph]) -> str:
    """Text of glyphs on one line, left to right: spaces only where words of Latin letters or digits part.

    >>> g = lambda t, x, w=6: Glyph(t, x, x + w, 0, 12, 12)
    >>> join_glyphs([g("收", 0, 12), g("入", 12, 12), g("2", 28), g("0", 34), g("万", 40, 12)])
    '收入20万'
    >>> join_glyphs([g("1", 0), g("2", 20), g("因", 50, 12), g("公", 80, 12)])
    '1 2 因公'
    """
    out: list[str] = []
    previous: Optional[Glyph] = None
    for glyph in sorted(glyphs, key=lambda g: g.x0):
        if previous is not None:
            gap = glyph.x0 - previous.x1
            size = max(glyph.size, previous.size, 1.0)
            ascii_pair = ASCII_WORD.match(previous.text[-1:]) and ASCII_WORD.match(glyph.text[:1])
            if gap > WIDE_GAP * size or (ascii_pair and gap > WORD_GAP * size):
                out.append(" ")
        out.append(glyph.text)
        previous = glyph
    return "".join(out)


def glyphs_to_lines(glyphs: Iterable[Glyph], page: int) -> list[TextLine]:
    """Group glyphs into lines by their vertical centres, top to bottom.

    A glyph joins the current line while its centre is within half a glyph size of
    the line's first centre; that keeps digits printed a few points below the
    Chinese text (a common export fault) on the line they belong to.

    >>> g = lambda t, x, top: Glyph(t, x, x + 12, top, top + 12, 12)
    >>> [l.text for l in glyphs_to_lines([g("总", 0, 100), g("9", 12, 104.9), g("元", 24, 100), g("下", 0, 128)], 1)]
    ['总9元', '下']
    """
    rows: list[list[Glyph]] = []
    anchor = 0.0
    for glyph in sorted((g for g in glyphs if not g.text.isspace()), key=lambda g: g.middle):
        if rows and glyph.middle - anchor <= SAME_LINE * max(glyph.size, rows[-1][0].size):
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
            anchor = glyph.middle
    lines = []
    for row in rows:
        lines.append(TextLine(text=join_glyphs(row), page=page, x0=min(g.x0 for g in row),
                              x1=max(g.x1 for g in row), top=min(g.top for g in row),
                              bottom=max(g.bottom for g in row), size=median(g.size for g in row)))
    return lines


def cell_text(glyphs: list[Glyph]) -> str:
    """Text of one table cell: its lines joined without a break (CJK wraps anywhere).

    >>> g = lambda t, x, top: Glyph(t, x, x + 12, top, top + 12, 12)
    >>> cell_text([g("养", 0, 0), g("老", 12, 0), g("支", 0, 15), g("出", 12, 15)])
    '养老支出'
    """
    pieces = [line.text for line in glyphs_to_lines(glyphs, 0)]
    out = ""
    for piece in pieces:
        if out and ASCII_WORD.match(out[-1]) and ASCII_WORD.match(piece[0]) and out[-1] not in ".,":
            out += " "
        out += piece
    return out


def page_frames(text_pages: list[list[TextLine]], pages) -> dict[int, PageFrame]:
    """Body edges per page: left = the leftmost common line start and right = the usual line end,
    over all pages of the same size (a page with a few headings alone cannot tell its margins)."""
    groups: dict[tuple[int, int], list[TextLine]] = {}
    for page, lines in zip(pages, text_pages):
        groups.setdefault((round(page.width), round(page.height)), []).extend(ln for ln in lines if len(ln.text) >= 8)
    edges = {key: body_edges(lines) for key, lines in groups.items()}
    frames = {}
    for page, lines in zip(pages, text_pages):
        left, right = edges[(round(page.width), round(page.height))] or (0.0, page.width)
        pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top < 3 * a.size]
        frames[page.number] = PageFrame(page.number, page.width, page.height, left, right,
                                        median(pitches) if pitches else 0.0)
    return frames


def body_edges(lines: list[TextLine]) -> Optional[tuple[float, float]]:
    """(left, right) of body text: the smallest line start shared by a tenth of the lines, the 90th percentile end.

    >>> line = lambda x0, x1: TextLine("正文" * 5, 1, x0, x1, 0, 12, 12)
    >>> body_edges([line(96, 519), line(72, 514), line(72, 348), line(96, 264), line(96, 519)])
    (72.0, 519)
    """
    if not lines:
        return None
    starts = Counter(round(ln.x0) for ln in lines)
    common = [x for x, n in starts.items() if n >= max(2, 0.1 * len(lines))] or [starts.most_common(1)[0][0]]
    ends = sorted(ln.x1 for ln in lines)
    return float(min(common)), ends[int(0.9 * (len(ends) - 1))]


def furniture_key(text: str) -> str:
    """Text of a header or footer with its numbers blanked, to spot it on every page.

    >>> furniture_key("普陀区财政局 2024 年度部门决算 - 12 -")
    '普陀区财政局#年度部门决算-#-'
    """
    return regex.sub(r"\d+", "#", regex.sub(r"\s+", "", text))


def drop_page_furniture(pages: list[list[TextLine]], frames: dict[int, PageFrame]) -> list[list[TextLine]]:
    """Remove page numbers and headers/footers repeated across pages."""
    def in_margin(line: TextLine) -> bool:
        frame = frames[line.page]
        return line.bottom < frame.height * MARGIN_ZONE * 1.5 or line.top > frame.height * (1 - MARGIN_ZONE)

    counts: Counter = Counter()
    for lines in pages:
        counts.update({furniture_key(ln.text) for ln in lines if in_margin(ln)})
    repeated = {key for key, n in counts.items() if n >= max(3, 0.3 * len(pages))}
    out = []
    for lines in pages:
        kept = []
        for i, line in enumerate(lines):
            edge = i == 0 or i == len(lines) - 1
            if (in_margin(line) or edge) and PAGE_NUMBER.match(line.text):
                continue
            if in_margin(line) and furniture_key(line.text) in repeated:
                continue
            kept.append(line)
        out.append(kept)
    return out


def strip_toc_leaders(text: str) -> str:
    """A table-of-contents entry without its dot leader and page number.

    >>> strip_toc_leaders("一、收入支出决算总表……………………12")
    '一、收入支出决算总表'
    >>> strip_toc_leaders("收入 1,234.00")
    '收入 1,234.00'
    """
    return TOC_LEADER.sub("", text) if TOC_LEADER.search(text) else text


def starts_paragraph(previous: TextLine, line: TextLine, frames: dict[int, PageFrame]) -> bool:
    """Whether `line` begins a new paragraph rather than continuing `previous`."""
    before, here = frames[previous.page], frames[line.page]
    size = max(line.size, 1.0)
    if HEADING_START.match(line.text) or TOC_TITLE.match(previous.text) or TOC_LEADER.search(previous.text):
        return True
    if line.x0 > here.left + INDENT * size or is_centred(line, here):
        return True
    room = before.right - previous.x1               # space left at the end of the previous line
    if room > SHORT_LINE * size and (previous.text[-1:] in PARAGRAPH_END or room > LONG_ROOM * size):
        return True
    if abs(line.size - previous.size) > SIZE_CHANGE * max(previous.size, 1.0):
        return True
    if line.page == previous.page and here.pitch and line.top - previous.top > PARAGRAPH_GAP * here.pitch:
        return True
    return False


def is_centred(line: TextLine, frame: PageFrame) -> bool:
    """A title line: centred on the page and well away from the left margin."""
    middle = (line.x0 + line.x1) / 2
    return abs(middle - frame.width / 2) < 1.5 * max(line.size, 1.0) and line.x0 > 0.2 * frame.width


def reflow(items: list[Item], frames: dict[int, PageFrame]) -> list[Item]:
    """Join the lines of each paragraph into one TextLine (kept at its first line's page)."""
    out: list[Item] = []
    tail: Optional[TextLine] = None              # the last physical line of out[-1]
    for item in items:
        if isinstance(item, TextLine):
            item = replace(item, text=strip_toc_leaders(item.text))
            if tail is not None and isinstance(out[-1], TextLine) and not starts_paragraph(tail, item, frames):
                out[-1] = replace(out[-1], text=join_text(out[-1].text, item.text))
                tail = item
                continue
            tail = item
        else:
            tail = None
        out.append(item)
    return out


def join_text(left: str, right: str) -> str:
    """Two pieces of one paragraph: a space only between two Latin words.

    >>> join_text("总计307.82", "万元。"), join_text("in the", "year")
    ('总计307.82万元。', 'in the year')
    """
    if left and right and left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return left + " " + right
    return left + right

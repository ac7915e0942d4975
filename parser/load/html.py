"""HTML input (government web pages): text blocks and table rows, in page order.

Decoding follows the byte-order mark, then the page's own declaration
(<meta charset>, <meta http-equiv="Content-Type">, <?xml encoding?>); GBK and
GB2312 are read as GB18030, their superset. Without a usable declaration UTF-8 is
tried, then GB18030. Scripts, styles, navigation and hidden elements are dropped.

A <table> that holds no other table is a data table: each row becomes one line of
TAB-separated cells on the table's grid (a cell spanning rows or columns is
written once, at its top-left position). A table that holds tables is page layout:
its cells are read as ordinary blocks.
"""
from __future__ import annotations

import codecs
import logging
from typing import Optional

import regex

from parser.datatypes import Document
from parser.errors import Errors, InputError
from parser.limits import DEFAULT, Limits
from parser.load.lines import join_pieces, make_document, one_line, row_line

log = logging.getLogger(__name__)

DROPPED = frozenset({"script", "style", "noscript", "nav", "template", "head", "svg", "iframe", "object",
                     "select", "option", "button", "textarea", "map", "audio", "video", "canvas"})
BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
                    "blockquote", "pre", "section", "article", "header", "footer", "main", "aside",
                    "center", "address", "figure", "figcaption", "caption", "hr", "form", "fieldset",
                    "legend", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "body", "html"})
CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", regex.I)
XML_ENCODING = regex.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", regex.I)
XML_DECLARATION = regex.compile(r"^\s*<\?xml[^>]*\?>")
HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.I)
MAX_SPAN = 1000
MAX_DEPTH = 255                       # elements libxml2 nests before it stops reading


def document_from_html(name: str, data: bytes, sha256: str, limits: Limits = DEFAULT) -> Document:
    """Read an HTML page into numbered lines."""
    import lxml.html
    from lxml.etree import LxmlError

    text = decode_html(data)
    text = XML_DECLARATION.sub("", text, count=1)
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (LxmlError, ValueError) as err:
        raise InputError(name, Errors.E_CORRUPT.format(fmt="html", detail=one_line(str(err))[:120])) from None
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise InputError(name, Errors.E_TOO_DEEP.format(limit=MAX_DEPTH))   # libxml2 stops there: text would be lost
    reader = BlockReader(TableBudget(name, limits))
    reader.read(root)
    return make_document(name, sha256, "html", reader.finish())


def normalise_charset(label: str) -> str | None:
    """Python codec name for a declared charset; GBK family → gb18030; None if unknown.

    >>> normalise_charset("GB2312"), normalise_charset("utf8"), normalise_charset("x-gbk"), normalise_charset("nope")
    ('gb18030', 'utf-8', 'gb18030', None)
    """
    label = label.strip().lower()
    if label in ("gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "gb18030", "euc-cn", "csgb2312", "ms936"):
        return "gb18030"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return {"utf_8": "utf-8"}.get(name, name)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 8 KB, as a codec name.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb18030'
    >>> declared_charset(b'<meta charset="utf-8">'), declared_charset(b"<p>none</p>")
    ('utf-8', None)
    """
    head = data[:8192]
    match = XML_ENCODING.search(head) or CHARSET.search(head)
    return normalise_charset(match.group(1).decode("ascii")) if match else None


def decode_html(data: bytes) -> str:
    """Decode by BOM, then the declared charset, then UTF-8, then GB18030.

    >>> decode_html('<meta charset="gbk"><p>收入</p>'.encode("gbk"))[-9:]
    '<p>收入</p>'
    >>> decode_html('<p>收入</p>'.encode("gb18030"))
    '<p>收入</p>'
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    declared = declared_charset(data)
    candidates = [c for c in (declared, "utf-8", "gb18030") if c]
    for codec in dict.fromkeys(candidates):
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    log.warning("page is not valid %s; undecodable bytes replaced", candidates[0])
    return data.decode(candidates[0], errors="replace")


def is_hidden(element) -> bool:
    return element.get("hidden") is not None or bool(HIDDEN_STYLE.search(element.get("style") or ""))


def tag_of(element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def own_rows(table):
    """The <tr> of this table (through thead/tbody/tfoot), not of tables inside it."""
    for child in table:
        tag = tag_of(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child if tag_of(row) == "tr")


def is_data_table(table) -> bool:
    """A table of figures rather than page layout: no table inside, some row with two cells."""
    if any(True for _ in table.iterdescendants("table")):
        return False
    return any(sum(1 for c in row if tag_of(c) in ("td", "th")) >= 2 for row in own_rows(table))


def span(element, attribute: str) -> int:
    try:
        return min(MAX_SPAN, max(1, int(element.get(attribute, "1").strip())))
    except ValueError:
        return 1


def table_grid(rows_of_cells, budget: Optional[TableBudget] = None) -> list[list[str]]:
    """Place (text, rowspan, colspan) cells on a grid; a spanned cell's text is placed once.

    >>> table_grid([[("项目", 2, 1), ("金额", 1, 2)], [("本年", 1, 1), ("上年", 1, 1)], [("合计", 1, 1), ("3", 1, 1), ("2", 1, 1)]])
    [['项目', '金额', ''], ['', '本年', '上年'], ['合计', '3', '2']]
    """
    taken: dict[tuple[int, int], str] = {}
    n_rows = len(rows_of_cells)
    widths = [0] * n_rows
    for r, cells in enumerate(rows_of_cells):
        c = 0
        for text, rowspan, colspan in cells:
            while (r, c) in taken:
                c += 1
            if budget is not None:
                budget.add(c + colspan, len(taken) + min(rowspan, n_rows - r) * colspan)
            for dr in range(min(rowspan, n_rows - r)):
                for dc in range(colspan):
                    taken[(r + dr, c + dc)] = text if dr == dc == 0 else ""
                widths[r + dr] = max(widths[r + dr], c + colspan)
            c += colspan
    return [[taken.get((r, c), "") for c in range(widths[r])] for r in range(n_rows)]


class BlockReader:
    """Walks the element tree, collecting lines: text blocks and data-table rows."""

    def __init__(self, budget: TableBudget):
        self.budget = budget
        self.lines: list[str] = []
        self.buffer: list[str] = []

    def flush(self):
        text = one_line("".join(self.buffer))
        self.buffer.clear()
        if text:
            self.lines.append(text)

    def finish(self) -> list[str]:
        self.flush()
        return self.lines

    def read(self, element):
        tag = tag_of(element)
        if not tag or tag in DROPPED or is_hidden(element):
            return
        if tag == "br":
            self.flush()
        elif tag == "table" and is_data_table(element):
            self.flush()
            self.read_table(element)
        elif tag == "pre":
            self.flush()
            self.lines.extend(one_line(line) for line in element.text_content().split("\n"))
        else:
            block = tag in BLOCKS
            if block:
                self.flush()
            before = len(self.lines)
            self.buffer.append(element.text or "")
            for child in element:
                self.read(child)
                self.buffer.append(child.tail or "")
            if block:
                self.flush()
            if tag == "p" and len(self.lines) == before:
                self.lines.append("")           # an empty paragraph, as in Word: a blank line

    def read_table(self, table):
        self.lines.append("")
        for caption in table.iterchildren("caption"):
            self.lines.append(one_line(caption.text_content()))
        cells = [[(cell_text(c, self.budget), span(c, "rowspan"), span(c, "colspan"))
                  for c in row if tag_of(c) in ("td", "th") and not is_hidden(c)]
                 for row in own_rows(table) if not is_hidden(row)]
        for row in table_grid(cells, self.budget):
            if row:
                self.lines.append(row_line(row))
        self.lines.append("")


def cell_text(cell, budget: TableBudget) -> str:
    """A cell's text, its blocks and line breaks joined into one text."""
    reader = BlockReader(budget)
    reader.buffer.append(cell.text or "")
    for child in cell:
        reader.read(child)
        reader.buffer.append(child.tail or "")
    return join_pieces(reader.finish())


class TableBudget:
    """A table's width and its cells (spans counted) held to the limits before its grid is filled."""

    def __init__(self, name: str, limits: Limits):
        self.name, self.limits = name, limits

    def add(self, width: int, cells: int) -> None:
        self.limits.check_count(self.name, "table_width", width, "columns in a table row")
        self.limits.check_count(self.name, "table_cells", cells, "cells in a table")

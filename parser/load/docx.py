"""Word (.docx) input: body paragraphs and tables in document order.

Each paragraph becomes a line (a manual line break starts a new one); each table
row becomes one line of TAB-separated cells on the table's grid: a cell merged
across columns is written once, at its first column, with empty cells for the
other columns it covers; a cell merged down rows is written in its top row only.
A cell's paragraphs are joined into one text. Headers, footers, footnotes and
text boxes are left out.
"""
from __future__ import annotations

import io
import logging

from parser.datatypes import Document
from parser.errors import Errors, InputError
from parser.limits import DEFAULT, Limits
from parser.load.lines import join_pieces, make_document, one_line, row_line

log = logging.getLogger(__name__)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, TBL, TR, TC, SDT, SDT_CONTENT = (W + t for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
CUSTOM_XML, SMART_TAG = W + "customXml", W + "smartTag"
TEXT, TAB, BREAK, CR, TEXT_BOX = W + "t", W + "tab", W + "br", W + "cr", W + "txbxContent"
WRAPPERS = (SDT, SDT_CONTENT, CUSTOM_XML)
MAX_SPAN = 1000                       # columns one cell may span or a row may skip (as html.py caps spans)


def document_from_docx(name: str, data: bytes, sha256: str, limits: Limits = DEFAULT) -> Document:
    """Read a .docx file's body into numbered lines (LimitError for a table too wide or large, too many lines)."""
    body = open_body(name, data)
    lines: list[str] = []
    for element in block_elements(body):
        if element.tag == P:
            lines.extend(paragraph_lines(element))
        else:
            lines.append("")
            lines.extend(table_lines(element, TableBudget(name, limits)))
            lines.append("")
        limits.check_count(name, "lines", len(lines), "lines")
    return make_document(name, sha256, "docx", lines)


def open_body(name: str, data: bytes):
    """The <w:body> element, or InputError for a damaged file."""
    import docx

    try:
        return docx.Document(io.BytesIO(data)).element.body
    except Exception as err:       # noqa: BLE001 — python-docx raises many kinds on a damaged package
        detail = one_line(str(err))[:120] or type(err).__name__
        raise InputError(name, Errors.E_CORRUPT.format(fmt="docx", detail=detail)) from None


def children(parent, tags):
    """Child elements with one of `tags`, in order, looking through content controls."""
    for child in parent.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag in WRAPPERS:
            yield from children(child, tags)


def block_elements(parent):
    """Paragraphs and tables of a container in order."""
    return children(parent, (P, TBL))


def paragraph_text(p) -> str:
    """The visible text of one <w:p>: runs, tabs and line breaks (text boxes left out)."""
    boxes = {id(e) for box in p.iter(TEXT_BOX) for e in box.iter()}
    parts = []
    for element in p.iter(TEXT, TAB, BREAK, CR):
        if boxes and id(element) in boxes:
            continue
        if element.tag == TEXT:
            parts.append(element.text or "")
        elif element.tag == TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def paragraph_lines(p) -> list[str]:
    """One line per manual line of a paragraph (an empty paragraph gives a blank line)."""
    return [one_line(piece) for piece in paragraph_text(p).split("\n")]


def cell_text(tc, budget: TableBudget) -> str:
    """A cell's paragraphs (and any nested table's cells) as one text."""
    pieces = []
    for element in block_elements(tc):
        if element.tag == P:
            pieces.extend(paragraph_text(element).split("\n"))
        else:
            pieces.extend(" ".join(c for c in line.split("\t") if c) for line in table_lines(element, budget))
    return join_pieces(pieces)


class TableBudget:
    """Counts a table's cells (spans included) and each row's width against the limits, as rows are built."""

    def __init__(self, name: str, limits: Limits):
        self.name, self.limits, self.cells = name, limits, 0

    def add(self, width: int) -> None:
        self.limits.check_count(self.name, "table_width", width, "columns in a table row")
        self.cells += 1
        self.limits.check_count(self.name, "table_cells", self.cells, "cells in a table")


def table_lines(tbl, budget: TableBudget) -> list[str]:
    """One line per row (an empty row too: it is a row of the table); merged cells written once."""
    lines = []
    for tr in children(tbl, (TR,)):
        cells = [""] * grid_before(tr)
        for tc in children(tr, (TC,)):
            span = grid_span(tc)
            budget.add(len(cells) + span)
            budget.cells += span - 1
            text = "" if vertical_continuation(tc) else cell_text(tc, budget)
            cells.append(text)
            cells.extend([""] * (span - 1))
        if cells:
            lines.append(row_line(cells))
    return lines


def grid_before(tr) -> int:
    try:
        return min(MAX_SPAN, max(0, int(tr.grid_before)))
    except (AttributeError, TypeError, ValueError):
        return 0


def grid_span(tc) -> int:
    try:
        return min(MAX_SPAN, max(1, int(tc.grid_span)))
    except (AttributeError, TypeError, ValueError):
        return 1


def vertical_continuation(tc) -> bool:
    """True for a cell that continues a vertical merge begun in a row above."""
    try:
        return tc.vMerge == "continue"
    except (AttributeError, ValueError):
        return False

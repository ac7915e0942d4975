"""PDF input: page text and tables → a numbered Document (see `gouji text FILE`).

`read_pages` is the only place that touches pdfplumber: it turns each page into
gouji's own records (glyphs and ruled-table cell boxes) with one `find_tables`
per page, and maps every failure to a typed InputError. Everything after it is
pure: parser/load/pdf_tables.py puts glyphs into cells, parser/load/pdf_layout.py
builds and reflows the running text; `assemble` writes one line per paragraph and
one TAB-separated line per table row, each with its page.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from io import BytesIO
from typing import Optional

from parser.datatypes import BBox, Document
from parser.errors import Errors, InputError
from parser.limits import DEFAULT, Limits
from parser.load.pdf_layout import (
    PAGE_NUMBER,
    Glyph,
    Item,
    PageFrame,
    RowLine,
    TextLine,
    drop_page_furniture,
    glyphs_to_lines,
    page_frames,
    reflow,
)
from parser.load.pdf_tables import (
    RuledTable,
    adopt_row_above,
    column_ranges,
    compact_continued_rows,
    looks_like_table_page,
    ruled_rows,
    split_glyphs,
    unruled_rows,
)

log = logging.getLogger(__name__)

MIN_TABLE_COLUMNS = 2


@dataclass(frozen=True)
class RawPage:
    number: int
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    tables: tuple[RuledTable, ...]


def document_from_pdf(name: str, data: bytes, sha256: str, limits: Limits = DEFAULT) -> Document:
    """Read a PDF (bytes) into a Document with the page of every line and the box of every table cell."""
    pages = read_pages(name, data, limits)
    if not any(page.glyphs for page in pages):
        raise InputError(name, Errors.E_NO_TEXT, status="needs_ocr")
    items, frames = page_items(pages)
    lines, page_of_line, boxes = [], [], []
    for item in items:
        lines.append(item.text)
        page_of_line.append(item.page)
        boxes.append(item.boxes if isinstance(item, RowLine) else ())
    if not any(line.strip() for line in lines):
        raise InputError(name, Errors.E_NO_LINES)
    return Document(path=name, sha256=sha256, format="pdf", lines=tuple(lines), pages=tuple(page_of_line),
                    page_count=len(pages), cell_boxes=tuple(boxes))


def read_pages(name: str, data: bytes, limits: Limits = DEFAULT) -> list[RawPage]:
    """Glyphs and ruled tables of every page, or a typed InputError (corrupt, encrypted, no pages, too many)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            if not pdf.pages:
                raise InputError(name, Errors.E_NO_PAGES)
            limits.check_count(name, "pages", len(pdf.pages), "pages")
            pages = []
            for page in pdf.pages:
                pages.append(raw_page(page))
                page.close()                 # drop the page's parsed objects: memory stays flat on long files
            return pages
    except (InputError, MemoryError):
        raise
    except Exception as err:                 # pdfminer raises many kinds; every one means "unreadable"
        cause = err.args[0] if err.args and isinstance(err.args[0], Exception) else err
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise InputError(name, Errors.E_ENCRYPTED) from None
        detail = f"{type(cause).__name__}: {cause}".strip().rstrip(":")
        log.debug("PDF read failed", exc_info=True)
        raise InputError(name, Errors.E_CORRUPT.format(fmt="PDF", detail=one_line(detail))) from None


def one_line(text: str, limit: int = 120) -> str:
    """
    >>> one_line("a\\nb  c")
    'a b c'
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def bbox_of(box) -> BBox:
    """A pdfplumber box (x0, top, x1, bottom) as floats.

    >>> bbox_of((1, 2, 3.5, 4))
    (1.0, 2.0, 3.5, 4.0)
    """
    x0, top, x1, bottom = map(float, box)
    return x0, top, x1, bottom


def raw_page(page) -> RawPage:
    glyphs = tuple(Glyph(c["text"], float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]),
                         float(c.get("size") or 0.0)) for c in page.chars if c.get("upright", True))
    tables = []
    if glyphs:
        for table in page.find_tables():
            rows = tuple(tuple(None if box is None else bbox_of(box) for box in row.cells)
                         for row in table.rows)
            if max((len(r) for r in rows), default=0) >= MIN_TABLE_COLUMNS:
                tables.append(RuledTable(bbox_of(table.bbox), rows))
    return RawPage(page.page_number, float(page.width), float(page.height), glyphs, tuple(tables))


def page_items(pages: list[RawPage]) -> tuple[list[Item], dict[int, PageFrame]]:
    """Every page's text lines and table rows in reading order, page furniture dropped, paragraphs reflowed."""
    text_pages: list[list[TextLine]] = []
    row_pages: list[list[RowLine]] = []
    last_table: Optional[tuple[int, list, list]] = None  # the previous page's last table: columns, code spans,
    #                                                      and its last row's cell x-ranges
    for page in pages:
        tables = list(page.tables)
        inside, outside = split_glyphs(tables, list(page.glyphs))
        if tables and last_table is not None:
            tables[0] = adopt_row_above(tables[0], outside, list(page.glyphs))
            if tables[0] is not page.tables[0]:
                inside, outside = split_glyphs(tables, list(page.glyphs))
                log.debug("page %d: a row above the table's top rule read as its first row", page.number)
        text = glyphs_to_lines(outside, page.number)
        rows: list[RowLine] = []
        for index, (table, glyphs) in enumerate(zip(tables, inside)):
            columns = max(len(r) for r in table.rows)
            first_on_page = index == 0 and last_table is not None and not any(
                line.bottom <= table.bbox[1] for line in text if not PAGE_NUMBER.match(line.text))
            runs_on = first_on_page and last_table is not None and last_table[0] == columns
            table_rows, spans = ruled_rows(table, glyphs, page.number, index, last_table[1] if runs_on and last_table else None)
            if first_on_page and not runs_on and last_table is not None:
                table_rows = compact_continued_rows(table_rows, last_table[2])
            rows.extend(table_rows)
            last_table = (columns, spans, column_ranges(table_rows[-1]) if table_rows else [])
        if looks_like_table_page(list(page.tables), text):
            rebuilt = unruled_rows(outside, page.number, len(page.tables))
            if rebuilt is not None:
                rows, rest = rebuilt
                text = glyphs_to_lines(rest, page.number)
                log.debug("page %d: table without rulings rebuilt from word positions", page.number)
        if not tables:
            last_table = None
        text_pages.append(text)
        row_pages.append(rows)
    frames = page_frames(text_pages, pages)
    text_pages = drop_page_furniture(text_pages, frames)
    items: list[Item] = []
    for text, rows in zip(text_pages, row_pages):
        items.extend(sorted([*text, *rows], key=lambda item: item.top))
    return reflow(join_continued_tables(items), frames), frames


def join_continued_tables(items: list[Item]) -> list[Item]:
    """A table running on from the previous page: drop the header rows it repeats."""
    out: list[Item] = []
    headers: list[tuple[str, ...]] = []            # header rows of the table being written
    current: Optional[tuple[int, int]] = None
    continuing = False
    for item in items:
        if not isinstance(item, RowLine):
            out.append(item)
            current = None
            continue
        key = (item.page, item.table)
        if key != current:
            previous = out[-1] if out else None
            continuing = isinstance(previous, RowLine) and previous.page < item.page
            if not continuing:
                headers = []
            current = key
        if item.header:
            if continuing and item.cells in headers:
                continue
            if not continuing:
                headers.append(item.cells)
        out.append(item)
    return out

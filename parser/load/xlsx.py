"""Spreadsheet input (.xlsx with openpyxl, .xls with xlrd): each visible sheet in order.

A sheet gives its name as a title line, then its rows. Numbers are printed as the
cell shows them: the number format's decimals, thousands separators and percent
sign are kept (0.00 → "12.30", 0.0% → "12.3%"); dates as YYYY-MM-DD; formulas by
their cached value. A row whose only filled cell is in column A is a text line
(title, unit, note) unless it sits between two table rows; every other row is a
line of TAB-separated cells. Within a table (a run of rows without a blank row or
text line) every row is given the table's width, so a cell stays under its
header; columns empty in all of its rows are dropped.
"""
from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
import zlib
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

import regex

from parser.datatypes import Document
from parser.errors import Errors, InputError
from parser.limits import DEFAULT, Limits
from parser.load.lines import make_document, one_line, row_line

log = logging.getLogger(__name__)

QUOTED = regex.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
DIGITS = regex.compile(r"[#0?,]*(?:\.([#0?]*))?")


def document_from_xlsx(name: str, data: bytes, sha256: str, limits: Limits = DEFAULT) -> Document:
    """Read an .xlsx workbook (cached formula values, read-only) into numbered lines."""
    import openpyxl

    limits.check_count(name, "lines", count_rows(data), "rows in the sheets")   # before openpyxl spends a minute on them
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:       # noqa: BLE001 — openpyxl raises many kinds on a damaged package
        raise InputError(name, Errors.E_CORRUPT.format(fmt="xlsx", detail=describe(err))) from None
    lines: list[str] = []
    try:
        for sheet in book.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                log.info("%s: hidden sheet %r skipped", name, sheet.title)
                continue
            sheet.reset_dimensions()
            rows = bounded_rows(name, sheet.iter_rows(), limits, len(lines))
            lines.extend(["", one_line(sheet.title)] + sheet_lines(
                [[cell_text(c.value, getattr(c, "number_format", None), getattr(c, "is_date", False)) for c in row]
                 for row in rows]))
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError, SyntaxError, zlib.error) as err:
        raise InputError(name, Errors.E_CORRUPT.format(fmt="xlsx", detail=describe(err))) from None
    finally:
        book.close()
    return make_document(name, sha256, "xlsx", lines)


def document_from_xls(name: str, data: bytes, sha256: str, limits: Limits = DEFAULT) -> Document:
    """Read a legacy .xls workbook (BIFF) into numbered lines."""
    import xlrd

    try:
        try:
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
        except NotImplementedError:
            book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except xlrd.XLRDError as err:
        if "encrypt" in str(err).lower():
            raise InputError(name, Errors.E_ENCRYPTED_OFFICE.format(fmt="xls")) from None
        raise InputError(name, Errors.E_CORRUPT.format(fmt="xls", detail=describe(err))) from None
    except Exception as err:       # noqa: BLE001 — xlrd raises many kinds on a damaged workbook
        raise InputError(name, Errors.E_CORRUPT.format(fmt="xls", detail=describe(err))) from None
    lines: list[str] = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if getattr(sheet, "visibility", 0) != 0:
                continue
            limits.check_count(name, "lines", len(lines) + sheet.nrows, "lines")
            rows = [[xls_cell_text(book, sheet.cell(r, c)) for c in range(sheet.row_len(r))]
                    for r in bounded_rows(name, range(sheet.nrows), limits, len(lines), sheet.row_len)]
            lines.extend(["", one_line(sheet.name)] + sheet_lines(rows))
    except (xlrd.XLRDError, AssertionError, ValueError, IndexError, KeyError, TypeError) as err:
        raise InputError(name, Errors.E_CORRUPT.format(fmt="xls", detail=describe(err))) from None
    finally:
        book.release_resources()
    return make_document(name, sha256, "xls", lines)


ROW_TAG = regex.compile(rb"<(?:\w+:)?row[\s>/]")


def count_rows(data: bytes) -> int:
    """The <row> elements of a workbook's worksheets, counted on the unpacked XML as it streams by.

    >>> import zipfile
    >>> out = io.BytesIO()
    >>> with zipfile.ZipFile(out, "w") as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", "<sheetData>" + '<row r="1"><c/></row>' * 3 + "<row/>")
    >>> count_rows(out.getvalue())
    4
    """
    count = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for member in package.infolist():
                if not member.filename.startswith("xl/worksheets/"):
                    continue
                with package.open(member) as stream:
                    tail = b""
                    while chunk := stream.read(1 << 20):
                        block = tail + chunk
                        count += len(ROW_TAG.findall(block))
                        tail = block[-16:]
                        count -= len(ROW_TAG.findall(tail))      # a tag in the overlap is counted with the next block
                    count += len(ROW_TAG.findall(tail))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error):
        return 0                                                   # openpyxl names the damage
    return count


def bounded_rows(name: str, rows, limits: Limits, lines_before: int, width_of=len) -> list:
    """The rows of a sheet, read one by one and refused (LimitError) as soon as there are more than the
    document's lines allow, a row is wider than a table may be, or the sheet holds more cells than a table may."""
    out, cells = [], 0
    for row in rows:
        out.append(row)
        width = width_of(row)
        cells += width
        limits.check_count(name, "lines", lines_before + len(out), "lines")
        limits.check_count(name, "table_width", width, "columns in a table row")
        limits.check_count(name, "table_cells", cells, "cells in a sheet")
    return out


def describe(err: Exception) -> str:
    return one_line(str(err))[:120] or type(err).__name__


def xls_cell_text(book, cell) -> str:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate_as_datetime(cell.value, book.datemode), None, True)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell_text(cell.value, None, False)
    number_format = None
    if cell.ctype == xlrd.XL_CELL_NUMBER and book.formatting_info:
        xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
        fmt = book.format_map.get(xf.format_key) if xf is not None else None
        number_format = fmt.format_str if fmt is not None else None
    return cell_text(cell.value, number_format, False)


def cell_text(value, number_format, is_date) -> str:
    """A cell's value as the sheet shows it.

    >>> cell_text(12.3, "0.00", False), cell_text(1234.5, "#,##0.00_ ", False), cell_text(0.1234, "0.0%", False)
    ('12.30', '1,234.50', '12.3%')
    >>> cell_text(0.1 + 0.2, "General", False), cell_text(401.4, None, False), cell_text(15, "0", False)
    ('0.3', '401.4', '15')
    >>> cell_text(dt.datetime(2024, 12, 31), "yyyy-mm-dd", True), cell_text(" 公务\\n接待费 ", "@", False)
    ('2024-12-31', '公务 接待费')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return format_number(value, number_format or "General")
    return one_line(str(value))


def format_number(value, number_format: str) -> str:
    """A number under an Excel number format (decimals, grouping, percent; other codes ignored).

    >>> format_number(2.005, "0.00"), format_number(-3, "#,##0.00;[Red]-#,##0.00"), format_number(1e-7, "General")
    ('2.01', '-3.00', '0.0000001')
    >>> len(format_number(1e300, "0.00"))
    304
    """
    try:
        exact = Decimal(f"{value:.15g}") if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        return str(value)
    if not exact.is_finite():
        return str(value)
    section = QUOTED.sub("", number_format.split(";")[0])
    if section.strip().lower() in ("general", "", "@") or not regex.search(r"[0#?]", section):
        return plain(exact)
    percent = "%" in section
    if percent:
        exact *= 100
    match = next((m for m in DIGITS.finditer(section) if m.group(0).strip(",")), None)
    pattern = match.group(0) if match else "0"
    decimals = len(match.group(1) or "") if match else 0
    fixed = len((match.group(1) or "").rstrip("#?")) if match else 0
    with localcontext() as context:           # wide enough for any float (1e308) at the format's decimals
        context.prec = max(context.prec, max(exact.adjusted(), 0) + decimals + 3)
        rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    grouping = "," if "," in pattern.split(".")[0].strip(",") else ""
    text = format(rounded, f"{grouping}.{decimals}f")
    if decimals > fixed and "." in text:
        whole, frac = text.split(".")
        frac = frac[:fixed] + frac[fixed:].rstrip("0")
        text = whole + ("." + frac if frac else "")
    return text + ("%" if percent else "")


def plain(number: Decimal) -> str:
    """A Decimal without exponent or trailing zeros.

    >>> plain(Decimal("1.2300")), plain(Decimal("1E+3")), plain(Decimal("0"))
    ('1.23', '1000', '0')
    """
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def sheet_lines(rows: list[list[str]]) -> list[str]:
    """Rows of cell texts → lines: text lines for lone column-A cells, TAB lines for table rows.

    >>> sheet_lines([["收入决算表"], ["项目", "金额", ""], ["合计", "3", "1"], ["一、收入"], ["其中", "2"], [], ["注：无"]])
    ['收入决算表', '项目\\t金额\\t', '合计\\t3\\t1', '一、收入\\t\\t', '其中\\t2\\t', '', '注：无']
    """
    trimmed = [trim(row) for row in rows]
    kinds = [row_kind(row) for row in trimmed]
    for i, kind in enumerate(kinds):
        if kind == "solo" and 0 < i < len(kinds) - 1 and kinds[i - 1] == kinds[i + 1] == "table":
            kinds[i] = "inner"
    lines: list[str] = []
    i = 0
    while i < len(trimmed):
        if kinds[i] == "blank":
            lines.append("")
            i += 1
        elif kinds[i] == "solo":
            lines.append(one_line(trimmed[i][0]))
            i += 1
        else:
            j = i
            while j < len(trimmed) and kinds[j] in ("table", "inner"):
                j += 1
            width = max(len(row) for row in trimmed[i:j])
            lines.extend(row_line(row + [""] * (width - len(row))) for row in trimmed[i:j])
            i = j
    return lines


def trim(row: list[str]) -> list[str]:
    """A row without its empty trailing cells."""
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return list(row[:end])


def row_kind(row: list[str]) -> str:
    if not row:
        return "blank"
    if len(row) == 1:
        return "solo"
    return "table"

#!/usr/bin/env python3
"""Build DOCX, HTML (UTF-8 and GBK) and XLSX copies of a text report, with real tables.

    scripts/make_format_fixtures.py SEED.txt OUTDIR

The text is split the way gouji reads it (parser.layout.segment.find_regions): lines
outside table regions become paragraphs (a blank line an empty paragraph), each
table region becomes a real Word table / <table> / block of sheet cells whose rows
are the region's rows. So the copies hold the same content as the text, and a
check of each copy should give the same findings (at other line numbers).

- DOCX: one Word table per region; a row with fewer cells than the widest row
  ends early (w:gridAfter), as Word writes a ragged row.
- HTML: <p> per text line, <table> per region; the GBK copy declares
  charset=gbk in a <meta http-equiv> and writes characters outside GBK as &#NNNN;.
- XLSX: one sheet per table (named after its title) holding the text before the
  table in column A and then the table, each row aligned to the right edge of the
  table's grid (as gouji's text reading aligns ragged rows); figures are written
  as numbers with a number format that prints them as in the text (401.40 → 0.00),
  cells holding only blanks are left empty.
"""
from __future__ import annotations

import argparse
import html
import sys
from decimal import Decimal
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parser.layout.segment import BLANK_CHARS, find_regions  # noqa: E402
from parser.layout.tables import split_region  # noqa: E402
from parser.load.text import split_lines  # noqa: E402

NUMBER = regex.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.(\d+))?(%?)$")
SHEET_NAME_BAD = regex.compile(r"[\[\]:*?/\\]")


def blocks(lines: tuple[str, ...]):
    """('text', line) and ('table', rows of cell texts) in document order.

    A region holding several tables (one after another, blank lines between) gives
    one table each, split where gouji splits them (parser.layout.tables.split_region).
    """
    regions = find_regions(lines)
    by_start = {r.start: r for r in regions}
    i = 1
    while i <= len(lines):
        region = by_start.get(i)
        if region is None:
            yield "text", lines[i - 1]
            i += 1
            continue
        for part in split_region(region):
            yield "table", [[text for text, _ in row] for row in part]
        i = region.end + 1


def write_docx(items, path: Path):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for kind, value in items:
        if kind == "text":
            document.add_paragraph(value.strip(BLANK_CHARS))
            continue
        width = max(len(row) for row in value)
        table = document.add_table(rows=len(value), cols=width)
        for row, texts in zip(table.rows, value):
            cells = row.cells
            for cell, text in zip(cells, texts):
                cell.text = text
            missing = width - len(texts)
            if missing:
                tr = row._tr
                for tc in tr.tc_lst[len(texts):]:
                    tr.remove(tc)
                tr_pr = tr.get_or_add_trPr()
                grid_after = OxmlElement("w:gridAfter")
                grid_after.set(qn("w:val"), str(missing))
                tr_pr.insert(0, grid_after)
        document.add_paragraph("")
    document.save(str(path))


def html_page(items, charset: str) -> str:
    out = ["<!DOCTYPE html>", "<html><head>",
           f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
           "<title>fixture</title><style>td{border:1px solid}</style>",
           "<script>var nav = '不应读出的脚本文字';</script></head><body>",
           "<nav><a href='/'>首页</a> | <a href='/zwgk'>政务公开</a></nav>", '<div class="article">']
    for kind, value in items:
        if kind == "text":
            text = value.strip(BLANK_CHARS)
            out.append(f"<p>{html.escape(text)}</p>" if text else "<p>&nbsp;</p>")
            continue
        out.append('<table border="1" cellspacing="0">')
        for row in value:
            out.append("<tr>" + "".join(f"<td>{html.escape(text)}</td>" for text in row) + "</tr>")
        out.append("</table>")
    out.append("</div></body></html>")
    return "\n".join(out)


def write_html(items, path: Path, charset: str):
    page = html_page(items, charset)
    if charset == "utf-8":
        path.write_bytes(page.encode("utf-8"))
    else:
        path.write_bytes(page.encode(charset, errors="xmlcharrefreplace"))


def number_cell(text: str):
    """(value, number format) for a figure as printed, or None for other text.

    >>> number_cell("1,234.50"), number_cell("99.00%"), number_cell("15"), number_cell("合计")
    ((Decimal('1234.50'), '#,##0.00'), (Decimal('0.9900'), '0.00%'), (Decimal('15'), '0'), None)
    """
    match = NUMBER.match(text.strip(BLANK_CHARS))
    if not match:
        return None
    decimals = len(match.group(4) or "")
    grouping = "#,##0" if match.group(2) else "0"
    fmt = grouping + ("." + "0" * decimals if decimals else "")
    value = Decimal(match.group(0).rstrip("%").replace(",", ""))
    if match.group(5):
        return value / 100, fmt + "%"
    return value, fmt


def sheet_name(rows, used: set[str]) -> str:
    title = next((t.strip(BLANK_CHARS) for row in rows for t in row
                  if regex.search(r"表\s*$", t.strip(BLANK_CHARS))), "表格")
    name = SHEET_NAME_BAD.sub("", title)[:28] or "表格"
    base, k = name, 2
    while name in used:
        name, k = f"{base}（{k}）", k + 1
    used.add(name)
    return name


def write_xlsx(items, path: Path):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    used: set[str] = set()
    pending: list[str] = []
    for kind, value in items:
        if kind == "text":
            pending.append(value.strip(BLANK_CHARS))
            continue
        sheet = book.create_sheet(sheet_name(value, used))
        for text in pending:
            sheet.append([text or None])
        pending = []
        sheet.append([None])
        width = max(len(row) for row in value)
        for texts in value:
            r = sheet.max_row + 1
            offset = width - len(texts)
            for c, text in enumerate(texts, offset + 1):
                if not text.strip(BLANK_CHARS):
                    continue
                cell = sheet.cell(row=r, column=c)
                parsed = number_cell(text)
                if parsed is None:
                    cell.value = text.strip(BLANK_CHARS)
                else:
                    cell.value, cell.number_format = float(parsed[0]), parsed[1]
        sheet.append([None])
    if pending:
        sheet = book.create_sheet(sheet_name([], used))
        for text in pending:
            sheet.append([text or None])
    book.save(path)


def make_fixtures(seed: Path, outdir: Path) -> dict[str, Path]:
    """Write the four copies of `seed` into `outdir`; return their paths by kind."""
    lines = split_lines(seed.read_text(encoding="utf-8-sig"))
    items = list(blocks(lines))
    outdir.mkdir(parents=True, exist_ok=True)
    stem = seed.stem
    paths = {"docx": outdir / f"{stem}.docx", "html": outdir / f"{stem}.html",
             "html-gbk": outdir / f"{stem}.gbk.html", "xlsx": outdir / f"{stem}.xlsx"}
    write_docx(items, paths["docx"])
    write_html(items, paths["html"], "utf-8")
    write_html(items, paths["html-gbk"], "gbk")
    write_xlsx(items, paths["xlsx"])
    return paths


def main(argv=None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("seed", type=Path)
    args.add_argument("outdir", type=Path)
    ns = args.parse_args(argv)
    for kind, path in make_fixtures(ns.seed, ns.outdir).items():
        print(f"{kind}\t{path}\t{path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

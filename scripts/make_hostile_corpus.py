#!/usr/bin/env python3
"""Write a corpus of hostile files (issue 15) into DIR, with DIR/MANIFEST.tsv saying what each is and
what `gouji check` must do with it.

Expectations: `refused` — exit 2, one line on stderr, no traceback; `read` — exit 0 or 1, no traceback
(a file that is odd but a document); `model` — a tampered model file named by GOUJI_MODEL while a small
report is checked: the rules go on alone (exit 0 or 1), no traceback, and the marker file its code would
write does not appear. scripts/hostile.py runs them all and prints the figures.

    scripts/make_hostile_corpus.py /tmp/hostile && scripts/hostile.py /tmp/hostile
"""
from __future__ import annotations

import argparse
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import AnyStr

REPORT = ("一、收入支出决算总体情况\n2024年度收入总计401.4万元，比上年增加83.97万元，增长26.45%。\n"
          "二、财政拨款支出决算情况\n2024年度财政拨款支出401.4万元，其中：基本支出321.77万元，项目支出79.63万元。\n")
MB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
              'wordprocessingml.document.main+xml"/></Types>')
DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'officeDocument" Target="word/document.xml"/></Relationships>')
XLSX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
              'spreadsheetml.sheet.main+xml"/>'
              '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
              'officedocument.spreadsheetml.worksheet+xml"/></Types>')
XLSX_RELS = DOCX_RELS.replace("word/document.xml", "xl/workbook.xml")
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="公开01表" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def document_xml(body_parts) -> Iterator[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'.encode()
    for part in body_parts:
        yield part.encode() if isinstance(part, str) else part
    yield b"</w:body></w:document>"


def write_docx(path: Path, body_parts, extra: dict | None = None) -> None:
    """A minimal DOCX whose document.xml is streamed from `body_parts` (so a huge part costs no memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", DOCX_TYPES)
        package.writestr("_rels/.rels", DOCX_RELS)
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            for chunk in document_xml(body_parts):
                part.write(chunk)
        for name, chunks in (extra or {}).items():
            with package.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)


def write_xlsx(path: Path, rows, dimension: str = "A1") -> None:
    """A minimal XLSX of one sheet whose rows (XML strings) are streamed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", XLSX_TYPES)
        package.writestr("_rels/.rels", XLSX_RELS)
        package.writestr("xl/workbook.xml", WORKBOOK)
        package.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.'
                        f'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>')
                       .encode())
            for row in rows:
                part.write(row.encode())
            part.write(b"</sheetData></worksheet>")


def repeat(chunk: AnyStr, total: int) -> Iterator[AnyStr]:
    for _ in range(total // len(chunk)):
        yield chunk


def lie_about_size(path: Path, member: str, declared: int) -> None:
    """Patch the central directory so that `member` claims to unpack to `declared` bytes."""
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x01\x02")
    while at != -1:
        name_len = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + name_len] == member.encode():
            data[at + 24:at + 28] = declared.to_bytes(4, "little")
            break
        at = data.rfind(b"PK\x01\x02", 0, at)
    path.write_bytes(bytes(data))


def tampered_model(path: Path, marker: Path) -> None:
    """A skops file whose schema asks for numpy.testing's `runstring` (it calls exec) to write `marker`:
    the type a prefix rule (`numpy.*`) trusted. parser/narrative/model_file.py refuses it: a model is JSON numbers only."""
    code = f"open({str(marker)!r}, 'w').write('code ran')"
    schema = {"__class__": "dict", "__module__": "builtins", "__loader__": "DictNode", "protocol": 1,
              "_skops_version": "0.10.0",
              "content": {key: {"__class__": "runstring", "__module__": "numpy.testing._private.utils",
                                "__loader__": "FunctionNode", "content": {"code": code}}
                          for key in ("kind", "role", "is_claim")}}
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("schema.json", json.dumps(schema))


def pickled_model(path: Path, marker: Path) -> None:
    """A pickle that writes `marker` when unpickled (its __reduce__ calls builtins.exec): the model loader
    reads JSON numbers only and must refuse it without unpickling."""
    import pickle

    class Exec:
        def __reduce__(self):
            return exec, (f"open({str(marker)!r}, 'w').write('code ran')",)

    path.write_bytes(pickle.dumps(Exec(), protocol=4))


def make(folder: Path) -> list[tuple[str, str, str]]:
    """Write the corpus; return (name, expectation, what it is) per file."""
    folder.mkdir(parents=True, exist_ok=True)
    made: list[tuple[str, str, str]] = []

    def add(name: str, expect: str, what: str, content: bytes | str | None = None) -> Path:
        path = folder / name
        if content is not None:
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        made.append((name, expect, what))
        return path

    # ZIP bombs
    write_docx(add("zip_bomb_padding.docx", "refused", "a 300 MB part of zeros beside a real body (declared size)"),
               [paragraph("一、收入支出决算总体情况")], {"word/padding.xml": repeat(b"\0" * MB, 300 * MB)})
    write_docx(add("zip_bomb_paragraphs.docx", "refused", "a body of 2.3 million real paragraphs: 250 MB of XML"),
               repeat((paragraph("2024年度收入总计401.4万元。") * 1000).encode(), 250 * MB))
    bomb = add("zip_bomb_lying.docx", "refused", "a 100 MB part whose header declares 10 bytes (actual size)")
    write_docx(bomb, [paragraph("一、收入")], {"word/padding.xml": repeat(b" " * MB, 100 * MB)})
    lie_about_size(bomb, "word/padding.xml", 10)
    write_xlsx(add("zip_bomb.xlsx", "refused", "a sheet of 300 MB of XML (whitespace) in 300 KB"),
               repeat(" " * MB, 300 * MB))
    # spans, dimensions, rows
    span_cell = '<w:tc><w:tcPr><w:gridSpan w:val="{}"/></w:tcPr><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>'
    write_docx(add("docx_gridspan_huge.docx", "refused", "one cell spanning 2,000,000,000 grid columns"),
               ["<w:tbl><w:tr>", span_cell.format(2_000_000_000, "合计"), span_cell.format(1, "401.4"),
                "</w:tr></w:tbl>"])
    write_docx(add("docx_gridspan_many.docx", "refused", "1,100 rows of one cell spanning 999 columns: 1.1 M cells"),
               ["<w:tbl>"] + ["<w:tr>" + span_cell.format(999, "1") + "</w:tr>"] * 1100 + ["</w:tbl>"])
    add("html_spans.html", "refused", "table cells with rowspan and colspan of 1000 (a million cells each)",
        "<html><body><table>" + '<tr><td rowspan="1000" colspan="1000">1</td><td>2</td></tr>' * 3
        + "</table></body></html>")
    write_xlsx(add("xlsx_huge_dimensions.xlsx", "refused", "cells at A1 and XFD1048576, dimension A1:XFD1048576"),
               ['<row r="1"><c r="A1" t="inlineStr"><is><t>收入</t></is></c></row>',
                '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'], "A1:XFD1048576")
    write_xlsx(add("xlsx_wide_row.xlsx", "refused", "one row with a cell at column XFD (16,384 columns)"),
               ['<row r="1"><c r="A1" t="inlineStr"><is><t>合计</t></is></c><c r="XFD1"><v>1</v></c></row>'])
    write_xlsx(add("xlsx_many_rows.xlsx", "refused", "600,000 rows of two cells"),
               (f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>项目</t></is></c><c r="B{r}"><v>{r}</v></c></row>'
                for r in range(1, 600_001)))
    # nesting
    add("html_deep.html", "refused", "100,000 nested <div> around a report",
        "<html><body>" + "<div>" * 100_000 + "<p>2024年度收入总计401.4万元。</p>" + "</div>" * 100_000
        + "</body></html>")
    write_docx(add("docx_deep_tables.docx", "refused", "tables nested 400 deep (XML deeper than the parser allows)"),
               ["<w:tbl><w:tr><w:tc>"] * 400 + [paragraph("1")] + ["</w:tc></w:tr></w:tbl>"] * 400 + [paragraph("x")])
    add("json_deep.json", "refused", "page-text JSON nested 200,000 deep", "[" * 200_000 + "]" * 200_000)
    # long lines, many lines, huge numbers
    add("long_line.txt", "refused", "one line of 2,000,000 characters", "收入" + "1" * 2_000_000 + "万元。\n")
    add("many_lines.txt", "refused", "600,000 lines", "收入1万元。\n" * 600_000)
    add("huge_number.txt", "read", "a number of 5,000 digits in a sentence",
        "一、收入支出决算总体情况\n2024年度收入总计" + "9" * 5000 + "万元，比上年增加83.97万元，增长26.45%。\n")
    add("many_additions.txt", "read", "one balance sentence with 2,000 added amounts (加上…, 收入总计)",
        "一般公共预算收入100万元。" + "加上补助10万元，" * 2000 + "收入总计120万元。\n")
    add("many_items.txt", "read", "one 其中 list of 3,000 ；-items",
        "收入1万元，其中：" + "甲1万元；" * 3000 + "乙2万元。\n")
    add("many_openers.txt", "read", "one sentence of 30,000 其中 before two figures",
        "收入1万元，" + "其中，" * 30000 + "乙2万元；丙3万元。\n")
    add("many_restated_shares.txt", "read", "1,500 shares one unit off, each restating the others",
        "支出合计26,994.72万元。\n" + "项目支出12,270.36万元，占支出合计的45.46%。\n" * 1500)
    add("many_budget_ratios.txt", "read", "one line of 1,500 `完成X，为全年预算Y的p%` rates",
        "收入完成10万元，为全年预算20万元的50%，" * 1500 + "\n")
    add("many_changes.txt", "read", "one line of 1,500 `X，比上年增长p%` changes", "收入完成10万元，比上年增长50%，" * 1500 + "\n")
    add("many_named_shares.txt", "read", "3,000 shares of a whole named but not in the lexicon (占总收入的…)",
        "2016年度总收入27,664.71万元。\n" + "".join(f"甲{i}收入1{i % 10}万元，占总收入的1.{i % 10}%。\n" for i in range(3000)))
    add("glued_digits.txt", "read", "table rows of cells with 60-digit runs",
        "公开01表\n项目\t预算数\t决算数\t执行率\n" + "".join(f"合计{'1234567890' * 6}\t\t\t\n" for _ in range(200)))
    # not regular files, odd encodings and names, PDFs
    if hasattr(os, "mkfifo"):
        os.mkfifo(add("fifo.txt", "refused", "a FIFO (named pipe): reading it would block"))
    if os.path.exists("/dev/zero"):
        os.symlink("/dev/zero", add("dev_zero.pdf", "refused", "a symlink to /dev/zero"))
    add("utf16.html", "read", "UTF-16 HTML with a byte-order mark",
        f"<html><body><p>{REPORT.splitlines()[1]}</p></body></html>".encode("utf-16"))
    add("bad\nname.txt", "refused", "an empty file whose name holds a newline", b"")
    add("zero_pages.pdf", "refused", "a PDF whose page tree is empty",
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n")
    add("broken_xref.pdf", "refused", "a PDF with a broken cross-reference table (pdfminer warns)",
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/Contents 4 0 R>>endobj\n4 0 obj<</Length 99>>stream\n"
        b"BT /F1 12 Tf (x) Tj ET\nendstream\nendobj\nxref\n0 1\n0000000000 65535 f \ntrailer<</Root 1 0 R>>\n")
    # a tampered model, checked through GOUJI_MODEL on a small report
    add("model_probe.txt", "read", "a small report (checked with each tampered model)", REPORT)
    tampered_model(add("tampered_model.skops", "model", "a model naming numpy.testing's runstring (calls exec)"),
                   folder / "tampered_model.marker")
    pickled_model(add("tampered_model.pickle", "model", "a pickle whose __reduce__ calls exec"),
                  folder / "tampered_model.marker")
    (folder / "MANIFEST.tsv").write_text("".join(f"{name!r}\t{expect}\t{what}\n" for name, expect, what in made),
                                         encoding="utf-8")
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    args = ap.parse_args()
    for name, expect, what in make(args.folder):
        path = args.folder / name
        size = path.lstat().st_size
        print(f"{name!r}\t{expect}\t{size}\t{what}")


if __name__ == "__main__":
    main()

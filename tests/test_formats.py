"""DOCX, HTML, XLSX/XLS and page-text JSON input: what each reader makes of its format.

The equivalence tests build DOCX/HTML/XLSX copies of seed 000 with
scripts/make_format_fixtures.py and check that they give the findings and tables
of the text version (line numbers differ, the content does not).
"""
import io
import json
import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from parser.check import check
from parser.errors import InputError
from parser.load import load, sniff_format
from tests.conftest import SHARED, seed

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from make_format_fixtures import make_fixtures  # noqa: E402

GOUJI = [sys.executable, "-m", "parser.cli"]
PUTUO = SHARED / "corpus" / "real" / "putuo-gbc"
LINE_REF = re.compile(r"第\d+行")


def gouji(*args):
    return subprocess.run(GOUJI + list(args), capture_output=True, text=True, timeout=120)


# ------------------------------------------------------------------ equivalence with the text version


@pytest.fixture(scope="module")
def seed000(tmp_path_factory):
    path = seed("000")
    copies = make_fixtures(path, tmp_path_factory.mktemp("formats"))
    reports = {kind: check(str(p)) for kind, p in copies.items()}
    reports["txt"] = check(str(path))
    return reports


def finding_keys(report, with_cell_quotes=True):
    """What a finding says, without its line numbers."""
    keys = Counter()
    for f in report.findings:
        from_cells = bool(f.evidence) and all(e.type == "cell" for e in f.evidence)
        quote = f.quote if with_cell_quotes or not from_cells else None
        keys[(f.rule, f.severity, LINE_REF.sub("第N行", f.message), f.stated, f.expected, quote)] += 1
    return keys


@pytest.mark.parametrize("kind", ["docx", "html", "html-gbk", "xlsx"])
def test_same_findings_as_text(seed000, kind):
    expected = finding_keys(seed000["txt"], with_cell_quotes=False)
    assert expected, "seed 000 should have findings"
    assert finding_keys(seed000[kind], with_cell_quotes=False) == expected
    assert seed000[kind].document.format == kind.split("-")[0]


@pytest.mark.parametrize("kind", ["docx", "html", "html-gbk", "xlsx"])
def test_quotes_are_on_their_lines(seed000, kind):
    report = seed000[kind]
    for f in report.findings:
        assert f.quote in report.document.lines[f.line - 1], f


def test_cell_finding_quotes_are_the_cell_in_question(seed000):
    assert finding_keys(seed000["docx"]) == finding_keys(seed000["txt"])


def table_keys(report, count_empty_rows=True):
    return [(t.title, t.code, t.unit,
             len(t.rows) if count_empty_rows else sum(1 for r in t.rows if any(c.text for c in r)))
            for t in report.tables]


@pytest.mark.parametrize("kind", ["docx", "html", "html-gbk"])
def test_same_tables_as_text(seed000, kind):
    text, other = table_keys(seed000["txt"]), table_keys(seed000[kind])
    assert len(text) == len(other) >= 10
    for (title, *rest), (other_title, *other_rest) in zip(text, other):
        assert rest == other_rest
        # a title the text version missed may be found once blank lines no longer push it out of reach
        assert other_title == title or not title


def test_xlsx_same_tables_as_text_but_no_empty_rows(seed000):
    """A sheet cannot tell an empty table row from a blank line; every other row must be there."""
    text, sheet = table_keys(seed000["txt"], False), table_keys(seed000["xlsx"], False)
    assert len(text) == len(sheet) >= 10
    for (title, *rest), (sheet_title, *sheet_rest) in zip(text, sheet):
        assert rest == sheet_rest
        assert sheet_title == title or not title


def test_xlsx_prints_numbers_as_formatted(seed000):
    lines = seed000["xlsx"].document.lines
    assert any(line.split("\t")[-3:] == ["386.4", "321.77", "64.63"] for line in lines)


# ------------------------------------------------------------------ DOCX


def make_docx(path, build):
    import docx

    document = docx.Document()
    build(document)
    document.save(path)
    return path


def test_docx_paragraphs_and_tables_in_order_with_merges(tmp_path):
    def build(document):
        document.add_paragraph("一、收入支出决算总体情况")
        document.add_paragraph("本年收入合计401.4万元。\t（见下表）")
        table = document.add_table(rows=4, cols=4)
        table.cell(0, 0).merge(table.cell(1, 0)).text = "项目"       # spans two rows
        table.cell(0, 1).merge(table.cell(0, 3)).text = "金额"       # spans three columns
        for c, text in enumerate(["合计", "基本支出", "项目支出"], 1):
            table.cell(1, c).text = text
        for c, text in enumerate(["教育支出", "401.4", "321.77", "79.63"]):
            table.cell(2, c).text = text
        cell = table.cell(3, 0)
        cell.text = "其他教育"
        cell.add_paragraph("支出")                                   # a two-paragraph cell
        for c, text in enumerate(["386.4", "321.77", "64.63"], 1):
            table.cell(3, c).text = text
        document.add_paragraph("二、说明")

    doc = load(make_docx(tmp_path / "t.docx", build))
    assert doc.format == "docx"
    assert doc.lines == (
        "一、收入支出决算总体情况",
        "本年收入合计401.4万元。 （见下表）",
        "",
        "项目\t金额\t\t",
        "\t合计\t基本支出\t项目支出",
        "教育支出\t401.4\t321.77\t79.63",
        "其他教育支出\t386.4\t321.77\t64.63",
        "",
        "二、说明",
    )


def test_docx_table_is_read_as_a_table(tmp_path):
    def build(document):
        document.add_paragraph("支出决算表")
        document.add_paragraph("单位：万元")
        table = document.add_table(rows=3, cols=4)
        rows = [["项目", "合计", "基本支出", "项目支出"], ["合计", "401.4", "321.77", "79.63"],
                ["教育支出", "401.4", "321.77", "79.63"]]
        for r, texts in enumerate(rows):
            for c, text in enumerate(texts):
                table.cell(r, c).text = text

    report = check(str(make_docx(tmp_path / "t.docx", build)))
    [table] = report.tables
    assert (table.title, table.unit, len(table.rows), table.n_cols) == ("支出决算表", "万元", 3, 4)


# ------------------------------------------------------------------ HTML

PAGE = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>部门决算</title><script>document.write("脚本")</script><style>p{{}}</style></head>
<body><nav><a>首页</a><a>政务公开</a></nav><div style="display:none">隐藏</div>
<h2>一、收入支出决算总体情况</h2><p>本年收入合计<b>401.4</b>万元，<br>本年支出合计401.4万元。</p>
<table border=1><caption>支出决算表</caption>
<tr><th rowspan=2>项目</th><th colspan=3>金额</th></tr>
<tr><th>合计</th><th>基本支出</th><th>项目支出</th></tr>
<tr><td>教育支出</td><td>401.40</td><td>321.77</td><td><p>79.63</p></td></tr>
</table><p>&nbsp;</p><p>注：单位万元。</p></body></html>"""


def test_html_gbk_page_blocks_and_spanned_table(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.format().encode("gbk"))
    doc = load(path)
    assert doc.format == "html"
    assert doc.lines == (
        "一、收入支出决算总体情况",
        "本年收入合计401.4万元，",
        "本年支出合计401.4万元。",
        "",
        "支出决算表",
        "项目\t金额\t\t",
        "\t合计\t基本支出\t项目支出",
        "教育支出\t401.40\t321.77\t79.63",
        "",
        "注：单位万元。",
    )


def test_html_without_declaration_in_gbk_is_read(tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes("<html><body><p>财政拨款收入401.4万元。</p></body></html>".encode("gbk"))
    assert load(path).lines == ("财政拨款收入401.4万元。",)


def test_html_layout_table_is_read_as_blocks(tmp_path):
    inner = "<table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>15</td></tr></table>"
    page = f"<html><body><table><tr><td><p>标题</p>{inner}</td><td>侧栏</td></tr></table></body></html>"
    path = tmp_path / "layout.html"
    path.write_text(page, encoding="utf-8")
    assert load(path).lines == ("标题", "", "项目\t金额", "合计\t15", "", "侧栏")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16"])
def test_legacy_encoded_text_file_is_read(tmp_path, encoding):
    text = "本年收入合计401.4万元。\n其中：财政拨款收入401.4万元。\n"
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert load(path).lines == tuple(text.splitlines())


def test_latin1_text_is_still_refused(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Rapport financier - dépenses 401,4 francs - année 2024 - été\n".encode("latin-1"))
    with pytest.raises(InputError, match="not valid UTF-8"):
        load(path)


# ------------------------------------------------------------------ XLSX / XLS


def test_xlsx_sheets_number_formats_and_text_lines(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "公开01表"
    sheet.append(["收入决算表"])
    sheet.append(["单位：万元"])
    sheet.append(["项目", "金额", "占比", "备注"])
    sheet.append(["合计", 12.3, 0.5, None, None])
    sheet.append(["一、收入"])
    sheet.append(["其中：拨款", 1234.5, 0.25])
    sheet.merge_cells("A8:C8")
    sheet["A8"] = "注：本表金额单位为万元。"
    for row in (4, 6):
        sheet.cell(row, 2).number_format = "#,##0.00"
        sheet.cell(row, 3).number_format = "0.0%"
    hidden = book.create_sheet("隐藏")
    hidden.append(["不应读出"])
    hidden.sheet_state = "hidden"
    second = book.create_sheet("说明")
    second.append(["本年收入合计12.30万元。"])
    path = tmp_path / "book.xlsx"
    book.save(path)

    doc = load(path)
    assert doc.format == "xlsx"
    assert doc.lines == (
        "公开01表", "收入决算表", "单位：万元",
        "项目\t金额\t占比\t备注",
        "合计\t12.30\t50.0%\t",
        "一、收入\t\t\t",
        "其中：拨款\t1,234.50\t25.0%\t",
        "", "注：本表金额单位为万元。",
        "", "说明", "本年收入合计12.30万元。",
    )


def test_xls_is_read(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("支出决算表")
    two_decimals = xlwt.easyxf(num_format_str="0.00")
    for c, text in enumerate(["项目", "合计", "基本支出"]):
        sheet.write(0, c, text)
    sheet.write(1, 0, "教育支出")
    sheet.write(1, 1, 401.4, two_decimals)
    sheet.write(1, 2, 321.77, two_decimals)
    path = tmp_path / "old.xls"
    book.save(str(path))
    doc = load(path)
    assert doc.format == "xls"
    assert doc.lines == ("支出决算表", "项目\t合计\t基本支出", "教育支出\t401.40\t321.77")


CHECKLISTS = sorted(PUTUO.glob("*_REVIEW_CHECKLIST.xlsx"))


@pytest.mark.skipif(not CHECKLISTS, reason="corpus not beside the repository")
@pytest.mark.parametrize("path", CHECKLISTS, ids=lambda p: p.name)
def test_review_checklists_print(path):
    out = gouji("text", str(path))
    assert out.returncode == 0 and not out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) >= 20
    assert any(line.startswith("2026年度普陀区") and "检查表" in line for line in lines)
    assert any("预算编制说明" in line and "否" in line.split("\t") for line in lines)


# ------------------------------------------------------------------ page-text JSON

PAGETEXT = PUTUO / "putuo_2026_budget_unit_shiquanlu_pagetext.json"


@pytest.mark.skipif(not PAGETEXT.exists(), reason="corpus not beside the repository")
def test_page_text_json_keeps_pages():
    doc = load(PAGETEXT)
    pages = json.loads(PAGETEXT.read_text(encoding="utf-8"))
    assert doc.format == "json" and doc.page_count == len(pages) == 34
    assert doc.lines[0] == "上海市普陀区2026年区级单位预算" and doc.page_of(1) == 1
    first_of_12 = doc.pages.index(12) + 1
    assert doc.lines[first_of_12 - 1] == "2026年预算单位财务收支预算总表"
    assert len(doc.lines) == sum(len(p["text"].rstrip("\n").split("\n")) for p in pages if p["text"])


def test_page_text_json_sniffed_by_content(tmp_path):
    path = tmp_path / "export.dat"
    path.write_text(json.dumps({"pages": [{"page_number": 3, "content": "一、收入\n合计15万元。"}]}), encoding="utf-8")
    doc = load(path)
    assert (doc.format, doc.lines, doc.pages) == ("json", ("一、收入", "合计15万元。"), (3, 3))


def test_text_starting_with_a_bracket_is_text(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text('["说明"] 本年收入15万元。\n', encoding="utf-8")
    assert load(path).format == "txt"


# ------------------------------------------------------------------ bad input: one line, exit 2


def zip_bytes(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in files.items():
            package.writestr(name, content)
    return buffer.getvalue()


def encrypted_xlsx() -> bytes:
    msoffcrypto = pytest.importorskip("msoffcrypto")
    import openpyxl
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO()
    book = openpyxl.Workbook()
    book.worksheets[0].append(["合计", 15])
    book.save(plain)
    plain.seek(0)
    out = io.BytesIO()
    OOXMLFile(plain).encrypt("secret", out)
    assert msoffcrypto
    return out.getvalue()


BAD_FILES = [
    ("corrupt.docx", lambda: zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document"}),
     "corrupt"),
    ("truncated.docx", lambda: zip_bytes({"word/document.xml": "x" * 5000})[:200], "corrupt"),
    ("corrupt.xlsx", lambda: zip_bytes({"xl/workbook.xml": "<workbook"}), "corrupt"),
    ("other.zip", lambda: zip_bytes({"readme.txt": "hello"}), "neither docx nor xlsx"),
    ("not-xls.xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "corrupt"),
    ("locked.xlsx", encrypted_xlsx, "password-protected"),
    ("pages.json", lambda: json.dumps({"rows": [1, 2]}).encode(), "unsupported format"),
]


@pytest.mark.parametrize("name,make,message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_office_input_one_line_exit_2(tmp_path, name, make, message):
    path = tmp_path / name
    path.write_bytes(make())
    out = gouji("check", str(path))
    assert out.returncode == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and message in out.stderr and "Traceback" not in out.stderr


def test_sniffing_looks_at_content_not_names():
    assert sniff_format(b"\xef\xbb\xbf<!DOCTYPE html><html>") == "html"
    assert sniff_format(b"PK\x03\x04rest") == "zip"
    assert sniff_format("部门决算".encode()) == "txt"

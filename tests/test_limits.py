"""Issue 15: the Limits object and the smaller promises of `gouji check` on broken inputs."""
import io
import os
import subprocess
import sys
import zipfile

import pytest

from parser.errors import InputError, LimitError
from parser.limits import Limits
from parser.load import load

GOUJI = [sys.executable, "-m", "parser.cli"]
REPORT = "一、收入支出决算总体情况\n2024年度收入总计401.4万元，比上年增加83.97万元，增长26.45%。\n"


def gouji(*args):
    return subprocess.run(GOUJI + [str(a) for a in args], capture_output=True, text=True, timeout=600)


def one_line_exit_2(out):
    assert out.returncode == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr, out.stderr


def docx_bytes(paragraphs=("一、收入支出决算总体情况",), filler: int = 0) -> bytes:
    import docx
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    if not filler:
        return out.getvalue()
    rebuilt = io.BytesIO()                      # a zip bomb: one part of `filler` bytes of spaces compresses to little
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("word/padding.xml", b" " * filler)
    return rebuilt.getvalue()


def test_zip_bomb_refused_by_declared_size(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(docx_bytes(filler=3 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    with pytest.raises(LimitError, match="as declared.*--max-unpacked-mb"):
        load(path, limits=Limits(unpacked_mb=2))
    assert load(path).lines == ("一、收入支出决算总体情况",)


def test_zip_part_lying_about_its_size_is_refused(tmp_path):
    """A part whose header declares fewer bytes than it unpacks to: corrupt, never more than declared read."""
    data = bytearray(docx_bytes(filler=3 * 1024 * 1024))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        info = package.getinfo("word/padding.xml")
    central = data.rfind(b"PK\x01\x02", 0, len(data))
    while central != -1:                        # patch the central directory's size of the padding part to 10
        name_len = int.from_bytes(data[central + 28:central + 30], "little")
        if data[central + 46:central + 46 + name_len] == b"word/padding.xml":
            data[central + 24:central + 28] = (10).to_bytes(4, "little")
            break
        central = data.rfind(b"PK\x01\x02", 0, central)
    assert info.file_size == 3 * 1024 * 1024
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="corrupt"):
        load(path)


def test_line_too_long(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("收入" + "1" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(LimitError, match="characters in line 1: 2002.*--max-line-chars"):
        load(path, limits=Limits(line_chars=1000))


def test_too_many_lines(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("收入1万元。\n" * 50, encoding="utf-8")
    with pytest.raises(LimitError, match="lines: 50, over the limit of 10"):
        load(path, limits=Limits(lines=10))


def test_html_table_width_and_cells(tmp_path):
    path = tmp_path / "wide.html"
    row = "".join(f"<td>{i}</td>" for i in range(30))
    path.write_text(f"<html><body><table><tr>{row}</tr><tr>{row}</tr></table></body></html>", encoding="utf-8")
    with pytest.raises(LimitError, match="columns in a table row"):
        load(path, limits=Limits(table_width=20))
    with pytest.raises(LimitError, match="cells in a table"):
        load(path, limits=Limits(table_cells=40))
    assert len(load(path).lines) == 2


def test_html_spans_count_as_cells(tmp_path):
    path = tmp_path / "span.html"
    path.write_text('<html><body><table><tr><td rowspan="1000" colspan="1000">1</td><td>2</td></tr>'
                    + "<tr><td>3</td><td>4</td></tr>" * 5 + "</table></body></html>", encoding="utf-8")
    with pytest.raises(LimitError, match="cells in a table"):
        load(path, limits=Limits(table_cells=5000, table_width=5000))


def test_xlsx_rows(tmp_path):
    import openpyxl
    book = openpyxl.Workbook()
    for r in range(1, 40):
        book.active.append([f"项目{r}", r])
    path = tmp_path / "rows.xlsx"
    book.save(path)
    with pytest.raises(LimitError, match="lines"):
        load(path, limits=Limits(lines=20))


def test_utf16_html_with_bom_is_read(tmp_path):
    path = tmp_path / "u16.html"
    path.write_bytes("<html><body><p>2024年度收入总计401.4万元。</p></body></html>".encode("utf-16"))
    assert load(path).lines == ("2024年度收入总计401.4万元。",)


def test_zero_page_pdf_is_not_called_image_only(tmp_path):
    path = tmp_path / "zero.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                     b"trailer<</Root 1 0 R>>\n%%EOF\n")
    with pytest.raises(InputError, match="no pages") as err:
        load(path)
    assert err.value.status == "error"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_blocking(tmp_path):
    path = tmp_path / "fifo.txt"
    os.mkfifo(path)
    with pytest.raises(InputError, match="FIFO"):
        load(path)


def test_unreadable_file_is_an_input_error(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text(REPORT, encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(InputError, match="cannot be read.*Permission denied"):
        load(path)


def test_file_name_with_a_newline_gives_one_line(tmp_path):
    path = tmp_path / "bad\nname.txt"
    path.write_bytes(b"")
    out = gouji("check", path)
    one_line_exit_2(out)
    assert "bad\\nname.txt" in out.stderr


def test_check_timeout_and_limit_flags(tmp_path):
    slow = tmp_path / "slow.txt"
    slow.write_text("说明：" + "，".join(f"收入{i}.5万元" for i in range(8000)) + "。\n", encoding="utf-8")
    out = gouji("check", slow, "--timeout", "0.5")
    one_line_exit_2(out)
    assert "--timeout" in out.stderr
    out = gouji("check", slow, "--max-line-chars", "100")
    one_line_exit_2(out)
    assert "--max-line-chars" in out.stderr


def test_corrupt_pdf_warnings_stay_off_stderr(tmp_path):
    pdf = tmp_path / "bad.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
                    b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/Contents 4 0 R>>endobj\n4 0 obj<</Length 99>>stream\n"
                    b"BT /F1 12 Tf (x) Tj ET\nendstream\nendobj\nxref\n0 1\n0000000000 65535 f \ntrailer<</Root 1 0 R>>\n")
    out = gouji("check", pdf)
    one_line_exit_2(out)

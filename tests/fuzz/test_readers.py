"""Fuzz every reader with mutated bytes of real documents, and the whole check with mutated seed text
(issue 15). The only exception allowed is a typed InputError (LimitError included)."""
import io
import json
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parser.check import check_document
from parser.datatypes import Document
from parser.errors import InputError
from parser.limits import Limits
from parser.load import read_document
from tests.conftest import SEEDS, script_module
from tests.fuzz.budget import count, examples

CORPUS = SEEDS.parent / "corpus" / "real"
SMALL = Limits(max_mb=5, unpacked_mb=20, lines=20_000, line_chars=20_000, table_cells=20_000, table_width=200)


def seed_text(lines: int = 80) -> str:
    path = next(iter(sorted(SEEDS.glob("000_*.txt"))), None)
    if path is None:
        pytest.skip(f"no seeds in {SEEDS}")
    return "\n".join(path.read_text(encoding="utf-8").split("\n")[:lines]) + "\n"


@cache
def fixtures() -> dict[str, bytes]:
    """DOCX, HTML and XLSX copies of the first lines of seed 000 (scripts/make_format_fixtures.py)."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed.txt"
        seed.write_text(seed_text(), encoding="utf-8")
        paths = script_module("make_format_fixtures").make_fixtures(seed, Path(tmp) / "out")
        return {kind: path.read_bytes() for kind, path in paths.items()}


@cache
def real_pdf() -> bytes:
    """The first page of the smallest real PDF of the corpus."""
    pdfs = sorted(CORPUS.rglob("*.pdf"), key=lambda p: p.stat().st_size)
    if not pdfs:
        pytest.skip(f"no PDF in {CORPUS}")
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    writer.add_page(PdfReader(pdfs[0]).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@cache
def real_pagetext() -> bytes:
    found = sorted(CORPUS.rglob("*pagetext*.json"))
    if not found:
        pytest.skip(f"no page-text JSON in {CORPUS}")
    pages = json.loads(found[0].read_text(encoding="utf-8"))
    pages = pages[:2] if isinstance(pages, list) else pages
    return json.dumps(pages, ensure_ascii=False).encode()


@st.composite
def mutated(draw, original: bytes):
    """`original` with a few byte-level mutations: flips, insertions, deletions, repeats, a truncation."""
    data = bytearray(original)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        at = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
        op = draw(st.sampled_from(["flip", "byte", "insert", "delete", "repeat", "truncate", "digits"]))
        if op == "flip" and data:
            data[at] ^= 1 << draw(st.integers(min_value=0, max_value=7))
        elif op == "byte" and data:
            data[at] = draw(st.integers(min_value=0, max_value=255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[at:at + draw(st.integers(min_value=1, max_value=64))]
        elif op == "repeat":
            data[at:at] = data[at:at + draw(st.integers(min_value=1, max_value=64))] * draw(st.integers(1, 8))
        elif op == "truncate":
            del data[at:]
        else:                                             # a long run of digits: a figure of any length
            data[at:at] = b"9" * draw(st.integers(min_value=1, max_value=400))
    return bytes(data)


def read(data: bytes, name: str = "fuzz") -> None:
    """Read bytes as gouji does; only a typed input error may come out."""
    try:
        document = read_document(name, data, SMALL)
    except InputError as err:
        assert "\n" not in str(err)
        return
    assert isinstance(document, Document)


@st.composite
def mutated_part(draw, package: bytes, member: str):
    """A DOCX/XLSX package whose `member` XML is mutated (the package itself stays a valid ZIP)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item)
            if item.filename == member:
                content = draw(mutated(content))
            dst.writestr(item.filename, content)
    return out.getvalue()


@examples("text_reader")
@given(st.data())
def test_text_reader(data):
    count("text_reader")
    read(data.draw(mutated(seed_text(40).encode())))


@examples("json_reader")
@given(st.data())
def test_pagetext_reader(data):
    count("json_reader")
    read(data.draw(mutated(real_pagetext())))


@examples("html_reader")
@given(st.data(), st.sampled_from(["html", "html-gbk"]))
def test_html_reader(data, kind):
    count("html_reader")
    read(data.draw(mutated(fixtures()[kind])))


@examples("docx_reader")
@given(st.data())
def test_docx_reader(data):
    count("docx_reader")
    read(data.draw(mutated(fixtures()["docx"])))


@examples("docx_xml")
@given(st.data())
def test_docx_reader_on_mutated_xml(data):
    count("docx_xml")
    read(data.draw(mutated_part(fixtures()["docx"], "word/document.xml")))


@examples("xlsx_reader")
@given(st.data())
def test_xlsx_reader(data):
    count("xlsx_reader")
    read(data.draw(mutated(fixtures()["xlsx"])))


@examples("xlsx_xml")
@given(st.data())
def test_xlsx_reader_on_mutated_sheet(data):
    count("xlsx_xml")
    read(data.draw(mutated_part(fixtures()["xlsx"], "xl/worksheets/sheet1.xml")))


@examples("pdf_reader")
@given(st.data())
def test_pdf_reader(data):
    count("pdf_reader")
    read(data.draw(mutated(real_pdf())))


@examples("pipeline")
@given(st.data())
def test_check_on_mutated_seed_text(data):
    """The whole pipeline (layout, tables, claims, rules) on seed text with mutated characters."""
    count("pipeline")
    raw = data.draw(mutated(seed_text(60).encode()))
    text = raw.decode("utf-8", errors="ignore").replace("\x00", "")
    lines = tuple(text.split("\n"))
    if not any(line.strip() for line in lines) or max(map(len, lines)) > SMALL.line_chars:
        return
    report = check_document(Document(path="fuzz", sha256="0" * 64, format="txt", lines=lines))
    for finding in report.findings:
        assert 1 <= finding.line <= len(lines)

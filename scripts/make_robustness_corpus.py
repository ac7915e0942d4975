#!/usr/bin/env python3
"""Write a corpus of bad and awkward files for `gouji scan` to a folder.

    scripts/make_robustness_corpus.py DIR [--big-mb 50] [--numbers 200000]

Truncated and corrupt PDFs, zero-byte files, wrong extensions, GBK text, a big
text file, a file that keeps the checker busy for a very long time (one line of
60,000 figures), binary data and a duplicate. `CASES` says what each file is
and which statuses a scan may give it; tests/scan/test_robustness.py uses both.
"""
from __future__ import annotations

import argparse
import random
import zlib
from pathlib import Path

REPORT = """2024年度某某局部门决算公开
一、收入支出决算总体情况说明
2024年度收入总计401.4万元，比上年增加83.97万元，增长26.45%。其中：财政拨款收入381.4万元，其他收入20万元。
2024年度支出总计401.4万元，与年初预算相比，完成年初预算的98.5%。
二、财政拨款“三公”经费支出决算情况说明
2024年度“三公”经费财政拨款支出决算为21.4万元，其中：因公出国（境）费0万元，公务用车购置及运行费15.2万元，公务接待费6.2万元。
"""

# name → (what it is, statuses a scan may give it). PDFs may be `error` or `needs_ocr` depending on the reader.
CASES = {
    "good_report.txt": ("a small UTF-8 report", {"ok"}),
    "good_report_copy.dat": ("the same bytes under another name: a duplicate", {"ok"}),
    "report_named.pdf": ("UTF-8 report text with a .pdf extension", {"ok"}),
    "pdf_named.txt": ("a one-page PDF with a .txt extension", {"ok", "error", "needs_ocr"}),
    "zip_named.txt": ("a zip archive with a .txt extension", {"error"}),
    "truncated.pdf": ("the PDF cut off after 60% of its bytes", {"error", "needs_ocr"}),
    "corrupt.pdf": ("a PDF header followed by random bytes", {"error", "needs_ocr"}),
    "blank_page.pdf": ("a valid PDF whose page has no text", {"error", "needs_ocr"}),
    "zero.txt": ("zero bytes", {"error"}),
    "zero.pdf": ("zero bytes named .pdf", {"error"}),
    "whitespace.txt": ("only blank lines", {"error"}),
    "gbk_report.txt": ("the report encoded in GBK (read: GBK is decoded)", {"ok"}),
    "latin1.txt": ("Latin-1 bytes that are neither UTF-8 nor Chinese GBK", {"error"}),
    "binary.bin": ("random bytes with NULs", {"error"}),
    "html_named.txt": ("an HTML page with a .txt extension", {"ok", "error"}),
    "loop_numbers.txt": ("one line of very many figures: the checker works on it far too long", {"timeout"}),
    "big.txt": ("a big text report (50 MB by default)", {"timeout", "error"}),
}


def pdf_bytes(text: str | None) -> bytes:
    """A minimal valid one-page PDF, with one line of Helvetica text or an empty page."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
    stream = zlib.compress(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def zip_bytes() -> bytes:
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def loop_numbers(count: int, rng: random.Random) -> str:
    """One line with `count` amounts: the claim finder's work grows much faster than the line."""
    figures = "，".join(f"{rng.randint(1, 99999)}.{rng.randint(0, 99):02d}万元" for _ in range(count))
    return "一、收入支出决算总体情况说明\n收入合计" + figures + "。\n"


def write_big(path: Path, megabytes: float) -> None:
    """Repeat the report, with numbered sections, until the file has `megabytes` × 10⁶ bytes
    (the last block is cut at a line end and padded with spaces, so that the file stays valid UTF-8)."""
    target = int(megabytes * 1_000_000)
    block = REPORT.encode()
    with open(path, "wb") as handle:
        written, n = 0, 0
        while written < target:
            chunk = f"（{n}）\n".encode() + block
            if written + len(chunk) > target:
                room = target - written
                cut = chunk.rfind(b"\n", 0, room) + 1
                chunk = chunk[:cut] + b" " * (room - cut)
            handle.write(chunk)
            written += len(chunk)
            n += 1


def make(folder: Path, *, big_mb: float = 50, numbers: int = 60_000, seed: int = 7) -> list[Path]:
    """Write every file of CASES into `folder`; return their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    pdf = pdf_bytes("Revenue total 401.4")
    data = {
        "good_report.txt": REPORT.encode(),
        "good_report_copy.dat": REPORT.encode(),
        "report_named.pdf": REPORT.replace("某某局", "另一局").encode(),
        "pdf_named.txt": pdf,
        "zip_named.txt": zip_bytes(),
        "truncated.pdf": pdf[: len(pdf) * 6 // 10],
        "corrupt.pdf": b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(4096)),
        "blank_page.pdf": pdf_bytes(None),
        "zero.txt": b"",
        "zero.pdf": b"",
        "whitespace.txt": b"\n  \n\t\n\n",
        "gbk_report.txt": REPORT.encode("gbk"),
        "latin1.txt": "Rapport financier - dépenses 401,4 francs - année 2024 - été\n".encode("latin-1"),
        "binary.bin": bytes(rng.randrange(256) for _ in range(8192)),
        "html_named.txt": ("<!DOCTYPE html><html><body><p>" + REPORT.replace("\n", "</p><p>") + "</p></body></html>")
        .encode(),
        "loop_numbers.txt": loop_numbers(numbers, rng).encode(),
    }
    paths = []
    for name, content in data.items():
        path = folder / name
        path.write_bytes(content)
        paths.append(path)
    write_big(folder / "big.txt", big_mb)
    paths.append(folder / "big.txt")
    assert {p.name for p in paths} == set(CASES)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--big-mb", type=float, default=50, help="size of big.txt in MB (10^6 bytes; default 50)")
    ap.add_argument("--numbers", type=int, default=60_000,
                    help="figures on the line of loop_numbers.txt (default 60000: the checker's work on one line grows "
                         "much faster than the line; past about 90000 spaCy refuses the text at once)")
    args = ap.parse_args()
    for path in make(args.folder, big_mb=args.big_mb, numbers=args.numbers):
        print(f"{path}\t{path.stat().st_size}\t{CASES[path.name][0]}")


if __name__ == "__main__":
    main()

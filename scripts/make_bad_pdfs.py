#!/usr/bin/env python3
"""Write three unreadable PDFs made from a real one: image-only (no text layer), truncated, encrypted.

    scripts/make_bad_pdfs.py SOURCE.pdf OUT_DIR

The tests (tests/test_pdf_errors.py) build the same files into a temporary folder.
The encrypted one needs pypdf (a test-only dependency).
"""
from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

TRUNCATE_AT = 0.4          # keep this share of the bytes


def image_only_pdf(source: Path, out: Path, pages: int = 2, resolution: int = 50) -> Path:
    """Render the first pages to images and wrap them as a PDF: it looks the same but has no text."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(source))
    images = [document[i].render(scale=resolution / 72).to_pil().convert("RGB")
              for i in range(min(pages, len(document)))]
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=resolution)
    return out


def truncated_pdf(source: Path, out: Path) -> Path:
    data = source.read_bytes()
    out.write_bytes(data[:int(len(data) * TRUNCATE_AT)])
    return out


def encrypted_pdf(source: Path, out: Path, password: str = "gouji") -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(BytesIO(source.read_bytes())).pages[:2]:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password)
    with open(out, "wb") as handle:
        writer.write(handle)
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, folder = Path(argv[0]), Path(argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    for make, name in ((image_only_pdf, "image_only.pdf"), (truncated_pdf, "truncated.pdf"),
                       (encrypted_pdf, "encrypted.pdf")):
        print(make(source, folder / name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

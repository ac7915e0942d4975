#!/usr/bin/env python3
"""Intermediate for annotation: the narrative pages of real PDFs as pdfplumber's page.extract_text() lines.

Written while gouji's own PDF loader is built on another branch: records made from
these lines carry `"anchor": "pdfplumber-page-text"` and (page, line within the
page's text), so they can be re-anchored to gouji's line numbers later.
A page is narrative when pdfplumber finds no table on it and at least a third of
its lines carry sentence punctuation.

    scripts/pdf_pages.py ../shared/corpus/real/putuo-gbc/x.pdf ... --out annotations/pdf_text
"""
import argparse
import json
from pathlib import Path

import pdfplumber


def narrative_pages(path: Path):
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            lines = [line for line in (page.extract_text() or "").split("\n")]
            filled = [line for line in lines if line.strip()]
            prose = sum(1 for line in filled if "。" in line or "，" in line)
            if filled and not page.find_tables() and prose * 3 >= len(filled):
                yield number, lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=Path("annotations/pdf_text"))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for pdf in args.pdfs:
        rows = [{"doc": pdf.name, "page": page, "line": i, "text": text}
                for page, lines in narrative_pages(pdf) for i, text in enumerate(lines, 1)]
        target = args.out / (pdf.name + ".pages.jsonl")
        target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{pdf.name}: {len({r['page'] for r in rows})} narrative pages, {len(rows)} lines → {target}")


if __name__ == "__main__":
    main()

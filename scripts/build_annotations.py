#!/usr/bin/env python3
"""Build annotations/{seeds,real}/*.jsonl: the rules' labels for every mention, then the review log applied.

    scripts/build_annotations.py [--seeds ../shared/seeds] [--pdf-text annotations/pdf_text]

Pre-fill: each mention gets the labels of gouji's rules (source "rule", annotator "gouji-rules").
Review: annotations/review/<doc>.tsv lists what was checked and what was corrected (see GUIDE.md);
checked mentions get source "review", annotator "helper-session", and keep the rules' labels in `rule`.
Prints the rule-vs-review agreement per document.
"""
import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parser.annotations import LABEL_FIELDS, labels_dict, make_record, write_jsonl  # noqa: E402
from parser.check import detect_meta  # noqa: E402
from parser.claims import extract_claims  # noqa: E402
from parser.load import load  # noqa: E402
from parser.mentions import label_mentions  # noqa: E402
from parser.model import Document  # noqa: E402
from parser.segment import segment  # noqa: E402

REVIEWER = "helper-session"


def pdf_text_document(path: Path) -> tuple[Document, dict[int, tuple[int, int]]]:
    """A Document from the pdfplumber intermediate; global line → (page, line within page)."""
    rows = [json.loads(raw) for raw in path.read_text(encoding="utf-8").splitlines() if raw.strip()]
    lines, pages, where = [], [], {}
    previous = None
    for row in rows:
        if previous is not None and row["page"] != previous:
            lines.append("")
            pages.append(previous)
        lines.append(row["text"])
        pages.append(row["page"])
        where[len(lines)] = (row["page"], row["line"])
        previous = row["page"]
    text = "\n".join(lines)
    doc = Document(path=rows[0]["doc"], sha256=hashlib.sha256(text.encode()).hexdigest(), format="pdf",
                   lines=tuple(lines), pages=tuple(pages), page_count=max(pages))
    return doc, where


def prefill(doc_id: str, document: Document, where=None) -> list[dict]:
    meta = detect_meta(document)
    layout = segment(document)
    extraction = extract_claims(layout.paragraphs, meta.year, document.page_of)
    records = []
    for mention, labels, claim in label_mentions(layout.paragraphs, extraction.claims):
        extra = {}
        if where is None:
            page = None
        else:
            page, line = where[mention.line]
            mention = type(mention)(line, mention.span, mention.text,
                                    type(mention.sentence)(mention.sentence.text, line, mention.sentence.span,
                                                           mention.sentence.section), mention.quantity)
            extra["anchor"] = "pdfplumber-page-text"
        records.append(make_record(doc_id, page, mention, labels, "rule", "gouji-rules",
                                   rule=labels_dict(labels), **extra))
    return records


def read_review(path: Path, doc_id: str):
    """(checked line ranges, {mention id: {field: value}}) from a review log.

    A correction line is `LINE:START-END` (text) or `PAGE:LINE:START-END` (PDF text), a TAB,
    then `field=value` items separated by TABs; `checked<TAB>all|LINES|PAGE:LINES` marks what was read.
    """
    checked, fixes = [], {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        raw = raw.split("#", 1)[0].rstrip()
        if not raw.strip():
            continue
        head, *rest = raw.split("\t")
        if head == "checked":
            checked.append(rest[0])
            continue
        fields = {}
        for item in rest:
            name, value = item.split("=", 1)
            if name not in LABEL_FIELDS:
                raise SystemExit(f"{path}: unknown field {name!r} in {raw!r}")
            fields[name] = {"true": True, "false": False, "null": None}.get(value, value)
        key = f"{doc_id}:-:{head}" if head.count(":") == 1 else f"{doc_id}:{head}"
        fixes[key] = fields
    return checked, fixes


def in_checked(record: dict, checked: list[str]) -> bool:
    for item in checked:
        if item == "all":
            return True
        page, _, lines = item.rpartition(":")
        a, _, b = lines.partition("-")
        if (page == "" or str(record["page"]) == page) and int(a) <= record["line"] <= int(b or a):
            return True
    return False


def apply_review(records: list[dict], review: Path) -> tuple[int, int, int]:
    """Mark checked records as reviewed and apply the corrections; (checked, changed labels, changed records)."""
    if not review.exists():
        return 0, 0, 0
    checked, fixes = read_review(review, records[0]["doc"] if records else "")
    ids = {r["id"] for r in records}
    unknown = sorted(set(fixes) - ids)
    if unknown:
        raise SystemExit(f"{review}: corrections for mentions that do not exist: {unknown[:5]}")
    n_checked = n_labels = n_records = 0
    for record in records:
        if not in_checked(record, checked) and record["id"] not in fixes:
            continue
        n_checked += 1
        fix = fixes.get(record["id"], {})
        changed = [k for k, v in fix.items() if record["labels"][k] != v]
        record["labels"].update(fix)
        n_labels += len(changed)
        n_records += bool(changed)
        record["sources"] = {name: "review" for name in LABEL_FIELDS}
        record["annotator"] = REVIEWER
    return n_checked, n_labels, n_records


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--pdf-text", type=Path, default=ROOT / "annotations" / "pdf_text")
    ap.add_argument("--out", type=Path, default=ROOT / "annotations")
    args = ap.parse_args()
    jobs = [(p.stem, "seeds", lambda p=p: (load(p), None)) for p in sorted(args.seeds.glob("*.txt"))]
    jobs += [(p.name[:-len(".pages.jsonl")], "real", lambda p=p: pdf_text_document(p)) for p in sorted(args.pdf_text.glob("*.pages.jsonl"))]
    total = [0, 0, 0, 0]
    print("doc\tmentions\tchecked\tlabels changed\tmentions changed")
    for doc_id, folder, make in jobs:
        document, where = make()
        records = prefill(doc_id, document, where)
        stats = apply_review(records, args.out / "review" / f"{doc_id}.tsv")
        write_jsonl(args.out / folder / f"{doc_id}.jsonl", records)
        print(f"{doc_id}\t{len(records)}\t{stats[0]}\t{stats[1]}\t{stats[2]}")
        for i, v in enumerate((len(records),) + stats):
            total[i] += v
    print("total\t" + "\t".join(map(str, total)))


if __name__ == "__main__":
    main()

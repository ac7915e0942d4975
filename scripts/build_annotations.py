#!/usr/bin/env python3
"""Build annotations/{seeds,real}/*.jsonl: the rules' labels for every mention, reviewed labels kept.

    scripts/build_annotations.py [--seeds ../shared/seeds] [--corpus ../shared/corpus/real] [--add FILE ...]

Pre-fill: each mention of the text gouji reads (`gouji text FILE --numbers` lines) gets the labels of
gouji's current rules (parser.check.read_claims; source "rule", annotator "gouji-rules"); `rule`
keeps them, with the rule's confidence and the document's kind and year in `context`.
Reviewed labels are kept: a mention that was already checked (source review or human in the
existing file) keeps its labels. Then the review log annotations/review/<doc>.tsv is applied:
what it marks as checked becomes source "review", annotator "helper-session", with its corrections.
Documents: the five seeds, every real document that already has a file in annotations/real or a
review log, and the files given with --add. Prints the rule-vs-review agreement per document.
"""
import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parser.check import read_claims  # noqa: E402
from parser.load import load  # noqa: E402
from training.annotations import LABEL_FIELDS, labels_dict, make_record, write_jsonl  # noqa: E402
from training.mentions import label_mentions  # noqa: E402

REVIEWER = "helper-session"
GOLD = ("review", "human")


def prefill(doc_id: str, path: Path) -> list[dict]:
    """One record per mention with the rules' labels (what the checker's rules say before the model)."""
    document = load(path)
    meta, layout, extraction = read_claims(document)
    paged = document.format == "pdf"
    records = []
    for mention, labels, claim in label_mentions(layout.paragraphs, extraction.claims):
        context = {"doc_kind": meta.kind, "doc_year": meta.year,
                   "rule_confidence": None if claim is None else claim.confidence}
        page = document.page_of(mention.line) if paged else None
        records.append(make_record(doc_id, page, mention, labels, "rule", "gouji-rules",
                                   rule=labels_dict(labels), context=context))
    return records


def keep_reviewed(records: list[dict], previous: Path) -> tuple[int, list[str]]:
    """Copy the checked labels of the previous build onto the new records; (kept, ids no longer found)."""
    if not previous.exists():
        return 0, []
    old = {}
    for raw in previous.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            r = json.loads(raw)
            if any(s in GOLD for s in r["sources"].values()):
                old[r["id"]] = r
    kept = 0
    for record in records:
        r = old.pop(record["id"], None)
        if r is not None:
            record["labels"], record["sources"], record["annotator"] = r["labels"], r["sources"], r["annotator"]
            kept += 1
    return kept, sorted(old)


def read_review(path: Path, doc_id: str, page_of) -> tuple[list[str], dict]:
    """(checked line ranges, {mention id: {field: value}}) from a review log.

    A correction line is `LINE:START-END`, a TAB, then `field=value` items separated by TABs;
    `checked<TAB>all|LINE-LINE|LINE` marks what was read. Lines are gouji's line numbers.
    `fields<TAB>kind,role,is_claim` (once, anywhere) says which labels were checked; the others keep
    their source (a metric not read stays `rule`). Without it all four labels were checked.
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
        if head == "fields":
            checked.append("fields=" + rest[0])
            continue
        fields = {}
        for item in rest:
            name, value = item.split("=", 1)
            if name not in LABEL_FIELDS:
                raise SystemExit(f"{path}: unknown field {name!r} in {raw!r}")
            fields[name] = {"true": True, "false": False, "null": None}.get(value, value)
        line, _, span = head.partition(":")
        page = page_of(int(line))
        fixes[f"{doc_id}:{'-' if page is None else page}:{head}"] = fields
    return checked, fixes


def checked_fields(checked: list[str]) -> tuple[str, ...]:
    """The label fields a review log says were checked (all four unless a `fields` line says otherwise)."""
    for item in checked:
        if item.startswith("fields="):
            return tuple(item[len("fields="):].split(","))
    return LABEL_FIELDS


def in_checked(record: dict, checked: list[str]) -> bool:
    for item in checked:
        if item.startswith("fields="):
            continue
        if item == "all":
            return True
        a, _, b = item.partition("-")
        if int(a) <= record["line"] <= int(b or a):
            return True
    return False


def apply_review(records: list[dict], review: Path) -> tuple[int, int]:
    """Mark checked records as reviewed and apply the corrections; (newly checked, corrections)."""
    if not review.exists() or not records:
        return 0, 0
    pages = {r["line"]: r["page"] for r in records}
    checked, fixes = read_review(review, records[0]["doc"], pages.get)
    unknown = sorted(set(fixes) - {r["id"] for r in records})
    if unknown:
        raise SystemExit(f"{review}: corrections for mentions that do not exist: {unknown[:5]}")
    n_new = n_fixed = 0
    for record in records:
        fix = fixes.get(record["id"])
        if fix is None and not in_checked(record, checked):
            continue
        if record["annotator"] != REVIEWER:
            n_new += 1
        if fix:
            n_fixed += any(record["labels"][k] != v for k, v in fix.items())
            record["labels"].update(fix)
        fields = checked_fields(checked)
        record["sources"] = {name: "review" if name in fields or name in (fix or {}) else record["sources"][name]
                             for name in LABEL_FIELDS}
        record["annotator"] = REVIEWER
    return n_new, n_fixed


def agreement(records: list[dict]) -> tuple[int, Counter]:
    """(reviewed mentions, {field: how many the review changed from the current rules})."""
    reviewed = [r for r in records if any(s in GOLD for s in r["sources"].values())]
    changed = Counter(k for r in reviewed for k in LABEL_FIELDS if r["labels"][k] != r["rule"][k])
    changed["any"] = sum(1 for r in reviewed if r["labels"] != r["rule"])
    return len(reviewed), changed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    ap.add_argument("--add", type=Path, nargs="*", default=[], help="more real documents to pre-fill")
    ap.add_argument("--out", type=Path, default=ROOT / "annotations")
    args = ap.parse_args()
    jobs = [(p.stem, "seeds", p) for p in sorted(args.seeds.glob("*.txt"))]
    names = {p.name[:-len(".jsonl")] for p in (args.out / "real").glob("*.jsonl")}
    names |= {p.name[:-len(".tsv")] for p in (args.out / "review").glob("*.tsv")} - {j[0] for j in jobs}
    names |= {p.name for p in args.add}
    corpus = {p.name: p for p in args.corpus.rglob("*") if p.is_file()} | {p.name: p for p in args.add}
    missing = sorted(names - set(corpus))
    if missing:
        raise SystemExit(f"not in {args.corpus}: {', '.join(missing)}")
    jobs += [(name, "real", corpus[name]) for name in sorted(names)]
    total = Counter()
    print("doc\tmentions\treviewed\tkept\tnewly checked\tcorrections\trule≠review: any kind role metric is_claim\tlost")
    for doc_id, folder, path in jobs:
        target = args.out / folder / f"{doc_id}.jsonl"
        records = prefill(doc_id, path)
        kept, lost = keep_reviewed(records, target)
        new, fixed = apply_review(records, args.out / "review" / f"{doc_id}.tsv")
        write_jsonl(target, records)
        n, changed = agreement(records)
        row = [len(records), n, kept, new, fixed] + [changed[k] for k in ("any",) + LABEL_FIELDS] + [len(lost)]
        print(f"{doc_id}\t" + "\t".join(map(str, row)))
        for lost_id in lost[:5]:
            print(f"  lost reviewed mention (no longer found): {lost_id}", file=sys.stderr)
        total.update(dict(zip(("mentions", "reviewed", "kept", "new", "fixed", "any") + LABEL_FIELDS + ("lost",), row)))
    print("total\t" + "\t".join(str(total[k]) for k in ("mentions", "reviewed", "kept", "new", "fixed", "any")
                                + LABEL_FIELDS + ("lost",)))
    if total["reviewed"]:
        print(f"rule-vs-review agreement (all four labels): {1 - total['any'] / total['reviewed']:.3f} "
              f"over {total['reviewed']} reviewed mentions")


if __name__ == "__main__":
    main()

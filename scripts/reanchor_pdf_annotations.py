#!/usr/bin/env python3
"""One-off: move reviewed PDF records from pdfplumber page-text anchors to gouji's own lines.

The first round annotated PDFs on pdfplumber's page.extract_text() lines (page, line within page).
gouji's PDF loader reflows lines, so a mention's line and span change. Per page, the reviewed
mentions are aligned with the mentions gouji now finds (difflib on their digits, in reading order);
matched ones get their reviewed labels at the new (line, span); the review log is rewritten with
gouji's line numbers. Prints what could not be matched (to be checked again by hand).

    scripts/reanchor_pdf_annotations.py
"""
import difflib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_annotations import prefill  # noqa: E402
from parser.annotations import write_jsonl  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "real"


def key(text: str) -> str:
    return re.sub(r"[^0-9.%]", "", text)


def main():
    for old_file in sorted((ROOT / "annotations" / "real").glob("*.jsonl")):
        doc = old_file.name[:-len(".jsonl")]
        old = [json.loads(x) for x in old_file.read_text(encoding="utf-8").splitlines() if x.strip()]
        reviewed = [r for r in old if r["annotator"] == "helper-session"]
        if not reviewed:
            continue
        new = prefill(doc, next(CORPUS.rglob(doc)))
        old_to_new = {}
        pages = sorted({r["page"] for r in reviewed})
        for page in pages:
            a = sorted((r for r in reviewed if r["page"] == page), key=lambda r: (r["line"], r["span"][0]))
            b = [r for r in new if r["page"] == page]
            matcher = difflib.SequenceMatcher(None, [key(r["text"]) for r in a], [key(r["text"]) for r in b],
                                              autojunk=False)
            for block in matcher.get_matching_blocks():
                for i in range(block.size):
                    old_to_new[a[block.a + i]["id"]] = b[block.b + i]
        by_id = {r["id"]: r for r in new}
        for r in reviewed:
            target = old_to_new.get(r["id"])
            if target is None:
                print(f"{doc}: not matched {r['id']} {r['text']!r} in {r['sentence'][:40]!r}")
                continue
            by_id[target["id"]]["labels"] = r["labels"]
            by_id[target["id"]]["sources"] = r["sources"]
            by_id[target["id"]]["annotator"] = r["annotator"]
        unmatched = [r for r in new if r["page"] in pages and r["annotator"] != "helper-session"]
        for r in unmatched:
            print(f"{doc}: new mention on a reviewed page, not reviewed yet {r['id']} {r['text']!r}")
        write_jsonl(old_file, new)
        review = ROOT / "annotations" / "review" / f"{doc}.tsv"
        out = []
        for raw in review.read_text(encoding="utf-8").splitlines():
            head, *rest = raw.split("\t")
            if raw.startswith("#") or head == "checked":
                if head == "checked":
                    out.append(f"# checked: pages {', '.join(map(str, pages))} (re-anchored to gouji's lines)")
                    for page in pages:
                        lines = sorted(r["line"] for r in new if r["page"] == page)
                        if lines:
                            out.append(f"checked\t{lines[0]}-{lines[-1]}\t# p{page}")
                else:
                    out.append(raw.replace("its pdfplumber line", "its line"))
                continue
            page, line, span = head.split(":")
            target = old_to_new.get(f"{doc}:{page}:{line}:{span}")
            if target is None:
                out.append(f"# (not re-anchored) {raw}")
                continue
            out.append("\t".join([f"{target['line']}:{target['span'][0]}-{target['span'][1]}"] + rest))
        review.write_text("\n".join(out) + "\n", encoding="utf-8")
        print(f"{doc}: {len(old_to_new)}/{len(reviewed)} reviewed mentions re-anchored, "
              f"{len(unmatched)} new mentions on reviewed pages")


if __name__ == "__main__":
    main()

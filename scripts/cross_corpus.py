#!/usr/bin/env python3
"""The crosscheck measured on a folder of real documents (issue 14).

Checks every document under FOLDER (a narrative and its `*_tables.pdf` read together, as
`gouji check NARRATIVE --tables TABLES` does), crosschecks them all at once and prints every series,
every pair of documents compared with the number of facts compared and agreeing, the series that could
not be linked, and every cross finding with both quotes. With --verdicts FILE, prints how many findings
the hand-checked verdicts call real.

    scripts/cross_corpus.py ../shared/corpus/real --cache /tmp/cross_cache --verdicts tests/cross/verdicts.jsonl
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import pickle
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import parser  # noqa: E402
from parser.cross.check import crosscheck_reports  # noqa: E402
from parser.cross.cli import render_text  # noqa: E402

READABLE = (".pdf", ".txt", ".docx", ".html", ".json", ".xls", ".xlsx")
MAX_DOCUMENTS = 10_000


def documents(folder: str) -> list[tuple[str, str | None]]:
    """(narrative, its tables file or None) for every document under the folder; tables files and the
    reviewers' checklists are not documents of their own."""
    out = []
    for path in sorted(glob.glob(os.path.join(folder, "**", "*"), recursive=True))[:MAX_DOCUMENTS]:
        name = os.path.basename(path)
        if not name.endswith(READABLE) or name.endswith("_tables.pdf") or "CHECKLIST" in name:
            continue
        tables = path[:-4] + "_tables.pdf" if path.endswith(".pdf") else None
        out.append((path, tables if tables and os.path.exists(tables) else None))
    return out


def report_of(path: str, tables: str | None, cache: str | None):
    target = os.path.join(cache, os.path.basename(path) + ".pkl") if cache else None
    if target and os.path.exists(target):
        with open(target, "rb") as handle:
            return pickle.load(handle)
    report = parser.check(path, tables=tables)
    if cache and target:
        os.makedirs(cache, exist_ok=True)
        with open(target, "wb") as handle:
            pickle.dump(report, handle)
    return report


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    args.add_argument("folder")
    args.add_argument("--cache", help="keep each document's report here (pickles) to re-run quickly")
    args.add_argument("--verdicts", help="hand-checked verdicts (JSON Lines) to score the findings with")
    args.add_argument("--jsonl", help="write the findings here, one JSON object per line")
    opts = args.parse_args()
    reports = []
    for path, tables in documents(opts.folder):
        reports.append(report_of(path, tables, opts.cache))
        print(f"checked {os.path.basename(path)}{' + ' + os.path.basename(tables) if tables else ''}", file=sys.stderr)
    result = crosscheck_reports(reports)
    sys.stdout.write(render_text(result))
    total = sum(p[10] for p in result.pairs)
    print(f"\n{len(reports)} documents, {len(result.pairs)} pairs, {total} facts compared, "
          f"{len(result.findings)} findings ({result.seconds:.2f} s for the crosscheck)")
    if opts.jsonl:
        with open(opts.jsonl, "w", encoding="utf-8") as handle:
            for f in result.findings:
                handle.write(json.dumps(key_of(f), ensure_ascii=False) + "\n")
    if opts.verdicts:
        score(result.findings, opts.verdicts)
    return 0


def key_of(f: dict) -> dict:
    return {"path": os.path.basename(f["path"]), "line": f["line"], "other_path": os.path.basename(f["other_path"]),
            "other_line": f["other_line"], "stated": f["stated"], "expected": f["expected"],
            "severity": f["severity"], "quote": f["quote"], "other_quote": f["other_quote"]}


def score(findings: list[dict], verdicts_path: str) -> None:
    with open(verdicts_path, encoding="utf-8") as handle:
        verdicts = [json.loads(line) for line in handle if line.strip()]
    index = {(v["path"], v["line"], v["other_path"], v["stated"], v["expected"]): v["verdict"] for v in verdicts}
    judged = [index.get((k["path"], k["line"], k["other_path"], k["stated"], k["expected"]))
              for k in map(key_of, findings)]
    real = judged.count("real")
    print(f"verdicts: {real} real, {judged.count('false')} false, {judged.count(None)} not yet judged "
          f"of {len(findings)} findings" + (f"; {real / len(findings):.0%} real" if findings else ""))


if __name__ == "__main__":
    sys.exit(main())

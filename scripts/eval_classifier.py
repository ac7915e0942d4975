#!/usr/bin/env python3
"""End-to-end effect of the claim classifier on the seeds: contradiction recall with and without it.

Recall is measured on the hand-checked contradictions of tests/golden/test_seeds.py (EXPECTED);
the script also prints how many error/warning findings each mode gives and how many claims the
classifier relabelled.

    scripts/eval_classifier.py
"""
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parser.check import check  # noqa: E402
from tests.golden.test_seeds import EXPECTED  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def found(report, line, rule, quote):
    return any(f.line == line and f.rule == rule and (quote in f.quote or f.quote in quote)
               for f in report.findings if f.severity in ("error", "warning"))


def run(mode):
    if mode == "rules only":
        os.environ["GOUJI_MODEL"] = str(ROOT / "models" / "absent.skops")
    else:
        os.environ.pop("GOUJI_MODEL", None)
    reports = {p.name[:3]: check(p) for p in sorted(SEEDS.glob("*.txt"))}
    hits = sum(found(reports[p], line, rule, quote) for p, line, rule, quote in EXPECTED)
    flagged = sum(1 for r in reports.values() for f in r.findings if f.severity in ("error", "warning"))
    return hits, flagged, reports


def main():
    logging.basicConfig(level=logging.ERROR)
    base_hits, base_flagged, base = run("rules only")
    hits, flagged, with_model = run("classifier")
    changed = sum(1 for k in base for a, b in zip(base[k].claims, with_model[k].claims)
                  if (a.kind, a.role) != (b.kind, b.role))
    n = len(EXPECTED)
    print(f"contradiction recall on the seeds ({n} hand-checked contradictions)")
    print(f"  rules only:      {base_hits}/{n} = {base_hits / n:.3f}   ({base_flagged} error/warning findings)")
    print(f"  with classifier: {hits}/{n} = {hits / n:.3f}   ({flagged} error/warning findings, "
          f"{changed} claims relabelled)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""How many of the real corpus's numeric findings are real, and how many share statements are checked.

    scripts/real_verdicts.py               # checks every document of ../shared/corpus/real (about a minute)
    scripts/real_verdicts.py REPORTS_DIR   # reads the reports `scripts/compare_reports.py write` left there

Each error/warning finding of a numeric rule (unit, share, change, rate, sum, mismatch) is matched by
(document, line, rule, quote) to the verdicts read by hand against the documents
(tests/golden/real_numeric_verdicts.jsonl: `real` or `false`); a finding with no verdict is listed as
unjudged, to be read. Share statements are the claims of kind `share`; checked = consistent or contradicted.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERDICTS = ROOT / "tests" / "golden" / "real_numeric_verdicts.jsonl"
NUMERIC_RULES = {"unit", "share", "change", "rate", "sum", "mismatch"}


def reports_from(folder: Path | None) -> dict[str, dict]:
    """Report name (`corpus__real__…pdf`) → its JSON report."""
    if folder is not None:
        return {p.name[:-len(".json")]: json.loads(p.read_text(encoding="utf-8"))
                for p in sorted(folder.glob("corpus__real__*.json"))}
    sys.path.insert(0, str(ROOT / "scripts"))
    from compare_reports import documents

    import parser

    out = {}
    for name, path, tables in documents():
        if name.startswith("corpus/real/"):
            out[name.replace("/", "__")] = parser.to_dict(parser.check(str(path), tables=str(tables) if tables else None))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reports", nargs="?", type=Path, help="a folder written by scripts/compare_reports.py write")
    args = ap.parse_args()
    verdicts = {(v["doc"], v["line"], v["rule"], v["quote"]): v["verdict"]
                for v in map(json.loads, VERDICTS.read_text(encoding="utf-8").splitlines()) if v}
    counts: Counter = Counter()
    shares: Counter = Counter()
    unjudged = []
    for name, report in reports_from(args.reports).items():
        for finding in report.get("findings", []):
            if finding["rule"] in NUMERIC_RULES and finding["severity"] in ("error", "warning"):
                verdict = verdicts.get((name, finding["line"], finding["rule"], finding["quote"]))
                counts[verdict or "unjudged"] += 1
                if verdict is None:
                    unjudged.append(f"  unjudged {name}:{finding['line']} {finding['rule']} {finding['message']}")
        for claim in report.get("claims", []):
            if claim["kind"] == "share":
                shares["checked" if claim["status"] in ("consistent", "contradicted") else "unchecked"] += 1
    reported = sum(counts.values())
    print(f"numeric findings (error/warning): {reported}; real {counts['real']}, false {counts['false']}, "
          f"unjudged {counts['unjudged']}")
    print(f"share statements: {sum(shares.values())}; checked {shares['checked']}, unverifiable {shares['unchecked']}")
    print("\n".join(unjudged))
    return 0


if __name__ == "__main__":
    sys.exit(main())

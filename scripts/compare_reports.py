#!/usr/bin/env python3
"""Write or compare the JSON reports of the seeds, the real corpus and the web corpus.

    scripts/compare_reports.py write DIR      # one JSON file per document (timings dropped)
    scripts/compare_reports.py diff OLD NEW   # which documents' reports differ, and where

Used to show that a change meant to keep behaviour (a package move, a refactoring) leaves every
report identical apart from timings. A narrative published with its tables in a second file
(`*_tables.pdf`) is checked with them, as `gouji check NARRATIVE --tables TABLES` does.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SUFFIXES = {".txt", ".pdf", ".json", ".docx", ".html", ".xlsx"}


def documents() -> list[tuple[str, Path, Path | None]]:
    """(name, narrative, tables file or None) of every document compared."""
    found: list[tuple[str, Path, Path | None]] = [(f"seeds/{p.name}", p, None) for p in sorted((SHARED / "seeds").glob("*.txt"))]
    real = SHARED / "corpus" / "real"
    for path in sorted(real.rglob("*")):
        if path.suffix not in SUFFIXES or path.name.endswith("_tables.pdf") or "CHECKLIST" in path.name:
            continue
        tables = path.with_name(path.stem + "_tables.pdf")
        found.append((str(path.relative_to(SHARED)), path, tables if tables.exists() else None))
    web = SHARED / "corpus" / "web"
    found += [(str(p.relative_to(SHARED)), p, None) for p in sorted(web.glob("*.txt"))]
    return found


def without_timings(report: dict) -> dict:
    report.get("stats", {}).pop("seconds", None)
    return report


def write(out: Path) -> None:
    import parser

    out.mkdir(parents=True, exist_ok=True)
    for name, path, tables in documents():
        target = out / (name.replace("/", "__") + ".json")
        try:
            report = parser.check(str(path), tables=str(tables) if tables else None)
            data = without_timings(parser.to_dict(report))
        except parser.GoujiError as err:
            data = {"error": f"{type(err).__name__}: {err}"}
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        print(name, file=sys.stderr)


def diff(old: Path, new: Path) -> int:
    names = sorted({p.name for p in old.glob("*.json")} | {p.name for p in new.glob("*.json")})
    differing = 0
    for name in names:
        a, b = old / name, new / name
        if not (a.exists() and b.exists()):
            print(f"{name}: only in {'old' if a.exists() else 'new'}")
            differing += 1
            continue
        da, db = json.loads(a.read_text(encoding="utf-8")), json.loads(b.read_text(encoding="utf-8"))
        if da != db:
            differing += 1
            keys = sorted(k for k in set(da) | set(db) if da.get(k) != db.get(k))
            print(f"{name}: differs in {', '.join(keys)}")
    print(f"{len(names)} reports compared, {len(names) - differing} identical, {differing} differ")
    return 1 if differing else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write", help="write one JSON report per document into DIR")
    w.add_argument("dir", type=Path)
    d = sub.add_parser("diff", help="compare two folders written by `write`")
    d.add_argument("old", type=Path)
    d.add_argument("new", type=Path)
    args = ap.parse_args()
    if args.command == "write":
        write(args.dir)
        return 0
    return diff(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The crosscheck at scale: a database of N documents' facts (synthetic copies of a scanned corpus with
shifted years and body names) crosschecked; prints the seconds and DuckDB's plan of the comparison join.

    gouji scan ../shared/corpus/real --db corpus.duckdb        # the facts to copy
    scripts/bench_cross.py --source corpus.duckdb --documents 10000

Each copy k renames every body (`甲局#k`) and shifts every year by 3·(k mod 7), so the series stay series
(a 2018 预算 still states figures of its own 2017 预算) and the copies never link with each other.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from parser.cross.check import crosscheck, explain  # noqa: E402
from parser.scan.schema import COLUMNS  # noqa: E402
from parser.scan.store import connect, escape  # noqa: E402

COPY_DOCUMENTS = """
INSERT INTO documents ({cols})
SELECT {select}
FROM src.documents d, range(?) AS r(k)
WHERE d.status = 'ok' AND d.body IS NOT NULL AND EXISTS (SELECT 1 FROM src.cross_facts f WHERE f.sha256 = d.sha256)
"""

COPY_FACTS = """
INSERT INTO cross_facts ({cols})
SELECT {select}
FROM src.cross_facts f JOIN src.documents d USING (sha256), range(?) AS r(k)
WHERE d.status = 'ok' AND d.body IS NOT NULL
"""


def shifted(column: str, table: str) -> str:
    """The SQL expression of a copied column: new key, new body name, shifted years."""
    if column == "sha256":
        return "d.sha256 || '-' || k" if table == "documents" else "f.sha256 || '-' || k"
    if table == "documents" and column == "body":
        return "d.body || '#' || k"
    if table == "documents" and column == "year":
        return "d.year + 3 * (k % 7)"
    if table == "documents" and column == "path":
        return "d.path || '#' || k"
    if table == "cross_facts" and column == "year_ref":
        return "f.year_ref + 3 * (k % 7)"
    return ("d." if table == "documents" else "f.") + column


def build(source: str, target: str, documents: int) -> tuple[int, int]:
    """Fill `target` with copies of `source`'s documents and facts until about `documents` documents."""
    con = connect(target)
    con.execute(f"ATTACH '{escape(source)}' AS src (READ_ONLY)")
    per_copy = con.execute("SELECT count(*) FROM src.documents d WHERE status = 'ok' AND body IS NOT NULL AND EXISTS "
                           "(SELECT 1 FROM src.cross_facts f WHERE f.sha256 = d.sha256)").fetchone()[0]
    if not per_copy:
        raise SystemExit(f"{source}: no documents with cross facts (scan the corpus with this gouji first)")
    copies = -(-documents // per_copy)
    for table, sql in (("documents", COPY_DOCUMENTS), ("cross_facts", COPY_FACTS)):
        cols = [c for c, _ in COLUMNS[table]]
        con.execute(sql.format(cols=", ".join(cols), select=", ".join(shifted(c, table) for c in cols)), [copies])
    con.execute("DETACH src")
    counts = (con.execute("SELECT count(*) FROM documents").fetchone()[0],
              con.execute("SELECT count(*) FROM cross_facts").fetchone()[0])
    con.close()
    return counts


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--source", required=True, help="a scan database of the corpus (gouji scan … --db FILE)")
    args.add_argument("--documents", type=int, default=10_000)
    args.add_argument("--keep", help="write the synthetic database here instead of a temporary file")
    opts = args.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        target = opts.keep or os.path.join(tmp, "bench.duckdb")
        started = time.perf_counter()
        docs, facts = build(opts.source, target, opts.documents)
        print(f"built {docs} documents, {facts} facts in {time.perf_counter() - started:.1f} s")
        con = connect(target)
        started = time.perf_counter()
        result = crosscheck(con)
        seconds = time.perf_counter() - started
        compared = sum(p[10] for p in result.pairs)
        print(f"crosscheck: {seconds:.2f} s for {docs} documents, {facts} facts; {len(result.pairs)} pairs, "
              f"{compared} facts compared, {len(result.findings)} findings")
        print("plan of the comparison join (EXPLAIN):")
        print(explain(con))
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

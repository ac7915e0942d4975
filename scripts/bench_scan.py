#!/usr/bin/env python3
"""Documents per second of `gouji scan` with 1 job, 2 jobs and the Dask engine on the same input,
and the peak memory of a worker process (target: 2 jobs ≥ 1.7 × 1 job on a 2-core machine).

    scripts/bench_scan.py [--copies 60] [--seeds ../shared/seeds] [--keep DIR]

The input is COPIES copies of the seeds, each with different bytes so that each is its own
document. Two rates are printed: over the whole command (start-up of the worker processes
included) and in steady state (between the first and the last committed document, from the
database's own timestamps); each set-up runs --repeat times and the best run is shown. The
machine's load average is printed too: other work on the machine lowers the figures.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_corpus(seeds: Path, folder: Path, copies: int) -> int:
    sources = sorted(seeds.glob("*.txt"))
    if not sources:
        sys.exit(f"no seeds in {seeds}")
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        source = sources[i % len(sources)]
        (folder / f"copy{i:04d}_{source.name}").write_bytes(source.read_bytes() + b"\n" + b" " * (i + 1) + b"\n")
    return copies


def run(folder: Path, db: Path, *options: str) -> float:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "parser.cli", "scan", str(folder), "--db", str(db), "-q", *options],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        sys.exit(f"scan failed: {out.stderr.strip()}")
    return time.perf_counter() - started


def figures(db: Path) -> tuple[int, float, float, float]:
    """Documents, steady seconds (first to last commit), total checking seconds, peak worker RSS."""
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    row = con.execute(
        "SELECT count(*), min(checked_at), max(checked_at), sum(seconds), max(peak_rss_mb) FROM documents "
        "WHERE status = 'ok'").fetchone()
    assert row is not None                              # an aggregate gives one row
    n, first, last, busy, peak = row
    con.close()
    return n, (last - first).total_seconds(), busy, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=60)
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--keep", type=Path, help="build the corpus and databases here and keep them")
    ap.add_argument("--repeat", type=int, default=2, help="runs of each set-up; the best is shown (default 2)")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="gouji-bench-"))
    folder = work / "corpus"
    n = make_corpus(args.seeds, folder, args.copies)
    print(f"{n} documents (copies of {args.seeds}); {os.cpu_count()} CPUs; "
          f"load average before: {os.getloadavg()[0]:.2f}")
    print(f"{'engine':16} {'wall s':>7} {'docs/s':>7} {'steady docs/s':>14} {'speed-up':>9} {'peak MB/worker':>15}")
    base = None
    for name, options in (("local, 1 job", ["--jobs", "1"]), ("local, 2 jobs", ["--jobs", "2"]),
                          ("dask, 2 workers", ["--engine", "dask", "--jobs", "2"])):
        best = None
        for attempt in range(args.repeat):
            db = work / f"{name.split(',')[0]}-{options[-1]}-{attempt}.duckdb"
            for stale in (db, Path(str(db) + ".wal")):
                stale.unlink(missing_ok=True)
            wall = run(folder, db, *options)
            done, steady, _busy, peak = figures(db)
            rate = (done - 1) / steady if steady > 0 else float("nan")
            if best is None or rate > best[2]:
                best = (wall, done, rate, peak)
        assert best is not None                          # --repeat is at least 1
        wall, done, rate, peak = best
        base = base or rate
        print(f"{name:16} {wall:7.1f} {done / wall:7.2f} {rate:14.2f} {rate / base:8.2f}× {peak:15.0f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

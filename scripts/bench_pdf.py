#!/usr/bin/env python3
"""PDF reading speed and memory: pages per second (CPU and wall clock) for every text-layer PDF of
the corpus, tables included, then the peak RSS of reading the largest PDF in a fresh process.

    scripts/bench_pdf.py [CORPUS_DIR]        # default: ../shared/corpus/real

Target: ≥ 10 pages/s on one core (CPU time; wall time suffers when the machine is busy).
Nothing is cached across runs or files.
"""
import resource
import subprocess
import sys
import time
from pathlib import Path

from parser.load import load

corpus = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared/corpus/real")
paths = sorted(corpus.rglob("*.pdf"))
if not paths:
    sys.exit(f"no PDF under {corpus}")
print(f"{'document':46} {'pages':>5} {'cpu s':>6} {'pages/s':>8} {'wall s':>6} {'lines':>6}")
total_pages = total_cpu = total_wall = 0.0
for path in paths:
    cpu, wall = time.process_time(), time.perf_counter()
    document = load(path)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    pages = document.page_count or 0
    total_pages, total_cpu, total_wall = total_pages + pages, total_cpu + cpu, total_wall + wall
    print(f"{path.name:46} {pages:5d} {cpu:6.2f} {pages / cpu:8.1f} {wall:6.2f} {len(document.lines):6d}")
print(f"{'all':46} {int(total_pages):5d} {total_cpu:6.2f} {total_pages / total_cpu:8.1f} {total_wall:6.2f}"
      f"   (wall: {total_pages / total_wall:.1f} pages/s)")

largest = max(paths, key=lambda p: p.stat().st_size)
probe = ("import resource, sys; from parser.load import load; load(sys.argv[1]); "
         "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
peak = int(subprocess.run([sys.executable, "-c", probe, str(largest)], capture_output=True, text=True,
                          check=True).stdout.strip())
print(f"peak RSS reading the largest PDF ({largest.name}, {largest.stat().st_size / 1e6:.1f} MB): {peak / 1024:.0f} MB")
print(f"peak RSS of this run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

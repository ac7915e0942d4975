#!/usr/bin/env python3
"""Print, for each seed, seconds per document and lines per second in one warm process,
the one-off start-up cost, and the peak memory (targets: < 0.5 s warm, start-up < 3 s, RSS < 500 MB)."""
import resource
import sys
import time
from pathlib import Path

started = time.perf_counter()
from parser.check import check_document  # noqa: E402
from parser.load import load  # noqa: E402
from parser.narrative.nlp import build_nlp  # noqa: E402

build_nlp()
from parser.layout.tables import clean, label_key  # noqa: E402
from parser.narrative.classifier import quantities_by_start  # noqa: E402
from parser.narrative.nlp import metric_mentions  # noqa: E402

metric_mentions(["本年收入合计401.4万元"])
startup = time.perf_counter() - started

seeds = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "seeds")
print(f"start-up (imports, spaCy + jieba + entity ruler): {startup:.2f} s")
print(f"{'document':32} {'lines':>6} {'seconds':>8} {'lines/s':>9} {'findings':>9}")
for path in sorted(seeds.glob("*.txt")):
    document = load(path)
    check_document(document)                      # warm-up
    runs = []
    for _ in range(3):
        clean.cache_clear()                       # time it as a new document: no label read before
        label_key.cache_clear()
        quantities_by_start.cache_clear()
        t = time.perf_counter()
        report = check_document(document)
        runs.append(time.perf_counter() - t)
    best = min(runs)
    print(f"{path.name:32} {len(document.lines):6d} {best:8.3f} {len(document.lines) / best:9.0f} {len(report.findings):9d}")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"peak RSS: {peak:.0f} MB")

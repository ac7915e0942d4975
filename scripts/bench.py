#!/usr/bin/env python3
"""Print, for each seed, seconds per document and lines per second in one warm process,
the one-off start-up cost, and the peak memory (targets: < 0.5 s warm, start-up < 3 s, RSS < 500 MB);
then cold `gouji check` runs, each a new process, with wall time, CPU time and peak RSS (issue 12's
targets: a two-line text file ≤ 1.0 s; the 24-page Putuo 社会工作部 决算 ≤ 3.0 s and ≤ 250 MB).

    scripts/bench.py [SEEDS_DIR] [--cold-only]

Wall time depends on what else the machine runs; CPU time (user + system) much less.
"""
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

SHARED = Path(__file__).resolve().parents[2] / "shared"
COLD_PDF = SHARED / "corpus/real/putuo-gbc/putuo_2024_final_dept_shehuigongzuobu.pdf"
TWO_LINES = "本年收入合计401.4万元，比上年增加12.3万元。\n本年支出合计401.4万元。\n"


def cold_check(path: Path, runs: int = 3) -> tuple[float, float, float]:
    """Best wall seconds, CPU seconds and peak RSS (MB) of `gouji check PATH` in a new process."""
    gouji = Path(sys.executable).with_name("gouji")
    best: Optional[tuple[float, float, float]] = None
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen([str(gouji), "check", str(path)], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        figures = (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
        best = figures if best is None or figures[0] < best[0] else best
    assert best is not None
    return best


def print_cold() -> None:
    with tempfile.TemporaryDirectory() as folder:
        two = Path(folder) / "two_lines.txt"
        two.write_text(TWO_LINES, encoding="utf-8")
        targets: list[tuple[str, Path, float, Optional[int]]] = [("two-line text file", two, 1.0, None)]
        if COLD_PDF.exists():
            targets.append((COLD_PDF.name, COLD_PDF, 3.0, 250))
        print(f"{'cold gouji check (best of 3)':44} {'wall s':>7} {'cpu s':>6} {'RSS MB':>7}  target")
        for name, path, seconds, megabytes in targets:
            wall, cpu, rss = cold_check(path)
            target = f"≤ {seconds} s" + (f", ≤ {megabytes} MB" if megabytes else "")
            print(f"{name:44} {wall:7.2f} {cpu:6.2f} {rss:7.0f}  {target}")


if "--cold-only" in sys.argv:
    print_cold()
    sys.exit(0)

started = time.perf_counter()
from parser.check import check_document  # noqa: E402
from parser.load import load  # noqa: E402
from parser.narrative.nlp import build_matcher  # noqa: E402

build_matcher()
from parser.layout.tables import clean, label_key  # noqa: E402
from parser.narrative.classifier import quantities_by_start  # noqa: E402
from parser.narrative.nlp import metric_mentions  # noqa: E402

metric_mentions(["本年收入合计401.4万元"])
startup = time.perf_counter() - started

arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
seeds = Path(arguments[0]) if arguments else SHARED / "seeds"
print(f"start-up (imports, jieba words + metric matcher): {startup:.2f} s")
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
print_cold()

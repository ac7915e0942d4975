#!/usr/bin/env python3
"""Run `gouji check` on every file of hostile folders and print, per file: exit code, stderr lines,
traceback yes/no, seconds and peak RSS of the checking process (os.wait4), and whether it ended as
promised.

    scripts/make_hostile_corpus.py /tmp/hostile
    scripts/hostile.py /tmp/hostile ../shared/hostile

A folder made by make_hostile_corpus.py has a MANIFEST.tsv naming each file's expectation
(`refused`: exit 2, one line, no traceback; `read`: exit 0 or 1, no traceback; `model`: a tampered
model file given as GOUJI_MODEL while the folder's model_probe.txt is checked — exit 0 or 1, no
traceback, and its marker file not written). Files of other folders are held to the contract: exit
0 or 1 with no traceback, or exit 2 with one line. Exit status: 0 when every file ended as promised.
"""

import argparse
import ast
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

GOUJI = [sys.executable, "-m", "parser.cli", "check"]
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Outcome:
    name: str
    expect: str
    code: Optional[int]              # None: killed at the harness's own deadline
    stderr_lines: int
    traceback: bool
    seconds: float
    peak_mb: float
    first_line: str
    promised: bool


def manifest(folder: Path) -> dict[str, str]:
    """name → expectation, from MANIFEST.tsv (names are Python literals: one holds a newline)."""
    path = folder / "MANIFEST.tsv"
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, expect, _ = line.split("\t", 2)
        out[ast.literal_eval(name)] = expect
    return out


def run(args: list[str], env: dict, deadline: float) -> tuple[Optional[int], str, float, float]:
    """Exit code, stderr, wall seconds and peak RSS (MB) of one child, read with os.wait4."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL, env=env,
                                cwd=ROOT)
        code, usage = None, None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - started > deadline:
                proc.kill()
                _, _, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        proc.returncode = code if code is not None else -9          # reaped: keep Popen from waiting again
        err.seek(0)
        text = err.read().decode("utf-8", errors="replace")
    return code, text, seconds, usage.ru_maxrss / 1024


def check_file(folder: Path, name: str, expect: str, deadline: float, options: list[str]) -> Outcome:
    env = dict(os.environ)
    target = folder / name
    marker = None
    if expect == "model":
        env["GOUJI_MODEL"] = str(target)
        marker = folder / (Path(name).stem + ".marker")
        target = folder / "model_probe.txt"
    code, stderr, seconds, peak = run(GOUJI + [str(target)] + options, env, deadline)
    lines = [line for line in stderr.splitlines() if line.strip()]
    traceback = "Traceback (most recent call last)" in stderr
    if expect == "refused":
        promised = code == 2 and len(lines) == 1 and not traceback
    elif expect in ("read", "model"):
        promised = code in (0, 1) and not traceback and (marker is None or not marker.exists())
        promised = promised and (expect != "model" or len(lines) <= 1)
    else:
        promised = not traceback and (code in (0, 1) or code == 2 and len(lines) == 1)
    return Outcome(name, expect, code, len(lines), traceback, seconds, peak, lines[0] if lines else "", promised)


def files_of(folder: Path) -> list[tuple[str, str]]:
    expected = manifest(folder)
    if expected:
        return list(expected.items())
    return [(p.name, "contract") for p in sorted(folder.iterdir()) if p.name != "README.md"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--deadline", type=float, default=600, help="kill a check after this many seconds (default 600)")
    ap.add_argument("--gouji-option", action="append", default=[], metavar="OPT",
                    help="an option passed to every `gouji check` (repeatable)")
    args = ap.parse_args()
    outcomes = []
    print("file\texpect\texit\tstderr_lines\ttraceback\tseconds\tpeak_rss_mb\tpromised\tfirst stderr line")
    for folder in args.folders:
        for name, expect in files_of(folder):
            o = check_file(folder, name, expect, args.deadline, args.gouji_option)
            outcomes.append(o)
            print(f"{name!r}\t{expect}\t{o.code}\t{o.stderr_lines}\t{'yes' if o.traceback else 'no'}\t{o.seconds:.1f}\t"
                  f"{o.peak_mb:.0f}\t{'yes' if o.promised else 'NO'}\t{o.first_line[:160]}", flush=True)
    kept = sum(o.promised for o in outcomes)
    print(f"{kept}/{len(outcomes)} as promised; slowest {max(o.seconds for o in outcomes):.1f} s, "
          f"largest peak RSS {max(o.peak_mb for o in outcomes):.0f} MB")
    return 0 if kept == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Helpers for the scan tests: corpora made in tmp_path, database snapshots, the CLI."""
import subprocess
import sys
from pathlib import Path

import pytest

from parser.scan.schema import COLUMNS, VOLATILE
from tests.conftest import SEEDS

GOUJI = [sys.executable, "-m", "parser.cli"]
COMPARED = ("documents", "tables", "claims", "findings", "files")


def gouji(*args, timeout=240):
    return subprocess.run(GOUJI + [str(a) for a in args], capture_output=True, text=True, timeout=timeout)


def snapshot(db) -> dict[str, list[tuple]]:
    """Every result table's rows, sorted, without the columns that say when and how fast."""
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in COMPARED:
            cols = [c for c, _ in COLUMNS[table] if c not in VOLATILE]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def seed_paths() -> list[Path]:
    paths = sorted(SEEDS.glob("*.txt"))
    if len(paths) < 5:
        pytest.skip(f"seeds not found beside the repository ({SEEDS})")
    return paths


SMALL_SEEDS = ("001", "002")                  # the quickest to check (about 0.15 s each)


def seed_copies(folder: Path, count: int, prefixes=SMALL_SEEDS) -> list[Path]:
    """`count` copies of some seeds, each with different bytes (trailing spaces), so each is its own document."""
    seeds = [p for p in seed_paths() if p.name.startswith(tuple(prefixes))]
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        source = seeds[i % len(seeds)]
        path = folder / f"copy{i:03d}_{source.name}"
        path.write_bytes(source.read_bytes() + b"\n" + b" " * (i + 1) + b"\n")
        out.append(path)
    return out

"""The robustness corpus (scripts/make_robustness_corpus.py) is scanned to completion, each bad file recorded."""
from pathlib import Path

import duckdb

from tests.conftest import script_module
from tests.scan.conftest import gouji


def load_script():
    return script_module("make_robustness_corpus")


def test_every_bad_file_recorded_and_the_batch_completes(tmp_path):
    corpus = load_script()
    folder = tmp_path / "robustness"
    paths = corpus.make(folder)
    assert (folder / "big.txt").stat().st_size == 50_000_000
    db = tmp_path / "r.duckdb"
    # loop_numbers.txt's one line of 653,260 characters would be refused by the default --max-line-chars;
    # allowed here so that the time limit is what stops it
    out = gouji("scan", folder, "--db", db, "--jobs", "2", "--timeout", "4", "--max-line-chars", "1000000")
    assert out.returncode == 0, out.stderr
    con = duckdb.connect(str(db), read_only=True)
    rows = {Path(p).name: (status, message) for p, status, message in
            con.execute("SELECT path, status, message FROM file_results").fetchall()}
    assert sorted(rows) == sorted(p.name for p in paths)
    for name, (status, message) in rows.items():
        assert status in corpus.CASES[name][1], (name, status, message)
        assert status == "ok" or (message and "\n" not in message), name
    assert rows["zero.txt"] == ("error", "the file is empty")
    assert rows["gbk_report.txt"] == ("ok", None)                     # GBK text is decoded, not refused
    assert rows["loop_numbers.txt"] == ("timeout", "checking took longer than the limit of 4 s")
    assert con.execute("SELECT count(*) FROM file_results WHERE duplicate").fetchone()[0] == 2   # copy, zero.pdf
    assert con.execute("SELECT finished_at IS NOT NULL, interrupted FROM runs").fetchall() == [(True, False)]


def test_memory_limit_turns_into_an_error_and_the_batch_goes_on(tmp_path):
    corpus = load_script()
    folder = tmp_path / "m"
    folder.mkdir()
    corpus.write_big(folder / "big.txt", 50)
    (folder / "good.txt").write_text(corpus.REPORT, encoding="utf-8")
    db = tmp_path / "m.duckdb"
    out = gouji("scan", folder, "--db", db, "--jobs", "1", "--memory-mb", "100", "--timeout", "60")
    assert out.returncode == 0, out.stderr
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute("SELECT path, status || ': ' || coalesce(message, '') FROM file_results").fetchall())
    assert rows[str(folder / "good.txt")] == "ok: "
    assert rows[str(folder / "big.txt")].startswith("error: MemoryError"), rows

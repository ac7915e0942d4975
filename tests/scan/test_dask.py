"""`--engine dask` on a local Dask cluster gives the same database as the local engine, and resumes too."""
import duckdb

from parser.scan import scan
from tests.scan.conftest import gouji, seed_copies, snapshot


def test_dask_local_cluster_same_results_and_resume(tmp_path):
    corpus = tmp_path / "corpus"
    paths = seed_copies(corpus, 6)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "dup.txt").write_bytes(paths[0].read_bytes())
    reference = tmp_path / "inline.duckdb"
    scan([str(corpus)], str(reference), engine="inline")

    db = tmp_path / "dask.duckdb"
    # a first scan that saw only part of the folder, then the whole folder: the rest is checked, nothing twice
    first = scan([str(p) for p in paths[:3]], str(db), engine="inline")
    assert first.checked == 3
    out = gouji("scan", corpus, "--db", db, "--engine", "dask", "--jobs", "2", "--timeout", "120", "-q")
    assert out.returncode == 0, out.stderr
    assert snapshot(db) == snapshot(reference)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT engine, checked FROM runs ORDER BY run_id").fetchall() == [("inline", 3), ("dask", 4)]


def test_scheduler_needs_the_dask_engine(tmp_path):
    out = gouji("scan", tmp_path, "--db", tmp_path / "r.duckdb", "--scheduler", "tcp://127.0.0.1:1")
    assert out.returncode == 2 and "--engine dask" in out.stderr


def test_dask_task_times_out_and_its_worker_is_replaced(tmp_path):
    """The function each Dask worker runs, called directly: the time limit holds there too."""
    from parser.scan.engine_dask import close_sandboxes, sandboxed
    from parser.scan.walk import sha256_file
    from parser.scan.worker import Limits, Task
    from tests.scan.test_robustness import load_script

    corpus = load_script()
    slow, good = tmp_path / "slow.txt", tmp_path / "good.txt"
    slow.write_text(corpus.loop_numbers(60_000, __import__("random").Random(1)), encoding="utf-8")
    good.write_text(corpus.REPORT, encoding="utf-8")
    try:
        # the slow file's one long line is allowed, so that the time limit is what stops it
        late = sandboxed(Task(str(slow), sha256_file(slow)), Limits(timeout=3, line_chars=1_000_000))
        fine = sandboxed(Task(str(good), sha256_file(good)), Limits(timeout=60))
    finally:
        close_sandboxes()
    assert (late["status"], late["message"]) == ("timeout", "checking took longer than the limit of 3 s")
    assert fine["status"] == "ok" and fine["report"]["claims"]

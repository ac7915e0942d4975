"""A scan killed with SIGKILL and started again ends with the same database as a clean run."""
import os
import signal
import subprocess
import time

import duckdb

from parser.scan import scan
from tests.scan.conftest import GOUJI, gouji, seed_copies, snapshot

COPIES = 24
KILL_AFTER = 5


def test_kill_9_then_resume_equals_clean_run(tmp_path):
    corpus = tmp_path / "corpus"
    seed_copies(corpus, COPIES)
    db = tmp_path / "resumed.duckdb"
    proc = subprocess.Popen(GOUJI + ["scan", str(corpus), "--db", str(db), "--jobs", "2", "-v"],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    committed = 0
    deadline = time.monotonic() + 120
    for line in proc.stderr:
        committed += " committed " in line
        if committed >= KILL_AFTER or time.monotonic() > deadline:
            break
    os.kill(proc.pid, signal.SIGKILL)                  # at any moment, perhaps inside a transaction
    proc.wait()
    assert committed >= KILL_AFTER
    con = duckdb.connect(str(db))
    partial = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    interrupted = con.execute("SELECT interrupted, finished_at FROM runs").fetchall()
    con.close()
    assert KILL_AFTER <= partial < COPIES, partial
    assert interrupted == [(True, None)]

    out = gouji("scan", corpus, "--db", db, "--jobs", "2")
    assert out.returncode == 0, out.stderr
    assert f"checked {COPIES - partial} " in out.stderr and f"{partial} already done" in out.stderr

    clean = tmp_path / "clean.duckdb"
    summary = scan([str(corpus)], str(clean), engine="inline")
    assert summary.checked == COPIES and summary.statuses == {"ok": COPIES}
    resumed, reference = snapshot(db), snapshot(clean)
    assert len(reference["documents"]) == COPIES and reference["findings"] and reference["claims"]
    assert resumed == reference

    again = gouji("scan", corpus, "--db", db, "--jobs", "1")      # nothing done twice
    assert "checked 0 " in again.stderr and f"{COPIES} already done" in again.stderr
    assert snapshot(db) == reference

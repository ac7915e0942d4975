"""The database side of a scan, without worker processes: plan, commit, resume, changed files."""
import duckdb

from parser.scan.store import Store
from parser.scan.walk import Candidate, candidates, expand
from tests.scan.conftest import snapshot

IDENTITY = {"gouji_version": "9.9", "ruleset": "test@0"}


def outcome(sha, path, status="ok", findings=()):
    report = None
    if status == "ok":
        report = {"source": {"path": path, "sha256": sha, "format": "txt", "pages": None},
                  "meta": {"title": "t", "department": "某局", "year": 2024, "kind": "决算"},
                  "stats": {"lines": 3, "tables": 0, "claims": 1, "checked": 1, "consistent": 0, "findings": 1,
                            "unverifiable": 0},
                  "tables": [],
                  "claims": [{"id": "c1", "text": "收入401.4元", "subject": "收入", "metric": "revenue",
                              "kind": "amount", "role": "actual", "year": 2024, "value": "401.4", "unit": "元",
                              "yuan": "401.4", "approx": False, "line": 2, "page": None, "span": [0, 8],
                              "status": "contradicted", "reason": None, "confidence": 0.9}],
                  "findings": [{"id": f"f{i}", "rule": rule, "severity": "error", "message": "m", "cause": None,
                                "line": 2, "page": None, "quote": "401.4元", "stated": "401.4元",
                                "expected": "401.4万元", "evidence": [{"type": "claim", "id": "c1", "line": 2}],
                                "claims": ["c1"], "confidence": 0.95} for i, rule in enumerate(findings, 1)]}
    return {"sha256": sha, "path": path, "status": status, "message": None if status == "ok" else "bad",
            "report": report, "format": "txt", "seconds": 0.1, "peak_rss_mb": 100.0}


def scan_like(db, folder, force=False, fail=()):
    """What run.scan does, with made-up outcomes: returns the paths checked."""
    store = Store(str(db), IDENTITY)
    store.start_run("test", 1, [])
    plan = store.plan(candidates(expand([str(folder)])), force=force)
    known = store.known()
    checked = []
    for sha, path in plan.tasks:
        status = "error" if any(name in path for name in fail) else "ok"
        store.commit(outcome(sha, path, status, findings=("unit",)), plan.paths[sha], existing=sha in known)
        checked.append(path)
    store.close()
    return sorted(checked)


def test_duplicates_checked_once_and_every_file_recorded(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("一")
    (folder / "b.pdf").write_text("一")          # same bytes, other name
    (folder / "c").write_text("二")
    (folder / ".hidden").write_text("三")
    checked = scan_like(tmp_path / "r.duckdb", folder)
    assert len(checked) == 2
    con = duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True)
    rows = con.execute("SELECT path, status, duplicate FROM file_results ORDER BY path").fetchall()
    assert [(p.rsplit("/", 1)[1], s, d) for p, s, d in rows] == [
        ("a.txt", "ok", False), ("b.pdf", "ok", True), ("c", "ok", False)]
    assert con.execute("SELECT gouji_version, ruleset FROM findings").fetchall() == [("9.9", "test@0")] * 2


def test_second_scan_skips_done_force_rechecks_same_rows(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"文{i}")
    db = tmp_path / "r.duckdb"
    assert len(scan_like(db, folder)) == 3
    first = snapshot(db)
    assert scan_like(db, folder) == []
    assert len(scan_like(db, folder, force=True)) == 3
    assert snapshot(db) == first


def test_changed_file_is_rechecked_and_its_old_rows_replaced(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("旧")
    (folder / "b.txt").write_text("乙")
    db = tmp_path / "r.duckdb"
    scan_like(db, folder)
    (folder / "a.txt").write_text("新")
    assert [p.rsplit("/", 1)[1] for p in scan_like(db, folder)] == ["a.txt"]
    clean = tmp_path / "clean.duckdb"
    scan_like(clean, folder)
    assert snapshot(db) == snapshot(clean)                 # the old content's rows are gone


def test_unreadable_file_is_recorded_as_error(tmp_path):
    store = Store(str(tmp_path / "r.duckdb"), IDENTITY)
    store.start_run("test", 1, [])
    store.plan([Candidate(path="/x/locked.pdf", size=0, sha256=None, error="PermissionError: denied")], force=False)
    store.close()
    con = duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True)
    assert con.execute("SELECT status, message FROM file_results").fetchall() == [("error", "PermissionError: denied")]


def test_interrupted_transaction_leaves_nothing(tmp_path):
    store = Store(str(tmp_path / "r.duckdb"), IDENTITY)
    store.start_run("test", 1, [])
    broken = outcome("ab" * 32, "/x/a.txt")
    broken["report"]["claims"][0]["span"] = None          # fails half-way through the inserts
    cand = Candidate(path="/x/a.txt", size=1, sha256="ab" * 32)
    try:
        store.commit(broken, [cand], existing=False)
    except TypeError:
        pass
    assert store.con.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    assert store.con.execute("SELECT count(*) FROM files").fetchone() == (0,)
    store.close()


def test_expand_reports_a_missing_argument(tmp_path):
    import pytest

    from parser.errors import InputError
    with pytest.raises(InputError, match="no such file or folder"):
        expand([str(tmp_path / "nope")])
    with pytest.raises(InputError, match="no file matches"):
        expand([str(tmp_path / "*.pdf")])

"""Issue 15: every file of the hostile corpus (scripts/make_hostile_corpus.py) ends as promised — `gouji check`
exits 2 with one line and no traceback (or reads an odd but real document without one), and `gouji scan`
records an error row for each refused file. Measured by scripts/hostile.py; no time limits here."""
import os
from pathlib import Path

import pytest

from tests.conftest import script_module

pytestmark = pytest.mark.slow
HOSTILE = Path(__file__).resolve().parents[2] / "shared" / "hostile"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    made = script_module("make_hostile_corpus").make(folder)
    return folder, made


def test_every_hostile_file_ends_as_promised(corpus):
    folder, made = corpus
    harness = script_module("hostile")
    outcomes = [harness.check_file(folder, name, expect, 3600, []) for name, expect, _ in made]
    broken = [(o.name, o.code, o.stderr_lines, o.traceback, o.first_line) for o in outcomes if not o.promised]
    assert not broken
    assert sum(o.expect == "refused" for o in outcomes) >= 20
    assert not (folder / "tampered_model.marker").exists(), "the tampered model's code ran"


def test_shared_hostile_files_keep_the_contract():
    if not HOSTILE.is_dir():
        pytest.skip(f"{HOSTILE} not found beside the repository")
    harness = script_module("hostile")
    outcomes = [harness.check_file(HOSTILE, name, expect, 3600, []) for name, expect in harness.files_of(HOSTILE)]
    assert outcomes and all(o.promised for o in outcomes), [o for o in outcomes if not o.promised]


def test_scan_records_an_error_row_for_each_refused_file(corpus, tmp_path):
    import duckdb

    from tests.scan.conftest import gouji
    folder, made = corpus
    db = tmp_path / "h.duckdb"
    out = gouji("scan", folder, "--db", db, "--jobs", "2", "--quiet", timeout=3600)
    assert out.returncode == 0, out.stderr
    con = duckdb.connect(str(db), read_only=True)
    rows = {os.path.basename(p): (status, message) for p, status, message in
            con.execute("SELECT path, status, message FROM file_results").fetchall()}
    for name, expect, _ in made:
        if expect == "refused":
            status, message = rows[name]
            assert status == "error" and message and "\n" not in message, (name, status, message)

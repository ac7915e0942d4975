"""Issue 15: a FIFO, a device or a symlink to one in a scanned folder is recorded, never opened for reading."""
import os
from pathlib import Path

import duckdb
import pytest

from parser.scan.walk import candidates
from tests.scan.conftest import gouji

REPORT = "一、收入支出决算总体情况\n2024年度收入总计401.4万元，比上年增加83.97万元，增长26.45%。\n"

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"),
                                reason="needs FIFOs and /dev/zero")


def special_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "special"
    folder.mkdir()
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    (folder / "big.txt").write_text(REPORT * 20000, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.symlink("/dev/zero", folder / "zero.pdf")
    os.symlink(folder / "report.txt", folder / "link.txt")
    return folder


def test_candidates_refuse_special_files_and_cap_the_size(tmp_path):
    folder = special_folder(tmp_path)
    found = {Path(c.path).name: c for c in candidates(sorted(str(p) for p in folder.iterdir()), max_bytes=1_000_000)}
    assert found["pipe.txt"].sha256 is None and "FIFO" in found["pipe.txt"].error
    assert found["zero.pdf"].sha256 is None and "character device" in found["zero.pdf"].error
    assert found["big.txt"].sha256 is None and "over the limit" in found["big.txt"].error
    assert found["link.txt"].sha256 == found["report.txt"].sha256 is not None


def test_scan_with_a_fifo_and_dev_zero_completes(tmp_path):
    folder = special_folder(tmp_path)
    db = tmp_path / "s.duckdb"
    out = gouji("scan", folder, "--db", db, "--jobs", "1", "--max-mb", "1", "--quiet")
    assert out.returncode == 0, out.stderr
    con = duckdb.connect(str(db), read_only=True)
    rows = {Path(p).name: (status, message) for p, status, message in
            con.execute("SELECT path, status, message FROM file_results").fetchall()}
    assert rows["pipe.txt"] == ("error", "is a FIFO (named pipe), not a regular file")
    assert rows["zero.pdf"] == ("error", "is a character device, not a regular file")
    assert rows["big.txt"][0] == "error" and "over the limit of 1 MB" in rows["big.txt"][1]
    assert rows["report.txt"][0] == rows["link.txt"][0] == "ok"

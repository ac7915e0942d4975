"""Scan and report papercuts of issue 13: default database, a file that is not one, a resumed scan's count,
aligned rankings, CSV with BOM, a workbook to work in, Dask's logs, documents.scope, column names."""
import csv

import duckdb
import pytest

from parser.scan.summary import Summary, columns, render
from tests.conftest import seed
from tests.scan.conftest import gouji

UNIT = "上海市普陀区2026年区级单位预算\n一、收入预算\n2026年收入预算总额为401.4万元，其中：财政拨款收入401.4元。\n"
DEPT = "上海市普陀区司法局2026年部门预算\n一、收入预算\n2026年收入预算总额为401.4万元。\n"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """Seed 001 and two small budgets scanned with the default --db, in the folder the command runs in."""
    root = tmp_path_factory.mktemp("exports")
    folder = root / "docs"
    folder.mkdir()
    (folder / "seed001.txt").write_bytes(seed("001").read_bytes())
    (folder / "unit.txt").write_text(UNIT, encoding="utf-8")
    (folder / "dept.txt").write_text(DEPT, encoding="utf-8")
    first = run_in(root, "scan", "docs", "--jobs", "1")
    assert first.returncode == 0, first.stderr
    return root, first


def run_in(cwd, *args):
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-m", "parser.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_scan_and_report_default_to_gouji_duckdb(scanned):
    root, _ = scanned
    assert (root / "gouji.duckdb").is_file()
    out = run_in(root, "report")
    assert out.returncode == 0 and out.stdout.startswith("gouji.duckdb: 3 files")


def test_a_resumed_scan_counts_the_findings_the_database_holds(scanned):
    root, first = scanned
    con = duckdb.connect(str(root / "gouji.duckdb"), read_only=True)
    stored = con.execute("SELECT count(*) FROM findings").fetchone()[0]
    con.close()
    again = run_in(root, "scan", "docs", "--jobs", "1")
    assert again.returncode == 0 and stored > 0
    assert f"{stored} findings in the database (0 from this run)" in again.stderr
    assert f"{stored} findings in the database ({stored} from this run)" in first.stderr


def test_documents_scope_and_column_names(scanned):
    root, _ = scanned
    con = duckdb.connect(str(root / "gouji.duckdb"), read_only=True)
    scopes = dict(con.execute("SELECT regexp_extract(path, '[a-z0-9]+\\.txt'), scope FROM documents").fetchall())
    # seed 001 is a 部门决算 (the crosscheck's identity reads its cover; its title line names no scope)
    assert scopes == {"unit.txt": "单位", "dept.txt": "部门", "seed001.txt": "部门"}
    columns_of = lambda name: [d[0] for d in con.execute(f"SELECT * FROM {name} LIMIT 0").description]  # noqa: E731
    assert {"kind", "scope", "department", "year"} <= set(columns_of("finding_details"))
    assert {"kind", "scope"} <= set(columns_of("file_results"))
    assert con.execute("SELECT count(*) FROM finding_details WHERE kind IS DISTINCT FROM document_kind").fetchone()[0] == 0
    con.close()


def test_a_file_that_is_not_a_database_is_one_line(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("not a database\n", encoding="utf-8")
    for args in (("report", other), ("scan", str(seed("001")), "--db", other)):
        out = gouji(*args)
        assert out.returncode == 2 and out.stderr.count("\n") == 1, out.stderr
        assert "not a DuckDB database" in out.stderr and "IO Error" not in out.stderr
    assert other.read_text(encoding="utf-8") == "not a database\n"


def test_csv_has_a_bom_and_xlsx_is_a_workbook_to_work_in(scanned, tmp_path):
    root, _ = scanned
    out = run_in(root, "report", "--csv", str(tmp_path / "csv"), "--xlsx", str(tmp_path / "r.xlsx"))
    assert out.returncode == 0, out.stderr
    raw = (tmp_path / "csv" / "findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(tmp_path / "csv" / "documents.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3 and "sha256" in rows[0] and sorted(r["scope"] for r in rows) == ["单位", "部门", "部门"]
    from openpyxl import load_workbook
    book = load_workbook(tmp_path / "r.xlsx")
    for name in ("documents", "findings", "files"):
        sheet = book[name]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
        assert int(sheet.auto_filter.ref.rsplit(":", 1)[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) == sheet.max_row
        assert sheet["A1"].font.bold and sheet.column_dimensions["A"].width > 6
    summary = [row for row in book["summary"].iter_rows(values_only=True)]
    header = summary.index(("rule", "error", "warning", "info", "total"))
    total = next(r for r in summary[header:] if r[0] == "all")
    assert all(isinstance(v, int) for v in total[1:]) and total[4] == book["findings"].max_row - 1


def test_report_rankings_stay_aligned_on_chinese_names():
    summary = Summary(files=3, documents=3, duplicates=0, by_status=[("ok", 3)], messages=[], by_rule=[],
                      departments=[("上海市普陀区司法局", 12, 2), ("Finance Bureau", 3, 1),
                                   ("上海市普陀区人民政府办公室机关事务管理局下属事业单位", 1, 1)],
                      years=[(2026, 16, 4)], runs=[])
    lines = render(summary, "x.duckdb").splitlines()
    start = lines.index(next(line for line in lines if line.startswith("Departments")))
    block = lines[start:start + 4]
    ends = {columns(line[:-len(" documents")]) for line in block}     # where the findings column ends
    assert len(ends) == 1, block                                     # every findings figure under its heading
    assert "…" in block[3]                                          # a very long name is cut, not pushing figures


def test_dask_logs_only_with_verbose(tmp_path):
    pytest.importorskip("distributed")
    db = tmp_path / "d.duckdb"
    out = gouji("scan", seed("001"), "--db", db, "--engine", "dask", "--jobs", "1")
    assert out.returncode == 0, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "findings in the database" in out.stderr, out.stderr

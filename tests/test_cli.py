import json
import subprocess
import sys

import pytest

from tests.conftest import seed

GOUJI = [sys.executable, "-m", "parser.cli"]
TOP_LEVEL = {"schema", "source", "meta", "stats", "tables", "claims", "findings"}


def gouji(*args):
    return subprocess.run(GOUJI + list(args), capture_output=True, text=True, timeout=120)


def test_json_report_shape_and_exit_code():
    out = gouji("check", str(seed("000")), "--format", "json")
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert TOP_LEVEL <= report.keys() and report["schema"] == "gouji.report/1"
    for claim in report["claims"]:
        assert isinstance(claim["value"], str) and claim["status"] in ("consistent", "contradicted", "unverifiable")
    lines = open(seed("000"), encoding="utf-8").read().split("\n")
    for finding in report["findings"]:
        assert finding["quote"] in lines[finding["line"] - 1]
        assert finding["evidence"], finding


def test_several_files_give_json_lines():
    out = gouji("check", str(seed("001")), str(seed("002")), "--format", "json")
    assert [json.loads(line)["schema"] for line in out.stdout.splitlines()] == ["gouji.report/1"] * 2


def test_consistent_document_exits_zero(tmp_path):
    doc = tmp_path / "ok.txt"
    doc.write_text("本年支出合计401.4万元，其中：基本支出321.77万元，占80.16%；项目支出79.63万元，占19.84%。\n", encoding="utf-8")
    assert gouji("check", str(doc)).returncode == 0


@pytest.mark.parametrize("name,content,message", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "empty"),
    ("binary.txt", b"\x00\x01\x02garbage", "binary"),
], ids=["missing", "empty", "binary"])
def test_bad_input_one_line_exit_2(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = gouji("check", str(path))
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and message in out.stderr and "Traceback" not in out.stderr


def test_oversized_input(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("收入1万元。\n" * 200000, encoding="utf-8")
    out = gouji("check", str(path), "--max-mb", "1")
    assert out.returncode == 2 and "over the limit" in out.stderr


def test_text_command_numbers_lines():
    out = gouji("text", str(seed("000")), "--numbers")
    assert out.returncode == 0 and out.stdout.splitlines()[1319].startswith("1320\t")


def test_html_page_marks_each_finding_quote(tmp_path):
    page = tmp_path / "r.html"
    out = gouji("check", str(seed("001")), str(seed("002")), "--format", "html", "--out", str(page))
    assert out.returncode == 1
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count('<section class="document"') == 2
    articles = html.split('<article class="finding ')[1:]
    assert articles and all("<mark>" in a or 'class="marked"' in a for a in articles)


NARRATIVE = "上海市普陀区2026年区级部门预算\n一、“三公”经费预算情况说明\n2026年“三公”经费预算数为12.71万元。\n"
TABLES = ("2026年部门“三公”经费预算表\n单位：万元\n“三公”经费预算数\t\t\t\t\t\n"
          "合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t\t\n\t\t\t小计\t购置费\t运行费\n"
          "10.71\t0.00\t0.73\t9.98\t0.00\t9.98\n")


def test_tables_file_joined_to_its_narrative(tmp_path):
    """`check NARRATIVE --tables TABLES`: one report; findings and evidence name their file and its line."""
    narrative, tables = tmp_path / "narrative.txt", tmp_path / "tables.txt"
    narrative.write_text(NARRATIVE, encoding="utf-8")
    tables.write_text(TABLES, encoding="utf-8")
    alone = gouji("check", str(narrative), "--format", "json")
    assert alone.returncode == 0 and json.loads(alone.stdout)["findings"] == []
    out = gouji("check", str(narrative), "--tables", str(tables), "--format", "json")
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert [p["path"] for p in report["source"]["parts"]] == [str(narrative), str(tables)]
    finding = next(f for f in report["findings"] if f["rule"] == "mismatch")
    assert (finding["source"], finding["source_line"], finding["expected"]) == (str(narrative), 3, "10.71万元")
    cell = finding["evidence"][0]
    assert cell["source"] == str(tables)
    assert cell["value"] in TABLES.split("\n")[cell["source_line"] - 1]
    joined = gouji("text", str(narrative), "--tables", str(tables)).stdout.split("\n")
    assert joined[cell["line"] - 1] == TABLES.split("\n")[cell["source_line"] - 1]


def test_tables_option_with_several_files_or_a_missing_file(tmp_path):
    narrative = tmp_path / "narrative.txt"
    narrative.write_text(NARRATIVE, encoding="utf-8")
    both = gouji("check", str(narrative), str(narrative), "--tables", str(narrative))
    assert both.returncode == 2 and both.stderr.count("\n") == 1 and "--tables" in both.stderr
    missing = gouji("check", str(narrative), "--tables", str(tmp_path / "nope.pdf"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr

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
    ("gbk.txt", "本年收入合计401.4万元，其中：财政拨款收入401.4万元。".encode("gbk"), "GBK"),
], ids=["missing", "empty", "binary", "gbk"])
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
    assert html.startswith("<!DOCTYPE html>") and html.count("<section>") == 2
    assert html.count('class="finding ') == html.count("<mark>") > 0

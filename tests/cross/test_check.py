import json

import pytest

from parser.cli import main
from parser.cross.check import crosscheck, crosscheck_reports, explain
from parser.cross.identity import identify

from .conftest import data


def by_metric(result):
    return {f["metric"]: f for f in result.findings}


def test_a_prior_figure_its_own_document_contradicts(jia_reports):
    result = crosscheck_reports(jia_reports)
    found = by_metric(result)
    f = found["code:一般公共服务"]
    # 2018: 880.00 − 70.00 = 810.00; the 2017 预算 itself: 800.00
    assert (f["severity"], f["stated"], f["expected"], f["line"]) == ("error", "810.00万元", "800.00万元", 11)
    assert f["quote"] == "880.00万元，与上年相比增加70.00万元"
    other = json.loads(f["other_source"])
    assert other["path"].endswith("jia_2017_budget.txt") and other["line"] == 11
    assert [e["type"] for e in json.loads(f["evidence"])] == ["claim", "other_document"]


def test_agreements_are_not_reported(jia_reports):
    result = crosscheck_reports(jia_reports)
    prior = [p for p in result.pairs if p[9] == "stated"]
    # six compared (本年数小于上年预算数 1.00万元 of jia_2018 line 16: last year's 会议费 4.00 + 1.00 = 5.00),
    # five agree, one reported
    assert [(p[10], p[11]) for p in prior] == [(6, 5)]
    assert {f["metric"] for f in result.findings} == {"code:一般公共服务", "code:住房保障"}


def test_a_unit_document_against_its_one_unit_department(jia_reports):
    f = by_metric(crosscheck_reports(jia_reports))["code:住房保障"]
    assert f["path"].endswith("jia_2018_budget_unit.txt")
    assert (f["stated"], f["expected"], f["severity"]) == ("210.00万元", "220.00万元", "error")


def test_documents_that_agree_give_no_finding(jia_reports):
    assert crosscheck_reports(jia_reports[:1] + jia_reports[2:]).findings == []     # 2017 部门 and 2018 单位


def test_execution_figures_are_not_compared_and_explained_scope_is_info(yi_reports):
    result = crosscheck_reports(yi_reports)
    f = by_metric(result)
    assert "code:一般公共服务" not in f                                   # 2018 执行数 280 vs 预算 290: not compared
    assert ("乙市测试局", "部门", 2018, "执行", "no document", 1, "code:一般公共服务") in result.unlinked
    assert (f["agency_operating_costs"]["severity"], f["agency_operating_costs"]["cause"]) == ("info", "scope")


def test_meta_correction_unlinks_a_document(jia_reports):
    unit = jia_reports[2].document
    result = crosscheck_reports(jia_reports, overrides={unit.sha256: {"body": "丙局"}})
    assert {f["metric"] for f in result.findings} == {"code:一般公共服务"}


def test_check_cross_exit_code_and_json(capsys):
    files = [data("jia_2017_budget.txt"), data("jia_2018_budget.txt")]
    assert main(["check", *files, "--cross", "--format", "json"]) == 1
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert last["schema"] == "gouji.cross/1" and [f["rule"] for f in last["findings"]] == ["cross"]
    assert last["findings"][0]["other_source"]["line"] == 11


def test_check_cross_bad_meta_exits_2(capsys, tmp_path):
    bad = tmp_path / "m.tsv"
    bad.write_text("nokey\n", encoding="utf-8")
    assert main(["check", data("jia_2017_budget.txt"), "--cross", "--meta", str(bad)]) == 2
    assert "gouji:" in capsys.readouterr().err


def test_scan_then_crosscheck_stores_findings(tmp_path, capsys):
    pytest.importorskip("duckdb")
    from parser.scan import scan
    from parser.scan.store import connect
    db = str(tmp_path / "r.duckdb")
    scan([data("jia_2017_budget.txt"), data("jia_2018_budget.txt"), data("jia_2018_budget_unit.txt")], db,
         engine="inline")
    assert main(["crosscheck", db]) == 1
    out = capsys.readouterr().out
    assert "2018部门预算 → 2017部门预算 (stated): 6 compared, 5 agree" in out
    con = connect(db)
    try:
        rows = con.execute("SELECT rule, severity, other_path FROM cross_findings ORDER BY id").fetchall()
        assert len(rows) == 2 and all(r[0] == "cross" for r in rows)
        ident = con.execute("SELECT body, scope, units FROM documents WHERE path LIKE '%unit.txt'").fetchone()
        assert ident == ("甲市测试局", "单位", None)
        assert "Hash Join" in explain(con)
        again = crosscheck(con)                       # a second run replaces the rows
        assert len(again.findings) == 2
        assert con.execute("SELECT count(*) FROM cross_findings").fetchone()[0] == 2
    finally:
        con.close()
    assert main(["report", db]) == 0
    summary = capsys.readouterr().out
    assert "Findings between documents" in summary and "jia_2018_budget_unit.txt:8 ↔ jia_2018_budget.txt:12" in summary
    assert "  cross " in summary                      # counted with the other rules


def test_crosscheck_missing_database_exits_2(tmp_path, capsys):
    assert main(["crosscheck", str(tmp_path / "none.duckdb")]) == 2
    assert "no such database" in capsys.readouterr().err


def test_identity_feeds_the_key(jia_reports):
    assert identify(jia_reports[0]).year == 2017


def test_verdicts_are_complete_records_and_mostly_real():
    """tests/cross/verdicts.jsonl: every cross finding on ../shared/corpus/real read against both documents
    (scripts/cross_corpus.py --verdicts scores a run with it)."""
    import os
    path = os.path.join(os.path.dirname(__file__), "verdicts.jsonl")
    with open(path, encoding="utf-8") as handle:
        verdicts = [json.loads(line) for line in handle if line.strip()]
    assert verdicts and all(v["verdict"] in ("real", "false") and v["note"] for v in verdicts)
    assert sum(v["verdict"] == "real" for v in verdicts) / len(verdicts) >= 0.9


def test_a_unit_above_its_several_unit_department():
    import parser
    reports = [parser.check(data("bing_2020_budget.txt")), parser.check(data("bing_2020_budget_unit.txt"))]
    assert identify(reports[0]).units == 2
    result = crosscheck_reports(reports)
    assert [(f["relation"] if "relation" in f else f["metric"], f["stated"], f["expected"]) for f in result.findings] \
        == [("revenue_total", "600.00万元", "500.00万元")]
    assert "大于同年部门" in result.findings[0]["message"]


def test_check_cross_html_shows_both_quotes(tmp_path):
    out = tmp_path / "r.html"
    files = [data("jia_2017_budget.txt"), data("jia_2018_budget.txt")]
    assert main(["check", *files, "--cross", "--format", "html", "--out", str(out)]) == 1
    page = out.read_text(encoding="utf-8")
    assert page.index("Between documents") < page.index("</body>")
    assert "<mark>880.00万元，与上年相比增加70.00万元</mark>" in page and "<mark>1．一般公共服务（类）支出800.00万元</mark>" in page


def test_a_final_accounts_initial_budget_against_the_published_budget():
    import parser
    reports = [parser.check(data("ding_2024_final.txt")), parser.check(data("ding_2024_budget.txt"))]
    (f,) = crosscheck_reports(reports).findings
    # the 2024 决算 says 年初预算 100.00; the 2024 预算 published 110.00
    assert (f["stated"], f["expected"], f["severity"]) == ("100.00万元", "110.00万元", "error")
    assert f["quote"] == "丁市测试局2024年度一般公共预算财政拨款支出年初预算为100.00万元" and f["claims"] == ["c1"]


def test_a_failure_reading_cross_facts_keeps_the_document():
    from types import SimpleNamespace

    from parser.scan.worker import cross_payload
    broken = SimpleNamespace(document=SimpleNamespace(path="x.pdf", lines=None), meta=None, claims=(), tables=())
    out = cross_payload(broken)
    assert out["facts"] == [] and out["identity"] is None and out["error"].startswith("TypeError")

"""`--no-model` (check, scan) and `use_model=False` (parser.check, check_text, check_document) turn every
trained model off: the model file is not even read, and the claims keep the rules' labels. (The claim
relabeller is retired — off unless check_document(..., relabel=True) — so today no trained model runs in
`gouji check` by default; the switch is there for every model that does.)"""
import subprocess
import sys

import duckdb
import pytest

import parser
from parser.narrative import classifier

GOUJI = [sys.executable, "-m", "parser.cli"]
TEXT = "一、收入支出决算总体情况\n2024年度收入总计401.4万元，比上年增加83.97万元，增长26.45%。\n"


@pytest.fixture
def no_model_allowed(monkeypatch):
    """Any attempt to load a model fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("a model was loaded although use_model=False")
    monkeypatch.setattr(classifier, "get_model", refuse)


def test_library_callers_turn_the_model_off(no_model_allowed, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    from tests.conftest import doc_from_text
    for report in (parser.check(str(path), use_model=False), parser.check_text(TEXT, use_model=False),
                   parser.check_document(doc_from_text(TEXT), use_model=False, relabel=True)):
        assert report.claims
        assert all(c.confidence in (0.9, 0.6) for c in report.claims)     # the rules' own confidences
    with pytest.raises(AssertionError, match="use_model=False"):          # the fixture does catch a load
        parser.check_document(doc_from_text(TEXT), relabel=True)


def test_check_with_no_model_never_reads_the_model_file(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(TEXT, encoding="utf-8")
    broken = tmp_path / "broken.model.json"
    broken.write_text("{}", encoding="utf-8")
    env = {**__import__("os").environ, classifier.MODEL_ENV: str(broken)}
    used = subprocess.run(GOUJI + ["check", str(doc)], capture_output=True, text=True, env=env)
    off = subprocess.run(GOUJI + ["check", "--no-model", str(doc)], capture_output=True, text=True, env=env)
    assert off.stderr == "" and off.returncode == used.returncode == 0
    assert "claim classifier not used" not in used.stderr                 # the retired relabeller reads no model


def test_scan_with_no_model_checks_with_the_rules_and_records_it(no_model_allowed, tmp_path):
    from parser.scan import scan
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "doc.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path / "scan.duckdb"
    summary = scan([str(corpus)], str(db), engine="inline", use_model=False)
    assert summary.statuses == {"ok": 1}
    con = duckdb.connect(str(db), read_only=True)
    try:
        (ruleset,), = con.execute("SELECT ruleset FROM runs").fetchall()
    finally:
        con.close()
    assert ruleset.endswith("+no-model")


def test_scan_command_accepts_no_model():
    from parser.cli import build_parser
    args = build_parser().parse_args(["scan", "somewhere", "--no-model"])
    assert args.no_model is True

"""`gouji review import`: workbench decisions → labelled findings; malformed input refused, nothing written."""
import json
import subprocess
import sys

import pytest

from parser.review import import_decisions
from training.annotations import read_annotations

GOUJI = [sys.executable, "-m", "parser.cli"]
DECISION = {"schema": "gouji.decision/1", "finding_id": "f3", "sha256": "ab" * 32, "path": "seed000.txt",
            "rule": "unit", "severity": "error", "cause": "unit_slip", "line": 1320, "page": None,
            "quote": "财政拨款收入401.4元", "stated": "401.4元", "expected": "401.4万元", "decision": "false_alarm",
            "comment": "表内单位为元", "reviewer": "li", "time": "2026-12-06T04:00:00.000Z"}


def write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def gouji(*args, cwd=None):
    return subprocess.run(GOUJI + list(args), capture_output=True, text=True, timeout=120, cwd=cwd)


def test_decisions_become_human_labelled_findings(tmp_path):
    source = write(tmp_path / "d.jsonl", [DECISION, {**DECISION, "finding_id": "f4", "line": 1330,
                                                     "decision": "confirm", "comment": ""}])
    out = tmp_path / "annotations" / "review_decisions.jsonl"
    run = gouji("review", "import", str(source), "--out", str(out))
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["line"], r["label"], r["source"], r["annotator"]) for r in records] == [
        (1320, "false_positive", "human", "li"), (1330, "true_positive", "human", "li")]
    assert records[0]["comment"] == "表内单位为元" and records[0]["schema"] == "gouji.review/1"


def test_a_later_decision_replaces_the_earlier(tmp_path):
    out = tmp_path / "r.jsonl"
    import_decisions(write(tmp_path / "a.jsonl", [DECISION]), out)
    later = {**DECISION, "decision": "confirm", "time": "2026-12-06T05:00:00.000Z"}
    assert import_decisions(write(tmp_path / "b.jsonl", [later]), out) == (1, 1)
    assert json.loads(out.read_text(encoding="utf-8"))["label"] == "true_positive"


@pytest.mark.parametrize("content,message", [
    ("not json\n", "not JSON"),
    ('["a list"]\n', "JSON object"),
    (json.dumps({**DECISION, "decision": "maybe"}) + "\n", "decision 'maybe'"),
    (json.dumps({k: v for k, v in DECISION.items() if k != "sha256"}) + "\n", "'sha256' missing"),
    (json.dumps({**DECISION, "sha256": "xyz"}) + "\n", "64 hex"),
    (json.dumps({**DECISION, "line": "12"}) + "\n", "should be int"),
    (json.dumps({**DECISION, "rule": "nonsense"}) + "\n", "unknown rule"),
    (json.dumps({**DECISION, "time": "yesterday"}) + "\n", "ISO 8601"),
], ids=["not-json", "not-object", "bad-decision", "missing-field", "bad-sha", "line-as-text", "bad-rule",
        "bad-time"])
def test_malformed_decisions_are_refused_and_nothing_written(tmp_path, content, message):
    source = tmp_path / "d.jsonl"
    good = json.dumps(DECISION, ensure_ascii=False) + "\n"
    source.write_text(good + content, encoding="utf-8")       # one bad line spoils the whole file
    out = tmp_path / "out.jsonl"
    run = gouji("review", "import", str(source), "--out", str(out))
    assert run.returncode == 2
    assert len(run.stderr.strip().splitlines()) == 1 and message in run.stderr and "Traceback" not in run.stderr
    assert not out.exists()


def test_missing_or_empty_decisions_file(tmp_path):
    run = gouji("review", "import", str(tmp_path / "nope.jsonl"))
    assert run.returncode == 2 and "no such file" in run.stderr
    (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    run = gouji("review", "import", str(tmp_path / "empty.jsonl"), "--out", str(tmp_path / "o.jsonl"))
    assert run.returncode == 2 and "no decision" in run.stderr and not (tmp_path / "o.jsonl").exists()


def test_training_reader_skips_the_labelled_findings(tmp_path):
    folder = tmp_path / "annotations"
    import_decisions(write(tmp_path / "d.jsonl", [DECISION]), folder / "review_decisions.jsonl")
    validation = read_annotations([folder])
    assert validation.records == [] and validation.rejected == []


def test_score_checks_the_reviewed_documents_again(tmp_path):
    import parser
    from tests.conftest import seed
    path = seed("001")
    report = parser.check(path)
    confirmed, false_alarm = report.findings[0], report.findings[1]
    decisions = [{**DECISION, "finding_id": f.id, "sha256": report.document.sha256, "path": str(path),
                  "rule": str(f.rule), "line": f.line, "quote": f.quote, "decision": decision}
                 for f, decision in ((confirmed, "confirm"), (false_alarm, "false_alarm"))]
    gone = {**decisions[0], "finding_id": "f999", "line": 1, "quote": "no such finding"}
    moved = {**decisions[0], "sha256": "cd" * 32}                  # the document changed since: not scored
    out = tmp_path / "labels.jsonl"
    import_decisions(write(tmp_path / "d.jsonl", decisions + [gone, moved]), out)
    run = gouji("review", "score", "--labels", str(out))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("1 reviewed document(s) checked again, 1 not found unchanged")
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    if confirmed.rule == false_alarm.rule:
        assert rows[str(confirmed.rule)] == ["1", "1", "1", "0", "0.50"]
    else:
        assert rows[str(confirmed.rule)][:2] == ["1", "1"] and rows[str(false_alarm.rule)][2] == "1"

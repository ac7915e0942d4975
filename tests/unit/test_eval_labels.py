"""`gouji eval FOLDER`: scoring against labels.jsonl, its matching rules and its bad input."""
import json

import pytest

from parser.cli import main
from parser.datatypes import Document, Finding, Meta, Report
from parser.errors import InputError
from parser.evaluate.labels import Label, read_labels, score_folder, score_reports, summary_line

# 20.00 ÷ (401.40 − 20.00) = 5.24%, so 增长6.24% is the one contradiction; 1.25 ÷ (12.35 + 1.25) = 9.19%.
DOCUMENT = """某某局2024年度部门决算说明
一、收入支出决算总体情况
2024年度收入总计401.40万元，支出总计401.40万元。
二、财政拨款收入情况
本年财政拨款收入401.40万元，比上年增加20.00万元，增长6.24%。
三、“三公”经费情况
“三公”经费支出12.35万元，比上年减少1.25万元，下降9.19%。
"""

LABELS = [
    {"doc": "d1.txt", "line": 5, "quote": "增长6.24%", "category": "change", "verdict": "contradiction",
     "stated": "6.24", "expected": 5.24, "edge": False, "why": "20.00/381.40 = 5.24%"},
    {"doc": "d1.txt", "line": 7, "quote": "下降9.19%", "category": "change", "verdict": "consistent",
     "reviewer": "added later", "checked_on": "2026-12-01"},                    # extra fields are kept apart
    {"doc": "d1.txt", "line": 3, "quote": "收入总计401.40万元", "category": "sum", "verdict": "consistent", "edge": True},
]


def write_folder(tmp_path, labels, text=DOCUMENT):
    (tmp_path / "d1.txt").write_text(text, encoding="utf-8")
    (tmp_path / "labels.jsonl").write_text("".join(
        (json.dumps(x, ensure_ascii=False) if not isinstance(x, str) else x) + "\n" for x in labels), encoding="utf-8")
    return tmp_path


def test_the_one_known_contradiction_is_found_and_nothing_else(tmp_path):
    score = score_folder(write_folder(tmp_path, LABELS))
    assert [label.line for label, _ in score.caught] == [5]
    assert [f.rule for f in score.caught[0][1]] == ["change"]
    assert (score.missed, score.alarms, score.unexplained) == ((), (), ())
    assert len(score.consistent) == 1                          # the edge statement is left apart
    assert summary_line(score) == (f"{tmp_path.name}: recall 1/1; false alarms 0/1 consistent; "
                                   "unexplained findings 0 (0.00 per 500 lines)")


def test_a_missed_contradiction_and_a_false_alarm_are_told_apart(tmp_path):
    labels = [dict(LABELS[0], verdict="consistent"), dict(LABELS[1], verdict="contradiction")]
    score = score_folder(write_folder(tmp_path, labels))
    assert [label.line for label in score.missed] == [7]
    assert [(label.line, f.rule) for label, f in score.alarms] == [(5, "change")]
    assert [(doc, f.line) for doc, f in score.unexplained] == [("d1.txt", 5)]
    assert score.per_500_lines == pytest.approx(1 / 7 * 500)


def report_with(findings, lines=10):
    document = Document(path="x.txt", sha256="0", format="txt", lines=("",) * lines)
    return Report(document=document, meta=Meta(), tables=(), claims=(), findings=tuple(findings))


def finding(fid, line, quote, stated="", severity="error"):
    return Finding(rule="share", severity=severity, message="", cause=None, line=line, page=None, quote=quote,
                   stated=stated, expected="", id=fid)


def test_matching_follows_score_labels():
    """A finding matched to a contradiction is no false alarm for a consistent statement of the same line;
    info findings do not count; a quote's number may be found in the finding's stated figure; digit-group
    commas do not matter."""
    labels = [Label("x.txt", 2, "占35.39%", "contradiction"), Label("x.txt", 2, "合计27,664.71万元", "consistent"),
              Label("x.txt", 3, "收入27,664.71万元", "consistent"), Label("x.txt", 4, "占1.5%", "consistent")]
    findings = [finding("f1", 2, "合计27,664.71万元占35.39%"), finding("f2", 3, "收入", stated="27664.71"),
                finding("f3", 4, "占1.5%", severity="info"), finding("f4", 9, "占3%")]
    score = score_reports("x", labels, {"x.txt": report_with(findings)})
    assert [f.id for _, hits in score.caught for f in hits] == ["f1"]
    assert [(label.line, f.id) for label, f in score.alarms] == [(3, "f2")]
    assert [f.id for _, f in score.unexplained] == ["f2", "f4"]


@pytest.mark.parametrize("line, problem", [
    ("{not json", "not JSON"),
    ('["d1.txt", 5]', "not a JSON object"),
    ('{"doc": "d1.txt", "line": 5, "quote": "x"}', "no `verdict`"),
    ('{"doc": "d1.txt", "line": 0, "quote": "x", "verdict": "consistent"}', "`line` must be a line number"),
    ('{"doc": "d1.txt", "line": 5, "quote": "x", "verdict": "wrong"}', "`verdict` must be one of"),
    ('{"doc": "d1.txt", "line": 5, "quote": "x", "verdict": "consistent", "edge": "yes"}', "`edge` must be"),
], ids=lambda x: x if isinstance(x, str) and x.startswith(("{", "[")) else None)
def test_a_bad_line_names_its_line_and_problem(tmp_path, line, problem):
    write_folder(tmp_path, [LABELS[0], line])
    with pytest.raises(InputError, match=rf"labels.jsonl:2: {problem}"):
        read_labels(tmp_path / "labels.jsonl")


def test_a_label_past_the_end_of_its_document_is_refused(tmp_path):
    write_folder(tmp_path, [dict(LABELS[0], line=80)])
    with pytest.raises(InputError, match=r"labels.jsonl:1: line 80 is past the end of d1.txt \(7 lines\)"):
        score_folder(tmp_path)


def test_cli_prints_the_summary_and_categories(tmp_path, capsys):
    assert main(["eval", str(write_folder(tmp_path, LABELS))]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("recall 1/1; false alarms 0/1 consistent; unexplained findings 0 (0.00 per 500 lines)")
    assert "  change    recall 1/1; false alarms 0/1 consistent (0 edge apart)" in out
    assert "  sum       recall 0/0; false alarms 0/0 consistent (1 edge apart)" in out


def test_cli_json(tmp_path, capsys):
    assert main(["eval", str(write_folder(tmp_path, LABELS)), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["recall"], data["false_alarms"], data["edge"], data["unexplained"]) == ([1, 1], [0, 1], 1, 0)


@pytest.mark.parametrize("labels", [[LABELS[0], "{oops"], [dict(LABELS[0], doc="missing.txt")], []],
                         ids=["bad line", "missing document", "no labels"])
def test_cli_bad_input_is_one_line_and_exit_2(tmp_path, capsys, labels):
    assert main(["eval", str(write_folder(tmp_path, labels))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gouji: ") and err.count("\n") == 1


def test_cli_folder_without_labels(tmp_path, capsys):
    assert main(["eval", str(tmp_path)]) == 2
    assert "labels.jsonl: no such file" in capsys.readouterr().err

"""The library API: what parser.check accepts, parser.check_text, typed errors, enums, `stats.fiscal`."""
import io
import json

import pytest

import parser
from parser.report.serialize import render_text, to_dict
from tests.conftest import seed


def comparable(report):
    """The report's JSON without what names the input or times the run."""
    data = to_dict(report)
    data["source"].pop("path")
    data["stats"].pop("seconds")
    return data


@pytest.fixture(scope="module")
def reference():
    path = seed("001")
    return path, comparable(parser.check(path))


def test_binary_file_object_gives_the_same_report(reference):
    path, expected = reference
    with open(path, "rb") as handle:
        report = parser.check(handle)
    assert report.document.path == str(path)          # a file object names the report by its name
    assert comparable(report) == expected


def test_bytes_give_the_same_report(reference):
    path, expected = reference
    report = parser.check(path.read_bytes())
    assert report.document.path == "<bytes>"
    assert comparable(report) == expected
    assert parser.check(io.BytesIO(path.read_bytes()), name="x.txt").document.path == "x.txt"


def test_text_gives_the_same_report(reference):
    path, expected = reference
    report = parser.check_text(path.read_text(encoding="utf-8"), name="seed001")
    assert report.document.path == "seed001"
    assert comparable(report) == expected
    assert expected["findings"], "the reference must have findings for the comparison to mean something"


@pytest.mark.parametrize("source,message", [
    (12, "not int"),
    ("第一行\n第二行", "check_text"),
    ("收" * 5000, "check_text"),
    (None, "not NoneType"),
], ids=["int", "text-with-newline", "long-string", "none"])
def test_wrong_argument_is_a_usage_error(source, message):
    with pytest.raises(parser.UsageError, match=message) as caught:
        parser.check(source)
    assert isinstance(caught.value, parser.GoujiError) and isinstance(caught.value, TypeError)


def test_text_file_object_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("收入1万元。\n", encoding="utf-8")
    with open(path, encoding="utf-8") as handle, pytest.raises(parser.UsageError, match="rb"):
        parser.check(handle)
    with pytest.raises(parser.UsageError, match="str"):
        parser.check_text(b"bytes")


@pytest.mark.parametrize("source", ["/" + "a" * 3000, "no/such/file.txt", b"", b"\x00\x01"],
                         ids=["name-too-long", "missing", "empty-bytes", "binary-bytes"])
def test_unreadable_input_is_an_input_error(source):
    with pytest.raises(parser.InputError):
        parser.check(source)


def test_unexpected_failure_is_an_internal_error(monkeypatch):
    import sys
    check_module = sys.modules["parser.check"]             # the module (parser.check is the function)

    def broken(document, **options):
        raise ZeroDivisionError("boom")
    monkeypatch.setattr(check_module, "check_document", broken)
    with pytest.raises(parser.InternalError, match="ZeroDivisionError: boom") as caught:
        parser.check_text("收入1万元。")
    assert isinstance(caught.value.__cause__, ZeroDivisionError)


def test_severity_rule_cause_are_str_enums_and_json_is_unchanged():
    report = parser.check(seed("000"))
    finding = next(f for f in report.findings if f.cause)
    assert isinstance(finding.severity, parser.Severity) and isinstance(finding.rule, parser.Rule)
    assert isinstance(finding.cause, parser.Cause)
    assert finding.severity in ("error", "warning") and f"{finding.rule}" == finding.rule.value
    data = json.loads(json.dumps(to_dict(report)))
    assert {f["severity"] for f in data["findings"]} <= {"error", "warning", "info"}
    assert type(to_dict(report)["findings"][0]["rule"]) is str


def test_nothing_fiscal_is_said(tmp_path):
    report = parser.check_text("今天天气很好，我们去公园散步。")
    assert to_dict(report)["stats"]["fiscal"] is False
    assert "nothing fiscal recognised" in render_text(report)
    fiscal = parser.check_text("本年收入合计401.4万元，其中：财政拨款收入401.4万元。")
    assert to_dict(fiscal)["stats"]["fiscal"] is True
    assert "nothing fiscal" not in render_text(fiscal)

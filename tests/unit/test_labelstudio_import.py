"""Issue 15: `gouji annotate import` on malformed Label Studio exports — each refused with one line, exit 2,
nothing written; no traceback."""
import copy
import json
from typing import Any

import pytest

from parser.cli import main
from training.annotations import mention_id

DATA = {"text": "收入401.4元。", "mention_id": mention_id("d", None, 1, (2, 8)), "doc": "d", "page": None, "line": 1,
        "span": [2, 8], "sentence_span": [0, 10], "mention": "401.4元",
        "rule": {"kind": "amount", "role": "actual", "metric": None, "is_claim": True}}
RESULT = [{"from_name": "kind", "to_name": "text", "type": "choices", "value": {"choices": ["amount"]}},
          {"from_name": "role", "to_name": "text", "type": "choices", "value": {"choices": ["actual"]}},
          {"from_name": "is_claim", "to_name": "text", "type": "choices", "value": {"choices": ["true"]}}]
TASK = {"id": 1, "data": DATA, "annotations": [{"completed_by": {"email": "a@b"}, "result": RESULT}],
        "predictions": [{"result": RESULT}]}


def task_with(path: str, value):
    """The valid task with the value at a dotted path replaced."""
    task = copy.deepcopy(TASK)
    keys = path.split(".")
    node: Any = task
    for key in keys[:-1]:
        node = node[int(key)] if isinstance(node, list) else node[key]
    last = keys[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return [task]


def nested(depth: int):
    return "[" * depth + "]" * depth


MALFORMED = {
    "list of integers": [1, 2, 3], "an object": {"tasks": []}, "a string": "tasks", "null": None, "empty list": [],
    "list of null": [None], "list of lists": [[]], "data a list": task_with("data", []),
    "data a string": task_with("data", "x"), "annotations an object": task_with("annotations", {}),
    "annotations of null": task_with("annotations", [None]), "annotations of ints": task_with("annotations", [1]),
    "result a string": task_with("annotations.0.result", "x"), "result of ints": task_with("annotations.0.result", [1]),
    "value a list": task_with("annotations.0.result.0.value", []),
    "choices a string": task_with("annotations.0.result.0.value", {"choices": "amount"}),
    "choices of ints": task_with("annotations.0.result.0.value", {"choices": [1]}),
    "text an int": task_with("annotations.0.result.0", {"from_name": "metric", "value": {"text": 5}}),
    "completed_by a list": task_with("annotations.0.completed_by", []),
    "predictions an object": task_with("predictions", {}), "predictions of ints": task_with("predictions", [3]),
    "prediction result a string": task_with("predictions.0.result", "r"),
    "span a string": task_with("data.span", "2-8"), "span of one": task_with("data.span", [2]),
    "span with null": task_with("data.span", [2, None]), "span of bools": task_with("data.span", [True, 8]),
    "line a string": task_with("data.line", "1"), "line null": task_with("data.line", None),
    "line a float": task_with("data.line", 1.5), "page a string": task_with("data.page", "1"),
    "mention an int": task_with("data.mention", 401), "sentence null": task_with("data.text", None),
    "sentence_span null": task_with("data.sentence_span", None), "mention_id an int": task_with("data.mention_id", 5),
    "doc a list": task_with("data.doc", []), "rule a string": task_with("data.rule", "x"),
    "rule kind a list": task_with("data.rule.kind", [1]), "context a string": task_with("data.context", "x"),
    "unknown kind": task_with("annotations.0.result.0.value", {"choices": ["xyz"]}),
    "is_claim maybe": task_with("annotations.0.result.2.value", {"choices": ["maybe"]}),
    "no annotation done": task_with("annotations", []),
}
RAW = {"nested 100000 deep": nested(100_000), "nested in a task": '[{"data": {"a": ' + nested(50_000) + "}}]",
       "not JSON": "[{", "binary": b"\xff\xfe\x00\x01garbage"}


def run_import(tmp_path, capsys, content):
    export = tmp_path / "export.json"
    if isinstance(content, bytes):
        export.write_bytes(content)
    else:
        export.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False),
                          encoding="utf-8")
    out = tmp_path / "records.jsonl"
    code = main(["annotate", "import", str(export), "--out", str(out)])
    return code, capsys.readouterr().err, out


def test_the_valid_export_imports(tmp_path, capsys):
    code, err, out = run_import(tmp_path, capsys, [TASK])
    assert code == 0 and out.exists(), err


@pytest.mark.parametrize("content", list(MALFORMED.values()) + list(RAW.values()),
                         ids=list(MALFORMED) + list(RAW))
def test_malformed_export_refused_in_one_line(tmp_path, capsys, content):
    code, err, out = run_import(tmp_path, capsys, content)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("gouji: "), err
    assert not out.exists()


def test_at_least_forty_malformed_exports():
    assert len(MALFORMED) + len(RAW) >= 40

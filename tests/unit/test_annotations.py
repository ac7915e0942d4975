"""The annotation validator: what it rejects, and the conflicts it reports."""
import json
from typing import Any

import pytest

from training.annotations import check_record, read_annotations, resolve, validate

GOOD: dict[str, Any] = {"id": "d:-:7:2-8", "doc": "d", "page": None, "line": 7, "span": [2, 8], "text": "401.4元",
        "sentence": "收入401.4元。", "sentence_span": [0, 10], "annotator": "a",
        "labels": {"kind": "amount", "role": "actual", "metric": "revenue_total", "is_claim": True},
        "sources": {"kind": "review", "role": "review", "metric": "review", "is_claim": "review"}}


def with_labels(**changes):
    return dict(GOOD, labels=dict(GOOD["labels"], **changes))


BAD_RECORDS = [
    ("span does not hold the text", dict(GOOD, text="401.4"), "holds"),
    ("span outside the sentence", dict(GOOD, span=[30, 36], id="d:-:7:30-36"), "holds"),
    ("unknown kind", with_labels(kind="money"), "unknown kind"),
    ("unknown role", with_labels(role="budget"), "unknown role"),
    ("unknown metric", with_labels(metric="no_such_metric"), "unknown metric"),
    ("is_claim not a boolean", with_labels(is_claim="yes"), "is_claim"),
    ("unknown source", dict(GOOD, sources=dict(GOOD["sources"], kind="oracle")), "unknown source"),
    ("missing labels", {k: v for k, v in GOOD.items() if k != "labels"}, "missing"),
    ("id not matching the place", dict(GOOD, id="d:-:8:2-8"), "does not match"),
]


def test_good_record_passes():
    assert check_record(GOOD) == []
    assert check_record(with_labels(metric="item:教育支出")) == []


@pytest.mark.parametrize("case,record,message", BAD_RECORDS, ids=[c for c, _, _ in BAD_RECORDS])
def test_rejected(case, record, message):
    result = validate([("f:1", record)])
    assert not result.records
    assert any(message in p.message for p in result.rejected), result.rejected


def test_duplicate_rejected():
    result = validate([("f:1", GOOD), ("f:2", dict(GOOD))])
    assert len(result.records) == 1
    assert "duplicate" in result.rejected[0].message


def test_conflict_reported_and_stronger_source_wins():
    human = dict(with_labels(role="budget_final"), annotator="labelstudio:1",
                 sources={k: "human" for k in GOOD["sources"]})
    result = validate([("f:1", GOOD), ("g:1", human)])
    assert len(result.records) == 2 and not result.rejected
    assert len(result.conflicts) == 1 and "role" in result.conflicts[0].message
    assert resolve(result.records)[0]["labels"]["role"] == "budget_final"


def test_shipped_annotations_are_valid(tmp_path):
    from pathlib import Path
    folder = Path(__file__).resolve().parents[2] / "annotations"
    result = read_annotations([folder])
    assert not result.rejected, result.rejected[:3]
    assert len(result.records) >= 2000


def test_not_json_is_an_error(tmp_path):
    from training.annotations import AnnotationError
    bad = tmp_path / "x.jsonl"
    bad.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match="x.jsonl:2"):
        read_annotations([bad])

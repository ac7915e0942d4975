"""The claim classifier in the checker: fallback when the model is absent or mismatched, and the
annotators' round trip (export → edit in Label Studio's JSON → import → retrain → corrected prediction)."""
import json
import logging
import shutil
from pathlib import Path

import pytest

from parser.check import check_document
from parser.narrative import classifier as classify
from tests.conftest import doc_from_text

ROOT = Path(__file__).resolve().parents[1]
TEXT = "一、收入支出情况\n2024年度收入合计401.4万元，较上年减少38.05万元。公务接待费年初预算0.5万元，支出决算为0.19万元。\n"


@pytest.fixture
def model_at(monkeypatch):
    """Point gouji at a model path; the load cache is emptied before and after."""
    def use(path):
        monkeypatch.setenv(classify.MODEL_ENV, str(path))
        classify.cached_model.cache_clear()
    yield use
    classify.cached_model.cache_clear()


def rules_only(claims):
    return [(c.kind, c.role) for c in claims]


def test_missing_model_warns_once_and_falls_back(model_at, tmp_path, caplog):
    model_at(tmp_path / "absent.skops")
    with caplog.at_level(logging.WARNING, logger="parser.narrative.classifier"):
        first = check_document(doc_from_text(TEXT))
        second = check_document(doc_from_text(TEXT))
    warnings = [r for r in caplog.records if "claim classifier not used" in r.getMessage()]
    assert len(warnings) == 1 and "no model at" in warnings[0].getMessage()
    assert first.claims and rules_only(first.claims) == rules_only(second.claims)


def test_model_of_another_sklearn_version_is_refused(model_at, tmp_path, caplog):
    shipped = classify.default_model_path()
    if not shipped.exists():
        pytest.skip("no shipped model")
    target = tmp_path / classify.MODEL_NAME
    shutil.copy(shipped, target)
    card = json.loads(classify.card_path(shipped).read_text(encoding="utf-8"))
    card["versions"]["scikit-learn"] = "0.0"
    classify.card_path(target).write_text(json.dumps(card), encoding="utf-8")
    model_at(target)
    with caplog.at_level(logging.WARNING, logger="parser.narrative.classifier"):
        report = check_document(doc_from_text(TEXT))
    assert any("trained with scikit-learn 0.0" in r.getMessage() for r in caplog.records)
    assert all(c.confidence in (0.9, 0.6) for c in report.claims)     # the rules' own confidences


def test_shipped_model_loads_and_gives_confidences(model_at):
    shipped = classify.default_model_path()
    model_at(shipped)
    assert classify.get_model() is not None, "the shipped model must work right after install"
    report = check_document(doc_from_text(TEXT))
    assert all(0 < c.confidence <= 1 for c in report.claims)


def test_round_trip_corrects_the_model(model_at, tmp_path):
    pytest.importorskip("datasets")
    from training.annotations import write_jsonl
    from training.labelstudio import export_tasks, import_export
    from training.train import train

    model_at(classify.default_model_path())
    doc = tmp_path / "roundtrip.txt"
    doc.write_text("二、专项说明\n2024年本项目专项调研经费安排了87.65万元，用于走访企业。\n", encoding="utf-8")
    tasks = export_tasks([str(doc)])
    task = next(t for t in tasks if t["data"]["mention"] == "87.65万元")
    predicted = {r["from_name"]: r["value"] for r in task["predictions"][0]["result"]}
    old_role = predicted["role"]["choices"][0]
    new_role = "budget_final" if old_role != "budget_final" else "actual"
    # what Label Studio exports after the annotator changed the role: the prediction's result, edited
    result = json.loads(json.dumps(task["predictions"][0]["result"]))
    next(r for r in result if r["from_name"] == "role")["value"]["choices"] = [new_role]
    task = dict(task, id=1, annotations=[{"id": 11, "completed_by": 7, "was_cancelled": False, "result": result}])
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")

    imported = import_export(json.loads(exported.read_text(encoding="utf-8")), str(exported))
    assert not imported.rejected and len(imported.records) == 1
    record = imported.records[0]
    assert record["labels"]["role"] == new_role and record["sources"]["role"] == "human"
    assert record["annotator"] == "labelstudio:7"
    write_jsonl(tmp_path / "imported.jsonl", imported.records)

    out = tmp_path / "model"
    train([ROOT / "annotations", tmp_path / "imported.jsonl"], out)
    model_at(out / classify.MODEL_NAME)
    models = classify.get_model()
    assert models is not None
    offset = record["sentence_span"][0]
    row = classify.features_for(record["sentence"], record["span"][0] - offset, record["span"][1] - offset,
                                record["rule"]["kind"], record["rule"]["role"], record["rule"]["is_claim"],
                                **record.get("context", {}))
    assert classify.predict(models, [row])[0].role == new_role


class Tampered:
    """Writes a marker file when rebuilt: what a crafted model could do if gouji trusted its type."""
    marker = None

    def __setstate__(self, state):
        Path(state["marker"]).write_text("code ran", encoding="utf-8")


def tampered_model(tmp_path, monkeypatch, module_name: str) -> tuple[Path, Path]:
    """A model file whose dict holds a Tampered object registered under `module_name`, with the shipped card."""
    sio = pytest.importorskip("skops.io")
    import sys
    import types

    module = types.ModuleType(module_name)
    cls = type("Tampered", (Tampered,), {"__module__": module_name})
    module.__dict__["Tampered"] = cls
    monkeypatch.setitem(sys.modules, module_name, module)
    marker = tmp_path / "marker"
    obj: Tampered = object.__new__(cls)
    obj.__dict__["marker"] = str(marker)
    target = tmp_path / classify.MODEL_NAME
    sio.dump({"kind": obj, "role": obj, "is_claim": obj}, target)
    shutil.copy(classify.card_path(classify.default_model_path()), classify.card_path(target))
    return target, marker


@pytest.mark.parametrize("module_name", ["numpy.gouji_tampered", "sklearn.gouji_tampered", "gouji_tampered"])
def test_tampered_model_is_refused_without_running_its_code(model_at, tmp_path, monkeypatch, caplog, module_name):
    # numpy.* was trusted by prefix before: the marker was written when gouji loaded such a file
    target, marker = tampered_model(tmp_path, monkeypatch, module_name)
    model_at(target)
    with caplog.at_level(logging.WARNING, logger="parser.narrative.classifier"):
        report = check_document(doc_from_text(TEXT))
    assert not marker.exists(), "the model file's code ran"
    assert any(f"{module_name}.Tampered" in r.getMessage() for r in caplog.records)
    assert report.claims                                   # the rules went on alone


def test_function_nodes_are_refused(tmp_path):
    import zipfile

    from parser.narrative.model_file import UntrustedModel, check_model_file
    schema = {"__class__": "dict", "__module__": "builtins", "__loader__": "DictNode",
              "content": {"kind": {"__class__": "runstring", "__module__": "numpy.testing._private.utils",
                                   "__loader__": "FunctionNode", "content": {}}}}
    path = tmp_path / "f.skops"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("schema.json", json.dumps(schema))
    with pytest.raises(UntrustedModel, match="FunctionNode"):
        check_model_file(path)


def test_shipped_model_names_only_listed_types():
    from parser.narrative.model_file import check_model_file
    assert "sklearn.pipeline.Pipeline" in check_model_file(classify.default_model_path())

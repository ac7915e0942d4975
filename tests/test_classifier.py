"""The claim classifier in the checker: fallback when the model is absent or refused (a model file is JSON
numbers read strictly: a pickle or skops file, an unexpected key or type is refused and nothing runs), the
exported model against scikit-learn, and the annotators' round trip (export → edit in Label Studio's JSON →
import → retrain → corrected prediction)."""
import json
import logging
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
    model_at(tmp_path / "absent.model.json")
    with caplog.at_level(logging.WARNING, logger="parser.narrative.classifier"):
        first = check_document(doc_from_text(TEXT), relabel=True)
        second = check_document(doc_from_text(TEXT), relabel=True)
    warnings = [r for r in caplog.records if "claim classifier not used" in r.getMessage()]
    assert len(warnings) == 1 and "no model at" in warnings[0].getMessage()
    assert first.claims and rules_only(first.claims) == rules_only(second.claims)


def shipped_content() -> dict:
    return json.loads(classify.default_model_path().read_text(encoding="utf-8"))


def first_target(content: dict) -> dict:
    return content["targets"]["kind"]


MUTATIONS = {       # name → (change to the shipped model file's content, words of the warning)
    "unexpected key": (lambda c: c.update(code="__import__('os')"), "unexpected key 'code'"),
    "missing target": (lambda c: c["targets"].pop("role"), "missing key 'role'"),
    "old is_claim target": (lambda c: c["targets"].update(is_claim=c["targets"]["kind"]), "unexpected key 'is_claim'"),
    "wrong format": (lambda c: c.update(format="skops"), "format is not gouji.linear/1"),
    "string weight": (lambda c: first_target(c)["coef"][0].__setitem__(0, "1.0"), "finite numbers only"),
    "bool weight": (lambda c: first_target(c)["intercept"].__setitem__(0, True), "finite numbers only"),
    "huge integer": (lambda c: first_target(c)["intercept"].__setitem__(0, 10 ** 400), "finite numbers only"),
    "short row": (lambda c: first_target(c)["coef"][1].pop(), "must be a list of"),
    "extra row": (lambda c: first_target(c)["coef"].append(first_target(c)["coef"][0]), "must have 7 rows"),
    "column out of range": (lambda c: first_target(c)["columns"].__setitem__(-1, 1 << 30), "column numbers below"),
    "unsorted columns": (lambda c: first_target(c)["columns"].reverse(), "strictly increasing"),
    "unknown probability": (lambda c: first_target(c).update(probability="custom"), "probability must be"),
    "policy of an unknown band": (lambda c: c["policy"]["kind"].update(always=["amount"]), "bands must be"),
    "too many columns": (lambda c: c["features"].update(n_features=1 << 40), "features must be"),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_model_file_not_exactly_of_the_format_is_refused(model_at, tmp_path, caplog, name):
    change, words = MUTATIONS[name]
    content = shipped_content()
    change(content)
    target = tmp_path / classify.MODEL_NAME
    target.write_text(json.dumps(content), encoding="utf-8")
    model_at(target)
    with caplog.at_level(logging.WARNING, logger="parser.narrative.classifier"):
        report = check_document(doc_from_text(TEXT), relabel=True)
    warnings = [r.getMessage() for r in caplog.records if "claim classifier not used" in r.getMessage()]
    assert len(warnings) == 1 and words in warnings[0] and "\n" not in warnings[0], warnings
    assert all(c.confidence in (0.9, 0.6) for c in report.claims)     # the rules' own confidences


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_refused(tmp_path, text):
    content = json.dumps(shipped_content(), separators=(",", ":"))
    assert '"intercept":[' in content
    path = tmp_path / "m.json"
    path.write_text(content.replace('"intercept":[', f'"intercept":[{text},', 1), encoding="utf-8")
    with pytest.raises(classify.ModelUnavailable, match=f"holds {text}, not a finite number"):
        classify.load_model(path)


def test_repeated_keys_and_deep_nesting_are_refused(tmp_path):
    from parser.narrative.model_file import ModelRefused, load_linear_model
    for text, words in (('{"format": "gouji.linear/1", "format": "x"}', "repeats a key"),
                        ("[" * 100_000 + "]" * 100_000, "not JSON")):
        path = tmp_path / "m.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ModelRefused, match=words):
            load_linear_model(path, classify.TARGETS)


def test_shipped_model_loads_and_gives_confidences(model_at):
    shipped = classify.default_model_path()
    model_at(shipped)
    assert classify.get_model() is not None, "the shipped model must work right after install"
    report = check_document(doc_from_text(TEXT), relabel=True)
    assert all(0 < c.confidence <= 1 for c in report.claims)


@pytest.mark.slow                       # `gouji train` compares five candidates held out by family (minutes)
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


def test_pickle_at_the_model_path_is_refused_and_nothing_runs(model_at, tmp_path, caplog):
    """A pickle that writes a marker file when loaded, put where the model goes: gouji reads JSON numbers
    only, so it refuses the file with one warning and the marker is never written; unpickled, it would be."""
    import pickle

    marker = tmp_path / "marker"

    class Exec:
        def __reduce__(self):
            return exec, (f"open({str(marker)!r}, 'w').write('code ran')",)

    target = tmp_path / classify.MODEL_NAME
    target.write_bytes(pickle.dumps(Exec(), protocol=4))
    model_at(target)
    with caplog.at_level(logging.WARNING, logger="parser.narrative.classifier"):
        report = check_document(doc_from_text(TEXT), relabel=True)
    warnings = [r.getMessage() for r in caplog.records if "claim classifier not used" in r.getMessage()]
    assert not marker.exists(), "the model file's code ran"
    assert len(warnings) == 1 and "pickle" in warnings[0]
    assert report.claims                                   # the rules went on alone
    pickle.loads(target.read_bytes())                      # the file is hostile indeed: loaded, it runs
    assert marker.read_text(encoding="utf-8") == "code ran"


def test_skops_file_at_the_model_path_is_refused(model_at, tmp_path, caplog):
    import zipfile
    target = tmp_path / classify.MODEL_NAME
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("schema.json", json.dumps({"__class__": "runstring", "__loader__": "FunctionNode",
                                                    "__module__": "numpy.testing._private.utils"}))
    model_at(target)
    with caplog.at_level(logging.WARNING, logger="parser.narrative.classifier"):
        check_document(doc_from_text(TEXT), relabel=True)
    assert any("ZIP or pickle" in r.getMessage() for r in caplog.records)


def test_exported_model_predicts_as_scikit_learn(tmp_path):
    """Fitted on every training record, exported, read back: the same probabilities and labels on every record."""
    pytest.importorskip("sklearn")
    pytest.importorskip("datasets")
    import numpy

    from training.export import export_model, write_model
    from training.train import fit, gold_records, hash_features, row_features, to_dataset

    records, _ = gold_records([ROOT / "annotations"])
    dataset = to_dataset(records).to_list()
    features = [row_features(row) for row in dataset]
    fitted = fit(features, dataset, list(range(len(dataset))))
    path = tmp_path / classify.MODEL_NAME
    write_model(path, export_model(fitted, "test", policy={}))
    model = classify.load_model(path)
    ours = [model.linear.proba(f) for f in features]
    matrix = hash_features(features)
    for target, one in fitted.items():
        classes = [c.item() for c in one.classes_]
        expected = one.predict_proba(matrix)
        got = numpy.array([[row[target][c] for c in classes] for row in ours])
        assert numpy.abs(got - expected).max() < 1e-9, target
        labels = list(one.estimator.predict(matrix[:, one.columns]))
        assert [classify.best(row[target])[0] for row in ours] == labels, target


def test_pure_python_hashing_is_scikit_learns(tmp_path):
    pytest.importorskip("sklearn")
    import random

    from sklearn.feature_extraction import FeatureHasher
    from sklearn.utils import murmurhash3_32 as reference

    from parser.narrative.model_file import feature_column, hashed, murmurhash3_32

    rng = random.Random(0)
    names = ["", "a", "占", "unit=%", "L3=比上年", "rule_kind_role=share/actual", "x" * 37]
    names += ["".join(rng.choice("abc=/占比增长%0123456789") for _ in range(rng.randrange(0, 24))) for _ in range(3000)]
    for name in names:
        assert murmurhash3_32(name.encode()) == reference(name.encode(), seed=0), name
    for n_features in (16, 1000, 2 ** 18):
        rows = [{name: 1.0 + i % 3 for i, name in enumerate(names[j:j + 40])} for j in range(0, len(names), 40)]
        matrix = FeatureHasher(n_features=n_features, alternate_sign=False).transform(rows).tocsr()
        for i, row in enumerate(rows):
            got = hashed(row, n_features)
            start, end = matrix.indptr[i], matrix.indptr[i + 1]
            assert got == [(int(c), float(v)) for c, v in zip(matrix.indices[start:end], matrix.data[start:end])]
        assert all(0 <= feature_column(name, n_features) < n_features for name in names[:50])

"""The linker at check time: its strict model file, language-only features, and where it may replace the
rules' choice of a relation's input."""
import json
import logging
import subprocess
import sys

import pytest

from parser.layout.segment import segment
from parser.narrative import linker
from parser.narrative.claims import extract_claims
from tests.conftest import doc_from_text

REAL = ("本年收入28519亿元,比上年增加1965亿元,增长7.4%,完成预算的107.7%。其中:基本养老保险费收入22407亿元,"
        "比上年增加1311亿元,增长6.2%。")          # 1311 ÷ (22407 − 1311) = 6.2%: the change is the part's
APART = "部门支出合计880.00万元，其中：培训费支出64.00万元，同比增加16.00万元，增长33.33%。"


def model_data(weights: dict, threshold: float = 0.5) -> dict:
    return {"format": linker.FORMAT, "features": list(weights), "weights": list(weights.values()), "intercept": 0.0,
            "calibration": {"scale": 1.0, "shift": 0.0}, "threshold": threshold, "metadata": {}}


def write_model(tmp_path, data) -> str:
    path = tmp_path / "linker.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    linker.model_at.cache_clear()
    return str(path)


def extraction(text: str, use_model: bool, path: str | None = None, monkeypatch=None):
    if path is not None:
        monkeypatch.setenv(linker.MODEL_ENV, path)
    linker.model_at.cache_clear()
    layout = segment(doc_from_text(text))
    return extract_claims(layout.paragraphs, 2024, lambda line: None, use_model=use_model)


def change_current(result) -> str:
    """The level the text's last change percent is read against."""
    claims = {c.id: c for c in result.claims}
    rel = [r for r in result.relations if r.kind == "change" and claims[r.target].kind == "change_percent"][-1]
    return claims[rel.inputs["current"]].text


@pytest.mark.parametrize("text, own", [(REAL, "22407"), (APART, "64.00")], ids=["real", "apart"])
def test_rules_choice_stands_without_a_model_and_with_a_timid_one(text, own, tmp_path, monkeypatch):
    assert own in change_current(extraction(text, use_model=False))
    timid = write_model(tmp_path, model_data({"current:rank=1": 5.0}, threshold=1.0))
    assert own in change_current(extraction(text, True, timid, monkeypatch))


@pytest.mark.parametrize("text, total", [(REAL, "28519"), (APART, "880.00")], ids=["real", "apart"])
def test_a_confident_model_that_prefers_another_candidate_replaces_the_rules_choice(text, total, tmp_path,
                                                                                     monkeypatch):
    """A model scoring the farther level high takes the slot; the same model is ignored with use_model off."""
    path = write_model(tmp_path, model_data({"current:rank=1": 9.0, "current:rules": -9.0}, threshold=0.9))
    assert total in change_current(extraction(text, True, path, monkeypatch))
    assert total not in change_current(extraction(text, False, path, monkeypatch))


def test_the_slot_candidates_are_the_levels_of_the_sentence_and_the_one_before():
    result = extraction("单位收入合计300.00万元。" + APART, use_model=False)
    claims = {c.id: c for c in result.claims}
    group = next(g for g in result.links if g.slot == "current")
    assert [claims[c.id].quantity.surface for c in group.candidates] == ["64.00万元", "880.00万元", "300.00万元"]
    assert claims[group.rules_choice].quantity.surface == "64.00万元"


def test_features_are_the_language_only():
    """The same words with other numbers give the same features: nothing of the arithmetic is read."""
    def feature_sets(text):
        result = extraction(text, use_model=False)
        return [[c.features for c in g.candidates] for g in result.links]
    other = APART.replace("880.00", "12.5").replace("64.00", "7,431.20").replace("16.00", "0.3").replace("33.33", "95.1")
    assert feature_sets(APART) == feature_sets(other)
    assert feature_sets(APART)


@pytest.mark.parametrize("data, reason", [
    ("not json {", "not JSON"),
    ({"format": linker.FORMAT}, "keys must be"),
    ({**model_data({"a": 1.0}), "code": "__import__('os')"}, "keys must be"),
    ({**model_data({"a": 1.0}), "weights": ["1.0"]}, "finite number"),
    ({**model_data({"a": 1.0}), "weights": [1.0, 2.0]}, "one length"),
    ({**model_data({"a": 1.0}), "intercept": float("nan")}, "finite number"),
    ({**model_data({"a": 1.0}), "threshold": 0.1}, "threshold"),
    ({**model_data({"a": 1.0}), "calibration": {"scale": 1.0}}, "calibration"),
    ({**model_data({"a": 1.0}), "format": "pickle"}, "format"),
    ([1, 2], "keys must be"),
], ids=["not-json", "missing-keys", "extra-key", "string-weight", "sizes", "nan", "threshold", "calibration",
        "format", "list"])
def test_a_malformed_model_file_is_refused_with_one_warning_and_the_rules_choice_stands(data, reason, tmp_path,
                                                                                        caplog, monkeypatch):
    path = write_model(tmp_path, data)
    with caplog.at_level(logging.WARNING):
        assert linker.load_model(path) is None
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and reason in warnings[0].getMessage() and "\n" not in warnings[0].getMessage()
    assert "22407" in change_current(extraction(REAL, True, path, monkeypatch))


def test_the_shipped_model_loads_and_the_check_path_needs_no_scikit_learn():
    code = ("import sys; from parser.narrative import linker; m = linker.load_model(); "
            "assert m is not None and m.weights; "
            "print(sorted({n.split('.')[0] for n in sys.modules} & {'sklearn', 'scipy', 'skops', 'numpy'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_total_of_a_list_of_parts_is_a_slot_and_a_confident_model_may_move_it(tmp_path, monkeypatch):
    text = "单位收入合计300.00万元。部门支出合计880.00万元，其中：培训费支出64.00万元，会议费支出16.00万元。"
    result = extraction(text, use_model=False)
    claims = {c.id: c for c in result.claims}
    group = next(g for g in result.links if g.slot == "total")
    assert [claims[c.id].quantity.surface for c in group.candidates] == ["880.00万元", "300.00万元"]
    rel = next(r for r in result.relations if r.kind == "sum")
    assert claims[rel.target].quantity.surface == "880.00万元"
    path = write_model(tmp_path, model_data({"total:other_sentence": 9.0, "total:rules": -9.0}, threshold=0.9))
    moved = extraction(text, True, path, monkeypatch)
    claims = {c.id: c for c in moved.claims}
    assert claims[next(r for r in moved.relations if r.kind == "sum").target].quantity.surface == "300.00万元"


def test_a_missing_model_named_by_the_environment_is_one_warning(tmp_path, caplog, monkeypatch):
    monkeypatch.setenv(linker.MODEL_ENV, str(tmp_path / "none.json"))
    linker.model_at.cache_clear()
    with caplog.at_level(logging.WARNING):
        assert linker.load_model() is None
        assert linker.load_model() is None
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    linker.model_at.cache_clear()

"""Fitted scikit-learn pipelines → the model file the checker reads (parser.narrative.model_file).

Each target's pipeline is FeatureHasher(alternate_sign=False) followed by a linear classifier
(SGDClassifier, LogisticRegression) or, for a target with one class in the data, a DummyClassifier.
Only numbers and names are written: the classes, the intercepts, and the weights of the columns
that carry one. `parser.narrative.model_file` applies them without scikit-learn; the tests check
that its probabilities equal `predict_proba` of the pipelines.
"""
from __future__ import annotations

import json
from pathlib import Path

from parser.narrative.model_file import FORMAT, HASHING


def plain(label):
    """A class label as JSON can hold it (numpy scalars → Python).

    >>> import numpy
    >>> plain(numpy.str_("amount")), plain(numpy.bool_(True))
    ('amount', True)
    """
    return label.item() if hasattr(label, "item") else label


def probability_of(estimator) -> str:
    """How the estimator turns scores into probabilities (model_file.PROBABILITIES)."""
    from sklearn.linear_model import LogisticRegression, SGDClassifier

    if isinstance(estimator, SGDClassifier):
        if estimator.loss == "modified_huber":
            return "modified_huber"
        if estimator.loss == "log_loss":
            return "logistic"
    if isinstance(estimator, LogisticRegression):
        return "logistic" if estimator.solver == "liblinear" else "softmax"
    raise ValueError(f"cannot export {estimator!r}: no probability of its scores is known")


def export_target(pipeline) -> tuple[int, dict]:
    """(n_features, the target's JSON object) of a fitted FeatureHasher + classifier pipeline."""
    import numpy
    from scipy import sparse
    from sklearn.dummy import DummyClassifier

    hasher, estimator = pipeline.steps[0][1], pipeline.steps[-1][1]
    if hasher.alternate_sign or hasher.input_type != "dict":
        raise ValueError("only FeatureHasher(alternate_sign=False, input_type='dict') is exported")
    classes = [plain(c) for c in estimator.classes_]
    if isinstance(estimator, DummyClassifier):
        if len(classes) != 1:
            raise ValueError("a DummyClassifier is exported only for a target with one class")
        return hasher.n_features, {"classes": classes, "probability": "logistic", "intercept": [], "columns": [],
                                   "coef": []}
    coef = sparse.csr_matrix(estimator.coef_)
    columns = sorted({int(c) for c in coef.indices[coef.data != 0]})
    dense = coef[:, columns].toarray() if columns else numpy.zeros((coef.shape[0], 0))
    return hasher.n_features, {
        "classes": classes, "probability": probability_of(estimator),
        "intercept": [float(b) for b in numpy.ravel(estimator.intercept_)],
        "columns": columns, "coef": [[float(w) for w in row] for row in dense]}


def export_model(pipelines: dict, name: str, **extra) -> dict:
    """The model file's content: every target's pipeline, plus `extra` keys (the claim model's policy)."""
    targets, sizes = {}, set()
    for target, pipeline in pipelines.items():
        n_features, targets[target] = export_target(pipeline)
        sizes.add(n_features)
    if len(sizes) != 1:
        raise ValueError("every target must hash its features into the same number of columns")
    return {"format": FORMAT, "name": name, "features": {"hashing": HASHING, "n_features": sizes.pop()},
            "targets": targets, **extra}


def write_model(path: Path, content: dict) -> None:
    """The model file, compact (one line): shortest round-trip decimal of every weight."""
    Path(path).write_text(json.dumps(content, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n",
                          encoding="utf-8")

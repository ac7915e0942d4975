"""Fitted scikit-learn models → the model file the checker reads (parser.narrative.model_file).

Each target is a `training.train.Fitted`: a linear classifier (SGDClassifier, LogisticRegression) or,
for a target with one class in the data, a DummyClassifier, fitted on some of the columns of
FeatureHasher(alternate_sign=False); its weights are written under those hashed column numbers.
Only numbers and names are written: the classes, the intercepts, and the weights of the columns
that carry one. `parser.narrative.model_file` applies them without scikit-learn; the tests check
that its probabilities equal `predict_proba` of the fitted models.
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


def export_target(fitted) -> tuple[int, dict]:
    """(n_features, the target's JSON object) of a fitted target (training.train.Fitted)."""
    import numpy
    from scipy import sparse
    from sklearn.dummy import DummyClassifier

    estimator = fitted.estimator
    classes = [plain(c) for c in estimator.classes_]
    if isinstance(estimator, DummyClassifier):
        if len(classes) != 1:
            raise ValueError("a DummyClassifier is exported only for a target with one class")
        return fitted.n_features, {"classes": classes, "probability": "logistic", "intercept": [], "columns": [],
                                   "coef": []}
    coef = sparse.csr_matrix(estimator.coef_)
    used = sorted({int(c) for c in coef.indices[coef.data != 0]})
    dense = coef[:, used].toarray() if used else numpy.zeros((coef.shape[0], 0))
    return fitted.n_features, {
        "classes": classes, "probability": probability_of(estimator),
        "intercept": [float(b) for b in numpy.ravel(estimator.intercept_)],
        "columns": [int(fitted.columns[j]) for j in used], "coef": [[float(w) for w in row] for row in dense]}


def export_model(fitted: dict, name: str, **extra) -> dict:
    """The model file's content: every target ({target: Fitted}), plus `extra` keys (the claim model's policy)."""
    targets, sizes = {}, set()
    for target, one in fitted.items():
        n_features, targets[target] = export_target(one)
        sizes.add(n_features)
    if len(sizes) != 1:
        raise ValueError("every target must hash its features into the same number of columns")
    return {"format": FORMAT, "name": name, "features": {"hashing": HASHING, "n_features": sizes.pop()},
            "targets": targets, **extra}


def write_model(path: Path, content: dict) -> None:
    """The model file, compact (one line): shortest round-trip decimal of every weight."""
    Path(path).write_text(json.dumps(content, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n",
                          encoding="utf-8")

"""Train the claim classifier from annotations/ and write it with its model card.

Records are validated (training.annotations), one per mention is kept (human >
review > model > rule), loaded into a `datasets.Dataset`, and split by document:
every reviewed document is held out once while the model is trained on the
others (leave-one-document-out), so no document is ever on both sides. A 部门预算
and the 单位预算 of the same body and year share most of their text, so they are
held out together (`document_group`). The pooled held-out predictions give
per-class precision, recall, F1 and the confusion matrix, next to the rules-only
baseline on the same mentions. `train(..., by_body=True)` also holds out every
year of one publishing body at once (`body_group`), a stricter check of how the
model does on a body it has never seen.

A few fixed model candidates (CANDIDATES) are compared by their held-out macro-F1
(kind and role); the best is shipped. The checker's policy — which rule labels,
per confidence band, the model may replace — is chosen from held-out predictions
too: a (target, band, rule label) group is handed to the model when the model is
right more often than the rules there (net gain ≥ MIN_NET_GAIN). Its own figure is
measured honestly: for each held-out document the policy is chosen on the other
documents' held-out predictions. The shipped model is fitted on every document
and written as a file of numbers (training.export), which the checker applies without scikit-learn.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from training.annotations import AnnotationError, read_annotations, resolve
from parser.narrative.classifier import BANDS, CARD_NAME, MODEL_NAME, TARGETS, band_of, features_for

log = logging.getLogger(__name__)

SEED = 0
GOLD_SOURCES = ("review", "human")
HASHED_FEATURES = 2 ** 18        # feature hashing: no vocabulary to store
HUMAN_WEIGHT = 3.0               # a human correction counts three times a reviewed label
MIN_NET_GAIN = 2                 # the model takes a group of rule labels only when it fixes ≥ 2 more than it breaks
JOBS = 2                         # held-out folds fitted in parallel (this machine has 2 cores)
EPOCHS = 15
CANDIDATES = {                   # name → (SGD loss, L2 alpha), class-weighted; compared by held-out macro-F1
    "sgd-log-balanced": ("log_loss", 3e-5),            # logistic regression fitted by SGD
    "sgd-huber-balanced": ("modified_huber", 1e-4),    # a smoothed linear SVM (still gives probabilities)
}
DEFAULT_CANDIDATE = "sgd-log-balanced"


def document_group(doc: str) -> str:
    """The held-out unit of a document: itself, except that a 部门预算 and the 单位预算 of the same
    body and year (putuo_2025_budget_dept_X / putuo_2025_budget_unit_X) are one group.

    >>> document_group("putuo_2025_budget_unit_shangwuwei.pdf"), document_group("js_2018_budget_zhengxie.pdf")
    ('putuo_2025_budget_shangwuwei.pdf', 'js_2018_budget_zhengxie.pdf')
    """
    return re.sub(r"_(?:dept|unit)_", "_", doc)


def body_group(doc: str) -> str:
    """Every year of one publishing body as one group (the stricter check).

    >>> body_group("js_2017_budget_zhengxie.pdf"), body_group("putuo_2026_budget_dept_sifaju.pdf")
    ('js_budget_zhengxie.pdf', 'putuo_budget_sifaju.pdf')
    """
    return re.sub(r"_20\d\d_", "_", document_group(doc))


@dataclass
class Evaluation:
    """Held-out figures of one target (kind, role or is_claim)."""
    target: str
    labels: list
    model: dict                  # sklearn classification_report(output_dict=True)
    rules: dict
    model_confusion: list
    rules_confusion: list
    policy: dict = field(default_factory=dict)   # the checker's use: model label where the policy allows, else rules
    policy_confusion: list = field(default_factory=list)

    @property
    def model_macro_f1(self) -> float:
        return self.model["macro avg"]["f1-score"]

    @property
    def policy_macro_f1(self) -> float:
        return self.policy["macro avg"]["f1-score"]

    @property
    def rules_macro_f1(self) -> float:
        return self.rules["macro avg"]["f1-score"]


@dataclass
class TrainingResult:
    n_records: int
    n_documents: int
    held_out_documents: list
    evaluations: dict = field(default_factory=dict)
    card: dict = field(default_factory=dict)
    candidates: dict = field(default_factory=dict)   # name → {target: held-out macro-F1}
    chosen: str = ""
    policy: dict = field(default_factory=dict)
    conflicts: list = field(default_factory=list)
    seconds: float = 0.0


def gold_records(paths: Iterable[Path]) -> tuple[list[dict], list[str]]:
    """Valid, resolved records whose labels were checked (review or human); conflicts as messages."""
    validation = read_annotations(paths)
    if validation.rejected:
        shown = "; ".join(str(p) for p in validation.rejected[:3])
        raise AnnotationError(f"{len(validation.rejected)} invalid annotation record(s): {shown}")
    records = [r for r in resolve(validation.records)
               if any(s in GOLD_SOURCES for s in r["sources"].values()) and "rule" in r]
    return records, [str(c) for c in validation.conflicts]


def to_dataset(records: list[dict]):
    """The records as a `datasets.Dataset`, one row per mention."""
    from datasets import Dataset

    rows = []
    for r in records:
        offset = r["sentence_span"][0]
        rows.append({"id": r["id"], "doc": r["doc"], "sentence": r["sentence"],
                     "start": r["span"][0] - offset, "end": r["span"][1] - offset,
                     "kind": r["labels"]["kind"], "role": r["labels"]["role"], "is_claim": r["labels"]["is_claim"],
                     "rule_kind": r["rule"]["kind"], "rule_role": r["rule"]["role"],
                     "rule_is_claim": r["rule"]["is_claim"],
                     "rule_confidence": (r.get("context") or {}).get("rule_confidence"),
                     "doc_kind": (r.get("context") or {}).get("doc_kind") or "",
                     "doc_year": (r.get("context") or {}).get("doc_year"),
                     "human": any(s == "human" for s in r["sources"].values())})
    return Dataset.from_list(rows)


def row_features(row: dict) -> dict:
    return features_for(row["sentence"], row["start"], row["end"], row["rule_kind"], row["rule_role"],
                        row["rule_is_claim"], rule_confidence=row["rule_confidence"], doc_kind=row["doc_kind"],
                        doc_year=row["doc_year"])


def make_vectorizer(candidate: str = DEFAULT_CANDIDATE):
    """The feature step: feature hashing (no vocabulary to store; 32-bit indices, as SGD needs)."""
    from sklearn.feature_extraction import FeatureHasher

    return FeatureHasher(n_features=HASHED_FEATURES, alternate_sign=False)


def make_estimator(candidate: str = DEFAULT_CANDIDATE):
    """A fresh, unfitted estimator of one of CANDIDATES (fixed seed)."""
    from sklearn.linear_model import SGDClassifier

    loss, alpha = CANDIDATES[candidate]
    return SGDClassifier(loss=loss, alpha=alpha, max_iter=EPOCHS, tol=None, class_weight="balanced",
                         random_state=SEED)


def make_pipeline(candidate: str = DEFAULT_CANDIDATE):
    """A fresh, unfitted pipeline (features → estimator) of one of CANDIDATES."""
    from sklearn.pipeline import make_pipeline as pipeline

    return pipeline(make_vectorizer(candidate), make_estimator(candidate))


def sample_weights(dataset, indices) -> list[float]:
    return [HUMAN_WEIGHT if dataset[i]["human"] else 1.0 for i in indices]


def fit(features: list[dict], dataset, indices: list[int], candidate: str = DEFAULT_CANDIDATE) -> dict:
    """One pipeline per target, fitted on the rows at `indices` (what is shipped)."""
    from sklearn.dummy import DummyClassifier
    from sklearn.pipeline import make_pipeline as pipeline

    X = [features[i] for i in indices]
    weights = sample_weights(dataset, indices)
    models = {}
    for target in TARGETS:
        y = [dataset[i][target] for i in indices]
        if len(set(y)) == 1:                   # a target with one class: a constant classifier
            model = pipeline(make_vectorizer(candidate), DummyClassifier(strategy="most_frequent"))
            model.fit(X, y)
        else:
            model = make_pipeline(candidate)
            step, estimator = model.steps[-1]
            model.fit(X, y, **{f"{step}__sample_weight": weights})
            estimator.sparsify()               # sparse coefficients: most hashed columns are never used
        models[target] = model
    return models


def fit_fold(matrix, labels: dict, weights, train_rows, test_rows, candidate: str) -> dict:
    """{target: predictions for test_rows} of estimators fitted on train_rows of the feature matrix.

    The rows are hashed once for all folds (feature hashing is stateless: the same matrix a
    per-fold pipeline would build)."""
    out = {}
    for target in TARGETS:
        y = labels[target][train_rows]
        if len(set(y)) == 1:
            out[target] = [y[0]] * len(test_rows)
            continue
        model = make_estimator(candidate).fit(matrix[train_rows], y, sample_weight=weights[train_rows])
        out[target] = list(model.predict(matrix[test_rows]))
    return out


def folds(dataset, group=document_group) -> list[tuple[list[int], list[int]]]:
    """(train rows, test rows) per held-out group: each group once on the test side, never on both.

    >>> rows = [{"doc": d} for d in ("a.pdf", "putuo_2025_budget_dept_x.pdf", "putuo_2025_budget_unit_x.pdf")]
    >>> folds(rows)
    [([1, 2], [0]), ([0], [1, 2])]
    """
    groups = [group(row["doc"]) for row in dataset]
    return [([i for i, x in enumerate(groups) if x != g], [i for i, x in enumerate(groups) if x == g])
            for g in sorted(set(groups))]


def held_out_predictions(dataset, features: list[dict], candidate: str, group=document_group) -> dict:
    """{target: [prediction per row]}: each document group predicted by a model trained on the others."""
    import numpy
    from joblib import Parallel, delayed

    matrix = make_vectorizer(candidate).fit_transform(features).tocsr()
    labels = {t: numpy.array([row[t] for row in dataset]) for t in TARGETS}
    weights = numpy.array(sample_weights(dataset, range(len(dataset))))
    splits = [(numpy.array(train), numpy.array(test)) for train, test in folds(dataset, group)]
    jobs = max(1, min(JOBS, os.cpu_count() or 1))
    results = Parallel(n_jobs=jobs)(delayed(fit_fold)(matrix, labels, weights, train, test, candidate)
                                    for train, test in splits)
    pred = {t: [None] * len(dataset) for t in TARGETS}
    for (_, test), out in zip(splits, results):
        for target in TARGETS:
            for i, guess in zip(test, out[target]):
                pred[target][i] = guess.item() if hasattr(guess, "item") else guess
    return pred


def band(row: dict) -> Optional[str]:
    """The rules' confidence band of a row; None for a mention the rules made no claim of."""
    if not row["rule_is_claim"] or row["rule_confidence"] is None:
        return None
    return band_of(row["rule_confidence"])


def choose_policy(dataset, pred: dict, rows: Iterable[int]) -> dict:
    """{target: {band: [rule labels]}}: where, on `rows`, the model beat the rules by ≥ MIN_NET_GAIN."""
    net: dict = {}
    for i in rows:
        row = dataset[i]
        b = band(row)
        if b is None:
            continue
        for target in TARGETS:
            rule, gold, guess = row["rule_" + target], row[target], pred[target][i]
            key = (target, b, str(rule))
            net[key] = net.get(key, 0) + (guess == gold) - (rule == gold)
    policy = {t: {b: [] for b in BANDS} for t in TARGETS}
    for (target, b, rule), gain in sorted(net.items()):
        if gain >= MIN_NET_GAIN:
            policy[target][b].append(rule)
    return policy


def apply_policy(row: dict, target: str, guess, policy: dict):
    """What the checker ends with for one row: the model's label if the policy hands it the rule's label."""
    b = band(row)
    rule = row["rule_" + target]
    return guess if b is not None and str(rule) in policy[target][b] else rule


def evaluate(dataset, features: list[dict], candidate: str = DEFAULT_CANDIDATE, pred: Optional[dict] = None,
             group=document_group) -> tuple[dict, list[str], dict]:
    """Held-out figures of one candidate against gold and the rules; also the shipped policy."""
    from sklearn.metrics import classification_report, confusion_matrix

    pred = pred or held_out_predictions(dataset, features, candidate, group)
    doc_of = [row["doc"] for row in dataset]
    group_of = [group(d) for d in doc_of]
    docs = sorted(set(doc_of))
    checker = {t: [None] * len(dataset) for t in TARGETS}
    for g in sorted(set(group_of)):             # policy chosen without the held-out document group
        others = [i for i, x in enumerate(group_of) if x != g]
        policy = choose_policy(dataset, pred, others)
        for i, x in enumerate(group_of):
            if x == g:
                for t in TARGETS:
                    checker[t][i] = apply_policy(dataset[i], t, pred[t][i], policy)
    out = {}
    for target in TARGETS:
        gold = [row[target] for row in dataset]
        rules = [row["rule_" + target] for row in dataset]
        labels = sorted(set(gold) | set(pred[target]) | set(rules), key=str)
        report = lambda guesses: classification_report(gold, guesses, labels=labels, output_dict=True,
                                                       zero_division=0)
        out[target] = Evaluation(
            target, [str(x) for x in labels], report(pred[target]), report(rules),
            confusion_matrix(gold, pred[target], labels=labels).tolist(),
            confusion_matrix(gold, rules, labels=labels).tolist(),
            report(checker[target]), confusion_matrix(gold, checker[target], labels=labels).tolist())
    return out, docs, choose_policy(dataset, pred, range(len(dataset)))


def data_hash(records: list[dict]) -> str:
    """sha256 of the training records (sorted by id), so a model names the data it learnt from."""
    digest = hashlib.sha256()
    for r in sorted(records, key=lambda r: r["id"]):
        digest.update(json.dumps([r["id"], r["labels"], r["rule"]], ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()


def versions() -> dict:
    import datasets
    import numpy
    import scipy
    import sklearn

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": numpy.__version__, "scipy": scipy.__version__, "datasets": datasets.__version__}


FEATURES_TEXT = (
    "the rules' labels (one-hot, kind×role) and confidence band, unit, quantity kind, approximation; character "
    "1–3-grams of the 6 chars before and the 4 after the mention, the 1–2 chars around it and the first chars of "
    "its clause; cue words (data/cues.json) in the clause before and in 6 chars after it; plan words (计划, 预计, 拟 …) "
    "before it and event words (召开, 举办, 开展 …) in its clause, each × the document's kind; the number's shape "
    "(integer, magnitude, a 万/亿 suffix, thousands commas) and its place among the sentence's numbers; the year named "
    "before it relative to the document's year, the document's kind, position after 其中, TAB-separated row; rule "
    "role × year relation, rule role × document kind")


def summary(evaluations: dict) -> dict:
    return {t: {"macro_f1": round(e.model_macro_f1, 4), "rules_macro_f1": round(e.rules_macro_f1, 4),
                "checker_policy_macro_f1": round(e.policy_macro_f1, 4),
                "per_class_f1": {k: round(e.model[k]["f1-score"], 4) for k in e.labels},
                "checker_per_class_f1": {k: round(e.policy[k]["f1-score"], 4) for k in e.labels}}
            for t, e in evaluations.items()}


def train(annotation_paths: Iterable[Path], out_dir: Optional[Path] = None, *, by_body: bool = False
          ) -> TrainingResult:
    """Evaluate by held-out document groups, fit on all, write model + card to `out_dir` (if given).

    `by_body`: also evaluate the chosen candidate holding out every year of a body at once
    (`body_group`); the figures go into the card's `evaluation.by_body` (about twice the time)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):                  # one BLAS thread per fit: the folds run in parallel instead
        return _train(annotation_paths, out_dir, by_body=by_body)


def _train(annotation_paths: Iterable[Path], out_dir: Optional[Path], *, by_body: bool) -> TrainingResult:
    from training.export import export_model, write_model

    started = time.perf_counter()
    records, conflicts = gold_records(annotation_paths)
    if not records:
        raise AnnotationError("no reviewed or human-labelled annotation records to train on")
    dataset = to_dataset(records).to_list()        # plain rows: indexing a Dataset row by row is slow
    features = [row_features(row) for row in dataset]
    candidates, runs = {}, {}
    for name in CANDIDATES:
        runs[name] = evaluate(dataset, features, name)
        candidates[name] = {t: round(runs[name][0][t].model_macro_f1, 4) for t in TARGETS}
    chosen = max(CANDIDATES, key=lambda n: (candidates[n]["kind"] + candidates[n]["role"], -list(CANDIDATES).index(n)))
    evaluations, docs, policy = runs[chosen]
    models = fit(features, dataset, list(range(len(dataset))), chosen)
    groups = sorted({document_group(d) for d in docs})
    by_body_figures = None
    if by_body:
        body_eval, _, _ = evaluate(dataset, features, chosen, group=body_group)
        by_body_figures = {"split": "every year of one publishing body held out at once "
                                    f"({len({body_group(d) for d in docs})} groups)",
                           **summary(body_eval)}
    card = {
        "name": "gouji claim classifier",
        "task": "kind, role and is-a-claim of each numeric mention in the narrative",
        "model": f"{chosen}: " + " + ".join(repr(step) for _, step in make_pipeline(chosen).steps)
                 + ", one per target",
        "candidates": {"held-out macro-F1 by candidate (chosen by kind + role)": candidates, "chosen": chosen},
        "features": FEATURES_TEXT,
        "labels": {t: evaluations[t].labels for t in TARGETS},
        "training_data": {"records": len(records), "documents": docs, "sha256": data_hash(records),
                          "sources": sorted({s for r in records for s in r["sources"].values()})},
        "evaluation": {"split": f"leave-one-document-out over the documents above (no document on both sides); a "
                                f"部门预算 and the 单位预算 of the same body and year are held out together "
                                f"({len(groups)} groups)",
                       "checker": "the model's label only where the policy hands it the rule's label (claims only); "
                                  "for each held-out group the policy was chosen on the other groups",
                       **{t: {"macro_f1": round(e.model_macro_f1, 4), "rules_macro_f1": round(e.rules_macro_f1, 4),
                              "checker_policy_macro_f1": round(e.policy_macro_f1, 4),
                              "per_class": {k: {m: round(v, 4) for m, v in e.model[k].items()} for k in e.labels},
                              "rules_per_class": {k: {m: round(v, 4) for m, v in e.rules[k].items()} for k in e.labels},
                              "checker_per_class": {k: {m: round(v, 4) for m, v in e.policy[k].items()}
                                                    for k in e.labels},
                              "confusion": {"labels": e.labels, "model": e.model_confusion,
                                            "rules": e.rules_confusion, "checker": e.policy_confusion}}
                          for t, e in evaluations.items()},
                       **({"by_body": by_body_figures} if by_body_figures else {})},
        "policy": policy,
        "policy_rule": f"per target and rule-confidence band, the rule labels the model may replace: those where "
                       f"its held-out label was right at least {MIN_NET_GAIN} times more often than the rules'",
        "versions": versions(),
        "seed": SEED,
        "use": "parser.narrative.classifier.relabel (after the rules, parser.check.read_claims): the model's label where "
               "`policy` hands it the rule's label",
        "file": f"{MODEL_NAME}: classes, intercepts and the weights of the hashed feature columns as JSON numbers "
                "(format gouji.linear/1), applied in pure Python by parser.narrative.model_file",
    }
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        write_model(out_dir / MODEL_NAME, export_model(models, f"gouji claim classifier ({chosen})", policy=policy))
        (out_dir / CARD_NAME).write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return TrainingResult(len(records), len(docs), docs, evaluations, card, conflicts=conflicts,
                          seconds=round(time.perf_counter() - started, 1), candidates=candidates, chosen=chosen,
                          policy=policy)


def format_report(result: TrainingResult, before: Optional[dict] = None) -> str:
    """The figures `gouji train` prints: macro-F1 before/after, per-class tables, confusion matrices."""
    lines = [f"{result.n_records} reviewed mentions in {result.n_documents} documents; "
             f"held out one document at a time, a 部门预算 with its 单位预算 ({result.seconds} s)"]
    for c in result.conflicts[:5]:
        lines.append(f"conflict: {c}")
    for name, scores in result.candidates.items():
        mark = "  ← chosen" if name == result.chosen else ""
        lines.append(f"candidate {name:<20}" + "  ".join(f"{t} {v:.3f}" for t, v in scores.items()) + mark)
    for target, e in result.evaluations.items():
        previous = (before or {}).get(target, {}).get("macro_f1")
        was = f"  (previous model {previous:.3f})" if previous is not None else ""
        handed = "; ".join(f"{b}: {', '.join(v)}" for b, v in result.policy.get(target, {}).items() if v) or "nothing"
        lines.append(f"\n{target}: macro-F1 rules {e.rules_macro_f1:.3f} → model {e.model_macro_f1:.3f}{was}; "
                     f"checker (model only where held out it beat the rules) {e.policy_macro_f1:.3f}")
        lines.append(f"  the checker hands the model these rule labels — {handed}")
        lines.append(f"  {'class':<16}{'P':>7}{'R':>7}{'F1':>7}{'rules P':>9}{'rules R':>9}{'rules F1':>9}"
                     f"{'checker F1':>11}{'n':>6}")
        for label in e.labels:
            m, r, c = e.model[label], e.rules[label], e.policy[label]
            lines.append(f"  {label:<16}{m['precision']:7.3f}{m['recall']:7.3f}{m['f1-score']:7.3f}"
                         f"{r['precision']:9.3f}{r['recall']:9.3f}{r['f1-score']:9.3f}{c['f1-score']:11.3f}"
                         f"{int(m['support']):6d}")
        for title, matrix in (("model", e.model_confusion), ("rules", e.rules_confusion),
                              ("checker", e.policy_confusion)):
            lines.append(f"  confusion (rows gold, columns {title}): " + " ".join(e.labels))
            for label, row in zip(e.labels, matrix):
                lines.append(f"    {label:<16}" + " ".join(f"{v:4d}" for v in row))
    body = result.card.get("evaluation", {}).get("by_body")
    if body:
        lines.append(f"\nheld out by publishing body ({body['split']}):")
        for target in TARGETS:
            b = body[target]
            lines.append(f"  {target}: macro-F1 rules {b['rules_macro_f1']:.3f} → model {b['macro_f1']:.3f}; "
                         f"checker {b['checker_policy_macro_f1']:.3f}")
    return "\n".join(lines)

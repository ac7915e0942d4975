"""Train the claim classifier from annotations/ and write it with its model card.

Records are validated (parser.annotations), one per mention is kept (human >
review > model > rule), loaded into a `datasets.Dataset`, and split by document:
every reviewed document is held out once while the model is trained on the
others (leave-one-document-out), so no document is ever on both sides. The
pooled held-out predictions give per-class precision, recall, F1 and the
confusion matrix, next to the rules-only baseline on the same mentions. The
shipped model is then fitted on every document and stored with skops.
"""
from __future__ import annotations

import hashlib
import json
import logging
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .annotations import AnnotationError, read_annotations, resolve
from .classify import CARD_NAME, MODEL_NAME, OVERRIDES_SURE_RULE, TARGETS, features_for

log = logging.getLogger(__name__)

SEED = 0
GOLD_SOURCES = ("review", "human")
HASHED_FEATURES = 2 ** 15        # feature hashing: no vocabulary to store, a small model file
HUMAN_WEIGHT = 3.0               # a human correction counts three times a reviewed label


@dataclass
class Evaluation:
    """Held-out figures of one target (kind, role or is_claim)."""
    target: str
    labels: list
    model: dict                  # sklearn classification_report(output_dict=True)
    rules: dict
    model_confusion: list
    rules_confusion: list
    policy: dict = field(default_factory=dict)   # the checker's use on direct-subject claims (OVERRIDES_SURE_RULE)

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
                     "human": any(s == "human" for s in r["sources"].values())})
    return Dataset.from_list(rows)


def row_features(row: dict) -> dict:
    return features_for(row["sentence"], row["start"], row["end"], row["rule_kind"], row["rule_role"],
                        row["rule_is_claim"])


def make_pipeline():
    from sklearn.feature_extraction import FeatureHasher
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import make_pipeline as pipeline

    return pipeline(FeatureHasher(n_features=HASHED_FEATURES, alternate_sign=False),
                    SGDClassifier(loss="log_loss", alpha=1e-4, max_iter=50, tol=None, random_state=SEED))


def fit(features: list[dict], dataset, indices: list[int]) -> dict:
    """One pipeline per target, fitted on the rows at `indices`."""
    X = [features[i] for i in indices]
    weights = [HUMAN_WEIGHT if dataset[i]["human"] else 1.0 for i in indices]
    models = {}
    for target in TARGETS:
        y = [dataset[i][target] for i in indices]
        model = make_pipeline()
        if len(set(y)) == 1:                   # a target with one class: a constant classifier
            from sklearn.dummy import DummyClassifier
            from sklearn.feature_extraction import FeatureHasher
            from sklearn.pipeline import make_pipeline as pipeline
            model = pipeline(FeatureHasher(n_features=HASHED_FEATURES, alternate_sign=False),
                             DummyClassifier(strategy="most_frequent"))
            model.fit(X, y)
        else:
            model.fit(X, y, sgdclassifier__sample_weight=weights)
        models[target] = model
    return models


def evaluate(dataset, features: list[dict]) -> tuple[dict, list[str]]:
    """Leave-one-document-out predictions pooled over all documents, against gold and the rules."""
    from sklearn.metrics import classification_report, confusion_matrix

    doc_of = [row["doc"] for row in dataset]
    docs = sorted(set(doc_of))
    gold = {t: [] for t in TARGETS}
    pred = {t: [] for t in TARGETS}
    policy = {t: [] for t in TARGETS}            # what the checker does: the model's label only when sure
    rules = {t: [] for t in TARGETS}
    for doc in docs:
        test = [i for i, d in enumerate(doc_of) if d == doc]
        train = [i for i, d in enumerate(doc_of) if d != doc]
        models = fit(features, dataset, train)
        X = [features[i] for i in test]
        for target in TARGETS:
            gold[target].extend(dataset[i][target] for i in test)
            proba = models[target].predict_proba(X)
            classes = list(models[target].classes_)
            guesses = [classes[row.argmax()] for row in proba]
            pred[target].extend(guesses)
            rule_labels = [dataset[i]["rule_" + target] for i in test]
            rules[target].extend(rule_labels)
            take = OVERRIDES_SURE_RULE[target]
            policy[target].extend(g if take is not None and row.max() >= take else r
                                  for g, row, r in zip(guesses, proba, rule_labels))
    out = {}
    for target in TARGETS:
        labels = sorted(set(gold[target]) | set(pred[target]) | set(rules[target]), key=str)
        out[target] = Evaluation(
            target, [str(x) for x in labels],
            classification_report(gold[target], pred[target], labels=labels, output_dict=True, zero_division=0),
            classification_report(gold[target], rules[target], labels=labels, output_dict=True, zero_division=0),
            confusion_matrix(gold[target], pred[target], labels=labels).tolist(),
            confusion_matrix(gold[target], rules[target], labels=labels).tolist(),
            classification_report(gold[target], policy[target], labels=labels, output_dict=True, zero_division=0))
    return out, docs


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
    import skops

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__, "skops": skops.__version__,
            "numpy": numpy.__version__, "scipy": scipy.__version__, "datasets": datasets.__version__}


def train(annotation_paths: Iterable[Path], out_dir: Optional[Path] = None) -> TrainingResult:
    """Evaluate by held-out documents, fit on all, write model + card to `out_dir` (if given)."""
    import skops.io as sio

    started = time.perf_counter()
    records, conflicts = gold_records(annotation_paths)
    if not records:
        raise AnnotationError("no reviewed or human-labelled annotation records to train on")
    dataset = to_dataset(records).to_list()        # plain rows: indexing a Dataset row by row is slow
    features = [row_features(row) for row in dataset]
    evaluations, docs = evaluate(dataset, features)
    models = fit(features, dataset, list(range(len(dataset))))
    card = {
        "name": "gouji claim classifier",
        "task": "kind, role and is-a-claim of each numeric mention in the narrative",
        "model": "FeatureHasher(2**15) + SGDClassifier(log_loss, alpha=1e-4, 50 epochs, random_state=0), one per target",
        "features": "character n-grams of the left (12) and right (6) context and of the clause, trigger words "
                    "from data/cues.json, unit, quantity kind, approximation, position after 其中, the rules' labels",
        "labels": {t: evaluations[t].labels for t in TARGETS},
        "training_data": {"records": len(records), "documents": docs, "sha256": data_hash(records),
                          "sources": sorted({s for r in records for s in r["sources"].values()})},
        "evaluation": {"split": "leave-one-document-out over the documents above (no document on both sides)",
                       **{t: {"macro_f1": round(e.model_macro_f1, 4), "rules_macro_f1": round(e.rules_macro_f1, 4),
                              "checker_policy_macro_f1": round(e.policy_macro_f1, 4),
                              "per_class": {k: {m: round(v, 4) for m, v in e.model[k].items()} for k in e.labels},
                              "confusion": {"labels": e.labels, "model": e.model_confusion,
                                            "rules": e.rules_confusion}}
                          for t, e in evaluations.items()}},
        "versions": versions(),
        "seed": SEED,
        "use": "parser.classify.relabel: takes the model's label where the rules are unsure",
    }
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        sio.dump(models, out_dir / MODEL_NAME)
        (out_dir / CARD_NAME).write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return TrainingResult(len(records), len(docs), docs, evaluations, card, conflicts,
                          round(time.perf_counter() - started, 1))


def format_report(result: TrainingResult, before: Optional[dict] = None) -> str:
    """The figures `gouji train` prints: macro-F1 before/after, per-class table, confusion matrices."""
    lines = [f"{result.n_records} reviewed mentions in {result.n_documents} documents; "
             f"held out one document at a time ({result.seconds} s)"]
    for c in result.conflicts[:5]:
        lines.append(f"conflict: {c}")
    for target, e in result.evaluations.items():
        previous = (before or {}).get(target, {}).get("macro_f1")
        was = f"  (previous model {previous:.3f})" if previous is not None else ""
        lines.append(f"\n{target}: macro-F1 rules {e.rules_macro_f1:.3f} → model {e.model_macro_f1:.3f}{was}; "
                     f"checker's use (model label when p ≥ {OVERRIDES_SURE_RULE[target]}, else rules) "
                     f"{e.policy_macro_f1:.3f}")
        lines.append(f"  {'class':<16}{'P':>7}{'R':>7}{'F1':>7}{'rules F1':>10}{'n':>6}")
        for label in e.labels:
            m, r = e.model[label], e.rules[label]
            lines.append(f"  {label:<16}{m['precision']:7.3f}{m['recall']:7.3f}{m['f1-score']:7.3f}"
                         f"{r['f1-score']:10.3f}{int(m['support']):6d}")
        lines.append("  confusion (rows gold, columns model): " + " ".join(e.labels))
        for label, row in zip(e.labels, e.model_confusion):
            lines.append(f"    {label:<16}" + " ".join(f"{v:4d}" for v in row))
    return "\n".join(lines)

"""Train the claim classifier from annotations/ and write it with its model card.

Records are validated (training.annotations), one per mention is kept (human >
review > model > rule), loaded into a `datasets.Dataset`. Two targets: kind and role;
`is_claim` is no target of its own — a mention is a claim exactly when its role is not
`other` (true of every record), so the role model says both. The `percent` kind (2
mentions in the whole corpus) is folded into `other`: a percentage that is no share,
rate or change, which the checker does not reconcile.

The held-out unit that counts is the source family (seeds / Putuo / Jiangsu, `family`):
each family is predicted by a model fitted on the other two, the headline figures, with a
bootstrap interval over documents. Then every year of one publishing body held out at once
(`body_group`) and, for comparison with earlier cards, one document at a time (a 部门预算
with the 单位预算 of the same body and year, `document_group`). Macro-F1 is taken over the
classes with at least MIN_SUPPORT held-out mentions.

The candidates (CANDIDATES) are multinomial logistic regressions of a few strengths and the
previous SGD model; the one with the lowest held-out log-loss (family split, kind + role)
is shipped, so that its probabilities mean something (`gouji annotate uncertain`, Label
Studio's sort by score). The checker's policy — which rule labels, per confidence band, the
model may replace — is chosen on held-out predictions: a (target, band, rule label) group is
handed to the model when the model is right more often than the rules there (net gain ≥
MIN_NET_GAIN). The shipped model is fitted on every document and written as a file of
numbers (training.export), which the checker applies without scikit-learn.
"""
from __future__ import annotations

import hashlib
import json
import logging
import platform
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from parser.narrative.classifier import BANDS, CARD_NAME, MODEL_NAME, NOT_A_CLAIM, TARGETS, band_of, features_for
from training.annotations import AnnotationError, read_annotations, resolve

log = logging.getLogger(__name__)

SEED = 0
GOLD_SOURCES = ("review", "human")
HASHED_FEATURES = 2 ** 18        # feature hashing: no vocabulary to store
HUMAN_WEIGHT = 3.0               # a human correction counts three times a reviewed label
MIN_NET_GAIN = 2                 # the model takes a group of rule labels only when it fixes ≥ 2 more than it breaks
MIN_SUPPORT = 20                 # macro-F1 over classes with at least this many held-out mentions
BOOTSTRAP = 1000                 # resamples of documents for the intervals
EPOCHS = 15
FOLDED_KINDS = {"percent": "other"}
CANDIDATES = {                   # name → (estimator, strength); compared by held-out log-loss
    "logreg-C0.1": ("logreg", 0.1),
    "logreg-C0.3": ("logreg", 0.3),
    "logreg-C1": ("logreg", 1.0),
    "logreg-C3": ("logreg", 3.0),
    "sgd-huber-balanced": ("sgd-huber", 1e-4),        # the model shipped before (probabilities saturate)
}
DEFAULT_CANDIDATE = "logreg-C1"
FAMILIES = ("seeds", "putuo", "js")
STATUS = ("retired from checking: held out by source family the relabeller changed no finding (scripts/"
          "relabel_findings.py), so parser.check runs it only with relabel=True; shipped for gouji annotate "
          "export/uncertain, whose ranking scripts/eval_uncertain.py measures on held-out documents")
LABELS_MADE = ("every numeric mention pre-filled with the rules' labels (source rule, scripts/build_annotations.py), "
               "then checked mention by mention in a review session whose corrections are logged in "
               "annotations/review/ (source review); Label Studio corrections are source human; no label comes "
               "from arithmetic agreement")


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


def family(doc: str) -> str:
    """The source family of a document: the seeds, Putuo's or Jiangsu's publications.

    >>> family("000_f8e73a66badcebbb"), family("putuo_2024_final_dept_x.pdf"), family("js_2017_budget_y.pdf")
    ('seeds', 'putuo', 'js')
    """
    if re.match(r"\d{3}_", doc):
        return "seeds"
    return doc.split("_", 1)[0]


@dataclass
class Fitted:
    """One target's estimator, fitted on the hashed columns its training rows use (a fit over the 2^18
    hashed columns costs 15 times as much); `training.export` writes it back in hashed column numbers."""
    columns: object              # numpy array of hashed column numbers, ascending
    estimator: object
    n_features: int = HASHED_FEATURES

    @property
    def classes_(self):
        return self.estimator.classes_

    def predict_proba(self, matrix):
        return self.estimator.predict_proba(matrix[:, self.columns])


@dataclass
class TrainingResult:
    n_records: int
    n_documents: int
    held_out_documents: list
    card: dict = field(default_factory=dict)
    candidates: dict = field(default_factory=dict)   # name → {target: {log_loss, brier, macro_f1}}
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
                     "kind": FOLDED_KINDS.get(r["labels"]["kind"], r["labels"]["kind"]), "role": r["labels"]["role"],
                     "is_claim": r["labels"]["is_claim"],
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


def hash_features(features: list[dict]):
    """The rows as a CSR matrix of hashed columns (FeatureHasher, as the checker hashes them)."""
    from sklearn.feature_extraction import FeatureHasher

    return FeatureHasher(n_features=HASHED_FEATURES, alternate_sign=False).transform(features).tocsr()


def make_estimator(candidate: str = DEFAULT_CANDIDATE):
    """A fresh, unfitted estimator of one of CANDIDATES (fixed seed)."""
    from sklearn.linear_model import LogisticRegression, SGDClassifier

    kind, value = CANDIDATES[candidate]
    if kind == "logreg":
        return LogisticRegression(C=value, max_iter=3000)
    return SGDClassifier(loss="modified_huber", alpha=value, max_iter=EPOCHS, tol=None, class_weight="balanced",
                         random_state=SEED)


def sample_weights(dataset, indices) -> list[float]:
    return [HUMAN_WEIGHT if dataset[i]["human"] else 1.0 for i in indices]


def targets_of(dataset) -> dict:
    """{target: numpy array of gold labels}."""
    import numpy

    return {t: numpy.array([row[t] for row in dataset]) for t in TARGETS}


def fit_target(matrix, y, weights, rows, candidate: str) -> Fitted:
    """One target fitted on `rows` of the hashed matrix (a constant model for a single class)."""
    import numpy
    from sklearn.dummy import DummyClassifier

    sub = matrix[rows]
    columns = numpy.unique(sub.indices)
    labels = y[rows]
    if len(set(labels)) == 1:
        return Fitted(columns, DummyClassifier(strategy="most_frequent").fit(sub[:, columns], labels))
    return Fitted(columns, make_estimator(candidate).fit(sub[:, columns], labels, sample_weight=weights[rows]))


def fit(features: list[dict], dataset, indices: list[int], candidate: str = DEFAULT_CANDIDATE) -> dict:
    """{target: Fitted} on the rows at `indices` (what is shipped)."""
    import numpy

    matrix = hash_features(features)
    weights = numpy.array(sample_weights(dataset, range(len(dataset))))
    labels = targets_of(dataset)
    rows = numpy.array(indices)
    return {t: fit_target(matrix, labels[t], weights, rows, candidate) for t in TARGETS}


def folds(dataset, group=document_group) -> list[tuple[list[int], list[int]]]:
    """(train rows, test rows) per held-out group: each group once on the test side, never on both.

    >>> rows = [{"doc": d} for d in ("a.pdf", "putuo_2025_budget_dept_x.pdf", "putuo_2025_budget_unit_x.pdf")]
    >>> folds(rows)
    [([1, 2], [0]), ([0], [1, 2])]
    """
    groups = [group(row["doc"]) for row in dataset]
    return [([i for i, x in enumerate(groups) if x != g], [i for i, x in enumerate(groups) if x == g])
            for g in sorted(set(groups))]


def held_out_proba(dataset, matrix, candidate: str, group) -> dict:
    """{target: (classes, probabilities)}: each group's rows predicted by a model fitted on the others."""
    import numpy

    labels = targets_of(dataset)
    weights = numpy.array(sample_weights(dataset, range(len(dataset))))
    out = {}
    for target in TARGETS:
        classes = sorted(set(labels[target]))
        proba = numpy.zeros((len(dataset), len(classes)))
        for train, test in folds(dataset, group):
            fitted = fit_target(matrix, labels[target], weights, numpy.array(train), candidate)
            where = [classes.index(c) for c in fitted.classes_]
            proba[numpy.ix_(test, where)] = fitted.predict_proba(matrix[test])
        out[target] = (classes, proba)
    return out


def guesses(proba: dict) -> dict:
    """{target: [most probable label per row]} (the first of equals)."""
    return {t: [classes[i] for i in p.argmax(axis=1)] for t, (classes, p) in proba.items()}


def log_loss_brier(classes: list, proba, gold) -> tuple[float, float]:
    """Mean log-loss and multi-class Brier score of held-out probabilities.

    >>> import numpy
    >>> [round(x, 4) for x in log_loss_brier(["a", "b"], numpy.array([[0.8, 0.2], [0.5, 0.5]]), ["a", "b"])]
    [0.4581, 0.29]
    """
    import numpy

    index = numpy.array([classes.index(g) for g in gold])
    true = proba[numpy.arange(len(gold)), index]
    onehot = numpy.zeros_like(proba)
    onehot[numpy.arange(len(gold)), index] = 1.0
    return float(-numpy.log(numpy.clip(true, 1e-15, 1.0)).mean()), float(((proba - onehot) ** 2).sum(axis=1).mean())


def f1_scores(gold, guess, classes) -> dict:
    """{class: F1} of guesses against gold, for the given classes.

    >>> f1_scores(["a", "a", "b"], ["a", "b", "b"], ["a", "b"])
    {'a': 0.6667, 'b': 0.6667}
    """
    out = {}
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, guess))
        predicted, actual = sum(p == c for p in guess), sum(g == c for g in gold)
        out[c] = round(2 * tp / (predicted + actual), 4) if predicted + actual else 0.0
    return out


def macro_f1(gold, guess, classes) -> float:
    scores = f1_scores(gold, guess, classes)
    return sum(scores.values()) / len(scores) if scores else 0.0


def bootstrap_interval(docs: list, gold: list, guess: list, classes: list, seed: int = SEED) -> list[float]:
    """95% interval of macro-F1 when the held-out documents are drawn again with replacement."""
    import numpy

    rng = numpy.random.default_rng(seed)
    by_doc: dict = {}
    for i, d in enumerate(docs):
        by_doc.setdefault(d, []).append(i)
    groups = list(by_doc.values())
    gold_a, guess_a = numpy.array(gold, dtype=object), numpy.array(guess, dtype=object)
    scores = []
    for _ in range(BOOTSTRAP):
        rows = numpy.concatenate([groups[j] for j in rng.integers(0, len(groups), len(groups))])
        g, p = gold_a[rows], guess_a[rows]
        f1s = []
        for c in classes:
            tp = numpy.sum((g == c) & (p == c))
            denominator = numpy.sum(p == c) + numpy.sum(g == c)
            f1s.append(2 * tp / denominator if denominator else 0.0)
        scores.append(float(numpy.mean(f1s)))
    return [round(float(numpy.percentile(scores, 2.5)), 4), round(float(numpy.percentile(scores, 97.5)), 4)]


def rule_label(row: dict, target: str) -> str:
    """The rules' label as compared with gold (the rules' `percent` kind counts as `other`)."""
    label = row["rule_" + target]
    return FOLDED_KINDS.get(label, label) if target == "kind" else label


def checker_labels(dataset, pred: dict, group) -> dict:
    """{target: labels the checker ends with}: for each held-out group, the policy chosen on the others."""
    group_of = [group(row["doc"]) for row in dataset]
    out = {t: [None] * len(dataset) for t in TARGETS}
    for g in sorted(set(group_of)):
        policy = choose_policy(dataset, pred, [i for i, x in enumerate(group_of) if x != g])
        for i, x in enumerate(group_of):
            if x == g:
                for t in TARGETS:
                    label = apply_policy(dataset[i], t, pred[t][i], policy)
                    out[t][i] = FOLDED_KINDS.get(label, label) if t == "kind" else label
    return out


def split_figures(dataset, proba: dict, group, name: str) -> dict:
    """Held-out figures of one split: per target, macro-F1 (classes with ≥ MIN_SUPPORT held-out mentions)
    of the model, the rules and the checker with bootstrap intervals, per-class F1, log-loss, Brier,
    confusion matrices; and is-a-claim (role ≠ other) of each."""
    pred = guesses(proba)
    checker = checker_labels(dataset, pred, group)
    docs = [row["doc"] for row in dataset]
    out: dict = {"split": name, "groups": len({group(d) for d in docs})}
    for target in TARGETS:
        classes, p = proba[target]
        gold = [row[target] for row in dataset]
        rules = [rule_label(row, target) for row in dataset]
        counted = [c for c in classes if gold.count(c) >= MIN_SUPPORT]
        ll, brier = log_loss_brier(classes, p, gold)
        modes = {"model": pred[target], "rules": rules, "checker": checker[target]}
        out[target] = {
            "classes_counted": counted, "support": {c: gold.count(c) for c in classes},
            **{f"{m}_macro_f1": round(macro_f1(gold, guess, counted), 4) for m, guess in modes.items()},
            **{f"{m}_interval": bootstrap_interval(docs, gold, guess, counted) for m, guess in modes.items()},
            "per_class_f1": {m: f1_scores(gold, guess, classes) for m, guess in modes.items()},
            "log_loss": round(ll, 4), "brier": round(brier, 4),
            "by_family": {f: {m: round(macro_f1([g for g, d in zip(gold, docs) if family(d) == f],
                                                  [x for x, d in zip(guess, docs) if family(d) == f], counted), 4)
                              for m, guess in modes.items()} for f in FAMILIES},
            "confusion": {"labels": classes, **{m: confusion(gold, guess, classes) for m, guess in modes.items()}},
        }
    claim_gold = [row["role"] != NOT_A_CLAIM for row in dataset]
    out["is_claim"] = {m: round(sum(a == (b != NOT_A_CLAIM) for a, b in zip(claim_gold, guess)) / len(dataset), 4)
                       for m, guess in (("model", pred["role"]), ("checker", checker["role"]),
                                        ("rules", [row["rule_role"] for row in dataset]))}
    out["is_claim"]["measure"] = "accuracy of role ≠ other as is-a-claim"
    return out


def confusion(gold, guess, classes) -> list[list[int]]:
    """Rows gold, columns guess (a guess outside `classes` is not counted).

    >>> confusion(["a", "b"], ["a", "a"], ["a", "b"])
    [[1, 0], [1, 0]]
    """
    index = {c: i for i, c in enumerate(classes)}
    matrix = [[0] * len(classes) for _ in classes]
    for g, p in zip(gold, guess):
        if g in index and p in index:
            matrix[index[g]][index[p]] += 1
    return matrix


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
    policy: dict[str, dict[str, list[str]]] = {t: {b: [] for b in BANDS} for t in TARGETS}
    for (target, b, rule), gain in sorted(net.items()):
        if gain >= MIN_NET_GAIN:
            policy[target][b].append(rule)
    return policy


def apply_policy(row: dict, target: str, guess, policy: dict):
    """What the checker ends with for one row: the model's label if the policy hands it the rule's label."""
    b = band(row)
    rule = row["rule_" + target]
    return guess if b is not None and str(rule) in policy[target][b] else rule


def source_counts(records: list[dict]) -> dict:
    """How many records have each source as the strongest of their labels' sources.

    >>> source_counts([{"sources": {"kind": "rule", "role": "review"}}, {"sources": {"kind": "human"}}])
    {'human': 1, 'review': 1}
    """
    from training.annotations import record_source

    counts: dict = {}
    for r in records:
        counts[record_source(r)] = counts.get(record_source(r), 0) + 1
    return dict(sorted(counts.items()))


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


def train(annotation_paths: Iterable[Path], out_dir: Optional[Path] = None) -> TrainingResult:
    """Compare the candidates held out by source family, evaluate the chosen one by family and by body,
    fit it on all, write model + card to `out_dir` (if given)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):                  # the fits are small; a BLAS thread per core only contends
        return _train(annotation_paths, out_dir)


def _train(annotation_paths: Iterable[Path], out_dir: Optional[Path]) -> TrainingResult:
    from training.export import export_model, write_model

    started = time.perf_counter()
    records, conflicts = gold_records(annotation_paths)
    if not records:
        raise AnnotationError("no reviewed or human-labelled annotation records to train on")
    dataset = to_dataset(records).to_list()        # plain rows: indexing a Dataset row by row is slow
    features = [row_features(row) for row in dataset]
    matrix = hash_features(features)
    def by_family(doc):
        return family(doc)

    candidates: dict = {}
    runs: dict = {}
    for name in CANDIDATES:
        runs[name] = held_out_proba(dataset, matrix, name, by_family)
        pred = guesses(runs[name])
        candidates[name] = {}
        for t in TARGETS:
            classes, p = runs[name][t]
            gold = [row[t] for row in dataset]
            ll, brier = log_loss_brier(classes, p, gold)
            counted = [c for c in classes if gold.count(c) >= MIN_SUPPORT]
            candidates[name][t] = {"log_loss": round(ll, 4), "brier": round(brier, 4),
                                   "macro_f1": round(macro_f1(gold, pred[t], counted), 4)}
    chosen = min(CANDIDATES, key=lambda n: (sum(candidates[n][t]["log_loss"] for t in TARGETS),
                                            list(CANDIDATES).index(n)))
    family_figures = split_figures(dataset, runs[chosen], by_family,
                                   "each source family (seeds / Putuo / Jiangsu) predicted by a model fitted on the "
                                   "other two")
    body_figures = split_figures(dataset, held_out_proba(dataset, matrix, chosen, body_group), body_group,
                                 "every year of one publishing body held out at once")
    policy = choose_policy(dataset, guesses(runs[chosen]), range(len(dataset)))
    fitted = fit(features, dataset, list(range(len(dataset))), chosen)
    docs = sorted({row["doc"] for row in dataset})
    card = {
        "name": "gouji claim classifier",
        "task": "kind and role of each numeric mention in the narrative; a mention is a claim when its role is not "
                "`other` (is_claim is folded into role: they coincide on every record)",
        "model": f"{chosen}: FeatureHasher(n_features={HASHED_FEATURES}, alternate_sign=False) + "
                 f"{make_estimator(chosen)!r}, one per target",
        "candidates": {"held out by source family; chosen by the lowest log-loss (kind + role)": candidates,
                       "chosen": chosen},
        "features": FEATURES_TEXT,
        "labels": {t: family_figures[t]["confusion"]["labels"] for t in TARGETS},
        "label_changes": "the kind `percent` (2 mentions, one document) is folded into `other`; is_claim is role ≠ other",
        "status": STATUS,
        "labels_made": LABELS_MADE,
        "training_data": {"records": len(records), "documents": docs, "sha256": data_hash(records),
                          "sources": sorted({s for r in records for s in r["sources"].values()}),
                          "records_by_strongest_source": source_counts(records),
                          "families": {f: sum(family(row["doc"]) == f for row in dataset) for f in FAMILIES}},
        "evaluation": {"headline": "by_family", "min_support": MIN_SUPPORT,
                       "interval": f"95% bootstrap over held-out documents ({BOOTSTRAP} resamples)",
                       "checker": "the model's label only where the policy hands it the rule's label; for each "
                                  "held-out group the policy was chosen on the other groups' held-out predictions",
                       "rules": "the rules' labels (their `percent` kind counted as `other`)",
                       "by_family": family_figures, "by_body": body_figures},
        "policy": policy,
        "policy_rule": f"per target and rule-confidence band, the rule labels the model may replace: those where "
                       f"its held-out label (source family held out) was right at least {MIN_NET_GAIN} times more "
                       f"often than the rules'",
        "versions": versions(),
        "seed": SEED,
        "file": f"{MODEL_NAME}: classes, intercepts and the weights of the hashed feature columns as JSON numbers "
                "(format gouji.linear/1), applied in pure Python by parser.narrative.model_file",
    }
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        write_model(out_dir / MODEL_NAME, export_model(fitted, f"gouji claim classifier ({chosen})", policy=policy))
        (out_dir / CARD_NAME).write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return TrainingResult(len(records), len(docs), docs, card, conflicts=conflicts,
                          seconds=round(time.perf_counter() - started, 1), candidates=candidates, chosen=chosen,
                          policy=policy)


def format_report(result: TrainingResult, before: Optional[dict] = None) -> str:
    """The figures `gouji train` prints: candidates, held-out macro-F1 with intervals, per class, policy."""
    lines = [f"{result.n_records} reviewed mentions in {result.n_documents} documents ({result.seconds} s)"]
    for c in result.conflicts[:5]:
        lines.append(f"conflict: {c}")
    lines.append("candidates, held out by source family (log-loss / Brier / macro-F1):")
    for name, scores in result.candidates.items():
        mark = "  ← chosen" if name == result.chosen else ""
        lines.append(f"  {name:<20}" + "   ".join(f"{t} {v['log_loss']:.3f} / {v['brier']:.3f} / {v['macro_f1']:.3f}"
                                             for t, v in scores.items()) + mark)
    evaluation = result.card["evaluation"]
    for key in ("by_family", "by_body"):
        figures = evaluation[key]
        lines.append(f"\nheld out: {figures['split']} ({figures['groups']} groups); macro-F1 over classes with "
                     f"≥ {MIN_SUPPORT} mentions, 95% interval over documents")
        for target in TARGETS:
            f = figures[target]
            previous = ((before or {}).get(key) or {}).get(target, {}).get("model_macro_f1")
            was = f"  (previous model {previous:.3f})" if previous is not None else ""
            lines.append(f"  {target}: " + "; ".join(
                f"{m} {f[m + '_macro_f1']:.3f} [{f[m + '_interval'][0]:.3f}, {f[m + '_interval'][1]:.3f}]"
                for m in ("rules", "model", "checker")) + f"; log-loss {f['log_loss']:.3f}, Brier {f['brier']:.3f}{was}")
            lines.append("    per family (rules / model / checker): " + "; ".join(
                f"{fam} {v['rules']:.3f} / {v['model']:.3f} / {v['checker']:.3f}" for fam, v in f["by_family"].items()))
            lines.append(f"    {'class':<16}{'n':>6}{'rules':>8}{'model':>8}{'checker':>9}")
            for c in f["confusion"]["labels"]:
                pc = f["per_class_f1"]
                lines.append(f"    {c:<16}{f['support'][c]:6d}{pc['rules'][c]:8.3f}{pc['model'][c]:8.3f}"
                             f"{pc['checker'][c]:9.3f}")
        claim = figures["is_claim"]
        lines.append(f"  is a claim (role ≠ other), accuracy: rules {claim['rules']:.3f}, model {claim['model']:.3f}, "
                     f"checker {claim['checker']:.3f}")
    handed = "; ".join(f"{t} {b}: {', '.join(v)}" for t, bands in result.policy.items() for b, v in bands.items() if v)
    lines.append(f"\nthe checker hands the model these rule labels — {handed or 'nothing'}")
    return "\n".join(lines)

"""The trained claim classifier: kind and role of a numeric mention (a claim when its role is not `other`).

The model (models/claim_classifier.model.json, written by `gouji train`) is a file of numbers read
strictly by parser.narrative.model_file and applied in pure Python: no scikit-learn at check time,
and nothing in the file can run. It is loaded once. If it is missing or refused, gouji logs one
warning and keeps the rules' labels (quantulum3 does the same).
`predict` gives calibrated probabilities, which `gouji annotate uncertain` and the Label Studio
pre-annotations use. `relabel` (retired from checking: parser.check runs it only with
relabel=True, since held out by source family it changed no finding — models/README.md) lets the
model decide only where held-out documents showed it does better than the rules: the model file's
`policy` lists, per target and per rule-confidence band (direct / inherited subject), the rule labels
the model may replace (chosen by `gouji train` on predictions held out by source family).
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Optional

from parser.datatypes import Claim, Sentence
from parser.errors import printable
from parser.narrative.features import mention_features, quantities_by_start
from parser.narrative.model_file import MAX_NAME, LinearModel, ModelRefused, load_linear_model, packaged_model

log = logging.getLogger(__name__)

MODEL_ENV = "GOUJI_MODEL"
MODEL_NAME = "claim_classifier.model.json"
CARD_NAME = "claim_classifier.json"
TARGETS = ("kind", "role")       # is_claim is role ≠ NOT_A_CLAIM (they coincide on every annotated mention)
NOT_A_CLAIM = "other"
SURE = 0.8                       # FALLBACK_POLICY: the model overrides a sure rule's kind from this probability
UNSURE_RULE = 0.9                # rule confidence below this: the rule is unsure
UNSURE_TAKE = 0.5                # … and the model's kind is taken from this probability, its role from SURE
OVERRIDES_SURE_RULE: dict[str, Optional[float]] = {"kind": SURE, "role": None, "is_claim": SURE}   # None: never
BANDS = ("direct", "inherited")
Policy = dict                    # {target: {band: [rule labels the model may replace]}}


class ModelUnavailable(RuntimeError):
    """The shipped model cannot be used; the reason is the message."""


@dataclass(frozen=True)
class Prediction:
    kind: str
    role: str
    is_claim: bool
    p_kind: float
    p_role: float
    p_claim: float               # probability that the mention is a claim


@dataclass(frozen=True)
class ClaimModel:
    """The linear models of the three targets and the policy that says where the checker uses them."""
    linear: LinearModel
    policy: Policy


def default_model_path() -> Path:
    """$GOUJI_MODEL, else the model shipped with the package (parser/models/, installed by `pip install .`;
    in the source tree a link to models/)."""
    if os.environ.get(MODEL_ENV):
        return Path(os.environ[MODEL_ENV])
    return packaged_model(MODEL_NAME)


def card_path(model_path: Path) -> Path:
    """The model card beside a model file.

    >>> card_path(Path("models/claim_classifier.model.json")).name
    'claim_classifier.json'
    """
    return model_path.with_name(model_path.name.replace(".model.json", ".json"))


def read_policy(value: object) -> Policy:
    """The policy of a model file, checked: {target: {band: [rule labels]}} of known targets and bands.

    >>> read_policy({"role": {"direct": ["actual"], "inherited": []}})
    {'role': {'direct': ['actual'], 'inherited': []}}
    >>> read_policy({"role": {"sometimes": []}})
    Traceback (most recent call last):
    ...
    parser.narrative.model_file.ModelRefused: policy.role: bands must be direct or inherited
    """
    if not isinstance(value, dict) or not set(value) <= set(TARGETS):
        raise ModelRefused(f"policy must map targets ({', '.join(TARGETS)}) to bands")
    for target, bands in value.items():
        if not isinstance(bands, dict) or not set(bands) <= set(BANDS):
            raise ModelRefused(f"policy.{target}: bands must be {' or '.join(BANDS)}")
        for band, labels in bands.items():
            if not (isinstance(labels, list) and len(labels) <= 64
                    and all(isinstance(x, str) and len(x) <= MAX_NAME for x in labels)):
                raise ModelRefused(f"policy.{target}.{band} must be a list of labels")
    return value


def load_model(path: Path) -> ClaimModel:
    """The claim model of a model file; raise ModelUnavailable with the reason."""
    if not path.exists():
        raise ModelUnavailable(f"no model at {path}")
    try:
        linear, extra = load_linear_model(path, TARGETS, extra_keys=("policy",))
        return ClaimModel(linear, read_policy(extra["policy"]))
    except ModelRefused as err:
        raise ModelUnavailable(f"{path} refused: {err}") from None


@lru_cache(maxsize=4)
def cached_model(path: str) -> Optional[ClaimModel]:
    """The model at `path`, or None after one warning saying why the rules are used alone."""
    try:
        model = load_model(Path(path))
    except ModelUnavailable as err:
        log.warning("claim classifier not used (%s); falling back to the rules' labels", printable(str(err)))
        return None
    log.info("claim classifier used: %s (%s)", printable(path), printable(model.linear.name))
    return model


def get_model(path: Optional[Path] = None) -> Optional[ClaimModel]:
    return cached_model(str(path or default_model_path()))


def features_for(sentence: str, start: int, end: int, rule_kind: str, rule_role: str, rule_is_claim: bool,
                 *, rule_confidence: Optional[float] = None, doc_kind: str = "", doc_year: Optional[int] = None) -> dict:
    """Features of the mention at sentence[start:end], its quantity read again from the sentence."""
    q = quantities_by_start(sentence).get(start)
    unit, qkind, approx = (q.unit, q.kind, q.approx) if q else ("", "number", False)
    return mention_features(sentence, start, end, unit, qkind, approx, rule_kind, rule_role, rule_is_claim,
                            rule_confidence=rule_confidence, doc_kind=doc_kind, doc_year=doc_year)


def band_of(confidence: float) -> str:
    """The rules' confidence band of a claim: a direct or an inherited subject.

    >>> band_of(0.9), band_of(0.6)
    ('direct', 'inherited')
    """
    return "direct" if confidence >= UNSURE_RULE else "inherited"


def predict(model: ClaimModel, rows: Sequence[dict]) -> list[Prediction]:
    """Predictions for feature dicts, with the probability of each predicted label."""
    preds = []
    for row in rows:
        dist = model.linear.proba(row)
        (kind, p_kind), (role, p_role) = (best(dist["kind"]), best(dist["role"]))
        p_true = 1.0 - dist["role"].get(NOT_A_CLAIM, 0.0)
        preds.append(Prediction(kind=str(kind), role=str(role), is_claim=p_true >= 0.5,
                                p_kind=p_kind, p_role=p_role, p_claim=p_true))
    return preds


def best(dist: dict) -> tuple:
    """The most probable label and its probability (the first of equals, as numpy's argmax).

    >>> best({"a": 0.2, "b": 0.4, "c": 0.4})
    ('b', 0.4)
    """
    label = max(dist, key=dist.__getitem__)
    return label, dist[label]


def claim_features(claim: Claim, sentence: Sentence, doc_kind: str = "", doc_year: Optional[int] = None) -> dict:
    offset = sentence.span[0]
    start, end = claim.quantity.span[0] - offset, claim.quantity.span[1] - offset
    return features_for(sentence.text, start, end, claim.kind, claim.role, True,
                        rule_confidence=claim.confidence, doc_kind=doc_kind, doc_year=doc_year)


def decide(claim: Claim, pred: Prediction, policy: Optional[Policy] = None) -> Claim:
    """The claim with the model's labels where the policy lets the model decide, and its confidence.

    Without a policy (FALLBACK_POLICY): an unsure rule (inherited subject) takes the model's kind
    from p ≥ 0.5 and its role from p ≥ 0.8; a sure rule takes only the model's kind, from p ≥ 0.8.

    >>> from parser.quantity import iter_quantities
    >>> q = next(iter_quantities("401.4万元"))
    >>> c = Claim("c1", "401.4万元", "", None, "amount", "actual", None, q, 1, None, "401.4万元", confidence=0.6)
    >>> decide(c, Prediction("amount", "budget_final", True, 0.9, 0.85, 0.95)).role
    'budget_final'
    >>> decide(replace(c, confidence=0.9), Prediction("amount", "budget_final", True, 0.9, 0.99, 0.95)).role
    'actual'
    >>> decide(replace(c, confidence=0.9), Prediction("change_amount", "actual", True, 0.85, 0.9, 0.95)).kind
    'change_amount'
    >>> policy = {"kind": {"direct": [], "inherited": []}, "role": {"direct": ["actual"], "inherited": []}}
    >>> decide(replace(c, confidence=0.9), Prediction("amount", "budget_final", True, 0.9, 0.6, 0.95), policy).role
    'budget_final'
    """
    if policy is None:
        unsure = claim.confidence < UNSURE_RULE
        take_kind = UNSURE_TAKE if unsure else (OVERRIDES_SURE_RULE["kind"] or SURE)
        take_role = SURE if unsure else OVERRIDES_SURE_RULE["role"]
        kind = pred.kind if pred.kind != claim.kind and pred.p_kind >= take_kind else claim.kind
        role = pred.role if take_role is not None and pred.role != claim.role and pred.p_role >= take_role else claim.role
    else:
        band = band_of(claim.confidence)
        kind = pred.kind if claim.kind in policy.get("kind", {}).get(band, ()) else claim.kind
        role = pred.role if claim.role in policy.get("role", {}).get(band, ()) else claim.role
    confidence = claim.confidence
    if (kind, role) != (claim.kind, claim.role):
        confidence = min(confidence, round(pred.p_kind * pred.p_role, 2))
    if not pred.is_claim and pred.p_claim <= 1 - SURE:
        confidence = min(confidence, round(pred.p_claim, 2))
    return replace(claim, kind=kind, role=role, confidence=confidence)


def relabel(claims: Iterable[Claim], sentences: Iterable[Sentence], model_path: Optional[Path] = None,
            *, doc_kind: str = "", doc_year: Optional[int] = None) -> tuple[Claim, ...]:
    """Claims relabelled by the classifier where its policy lets it; unchanged without a model.

    `doc_kind` and `doc_year` are the document's (parser.check.detect_meta), features of the model."""
    claims = tuple(claims)
    model = get_model(model_path) if claims else None
    if model is None:
        return claims
    by_place = {(s.line, s.text): s for s in sentences}
    rows, where = [], []
    for i, claim in enumerate(claims):
        sentence = by_place.get((claim.line, claim.sentence))
        if sentence is not None:
            rows.append(claim_features(claim, sentence, doc_kind, doc_year))
            where.append(i)
    out = list(claims)
    for i, pred in zip(where, predict(model, rows)):
        out[i] = decide(claims[i], pred, model.policy)
    return tuple(out)

"""The trained claim classifier: kind, role and is-a-claim of a numeric mention.

The model (models/claim_classifier.skops, written by `gouji train`) is loaded once.
If it is missing, unreadable, or was trained with another scikit-learn release (major.minor),
gouji logs one warning and keeps the rules' labels (quantulum3 does the same).
`relabel` runs after the rules (parser.check.read_claims) and lets the model decide only
where held-out documents showed it does better than the rules: the model card's `policy`
lists, per target and per rule-confidence band (direct / inherited subject), the rule labels
the model may replace (chosen by `gouji train` from leave-one-document-out predictions).
A card without a policy falls back to FALLBACK_POLICY.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from parser.datatypes import Claim, Sentence
from parser.narrative.features import mention_features, quantities_by_start
from parser.narrative.model_file import TRUSTED_TYPES, UntrustedModel, check_model_file

log = logging.getLogger(__name__)

MODEL_ENV = "GOUJI_MODEL"
MODEL_NAME = "claim_classifier.skops"
CARD_NAME = "claim_classifier.json"
TARGETS = ("kind", "role", "is_claim")
SURE = 0.8                       # FALLBACK_POLICY: the model overrides a sure rule's kind from this probability
UNSURE_RULE = 0.9                # rule confidence below this: the rule is unsure
UNSURE_TAKE = 0.5                # … and the model's kind is taken from this probability, its role from SURE
OVERRIDES_SURE_RULE = {"kind": SURE, "role": None, "is_claim": SURE}   # None: never (held-out role F1 was lower)
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


def default_model_path() -> Path:
    """$GOUJI_MODEL, else models/claim_classifier.skops of the source tree (pip install -e)."""
    if os.environ.get(MODEL_ENV):
        return Path(os.environ[MODEL_ENV])
    return Path(__file__).resolve().parents[2] / "models" / MODEL_NAME


def card_path(model_path: Path) -> Path:
    return model_path.with_name(model_path.name.replace(".skops", ".json"))


def load_model(path: Path) -> dict:
    """The three pipelines of a model file; raise ModelUnavailable with the reason."""
    try:
        import sklearn
        import skops.io as sio
    except ImportError as err:
        raise ModelUnavailable(f"{err.name} is not installed") from None
    if not path.exists():
        raise ModelUnavailable(f"no model at {path}")
    card_file = card_path(path)
    try:
        card = json.loads(card_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ModelUnavailable(f"no readable model card at {card_file}") from None
    trained_with = card.get("versions", {}).get("scikit-learn")
    if not same_release(trained_with, sklearn.__version__):
        raise ModelUnavailable(f"the model was trained with scikit-learn {trained_with}, "
                               f"this is {sklearn.__version__}; retrain with `gouji train`")
    try:
        check_model_file(path)                     # every type written out, before skops reads anything
        untrusted = sio.get_untrusted_types(file=path)
        bad = [t for t in untrusted if t not in TRUSTED_TYPES]
        if bad:
            raise ModelUnavailable(f"the model file holds types gouji does not trust: {', '.join(bad)}")
        models = sio.load(path, trusted=untrusted)
    except UntrustedModel as err:
        raise ModelUnavailable(str(err)) from None
    except ModelUnavailable:
        raise
    except Exception as err:            # a damaged file: any error from the unzip/unpickle layer
        raise ModelUnavailable(f"cannot read {path}: {err}") from None
    if not isinstance(models, dict) or set(models) != set(TARGETS):
        raise ModelUnavailable(f"{path} is not a gouji claim model")
    return models


def same_release(a: Optional[str], b: str) -> bool:
    """Same scikit-learn major.minor (patch releases keep estimators compatible).

    >>> same_release("1.9.1", "1.9.2"), same_release("1.8.0", "1.9.1"), same_release(None, "1.9.1")
    (True, False, False)
    """
    return a is not None and a.split(".")[:2] == b.split(".")[:2]


@lru_cache(maxsize=4)
def cached_model(path: str) -> Optional[dict]:
    """The model at `path`, or None after one warning saying why the rules are used alone."""
    try:
        return load_model(Path(path))
    except ModelUnavailable as err:
        log.warning("claim classifier not used (%s); falling back to the rules' labels", err)
        return None


def get_model(path: Optional[Path] = None) -> Optional[dict]:
    return cached_model(str(path or default_model_path()))


def features_for(sentence: str, start: int, end: int, rule_kind: str, rule_role: str, rule_is_claim: bool,
                 *, rule_confidence: Optional[float] = None, doc_kind: str = "", doc_year: Optional[int] = None) -> dict:
    """Features of the mention at sentence[start:end], its quantity read again from the sentence."""
    q = quantities_by_start(sentence).get(start)
    unit, qkind, approx = (q.unit, q.kind, q.approx) if q else ("", "number", False)
    return mention_features(sentence, start, end, unit, qkind, approx, rule_kind, rule_role, rule_is_claim,
                            rule_confidence=rule_confidence, doc_kind=doc_kind, doc_year=doc_year)


@lru_cache(maxsize=4)
def cached_policy(path: str) -> Optional[Policy]:
    """The override policy of the model card next to `path` (None: FALLBACK_POLICY)."""
    try:
        card = json.loads(card_path(Path(path)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    policy = card.get("policy")
    return policy if isinstance(policy, dict) else None


def band_of(confidence: float) -> str:
    """The rules' confidence band of a claim: a direct or an inherited subject.

    >>> band_of(0.9), band_of(0.6)
    ('direct', 'inherited')
    """
    return "direct" if confidence >= UNSURE_RULE else "inherited"


def predict(models: dict, rows: Sequence[dict]) -> list[Prediction]:
    """Predictions for feature dicts, with the probability of each predicted label."""
    if not rows:
        return []
    out: dict[str, list[tuple[Any, float, dict[Any, float]]]] = {}
    for target in TARGETS:
        proba = models[target].predict_proba(list(rows))
        classes = list(models[target].classes_)
        out[target] = [(classes[row.argmax()], float(row.max()), dict(zip(classes, row))) for row in proba]
    preds = []
    for (kind, pk, _), (role, pr, _), (_claim, _pc, dist) in zip(out["kind"], out["role"], out["is_claim"]):
        p_true = float(dist.get(True, dist.get("True", 0.0)))
        preds.append(Prediction(kind=str(kind), role=str(role), is_claim=p_true >= 0.5,
                                p_kind=pk, p_role=pr, p_claim=p_true))
    return preds


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
        take_kind = UNSURE_TAKE if unsure else OVERRIDES_SURE_RULE["kind"]
        take_role = SURE if unsure else OVERRIDES_SURE_RULE["role"]
        kind = pred.kind if take_kind is not None and pred.kind != claim.kind and pred.p_kind >= take_kind else claim.kind
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
    models = get_model(model_path)
    if models is None or not claims:
        return claims
    policy = cached_policy(str(model_path or default_model_path()))
    by_place = {(s.line, s.text): s for s in sentences}
    rows, where = [], []
    for i, claim in enumerate(claims):
        sentence = by_place.get((claim.line, claim.sentence))
        if sentence is not None:
            rows.append(claim_features(claim, sentence, doc_kind, doc_year))
            where.append(i)
    out = list(claims)
    for i, pred in zip(where, predict(models, rows)):
        out[i] = decide(claims[i], pred, policy)
    return tuple(out)

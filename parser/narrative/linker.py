"""The linker: which figure of its window a derived figure is computed from, scored by a learned model.

For every share, change and completion/execution rate the rules relate (parser.narrative.relations),
each input the rules chose fills a slot (share: part, whole; change: current; rate: budget, actual);
the parts of a 其中 list fill the slot `total` of the level they make up.
The candidates of a slot are the levels of the derived figure's sentence before it and of the sentence
before, of the rules' choice's measure (amounts for an amount, counts for a count; the rules' own choice
always among them). A logistic model scores each
(derived figure, candidate, slot) from the language only — clause distance, the words and punctuation
between, subject overlap, relation words of data/cues.json, position, the rules' choice — never the
arithmetic, so it can be trusted on a document whose arithmetic is wrong.

The model is a JSON file of numbers (models/linker.json: feature names → weights, an intercept, a
Platt calibration and a threshold), applied here in pure Python; it is trained by training/linker.py.
`link` replaces the rules' choice only where the model is confident (calibrated probability ≥ the
threshold) and prefers another candidate; else the rules' choice stands. A model file of the wrong
shape is refused with one warning line, and the rules' choices stand.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Optional

import regex

from parser.lexicon import load_cues
from parser.narrative.drafts import SHARE_PREFIX, Draft
from parser.narrative.model_file import ModelRefused, expit, is_number, packaged_model, read_json
from parser.narrative.relations import Relation, is_level, is_ratio_base

log = logging.getLogger(__name__)

MODEL_NAME = "linker.json"
MODEL_ENV = "GOUJI_LINKER"
FORMAT = "gouji.linker/1"
SLOTS = {"share": ("part", "whole"), "change": ("current",), "completion": ("budget", "actual"),
         "overrun": ("budget", "actual"), "execution": ("budget", "actual")}
MAX_CANDIDATES = 12              # levels of a window scored per slot (the nearest ones)
MAX_FEATURES = 5000              # a model file naming more features is not one of ours
MAX_MODEL_BYTES = 2_000_000       # a larger file is not one of ours
MODEL_KEYS = {"format", "features", "weights", "intercept", "calibration", "threshold", "metadata"}


@dataclass(frozen=True)
class Candidate:
    id: str
    features: dict
    rules: bool                  # the rules' own choice


@dataclass(frozen=True)
class LinkGroup:
    """One slot of one relation and the figures that could fill it."""
    target: str
    relation: str                # the relation's kind
    slot: str
    fixed: dict                  # the relation's other inputs (slot → claim id)
    direction: int
    candidates: tuple[Candidate, ...]
    chosen: str = ""             # the candidate link() put in the slot
    probability: Optional[float] = None   # the model's calibrated probability of `chosen` (None: no model)

    @property
    def rules_choice(self) -> str:
        return next((c.id for c in self.candidates if c.rules), "")


# ---------------------------------------------------------------- the model file


@dataclass(frozen=True)
class LinkerModel:
    weights: dict
    intercept: float
    scale: float                 # Platt calibration: p = σ(scale · z + shift)
    shift: float
    threshold: float
    metadata: dict

    def probability(self, features: dict) -> float:
        z = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return expit(self.scale * z + self.shift)


def finite(value, name: str) -> float:
    if not is_number(value):
        raise ModelRefused(f"{name} must be a finite number")
    return float(value)


def parse_model(data) -> LinkerModel:
    """A LinkerModel from a model file's JSON value; ModelRefused when keys, types or sizes are wrong.

    >>> m = parse_model({"format": FORMAT, "features": ["a"], "weights": [2.0], "intercept": -1.0,
    ...                  "calibration": {"scale": 1.0, "shift": 0.0}, "threshold": 0.9, "metadata": {}})
    >>> round(m.probability({"a": 1.0}), 3)
    0.731
    >>> parse_model({"format": FORMAT})
    Traceback (most recent call last):
    parser.narrative.model_file.ModelRefused: keys must be calibration, features, format, intercept, metadata, threshold, weights
    """
    if not isinstance(data, dict) or set(data) != MODEL_KEYS:
        raise ModelRefused("keys must be " + ", ".join(sorted(MODEL_KEYS)))
    if data["format"] != FORMAT:
        raise ModelRefused(f"format must be {FORMAT}")
    names, weights = data["features"], data["weights"]
    if not isinstance(names, list) or not isinstance(weights, list) or len(names) != len(weights) \
            or len(names) > MAX_FEATURES:
        raise ModelRefused(f"features and weights must be lists of one length (at most {MAX_FEATURES})")
    if not all(isinstance(n, str) and len(n) <= 200 for n in names) or len(set(names)) != len(names):
        raise ModelRefused("feature names must be distinct strings")
    calibration = data["calibration"]
    if not isinstance(calibration, dict) or set(calibration) != {"scale", "shift"}:
        raise ModelRefused("calibration must hold scale and shift")
    threshold = finite(data["threshold"], "threshold")
    if not 0.5 <= threshold <= 1.0:
        raise ModelRefused("threshold must lie in [0.5, 1]")
    if not isinstance(data["metadata"], dict):
        raise ModelRefused("metadata must be an object")
    return LinkerModel(weights={n: finite(w, f"weight of {n}") for n, w in zip(names, weights)},
                       intercept=finite(data["intercept"], "intercept"),
                       scale=finite(calibration["scale"], "calibration.scale"),
                       shift=finite(calibration["shift"], "calibration.shift"), threshold=threshold,
                       metadata=data["metadata"])


def default_model_path() -> Path:
    """$GOUJI_LINKER, else the shipped models/linker.json (package data; the source tree's models/)."""
    if os.environ.get(MODEL_ENV):
        return Path(os.environ[MODEL_ENV])
    return packaged_model(MODEL_NAME)


def read_model(path: Path) -> LinkerModel:
    """The model of a file; ModelRefused (one line) when it cannot be read or is not one (read as the claim
    model's file is: strict JSON, no repeated keys, no NaN, within a size bound)."""
    return parse_model(read_json(path, max_bytes=MAX_MODEL_BYTES))


def load_model(path: Optional[str] = None) -> Optional[LinkerModel]:
    """The linker model, or None (after one warning line) when its file is refused or a file named by
    $GOUJI_LINKER is missing; an install without models/ (the rules' choices then stand: with today's
    threshold the model changes none of them) says so only in the debug log. Read once per path."""
    named = path or os.environ.get(MODEL_ENV)
    return model_at(str(Path(path) if path else default_model_path()), bool(named))


@lru_cache(maxsize=8)
def model_at(location: str, named: bool) -> Optional[LinkerModel]:
    where = Path(location)
    if not where.exists():
        (log.warning if named else log.debug)("gouji: no linker model at %s; links stay the rules' choices", where)
        return None
    try:
        return read_model(where)
    except ModelRefused as err:
        log.warning("gouji: linker model %s refused (%s); links stay the rules' choices", where, err)
        return None


# ---------------------------------------------------------------- candidates and features


@lru_cache(maxsize=1)
def cue_words() -> dict:
    cues = load_cues()
    return {
        "change": tuple(cues["increase_words"] + cues["decrease_words"]),
        "share": tuple(cues["share_words"]),
        "whole": tuple(cues["whole_words"]),
        "list": tuple(cues["part_list_markers"]),
        "nested": tuple(cues["nested_markers"]),
        "explain": tuple(cues["explanation_markers"]),
        "opener": tuple(cues["statement_openers"]),
        "completion": tuple(cues["completion_words"] + cues["overrun_words"] + cues["execution_rate_words"]),
    }


PUNCTUATION = {"comma": "，,", "semicolon": "；;", "colon": "：:", "enum": "、", "paren": "（(", "stop": "。"}


def window(drafts: list[Draft], index: int) -> list[Draft]:
    """The levels a derived figure at `index` may be computed from: those of its sentence before it and
    of the sentence before, nearest first."""
    target = drafts[index]
    earlier = drafts[:index]
    own = [d for d in earlier if d.sentence is target.sentence]
    other = [d for d in earlier if d.sentence is not target.sentence]
    previous = [d for d in other if d.sentence is other[-1].sentence] if other else []
    return [d for d in reversed(previous + own) if is_level(d)][:MAX_CANDIDATES]


def overlap(a: str, b: str) -> float:
    """Share of the characters of the shorter text that the other holds.

    >>> overlap("公务用车购置费", "公务车辆购置费"), overlap("", "支出")
    (0.8571428571428571, 0.0)
    """
    first, second = set(a), set(b)
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


NUMBER = regex.compile(r"\d(?:[\d,.]*\d)?")


def between_text(cand: Draft, target: Draft) -> Optional[str]:
    """The words between a candidate and the figure after it in one sentence, each number written 0 (its
    digits are no language); None across sentences."""
    if cand.sentence is not target.sentence:
        return None
    base = target.sentence.span[0]
    return NUMBER.sub("0", target.sentence.text[cand.quantity.span[1] - base:target.quantity.span[0] - base])


def bucket(value: int, top: int) -> str:
    return str(value) if value < top else f"{top}+"


def features(target: Draft, cand: Draft, slot: str, *, rank: int, rules: bool, drafts: list[Draft],
             whole_text: str = "") -> dict:
    """Language features of one (derived figure, candidate, slot); each name is prefixed by the slot."""
    f: dict = {"bias": 1.0}
    if rules:
        f["rules"] = 1.0
    f["rank=" + bucket(rank, 3)] = 1.0
    words = cue_words()
    between = between_text(cand, target)
    if between is None:
        f["other_sentence"] = 1.0
        if target.sentence.text.lstrip(" \u3000，,").startswith(words["opener"]):
            f["opens_with_relation"] = 1.0
    else:
        f.update(between_features(target, cand, between, drafts, words))
    f.update(candidate_features(target, cand, drafts, words))
    if whole_text:
        f["whole_text_overlap"] = overlap(whole_text, cand.subject or cand.prefix)
        if cand.subject and (cand.subject.endswith(whole_text) or whole_text.endswith(cand.subject)):
            f["names_whole"] = 1.0
    f["target=" + target.kind] = 1.0
    return {f"{slot}:{name}": value for name, value in f.items()}


def between_features(target: Draft, cand: Draft, between: str, drafts: list[Draft], words: dict) -> dict:
    """What lies between a candidate and the derived figure of the same sentence: clauses, characters,
    punctuation, relation words, other levels."""
    f: dict = {"clauses=" + bucket(max(target.clause - cand.clause, 0), 4): 1.0, "chars": min(len(between), 60) / 60}
    for name, chars in PUNCTUATION.items():
        count = sum(between.count(c) for c in chars)
        if count:
            f["punct:" + name] = min(count, 3) / 3
    for name, cue in words.items():
        if any(w in between for w in cue):
            f["between:" + name] = 1.0
    levels = sum(1 for d in drafts if d.sentence is target.sentence and is_level(d)
                 and cand.quantity.span[0] < d.quantity.span[0] < target.quantity.span[0])
    f["levels_between=" + bucket(levels, 3)] = 1.0
    if regex.fullmatch(r"\s*的?\s*", between):
        f["adjacent_of"] = 1.0
    head = target.sentence.text[:cand.quantity.span[0] - target.sentence.span[0]]
    if not any(d.sentence is target.sentence and is_level(d) and d.quantity.span[0] < cand.quantity.span[0]
               for d in drafts):
        f["first_level"] = 1.0
    if any(w in head for w in words["list"]):
        f["after_list_marker"] = 1.0
    return f


def candidate_features(target: Draft, cand: Draft, drafts: list[Draft], words: dict) -> dict:
    """The candidate's own marks (explanation, nesting, role, unit, the words before it) and its subject
    against the derived figure's."""
    f: dict = {}
    if cand.explanation:
        f["cand_explanation"] = 1.0
    if cand.nested:
        f["cand_nested"] = 1.0
    if not cand.direct:
        f["cand_inherited"] = 1.0
    f["cand_role=" + cand.role] = 1.0
    f["cand_unit=" + cand.quantity.kind] = 1.0
    for name in ("whole", "list", "change", "share"):
        if any(w in cand.prefix for w in words[name]):
            f["cand_prefix:" + name] = 1.0
    if any(d is cand for d in drafts) and is_ratio_base(drafts, cand):      # the rules' choice may lie outside
        f["ratio_base"] = 1.0                                                # the window (a list's head lines up)
    if cand.metric and cand.metric == target.metric:
        f["same_metric"] = 1.0
    f["subject_overlap"] = overlap(cand.subject, target.subject)
    if cand.subject and cand.subject in target.prefix:
        f["subject_in_target_clause"] = 1.0
    return f


def whole_named(target: Draft) -> str:
    local = target.quantity.span[0] - target.sentence.span[0]
    m = SHARE_PREFIX.search(target.sentence.text[max(0, local - 34):local])
    return (m.group("whole") if m else "").strip()


def groups_of(relation: Relation, drafts: list[Draft], index: dict) -> list[LinkGroup]:
    """The slots of one relation with their candidates; `drafts` is the target's line and the one before."""
    slots = SLOTS.get(relation.kind, ())
    if not slots or "siblings" in relation.inputs or relation.target not in index:
        return []
    position = next((i for i, d in enumerate(drafts) if d.id == relation.target), None)
    if position is None:
        return []
    target = drafts[position]
    near = window(drafts, position)
    whole_text = whole_named(target) if relation.kind == "share" else ""
    out = []
    for slot in slots:
        chosen = relation.inputs.get(slot)
        if not isinstance(chosen, str) or chosen not in index:
            continue
        fixed = {k: v for k, v in relation.inputs.items() if k != slot and isinstance(v, str)}
        pool = [d for d in near if d.id not in fixed.values() and d.id != target.id
                and d.quantity.kind == index[chosen].quantity.kind]        # money for money, counts for counts
        if chosen not in {d.id for d in pool}:
            pool.append(index[chosen])
        if len(pool) < 2:
            continue
        cands = tuple(Candidate(d.id, features(target, d, slot, rank=r, rules=d.id == chosen, drafts=drafts,
                                               whole_text=whole_text), d.id == chosen)
                      for r, d in enumerate(pool))
        out.append(LinkGroup(relation.target, relation.kind, slot, fixed, relation.direction, cands, chosen))
    return out


def sum_groups(relation: Relation, drafts: list[Draft], index: dict) -> list[LinkGroup]:
    """`X，其中：A，B，C`: the slot `total` of a sum — which level the 其中 parts make up. The candidates are
    the levels before the first part (its sentence and the one before); the features are read from the
    first part."""
    parts = relation.inputs.get("parts")
    if not isinstance(parts, tuple) or not parts or not all(p in index for p in parts) \
            or relation.target not in index:
        return []
    first = index[parts[0]]
    if any(index[p].sentence.line != first.sentence.line for p in parts):
        return []                        # a whole and its parts across paragraphs: no window to choose in
    position = next((i for i, d in enumerate(drafts) if d.id == first.id), None)
    if position is None:
        return []
    pool = [d for d in window(drafts, position) if d.id not in parts
            and d.quantity.kind == index[relation.target].quantity.kind]
    if relation.target not in {d.id for d in pool}:
        pool.append(index[relation.target])
    if len(pool) < 2:
        return []
    cands = tuple(Candidate(d.id, features(first, d, "total", rank=r, rules=d.id == relation.target, drafts=drafts),
                            d.id == relation.target) for r, d in enumerate(pool))
    fixed = {f"part{i}": p for i, p in enumerate(parts)}
    return [LinkGroup(first.id, "sum", "total", fixed, 1, cands, relation.target)]


def decide(group: LinkGroup, model: Optional[LinkerModel]) -> LinkGroup:
    """The candidate the slot takes: the model's best where it is confident and prefers it, else the rules'."""
    if model is None:
        return group
    scored = [(model.probability(c.features), c.id) for c in group.candidates]
    best_p, best = max(scored)
    rules_p = next(p for p, cid in scored if cid == group.rules_choice)
    if best != group.rules_choice and best_p >= model.threshold:
        return replace(group, chosen=best, probability=best_p)
    return replace(group, chosen=group.rules_choice, probability=rules_p)


def link(relations: list[Relation], drafts_by_line: Iterable[list[Draft]], *, use_model: bool = True,
         model_path: Optional[str] = None) -> tuple[list[Relation], tuple[LinkGroup, ...]]:
    """The relations with each slot filled by the linker's choice, and the slots scored.

    Without `use_model` (or without a usable model file) the rules' choices stand; the groups are
    still returned (training reads them)."""
    lines = list(drafts_by_line)
    index = {d.id: d for drafts in lines for d in drafts}
    window_of: dict[str, list[Draft]] = {}
    previous: list[Draft] = []
    for drafts in lines:
        for d in drafts:
            window_of[d.id] = previous + drafts
        previous = drafts
    model = load_model(model_path) if use_model else None
    out, groups = [], []
    for relation in relations:
        if relation.kind == "sum":
            first = relation.inputs.get("parts", ("",))[0]
            found = sum_groups(relation, window_of.get(first, []), index) if first in window_of else []
        else:
            found = groups_of(relation, window_of.get(relation.target, []), index) if relation.target in window_of else []
        found = [decide(g, model) for g in found]
        groups.extend(found)
        changed = {g.slot: g.chosen for g in found if g.chosen != g.rules_choice}
        if "total" in changed:
            relation = replace(relation, target=changed.pop("total"))
        out.append(replace(relation, inputs={**relation.inputs, **changed}) if changed else relation)
    return out, tuple(groups)

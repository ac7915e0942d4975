"""Can the linker decide where the rules abstain? Records and held-out measurement (issue 11, second way).

The rules abstain on a derived figure (a share, a change, a completion/execution/overrun rate) when the
checked report leaves it `unverifiable`: no relation (two readings remain, or no input was found), or a
share whose whole is neither chosen nor found in the text or tables. For each such figure the slots the
rules leave open are the linker's slots of its kind (share: part, whole; change: current; rate: budget,
actual), less those a relation of the rules already fills. Their candidates are the linker's window (the
levels of the figure's sentence before it and of the sentence before), scored by the linker's language
features without the rules' choice (there is none).

The true input: for web statements the hand-checked formula of ../shared/corpus/web/labels.jsonl (`why`);
elsewhere the one assignment of window levels to the open slots that makes the stated figure agree within
its printed precision (the inputs the rules chose stay fixed; a change takes the change amount or the
prior-year level of its statement, as the rules would). A figure with none or several such assignments
has no true input in the window.

Held out by source family: the linker is fitted on the other families' rules-filled slots (its training
records of training/linker.py, without the rules' choice as a feature) and a threshold is chosen on the
other families' abstentions, each scored by a model that saw neither its family nor the held-out one.
"""
from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Optional

from training.linker import (
    CACHE,
    FAMILIES,
    SHARED,
    LinkGroup,
    cached_records,
    computes,
    family_of,
    fit_linear,
    fit_platt,
    gold,
    raw_scores,
    read_web_labels,
    source_hash,
)

ABSTAIN_CACHE = CACHE / "abstain"
HINTS = {"share": "share", "change": "change", "completion": "completion", "overrun": "overrun",
         "execution": "execution"}
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)
MIN_PRECISION = 1.0              # a decision in an abstention adds a check: out of fold it must never be wrong
FORMULA_NUMBER = __import__("re").compile(r"\d+(?:\.\d+)?")


def corpus_documents(shared: Path = SHARED) -> list[tuple[str, Path, Optional[Path]]]:
    """(name, narrative, tables file or None), as scripts/compare_reports.py checks them."""
    out: list[tuple[str, Path, Optional[Path]]] = [(f"seeds/{p.name}", p, None)
                                                   for p in sorted((shared / "seeds").glob("*.txt"))]
    real = shared / "corpus" / "real"
    for path in sorted(real.rglob("*")):
        if path.suffix not in (".pdf", ".json", ".txt", ".docx", ".html", ".xlsx") \
                or path.name.endswith("_tables.pdf") or "CHECKLIST" in path.name:
            continue
        tables = path.with_name(path.stem + "_tables.pdf")
        out.append((f"real/{path.relative_to(real)}", path, tables if tables.exists() else None))
    out += [(f"web/{p.name}", p, None) for p in sorted((shared / "corpus" / "web").glob("w*.txt"))]
    return out


@contextmanager
def linking_seen(seen: dict, replace_relations=None):
    """While open, parser.narrative.claims.link records into `seen` the rules' relations (`relations`) and the
    drafts by line (`lines`) it is given, and links `replace_relations(relations)` instead when that is given."""
    import parser.narrative.claims as claims_module

    original = claims_module.link

    def capture(relations, drafts_by_line, **kwargs):
        lines = [list(d) for d in drafts_by_line]
        seen["relations"], seen["lines"] = list(relations), lines
        return original(replace_relations(relations) if replace_relations else relations, lines, **kwargs)

    claims_module.link = capture
    try:
        yield seen
    finally:
        claims_module.link = original


def checked_with_drafts(path: Path, tables: Optional[Path]):
    """(report, the rules' relations before linking, the drafts by line) of one document, rules only."""
    import parser

    with linking_seen({}) as seen:
        report = parser.check(str(path), tables=str(tables) if tables else None, use_model=False)
    return report, seen.get("relations", []), seen.get("lines", [])


# ---------------------------------------------------------------- slots, candidates, labels


def open_slots(kind: str, relation) -> tuple[tuple[str, ...], dict]:
    """(the slots the rules leave open, the inputs a relation of the rules fixes) of an abstained figure.

    >>> open_slots("share", None), open_slots("change", None)[0], open_slots("execution", None)[0]
    ((('part', 'whole'), {}), ('current', 'prior'), ('budget', 'actual'))
    """
    slots = {"share": ("part", "whole"), "change": ("current", "prior")}.get(kind, ("budget", "actual"))
    fixed = {k: v for k, v in (relation.inputs if relation is not None else {}).items()
             if k in slots and isinstance(v, str)}
    return tuple(s for s in slots if s not in fixed), fixed


def window_drafts(lines: list[list]) -> dict:
    """Draft id → the drafts of its line and the line before (the linker's window, as link() builds it)."""
    out: dict = {}
    previous: list = []
    for drafts in lines:
        for d in drafts:
            out[d.id] = previous + drafts
        previous = drafts
    return out


def candidates_of(target, drafts: list, slot: str, relation_kind: str) -> list[dict]:
    """The window's levels for one open slot with their language features (no rules' choice)."""
    from parser.narrative.linker import features, whole_named, window

    position = next(i for i, d in enumerate(drafts) if d.id == target.id)
    whole_text = whole_named(target) if relation_kind == "share" else ""
    return [{"id": d.id, "features": features(target, d, slot, rank=r, rules=False, drafts=drafts,
                                              whole_text=whole_text)}
            for r, d in enumerate(window(drafts, position))]


def agrees_with(kind: str, target_id: str, assignment: dict, claims: dict, direction: int) -> Optional[bool]:
    """Whether the stated figure agrees with an assignment of claims to all its slots (None: cannot tell)."""
    if kind == "share":
        group = LinkGroup(target_id, "share", "part", {"whole": assignment["whole"]}, direction, ())
        return computes(group, claims[assignment["part"]], claims)
    if kind == "change":
        fixed = {k: v for k, v in assignment.items() if k in ("prior", "delta")}
        group = LinkGroup(target_id, "change", "current", fixed, direction, ())
        return computes(group, claims[assignment["current"]], claims)
    group = LinkGroup(target_id, kind, "budget", {"actual": assignment["actual"]}, direction, ())
    return computes(group, claims[assignment["budget"]], claims)


def assignments(slots: tuple[str, ...], fixed: dict, pools: dict) -> Iterable[dict]:
    """Every assignment of distinct candidates to the open slots, with the fixed inputs (bounded: at most
    12 candidates a slot, two slots)."""
    if not slots:
        yield dict(fixed)
        return
    first, rest = slots[0], slots[1:]
    for c in pools[first]:
        if c in fixed.values():
            continue
        for tail in assignments(rest, {**fixed, first: c}, pools):
            if len(set(tail.values())) == len(tail):
                yield tail


def arithmetic_truth(kind: str, target: str, direction: int, slots: tuple, fixed: dict, pools: dict,
                     claims: dict) -> Optional[dict]:
    """The one assignment of window levels to the open slots that makes the figure agree (None: none or
    several)."""
    agreeing = []
    for a in assignments(slots, fixed, pools):
        if agrees_with(kind, target, a, claims, direction):
            agreeing.append(a)
    return agreeing[0] if len(agreeing) == 1 else None


def review_truth(labels: list[dict], doc: str, target_claim, slots: tuple, fixed: dict, pools: dict,
                 claims: dict) -> Optional[dict]:
    """The assignment a hand-checked web label's formula (`why`) names: every slot's figure is a number of the
    formula, and only one assignment is so (None: no label, or its formula names no unique assignment)."""
    for label in labels:
        if label["doc"] != doc or label["line"] != target_claim.line \
                or label["category"] not in ("share", "change", "rate"):
            continue
        try:
            if Decimal(str(label["stated"])) != abs(target_claim.quantity.value):
                continue
        except ArithmeticError:
            continue
        numbers = {Decimal(n) for n in FORMULA_NUMBER.findall(label["why"].split(" vs ")[0])}
        named = [a for a in assignments(slots, fixed, pools)
                 if all(claims[a[s]].quantity.value in numbers for s in slots)]
        if len(named) == 1:
            return named[0]
        return None
    return None


def abstentions(report, relations: list, lines: list[list]) -> Iterable[dict]:
    """The abstentions of a checked document: each derived figure the report leaves unverifiable with its
    open slots, the inputs a relation of the rules fixes, and each open slot's candidates (with features)."""
    from parser.narrative.linker import SLOTS, is_level

    claims = {c.id: c for c in report.claims}
    by_target: dict = {}
    for r in relations:
        if r.kind in SLOTS:
            by_target.setdefault(r.target, r)
    near = window_drafts(lines)
    for drafts in lines:
        for d in drafts:
            if d.relation_hint not in SLOTS or d.id not in claims or claims[d.id].status != "unverifiable":
                continue
            relation = by_target.get(d.id)
            if relation is not None and "siblings" in relation.inputs:
                continue
            kind = d.relation_hint
            slots, fixed = open_slots(kind, relation)
            window = near.get(d.id, [])
            delta = next((x.id for x in reversed(window) if x.sentence is d.sentence and x.kind == "change_amount"
                          and x.quantity.span[0] < d.quantity.span[0]), None) if d.kind == "change_percent" else None
            if delta and "prior" in slots and "prior" not in fixed:     # the change amount of its statement
                slots, fixed = tuple(s for s in slots if s != "prior"), {**fixed, "delta": delta}
            yield {"target": d.id, "line": d.sentence.line, "text": claims[d.id].text, "sentence": d.sentence.text,
                   "kind": kind, "has_relation": relation is not None, "slots": list(slots), "fixed": fixed,
                   "direction": relation.direction if relation is not None else change_direction_of(d),
                   "candidates": {s: [c for c in candidates_of(d, window, s, kind) if c["id"] in claims]
                                  for s in slots},
                   "levels_in_window": sum(1 for x in window if is_level(x))}


def document_records(name: str, path: Path, tables: Optional[Path], web_labels: list[dict]) -> list[dict]:
    """One record per abstention (training/linker_abstain.abstentions) with its labels and the arithmetic of
    its likely assignments, and the `prior` training records of the rules' changes."""
    report, relations, lines = checked_with_drafts(path, tables)
    claims = {c.id: c for c in report.claims}
    out = filled_priors(name, relations, window_drafts(lines), claims)
    for record in abstentions(report, relations, lines):
        slots, fixed = tuple(record["slots"]), record["fixed"]
        pools = {s: [c["id"] for c in cs] for s, cs in record["candidates"].items()}
        truth = arithmetic_truth(record["kind"], record["target"], record["direction"], slots, fixed, pools,
                                 claims) if slots else None
        review = review_truth(web_labels, name.removeprefix("web/"), claims[record["target"]], slots, fixed, pools,
                              claims) if name.startswith("web/") and slots else None
        record = {"doc": name, "family": family_of(name), "type": "abstained", **record,
                  "labels": {k: v for k, v in (("arithmetic", truth), ("review", review)) if v}}
        record["agreement"] = agreement_table(record, claims)
        out.append(record)
    return out


def change_direction_of(d) -> int:
    """+1/−1 for a change figure as the rules read it (relations.change_relation)."""
    from parser.narrative.drafts import CHANGE_AMT_PREFIX, CHANGE_PCT_PREFIX, comparative_direction
    from parser.narrative.relations import change_direction

    local = d.quantity.span[0] - d.sentence.span[0]
    pattern = CHANGE_PCT_PREFIX if d.kind == "change_percent" else CHANGE_AMT_PREFIX
    return change_direction(pattern, d.sentence.text[max(0, local - 8):local],
                            comparative_direction(d.sentence.text[max(0, local - 16):local], -1))


def agreement_table(record: dict, claims: dict) -> dict:
    """Assignment key → whether the figure agrees (True/False/None), for the assignments the evaluation may
    choose (each slot's top candidates): kept so decisions can be scored without re-reading the document."""
    pools = {s: [c["id"] for c in cs if c["id"] in claims][:6] for s, cs in record["candidates"].items()}
    table = {}
    for a in assignments(tuple(record["slots"]), record["fixed"], pools):
        table[assignment_key(a)] = agrees_with(record["kind"], record["target"], a, claims, record["direction"])
    return table


def assignment_key(a: dict) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(a.items()) if v)


def build_records(shared: Path = SHARED, cache: Path = ABSTAIN_CACHE, log=print) -> list[dict]:
    """Every document's abstention records, cached per document (its bytes, the parser's source)."""
    web_labels = read_web_labels(shared)
    code = source_hash() + "abstain-1" + hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return cached_records(((name, path.read_bytes() + (tables.read_bytes() if tables else b""),
                            lambda name=name, path=path, tables=tables: document_records(name, path, tables, web_labels))
                           for name, path, tables in corpus_documents(shared)), cache, code, "abstentions", log)


def filled_priors(name: str, relations: list, near: dict, claims: dict) -> list[dict]:
    """Training records for the slot `prior` (the linker's own records have none): each change relation of
    the rules naming a prior level, its candidates the window's levels but the current one, labelled where
    exactly one makes the stated figure agree with the rules' current level."""
    out = []
    for r in relations:
        if r.kind != "change" or not isinstance(r.inputs.get("prior"), str) or not isinstance(r.inputs.get("current"), str):
            continue
        window = near.get(r.target, [])
        target = next((d for d in window if d.id == r.target), None)
        if target is None or r.target not in claims:
            continue
        cands = [c for c in candidates_of(target, window, "prior", "change")
                 if c["id"] in claims and c["id"] != r.inputs["current"]]
        agreeing = [c["id"] for c in cands if agrees_with("change", r.target, {"current": r.inputs["current"],
                                                                                 "prior": c["id"]}, claims, r.direction)]
        if len(cands) < 2:
            continue
        out.append({"doc": name, "family": family_of(name), "type": "filled", "target": r.target, "slot": "prior",
                    "rules": r.inputs["prior"], "candidates": cands,
                    "labels": {"arithmetic": agreeing[0]} if len(agreeing) == 1 else {}})
    return out


# ---------------------------------------------------------------- the model and its decisions


def without_rules(features: dict) -> dict:
    """A candidate's features less the rules' choice (an abstention has none to offer).

    >>> without_rules({"part:rules": 1.0, "part:bias": 1.0})
    {'part:bias': 1.0}
    """
    return {k: v for k, v in features.items() if not k.endswith(":rules")}


def training_rows(linked: list[dict], abstained: list[dict]) -> tuple[list, list, list]:
    """(features, is the true input, weight) of the linker's labelled slots (training/linker.py records,
    without the rules' choice), the labelled `prior` slots and the labelled abstentions."""
    X, y, w = [], [], []
    for record in linked:
        label, source = gold(record)
        if label is None:
            continue
        for c in record["candidates"]:
            X.append(without_rules(c["features"]))
            y.append(int(c["id"] == label))
            w.append(3.0 if source != "arithmetic" else 1.0)
    for record in abstained:
        truth = truth_of(record)
        if truth is None:
            continue
        slots = [record["slot"]] if record.get("type") == "filled" else record["slots"]
        for slot in slots:
            chosen = truth if isinstance(truth, str) else truth.get(slot)
            cands = record["candidates"] if record.get("type") == "filled" else record["candidates"][slot]
            for c in cands:
                X.append(c["features"])
                y.append(int(c["id"] == chosen))
                w.append(1.0)
    return X, y, w


def truth_of(record: dict):
    """The record's true input(s): hand-checked before arithmetic (None: no true input in the window)."""
    labels = record["labels"]
    return labels.get("review") or labels.get("arithmetic")


class Scorer:
    """A logistic regression on the language features with a Platt calibration fitted out of fold."""

    def __init__(self, linked: list[dict], abstained: list[dict]):
        X, y, w = training_rows(linked, abstained)
        self.vectorizer, self.model = fit_linear(X, y, w)
        scores = self.oof_scores(linked, abstained)
        self.scale, self.shift = fit_platt([s for s, _ in scores], [t for _, t in scores])

    @staticmethod
    def oof_scores(linked: list[dict], abstained: list[dict], folds: int = 5) -> list[tuple[float, int]]:
        docs = sorted({r["doc"] for r in linked + abstained})
        rng = random.Random(0)
        rng.shuffle(docs)
        fold_of = {d: i % folds for i, d in enumerate(docs)}
        out = []
        for k in range(folds):
            train_l = [r for r in linked if fold_of[r["doc"]] != k]
            train_a = [r for r in abstained if fold_of[r["doc"]] != k]
            X, y, w = training_rows(train_l, train_a)
            if len(set(y)) < 2:
                continue
            vectorizer, model = fit_linear(X, y, w)
            Xt, yt, _ = training_rows([r for r in linked if fold_of[r["doc"]] == k],
                                      [r for r in abstained if fold_of[r["doc"]] == k])
            if Xt:
                out += list(zip(raw_scores(vectorizer, model, Xt), yt))
        return out

    def probabilities(self, candidates: list[dict]) -> list[float]:
        from parser.narrative.model_file import expit

        if not candidates:
            return []
        raw = raw_scores(self.vectorizer, self.model, [c["features"] for c in candidates])
        return [expit(self.scale * z + self.shift) for z in raw]


def decision(record: dict, scorer: Scorer) -> tuple[Optional[dict], float]:
    """The linker's assignment of an abstention's open slots (each slot its most probable candidate, the
    slots distinct) and the lowest of their probabilities; (None, 0) when a slot has no candidate."""
    chosen: dict = {}
    lowest = 1.0
    ranked = {s: sorted(zip(scorer.probabilities(record["candidates"][s]),
                            (c["id"] for c in record["candidates"][s])), reverse=True)
              for s in record["slots"]}
    for slot in sorted(record["slots"], key=lambda s: -(ranked[s][0][0] if ranked[s] else 0.0)):
        free = [(p, cid) for p, cid in ranked[slot] if cid not in chosen.values() and cid not in record["fixed"].values()]
        if not free:
            return None, 0.0
        chosen[slot] = free[0][1]
        lowest = min(lowest, free[0][0])
    return {**record["fixed"], **chosen}, lowest


def outcome(record: dict, assignment: Optional[dict]) -> str:
    """`right`/`wrong` against the true input; without one, what the check would say: `agrees`,
    `disagrees` (a finding on a figure no input in the window makes agree: most likely a false alarm) or
    `unknown` (the arithmetic cannot tell: no check)."""
    if assignment is None:
        return "none"
    truth = truth_of(record)
    if truth is not None:
        return "right" if assignment_key(assignment) == assignment_key(truth) else "wrong"
    said = record["agreement"].get(assignment_key(assignment))
    return "agrees" if said else "unknown" if said is None else "disagrees"


def scored(records: list[dict], scorer: Scorer) -> list[tuple[dict, Optional[dict], float]]:
    return [(r, *decision(r, scorer)) for r in records if r.get("type") != "filled" and r["slots"]]


def choose_threshold(decided: list[tuple[dict, Optional[dict], float]]) -> float:
    """The lowest threshold at which, out of family, the linker's decisions in abstentions are never wrong
    nor raise a finding where no input of the window agrees, and are right at least once (1.0: never)."""
    for threshold in THRESHOLDS:
        kept = [outcome(r, a) for r, a, p in decided if a is not None and p >= threshold]
        right = kept.count("right")
        bad = kept.count("wrong") + kept.count("disagrees")
        if right and right / (right + bad) >= MIN_PRECISION:
            return threshold
    return 1.0


def held_out(linked: list[dict], abstained: list[dict], families: Iterable[str] = FAMILIES) -> dict:
    """Per source family: a scorer fitted on the other families, the threshold chosen on the other families'
    abstentions (each scored by a scorer that saw neither it nor the held-out family), and its decisions."""
    out = {}
    for family in families:
        others = [f for f in FAMILIES if f != family]
        inner = []
        for g in others:
            scorer_g = Scorer([r for r in linked if r["family"] not in (family, g)],
                              [r for r in abstained if r["family"] not in (family, g)])
            inner += scored([r for r in abstained if r["family"] == g], scorer_g)
        threshold = choose_threshold(inner)
        scorer = Scorer([r for r in linked if r["family"] != family], [r for r in abstained if r["family"] != family])
        out[family] = {"threshold": threshold, "inner": inner,
                       "decided": scored([r for r in abstained if r["family"] == family], scorer)}
    return out


def bootstrap(per_doc: dict, rounds: int = 1000) -> tuple[float, float]:
    """95% interval (documents resampled) of the share of right decisions among the labelled abstentions."""
    docs = list(per_doc)
    rng = random.Random(0)
    values = []
    for _ in range(rounds):
        sample = [x for d in (rng.choice(docs) for _ in docs) for x in per_doc[d]]
        if sample:
            values.append(sum(sample) / len(sample))
    values.sort()
    return (values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]) if values else (0.0, 0.0)


# ---------------------------------------------------------------- end to end: what a decision would change


def relation_of(record: dict, assignment: dict):
    """The relation the checker would check for an abstention the linker decides."""
    from parser.narrative.relations import Relation

    inputs = {k: v for k, v in assignment.items() if v}
    base = "prior_year" if record["kind"] == "change" else ""
    return Relation(record["kind"], record["target"], inputs, direction=record["direction"], base=base)


def family_of_path(path: str) -> str:
    """The source family of a checked file's path (its held-out scorer decides for it).

    >>> family_of_path("/w/shared/corpus/web/w001.txt"), family_of_path("/w/shared/seeds/001_x.txt")
    ('web', 'seeds')
    """
    if "/corpus/web/" in path:
        return "web"
    if "/seeds/" in path:
        return "seeds"
    return "putuo" if "putuo" in path else "jiangsu"


def deciding_check(scorers: dict, threshold: float, base_check, log: Optional[list] = None):
    """A check (Document → Report, in place of `base_check`, parser.check.check_document) that lets the linker
    decide the abstentions of a rules-only reading where the lowest probability of its assignment reaches
    `threshold`, then checks again with those relations (a share's relation without its whole is replaced).
    `scorers`: family → the Scorer fitted without it. `log` collects (path, record, assignment, p)."""
    from parser.narrative.linker import SLOTS

    def check(document, use_model: bool = True, relabel: bool = False):
        scorer = scorers[family_of_path(str(document.path))]
        with linking_seen({}) as seen:
            report = base_check(document, use_model=False)
        added = {}
        for record in abstentions(report, seen.get("relations", []), seen.get("lines", [])):
            if not record["slots"]:
                continue
            assignment, p = decision(record, scorer)
            if assignment is not None and p >= threshold:
                added[record["target"]] = relation_of(record, assignment)
                if log is not None:
                    log.append((str(document.path), record, assignment, p))
        if not added:
            return report

        def extended(relations):
            return [r for r in relations if not (r.target in added and r.kind in SLOTS)] + list(added.values())

        with linking_seen({}, extended):
            return base_check(document, use_model=False)

    return check

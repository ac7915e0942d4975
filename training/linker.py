"""Train the linker (parser.narrative.linker) from the arithmetic of real text, and measure it.

Labels without hand work (distant supervision): in real text most statements are right, so where
exactly one candidate of a slot makes the stated figure agree within its printed precision
(parser.tolerance.agrees; the relation's other inputs as the rules chose them), that candidate is the
slot's positive and the others are negatives (source `arithmetic`); a slot where no candidate or
several agree is dropped. Hand-checked links come from the web corpus's labels (their `why` names the
inputs: source `review`) and from Label Studio (source `human`), and take precedence.

The model is a logistic regression (scikit-learn) on the linker's language features, with a Platt
calibration fitted on out-of-fold scores, written as JSON numbers (models/linker.json).
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Optional

from parser.check import read_claims
from parser.datatypes import Claim
from parser.load import load
from parser.narrative.linker import FORMAT, Candidate, LinkerModel, LinkGroup, decide, parse_model
from parser.tolerance import HUNDRED, Interval, agrees, printed, ratio

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CACHE = ROOT / "build" / "linker"
FAMILIES = ("seeds", "putuo", "jiangsu", "web")
SOURCE_RANK = {"arithmetic": 0, "review": 1, "human": 2}
SOURCE_WEIGHT = {"arithmetic": 1.0, "review": 3.0, "human": 10.0}
THRESHOLDS = (0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)
MIN_OVERRIDE_PRECISION = 0.9     # overrides of the rules must be right this often out of fold
SEED = 0
LABELLING = "3"                  # bump when document_records changes what it writes (the cache is keyed by it)
YUAN = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}


# ---------------------------------------------------------------- documents and records


def family_of(name: str) -> str:
    """The source family of a corpus document (the held-out unit of the headline figure).

    >>> family_of("seeds/000_f8.txt"), family_of("real/putuo-gbc/a.pdf"), family_of("web/w001.txt")
    ('seeds', 'putuo', 'web')
    """
    if name.startswith("seeds/"):
        return "seeds"
    if name.startswith("web/"):
        return "web"
    return "putuo" if "putuo" in name else "jiangsu"


def document_name(path: Path, shared: Path = SHARED) -> str:
    """A document's name in the records: its place in the shared corpus (`web/w001.txt`, `seeds/…`,
    `real/putuo-gbc/…`), else its file name — so links reviewed from a file export join the corpus records.

    >>> document_name(SHARED / "corpus" / "web" / "w001.txt"), document_name(Path("/x/a.pdf"))
    ('web/w001.txt', 'a.pdf')
    """
    path = Path(path).resolve()
    for folder, prefix in ((shared / "seeds", "seeds/"), (shared / "corpus" / "real", "real/"),
                           (shared / "corpus" / "web", "web/")):
        if path.is_relative_to(folder.resolve()):
            return prefix + path.relative_to(folder.resolve()).as_posix()
    return path.name


def corpus_documents(shared: Path = SHARED) -> list[tuple[str, Path]]:
    """(name, path) of every narrative of the seeds, the real corpus and the web corpus."""
    out = [(f"seeds/{p.name}", p) for p in sorted((shared / "seeds").glob("*.txt"))]
    real = shared / "corpus" / "real"
    for path in sorted(real.rglob("*")):
        if path.suffix in (".pdf", ".json") and not path.name.endswith("_tables.pdf"):
            out.append((f"real/{path.relative_to(real)}", path))
    out += [(f"web/{p.name}", p) for p in sorted((shared / "corpus" / "web").glob("w*.txt"))]
    return out


def level_interval(claim: Claim, unit: str) -> Optional[Interval]:
    """The values a level may stand for, in `unit`'s terms (yuan for money); None when not comparable."""
    q = claim.quantity
    interval = printed(q.value, q.decimals)
    if q.unit in YUAN:
        return interval.scale(YUAN[q.unit]) if unit == "yuan" else None
    return interval if unit == q.unit else None


def measure(claim: Claim) -> str:
    return "yuan" if claim.quantity.unit in YUAN else claim.quantity.unit


def computes(group: LinkGroup, candidate: Claim, claims: dict) -> Optional[bool]:
    """Whether the stated figure agrees when `candidate` fills the slot (None: the arithmetic cannot tell)."""
    target = claims[group.target]
    if target.quantity.approx or candidate.quantity.approx:
        return None
    fixed = {slot: claims[cid] for slot, cid in group.fixed.items() if cid in claims}
    unit = measure(candidate)
    value = level_interval(candidate, unit)
    if value is None:
        return None
    if group.relation == "sum":
        return sum_agrees(value, fixed, unit)
    if group.relation == "share":
        return share_agrees(group, target, value, fixed, unit)
    if group.relation == "change":
        return change_agrees(group, target, value, fixed, unit)
    return rate_agrees(group, target, value, fixed, unit)


def sum_agrees(value: Interval, fixed: dict, unit: str) -> Optional[bool]:
    """The candidate as the total of the fixed parts."""
    parts = [level_interval(c, unit) for c in fixed.values()]
    known = [p for p in parts if p is not None]
    if not parts or len(known) < len(parts) or any(c.quantity.approx for c in fixed.values()):
        return None
    summed = sum(known[1:], known[0])
    return summed.lo <= value.hi and value.lo <= summed.hi


def share_agrees(group: LinkGroup, target: Claim, value: Interval, fixed: dict, unit: str) -> Optional[bool]:
    """The candidate as the part (or the whole) of the stated share."""
    other = fixed.get("whole" if group.slot == "part" else "part")
    other_value = level_interval(other, unit) if other is not None else None
    if other_value is None:
        return None
    result = ratio(value, other_value) if group.slot == "part" else ratio(other_value, value)
    return result is not None and agrees(target.quantity.value, target.quantity.decimals, result.scale(HUNDRED))


def change_agrees(group: LinkGroup, target: Claim, value: Interval, fixed: dict, unit: str) -> Optional[bool]:
    """The candidate as this year's level of the stated change (against its delta or last year's level)."""
    stated = target.quantity
    if "delta" in fixed:
        delta = level_interval(fixed["delta"], unit)
        if delta is None:
            return None
        before = value - delta if group.direction > 0 else value + delta
        result = ratio(delta, before)
        return result is not None and agrees(abs(stated.value), stated.decimals, result.scale(HUNDRED))
    if "prior" not in fixed:
        return None
    prior = level_interval(fixed["prior"], unit)
    if prior is None:
        return None
    if target.kind == "change_percent":
        result = ratio(value - prior, prior)
        return result is not None and agrees(stated.value, stated.decimals, result.scale(HUNDRED * group.direction))
    own = level_interval(target, unit)
    if own is None:
        return None
    diff = value - prior
    magnitude = Interval(min(abs(diff.lo), abs(diff.hi)), max(abs(diff.lo), abs(diff.hi)))
    return magnitude.lo <= own.hi and own.lo <= magnitude.hi


def rate_agrees(group: LinkGroup, target: Claim, value: Interval, fixed: dict, unit: str) -> Optional[bool]:
    """The candidate as the budget (or the actual) of the stated completion, execution or overrun rate."""
    other = fixed.get("actual" if group.slot == "budget" else "budget")
    other_value = level_interval(other, unit) if other is not None else None
    if other_value is None:
        return None
    result = ratio(other_value, value) if group.slot == "budget" else ratio(value, other_value)
    if result is None:
        return None
    result = result.scale(HUNDRED)
    if group.relation == "overrun":
        result = Interval(result.lo - HUNDRED, result.hi - HUNDRED)
    return agrees(target.quantity.value, target.quantity.decimals, result)


def arithmetic_label(group: LinkGroup, claims: dict) -> Optional[str]:
    """The one candidate that makes the stated figure agree; None when none or several do."""
    agreeing = [c.id for c in group.candidates if computes(group, claims[c.id], claims)]
    return agreeing[0] if len(agreeing) == 1 else None


FORMULA_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def review_links(labels: list[dict], doc: str, claims: dict, groups: Iterable[LinkGroup]) -> dict:
    """(target, slot) → candidate named by a hand-checked label's arithmetic (`why`: `9787.85/27664.71×100`,
    `0.28/(6.28+0.28)×100`, `(1-556/891)×100`): the first number of the formula that is a candidate's fills
    part, current and actual; the last one whole and budget (the slot's fixed input is no candidate); a
    number two candidates print names neither, and one the relation's other inputs print (the delta of
    `0.01/0.06`) names no candidate."""
    out = {}
    for group in groups:
        if group.relation == "sum":
            named = sum_named(labels, doc, claims, group)
            if named:
                out[(group.target, group.slot)] = named
            continue
        target = claims[group.target]
        for label in labels:
            if label["doc"] != doc or label["line"] != target.line or label["category"] not in ("share", "change", "rate"):
                continue
            try:
                if Decimal(str(label["stated"])) != abs(target.quantity.value):
                    continue
            except ArithmeticError:
                continue
            formula = label["why"].split(" vs ")[0]
            numbers = [Decimal(n) for n in FORMULA_NUMBER.findall(formula)]
            by_value: dict = {}
            for c in group.candidates:
                by_value.setdefault(claims[c.id].quantity.value, []).append(c.id)
            fixed_values = {claims[cid].quantity.value for cid in group.fixed.values() if cid in claims}
            matching = [n for n in numbers if n in by_value and n not in fixed_values]
            if not matching:
                continue
            first_slot = group.slot in ("part", "current", "actual")
            ids = by_value[matching[0] if first_slot else matching[-1]]
            if len(ids) == 1:
                out[(group.target, group.slot)] = ids[0]
    return out


def sum_named(labels: list[dict], doc: str, claims: dict, group: LinkGroup) -> Optional[str]:
    """The total a hand-checked `sum` label names for a 其中 list: the candidate it quotes (its line and
    stated value), where its formula adds up every part of the list (`9787.85+5738.74+… = 27664.71`)."""
    parts = {claims[p].quantity.value for p in group.fixed.values()}
    for label in labels:
        if label["doc"] != doc or label["category"] != "sum":
            continue
        numbers = {Decimal(n) for n in FORMULA_NUMBER.findall(label["why"].split(" = ")[0])}
        if not parts <= numbers:
            continue
        found = [c.id for c in group.candidates if claims[c.id].line == label["line"]
                 and str(claims[c.id].quantity.value) == str(Decimal(str(label["stated"])))]
        if len(found) == 1:
            return found[0]
    return None


def where(claim: Claim) -> list:
    return [claim.line, list(claim.quantity.span)]


def local_span(claim: Claim, lines: tuple) -> list:
    """The figure's place in its sentence (Label Studio regions are offsets in the text shown)."""
    line = lines[claim.line - 1] if 1 <= claim.line <= len(lines) else ""
    offset = max(line.find(claim.sentence), 0)
    start = claim.quantity.span[0] - offset
    if claim.sentence[start:start + len(claim.quantity.surface)] != claim.quantity.surface:
        start = max(claim.sentence.find(claim.quantity.surface), 0)
    return [start, start + len(claim.quantity.surface)]


def document_records(name: str, path: Path, web_labels: list[dict]) -> list[dict]:
    """One record per slot of a document: its candidates (features, where they stand) and its labels."""
    document = load(str(path))
    meta, layout, extraction = read_claims(document, use_model=False)
    claims = {c.id: c for c in extraction.claims}
    reviewed = review_links(web_labels, name.removeprefix("web/"), claims, extraction.links) \
        if name.startswith("web/") else {}
    out = []
    for group in extraction.links:
        target = claims[group.target]
        arithmetic = arithmetic_label(group, claims)
        labels = {}
        if arithmetic:
            labels["arithmetic"] = arithmetic
        if (group.target, group.slot) in reviewed:
            labels["review"] = reviewed[(group.target, group.slot)]
        out.append({
            "doc": name, "family": family_of(name), "target": group.target, "target_at": where(target),
            "target_text": target.text, "sentence": target.sentence,
            "local": local_span(target, document.lines), "relation": group.relation, "slot": group.slot,
            "fixed": group.fixed, "direction": group.direction, "rules": group.rules_choice,
            "candidates": [{"id": c.id, "at": where(claims[c.id]), "text": claims[c.id].text,
                            "sentence": claims[c.id].sentence, "local": local_span(claims[c.id], document.lines),
                            "features": c.features} for c in group.candidates],
            "labels": labels,
        })
    return out


def build_records(shared: Path = SHARED, cache: Path = CACHE, log=print) -> list[dict]:
    """Every document's records, cached per document under build/linker by the hash of its bytes and of
    the parser's source (reading the PDFs is slow)."""
    web_labels = read_web_labels(shared)
    return cached_records(((name, path.read_bytes(), lambda name=name, path=path: document_records(name, path, web_labels))
                           for name, path in corpus_documents(shared)), cache, source_hash(), "slots", log)


def read_web_labels(shared: Path) -> list[dict]:
    return [json.loads(line) for line in (shared / "corpus" / "web" / "labels.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]


def cached_records(documents, cache: Path, code: str, what: str, log=print) -> list[dict]:
    """The records of each (name, bytes, read) document: `read()` once per content and `code` (the hash of the
    sources that make them), then from `cache`; a document that cannot be read gives none, said so."""
    cache.mkdir(parents=True, exist_ok=True)
    out = []
    for name, blob, read in documents:
        cached = cache / f"{hashlib.sha256(blob + code.encode()).hexdigest()[:16]}.jsonl"
        if not cached.exists():
            started = time.perf_counter()
            try:
                records = read()
            except Exception as err:         # noqa: BLE001 — one unreadable document is skipped, said so
                log(f"{name}: skipped ({type(err).__name__}: {err})")
                records = []
            cached.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
            log(f"{name}: {len(records)} {what} ({time.perf_counter() - started:.1f} s)")
        out += [json.loads(line) for line in cached.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def source_hash() -> str:
    """A hash of the parser's sources and LABELLING, so cached records are rebuilt when the reading or the
    labelling changes."""
    digest = hashlib.sha256(LABELLING.encode())
    for path in sorted((ROOT / "parser").rglob("*")):
        if path.suffix in (".py", ".json", ".jsonl", ".tsv") and "__pycache__" not in path.parts:
            digest.update(path.read_bytes())
    return digest.hexdigest()


def add_human(records: list[dict], human: list[dict]) -> list[dict]:
    """Records with Label Studio's reviewed links (training/linker_studio.py) as `human` labels, matched by
    document, the target's place and the slot; the chosen candidate by its place."""
    by_key = {(h["doc"], tuple(h["target_at"][:1]) + tuple(h["target_at"][1]), h["slot"]): h for h in human}
    out = []
    for record in records:
        key = (record["doc"], tuple(record["target_at"][:1]) + tuple(record["target_at"][1]), record["slot"])
        h = by_key.get(key)
        if h is not None:
            chosen = next((c["id"] for c in record["candidates"] if c["at"] == h["chosen_at"]), None)
            if chosen is not None:
                record = {**record, "labels": {**record["labels"], "human": chosen}}
        out.append(record)
    return out


def gold(record: dict) -> tuple[Optional[str], str]:
    """The label a record is trained and scored with, and its source (human > review > arithmetic)."""
    labels = record["labels"]
    for source in ("human", "review", "arithmetic"):
        if labels.get(source):
            return labels[source], source
    return None, ""


# ---------------------------------------------------------------- training


@dataclass
class Fitted:
    names: list
    weights: list
    intercept: float
    scale: float
    shift: float
    threshold: float

    def model(self) -> LinkerModel:
        return LinkerModel(dict(zip(self.names, self.weights)), self.intercept, self.scale, self.shift,
                           self.threshold, {})


def rows(records: list[dict]) -> tuple[list[dict], list[int], list[float], list[str]]:
    X, y, w, groups = [], [], [], []
    for record in records:
        label, source = gold(record)
        if label is None:
            continue
        for c in record["candidates"]:
            X.append(c["features"])
            y.append(int(c["id"] == label))
            w.append(SOURCE_WEIGHT[source])
            groups.append(record["doc"])
    return X, y, w, groups


def fit_linear(X: list[dict], y: list[int], w: list[float], C: float = 1.0):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(X)
    model = LogisticRegression(C=C, max_iter=2000, random_state=SEED)
    model.fit(matrix, y, sample_weight=w)
    return vectorizer, model


def raw_scores(vectorizer, model, X: list[dict]) -> list[float]:
    return list(model.decision_function(vectorizer.transform(X)))


def fit_platt(scores: list[float], y: list[int]) -> tuple[float, float]:
    """scale, shift of p = σ(scale · z + shift) fitted on out-of-fold scores."""
    from sklearn.linear_model import LogisticRegression

    if len(set(y)) < 2:
        return 1.0, 0.0
    model = LogisticRegression(C=1e6, max_iter=1000)
    model.fit([[s] for s in scores], y)
    return float(model.coef_[0][0]), float(model.intercept_[0])


def out_of_fold(records: list[dict], folds: int = 5, C: float = 1.0) -> dict:
    """(doc, target, slot) → {candidate id: raw score} of a model fitted without the record's document fold."""
    docs = sorted({r["doc"] for r in records})
    rng = random.Random(SEED)
    rng.shuffle(docs)
    fold_of = {d: i % folds for i, d in enumerate(docs)}
    out = {}
    for k in range(folds):
        train = [r for r in records if fold_of[r["doc"]] != k]
        test = [r for r in records if fold_of[r["doc"]] == k]
        X, y, w, _ = rows(train)
        if not test or len(set(y)) < 2:
            continue
        vectorizer, model = fit_linear(X, y, w, C)
        for r in test:
            scores = raw_scores(vectorizer, model, [c["features"] for c in r["candidates"]])
            out[key_of(r)] = dict(zip((c["id"] for c in r["candidates"]), scores))
    return out


def key_of(record: dict) -> tuple:
    return record["doc"], record["target"], record["slot"]


def as_group(record: dict) -> LinkGroup:
    return LinkGroup(record["target"], record["relation"], record["slot"], record["fixed"], record["direction"],
                     tuple(Candidate(c["id"], c["features"], c["id"] == record["rules"]) for c in record["candidates"]),
                     record["rules"])


def choose_threshold(records: list[dict], oof: dict, scale: float, shift: float) -> float:
    """The lowest threshold at which, out of fold, the model's overrides of the rules are right at least
    MIN_OVERRIDE_PRECISION of the time and fix more than they break (1.0: never override)."""
    from parser.narrative.model_file import expit

    for threshold in THRESHOLDS:
        right = wrong = 0
        for r in records:
            label, _ = gold(r)
            scores = oof.get(key_of(r))
            if label is None or scores is None:
                continue
            best = max(scores, key=scores.get)
            if best != r["rules"] and expit(scale * scores[best] + shift) >= threshold:
                right += best == label
                wrong += best != label
        if right + wrong and right / (right + wrong) >= MIN_OVERRIDE_PRECISION and right > wrong:
            return threshold
    return 1.0


def fit(records: list[dict], C: float = 1.0) -> Fitted:
    """The linker fitted on labelled records: weights on all of them, calibration and threshold out of fold."""
    X, y, w, _ = rows(records)
    vectorizer, model = fit_linear(X, y, w, C)
    oof = out_of_fold(records, C=C)
    scores, labels = [], []
    for r in records:
        label, _ = gold(r)
        if label is None or key_of(r) not in oof:
            continue
        for cid, s in oof[key_of(r)].items():
            scores.append(s)
            labels.append(int(cid == label))
    scale, shift = fit_platt(scores, labels)
    threshold = choose_threshold(records, oof, scale, shift)
    names = list(vectorizer.get_feature_names_out())
    return Fitted(names, [float(v) for v in model.coef_[0]], float(model.intercept_[0]), scale, shift, threshold)


def model_json(fitted: Fitted, metadata: dict) -> dict:
    data = {"format": FORMAT, "features": fitted.names, "weights": [round(v, 6) for v in fitted.weights],
            "intercept": round(fitted.intercept, 6),
            "calibration": {"scale": round(fitted.scale, 6), "shift": round(fitted.shift, 6)},
            "threshold": fitted.threshold, "metadata": metadata}
    parse_model(data)                       # what we write, the checker reads
    return data


# ---------------------------------------------------------------- evaluation


def accuracy_by(records: list[dict], model: LinkerModel, source: Optional[str] = None) -> dict:
    """Per document: [(rules right, linker right, model's argmax right)] on labelled slots."""
    out: dict = {}
    for r in records:
        label = gold(r)[0] if source is None else r["labels"].get(source)
        if not label:
            continue
        group = as_group(r)
        chosen = decide(group, model).chosen
        scored = max(group.candidates, key=lambda c: model.probability(c.features)).id
        out.setdefault(r["doc"], []).append((r["rules"] == label, chosen == label, scored == label))
    return out


def totals(per_doc: dict) -> tuple[int, int, int, int]:
    items = [x for v in per_doc.values() for x in v]
    return len(items), sum(a for a, _, _ in items), sum(b for _, b, _ in items), sum(c for _, _, c in items)


def bootstrap(per_doc: dict, rounds: int = 1000) -> tuple[tuple, tuple]:
    """95% intervals (by document resampling) of the linker's accuracy and of linker − rules."""
    docs = list(per_doc)
    rng = random.Random(SEED)
    acc, diff = [], []
    for _ in range(rounds):
        sample = [x for d in (rng.choice(docs) for _ in docs) for x in per_doc[d]]
        if not sample:
            continue
        acc.append(sum(b for _, b, _ in sample) / len(sample))
        diff.append((sum(b for _, b, _ in sample) - sum(a for a, _, _ in sample)) / len(sample))
    acc.sort(), diff.sort()

    def interval(xs):
        return (xs[int(0.025 * len(xs))], xs[int(0.975 * len(xs)) - 1]) if xs else (0.0, 0.0)
    return interval(acc), interval(diff)


def held_out(records: list[dict]) -> dict:
    """Per source family: a model fitted on the other families, scored on this one."""
    out = {}
    for family in FAMILIES:
        train = [r for r in records if r["family"] != family]
        test = [r for r in records if r["family"] == family]
        if not test:
            continue
        model = fit(train).model()
        out[family] = {"model": model, "per_doc": accuracy_by(test, model),
                       "review": accuracy_by(test, model, "review"), "records": test}
    return out


# ---------------------------------------------------------------- command line


def doubted(records: list[dict], model: LinkerModel) -> list[tuple[float, dict, str]]:
    """(doubt, record, the model's best other candidate), most doubted first: doubt is the probability of
    the rules' choice less that of the best other candidate (negative: the model prefers the other)."""
    out = []
    for record in records:
        scores = {c["id"]: model.probability(c["features"]) for c in record["candidates"]}
        best = max((cid for cid in scores if cid != record["rules"]), key=lambda cid: scores[cid])
        out.append((scores[record["rules"]] - scores[best], record, best))
    return sorted(out, key=lambda x: x[0])


def read_human(paths: Iterable[Path]) -> list[dict]:
    out = []
    for path in paths:
        out += [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def train_model(out: Path, human_paths: Iterable[Path] = (), log=print) -> dict:
    """Fit on every labelled slot of the corpus (and Label Studio's links), with the held-out figures in its
    metadata; write models/linker.json. Returns the model's JSON."""
    import sklearn

    records = add_human(build_records(log=log), read_human(human_paths))
    results = held_out(records)
    held = {}
    for family, r in results.items():
        n, rules, linker, argmax = totals(r["per_doc"])
        held[family] = {"slots": n, "rules": round(rules / n, 4) if n else None,
                        "linker": round(linker / n, 4) if n else None, "threshold": r["model"].threshold}
    labelled = [r for r in records if gold(r)[0]]
    fitted = fit(records)
    metadata = {
        "trained": time.strftime("%Y-%m-%d"), "scikit_learn": sklearn.__version__,
        "model": "LogisticRegression(C=1.0), Platt calibration on 5-fold out-of-document scores",
        "documents": len({r["doc"] for r in records}), "slots": len(records), "labelled_slots": len(labelled),
        "labels_by_source": {s: sum(1 for r in records if gold(r)[1] == s) for s in SOURCE_RANK},
        "source_weights": SOURCE_WEIGHT, "held_out_by_family": held,
    }
    data = model_json(fitted, metadata)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return data


def main(argv=None) -> int:
    import argparse

    from parser.narrative.linker import default_model_path, load_model
    from training import linker_studio

    ap = argparse.ArgumentParser(prog="python -m training.linker", description="The linker's training loop.")
    steps = ap.add_subparsers(dest="step", required=True)
    train = steps.add_parser("train", help="fit on the corpus's arithmetic labels (and reviewed links); write the model")
    train.add_argument("--human", nargs="*", default=[], metavar="JSONL", help="links imported from Label Studio")
    train.add_argument("--out", default=str(ROOT / "models" / "linker.json"))
    export = steps.add_parser("export", help="Label Studio tasks: each slot's candidates, the linker's choice as a relation")
    export.add_argument("files", nargs="*", metavar="FILE", help="documents (default: the whole corpus)")
    export.add_argument("--out", required=True)
    unsure = steps.add_parser("uncertain", help="the links the model doubts most (its best other candidate closest to the rules')")
    unsure.add_argument("files", nargs="*", metavar="FILE", help="documents (default: the whole corpus)")
    unsure.add_argument("-n", type=int, default=50, help="how many (default 50)")
    imp = steps.add_parser("import", help="reviewed links of a Label Studio export → human records")
    imp.add_argument("export", metavar="EXPORT_JSON")
    imp.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    if args.step == "train":
        data = train_model(Path(args.out), [Path(p) for p in args.human])
        print(json.dumps(data["metadata"], ensure_ascii=False, indent=1))
        print(f"model → {args.out}")
    elif args.step == "uncertain":
        model = load_model(str(default_model_path()))
        if model is None:
            print("gouji: no usable linker model; nothing to rank", file=__import__("sys").stderr)
            return 2
        records = [r for f in args.files for r in document_records(document_name(Path(f)), Path(f), [])] \
            if args.files else build_records(log=lambda m: None)
        for doubt, record, best in doubted(records, model)[:args.n]:
            text = {c["id"]: c["text"] for c in record["candidates"]}
            print(f"{doubt:+.2f}\t{record['doc']}:{record['target_at'][0]}\t{record['slot']}\t{record['target_text']}\t"
                  f"rules: {text[record['rules']]}\tmodel: {text[best]}")
    elif args.step == "export":
        records = [r for f in args.files for r in document_records(document_name(Path(f)), Path(f), [])] \
            if args.files else build_records()
        tasks = linker_studio.export_tasks(records, load_model(str(default_model_path())))
        Path(args.out).write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{len(tasks)} tasks → {args.out} (labelling config: annotations/label_studio_links.xml)")
    else:
        try:
            human = linker_studio.import_links(json.loads(Path(args.export).read_text(encoding="utf-8")))
        except (OSError, ValueError) as err:
            print(f"gouji: {args.export}: {err}", file=__import__("sys").stderr)
            return 2
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in human), encoding="utf-8")
        print(f"{len(human)} reviewed links → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Annotation records (annotations/*.jsonl): one per numeric mention, with labels and their provenance.

The format is described in annotations/GUIDE.md. `validate` rejects records whose
span does not match their text, unknown labels and duplicates, and reports
conflicting labels for the same mention; `resolve` picks the record that wins
for each mention (human > review > model > rule).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from parser.lexicon import load_metrics
from training.mentions import KINDS, ROLES, Labels, Mention

LABEL_FIELDS = ("kind", "role", "metric", "is_claim")
SOURCES = ("rule", "model", "review", "human")
SOURCE_RANK = {source: rank for rank, source in enumerate(SOURCES)}
PAGES_SUFFIX = ".pages.jsonl"      # pdfplumber page-text intermediates in annotations/pdf_text, not records
REQUIRED = ("id", "doc", "line", "span", "text", "sentence", "sentence_span", "labels", "sources", "annotator")


class AnnotationError(ValueError):
    """An annotation file cannot be read at all (not JSON Lines)."""


@dataclass(frozen=True)
class Problem:
    """Why a record was rejected (or, for conflicts, flagged)."""
    where: str          # file:line or record id
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Validation:
    records: list[dict] = field(default_factory=list)      # the accepted records
    rejected: list[Problem] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)


def mention_id(doc: str, page: Optional[int], line: int, span: tuple[int, int]) -> str:
    """The key of a mention: document, page (or -), line, span.

    >>> mention_id("000_f8e7", None, 1320, (12, 20))
    '000_f8e7:-:1320:12-20'
    """
    return f"{doc}:{'-' if page is None else page}:{line}:{span[0]}-{span[1]}"


def make_record(doc: str, page: Optional[int], mention: Mention, labels: Labels, source: str,
                annotator: str, **extra) -> dict:
    """A record for `mention` with every label from one source."""
    record = {
        "id": mention_id(doc, page, mention.line, mention.span),
        "doc": doc, "page": page, "line": mention.line, "span": list(mention.span), "text": mention.text,
        "sentence": mention.sentence.text, "sentence_span": list(mention.sentence.span),
        "labels": labels_dict(labels), "sources": {name: source for name in LABEL_FIELDS},
        "annotator": annotator,
    }
    record.update(extra)
    return record


def labels_dict(labels: Labels) -> dict:
    return {"kind": labels.kind, "role": labels.role, "metric": labels.metric, "is_claim": labels.is_claim}


def record_source(record: dict) -> str:
    """The strongest source among a record's labels."""
    return max(record["sources"].values(), key=lambda s: SOURCE_RANK.get(s, -1))


FIELD_TYPES = {"id": (str,), "doc": (str,), "page": (int, type(None)), "line": (int,), "span": (list,),
               "text": (str,), "sentence": (str,), "sentence_span": (list,), "labels": (dict,), "sources": (dict,),
               "annotator": (str,), "rule": (dict, type(None)), "context": (dict, type(None))}
LABEL_TYPES = {"kind": (str,), "role": (str,), "metric": (str, type(None)), "is_claim": (bool,)}


def type_problem(record: dict) -> str:
    """The first field of a record whose JSON type is wrong ('' when every type is right).

    >>> type_problem({"line": "3"}), type_problem({"line": True}), type_problem({"span": [1, None]})
    ('line must be int, not str', 'line must be int, not bool', 'span must be [start, end] of integers')
    """
    for name, types in FIELD_TYPES.items():
        value = record.get(name)
        if name not in record or isinstance(value, types) and not (isinstance(value, bool) and bool not in types):
            continue
        return f"{name} must be {' or '.join('null' if t is type(None) else t.__name__ for t in types)}, " \
               f"not {type(value).__name__ if value is not None else 'null'}"
    for name in ("span", "sentence_span"):
        value = record.get(name)
        if value is not None and not (len(value) == 2 and all(isinstance(x, int) and not isinstance(x, bool)
                                                                 for x in value)):
            return f"{name} must be [start, end] of integers"
    for group in ("labels", "rule"):
        labels = record.get(group)
        if not isinstance(labels, dict):
            continue
        for name, label_types in LABEL_TYPES.items():
            if name in labels and not isinstance(labels[name], label_types):
                return (f"{group}.{name} must be {' or '.join(t.__name__ for t in label_types)}, "
                        f"not {type(labels[name]).__name__}")
    sources = record.get("sources")
    if isinstance(sources, dict) and not all(isinstance(v, str) for v in sources.values()):
        return "sources must map each label to a source name"
    return ""


def check_record(record: dict) -> list[str]:
    """What is wrong with one record ([] when it is valid).

    >>> r = {"id": "d:-:1:2-8", "doc": "d", "page": None, "line": 1, "span": [2, 8], "text": "401.4元",
    ...      "sentence": "收入401.4元。", "sentence_span": [0, 10], "annotator": "x",
    ...      "labels": {"kind": "amount", "role": "actual", "metric": None, "is_claim": True},
    ...      "sources": {"kind": "rule", "role": "rule", "metric": "rule", "is_claim": "rule"}}
    >>> check_record(r)
    []
    >>> check_record(dict(r, text="401.4"))
    ["span [2, 8] holds '401.4元' in the sentence, not '401.4'"]
    """
    missing = [name for name in REQUIRED if name not in record]
    if missing:
        return [f"missing field(s): {', '.join(missing)}"]
    wrong = type_problem(record)
    if wrong:
        return [wrong]
    problems = []
    span, sspan = record["span"], record["sentence_span"]
    if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span) and span[0] < span[1]):
        return [f"span {span!r} is not [start, end]"]
    local = record["sentence"][span[0] - sspan[0]:span[1] - sspan[0]]
    if span[0] < sspan[0] or local != record["text"]:
        problems.append(f"span {span} holds {local!r} in the sentence, not {record['text']!r}")
    labels, sources = record["labels"], record["sources"]
    if not isinstance(labels, dict) or set(labels) != set(LABEL_FIELDS):
        return problems + [f"labels must have exactly {', '.join(LABEL_FIELDS)}"]
    problems += label_problems(labels)
    if not isinstance(sources, dict) or set(sources) != set(LABEL_FIELDS):
        problems.append(f"sources must name the source of each of {', '.join(LABEL_FIELDS)}")
    elif bad := sorted({s for s in sources.values() if s not in SOURCES}):
        problems.append(f"unknown source(s) {', '.join(map(repr, bad))} (use {', '.join(SOURCES)})")
    if "rule" in record and (not isinstance(record["rule"], dict) or set(record["rule"]) != set(LABEL_FIELDS)
                             or record["rule"]["kind"] not in KINDS or record["rule"]["role"] not in ROLES):
        problems.append("rule labels must have a known kind and role and exactly the four label fields")
    expected = mention_id(record["doc"], record.get("page"), record["line"], tuple(span))
    if record["id"] != expected:
        problems.append(f"id {record['id']!r} does not match doc/page/line/span ({expected!r})")
    return problems


def label_problems(labels: dict) -> list[str]:
    """What is wrong with the four labels of a record: an unknown kind, role or metric, a non-boolean is_claim.

    >>> label_problems({"kind": "amount", "role": "actual", "metric": "item:司法", "is_claim": True})
    []
    >>> label_problems({"kind": "money", "role": "actual", "metric": None, "is_claim": "yes"})
    ["unknown kind 'money'", "is_claim must be true or false, not 'yes'"]
    """
    problems = []
    if labels["kind"] not in KINDS:
        problems.append(f"unknown kind {labels['kind']!r}")
    if labels["role"] not in ROLES:
        problems.append(f"unknown role {labels['role']!r}")
    metric = labels["metric"]
    if metric is not None and not (isinstance(metric, str) and (metric in load_metrics() or metric.startswith("item:"))):
        problems.append(f"unknown metric {metric!r}")
    if not isinstance(labels["is_claim"], bool):
        problems.append(f"is_claim must be true or false, not {labels['is_claim']!r}")
    return problems


def validate(records: Iterable[tuple[str, dict]]) -> Validation:
    """Check (where, record) pairs: reject bad records and exact duplicates, report conflicts."""
    result = Validation()
    seen: dict[tuple[str, str], dict] = {}
    by_id: dict[str, list[dict]] = {}
    for where, record in records:
        problems = check_record(record) if isinstance(record, dict) else ["a record must be a JSON object"]
        if problems:
            result.rejected.extend(Problem(where, p) for p in problems)
            continue
        key = (record["id"], record["annotator"])
        if key in seen:
            same = seen[key]["labels"] == record["labels"]
            result.rejected.append(Problem(where, f"duplicate of {record['id']} by {record['annotator']}"
                                                  + ("" if same else " with other labels")))
            continue
        seen[key] = record
        for other in by_id.get(record["id"], []):
            if other["labels"] != record["labels"]:
                diff = [k for k in LABEL_FIELDS if other["labels"][k] != record["labels"][k]]
                result.conflicts.append(Problem(where, f"{record['id']}: {record['annotator']} and "
                                                       f"{other['annotator']} disagree on {', '.join(diff)}"))
        by_id.setdefault(record["id"], []).append(record)
        result.records.append(record)
    return result


def read_jsonl(path: Path) -> list[tuple[str, dict]]:
    """(file:line, record) pairs of a JSON Lines file; a line that is not JSON raises AnnotationError."""
    out = []
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            out.append((f"{path}:{number}", json.loads(raw)))
        except json.JSONDecodeError as err:
            raise AnnotationError(f"{path}:{number}: not JSON ({err.msg})") from None
    return out


def is_finding_reviews(path: Path) -> bool:
    """A file of labelled findings (`gouji review import`, schema gouji.review/1), not of mentions."""
    with open(path, encoding="utf-8") as handle:
        first = next((line for line in handle if line.strip()), "")
    return '"schema": "gouji.review/1"' in first


def read_annotations(paths: Iterable[Path]) -> Validation:
    """Read and validate every record of the given files (directories: their *.jsonl)."""
    pairs = []
    for path in paths:
        path = Path(path)
        files = sorted(f for f in path.rglob("*.jsonl") if not f.name.endswith(PAGES_SUFFIX)
                       and not is_finding_reviews(f)) if path.is_dir() else [path]
        for file in files:
            pairs.extend(read_jsonl(file))
    return validate(pairs)


def resolve(records: Iterable[dict]) -> list[dict]:
    """One record per mention: the strongest source wins, a later record wins a tie."""
    best: dict[str, dict] = {}
    for record in records:
        current = best.get(record["id"])
        if current is None or SOURCE_RANK[record_source(record)] >= SOURCE_RANK[record_source(current)]:
            best[record["id"]] = record
    return list(best.values())


def write_jsonl(path: Path, records: Iterable[dict]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")

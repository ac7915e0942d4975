"""Cached loaders for the data files: metrics, units and cue words.

Every lexicon lives in parser/data/; loaders reject duplicates so that one alias
can never name two metrics.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

import regex

DATA = resources.files("parser") / "data"


class LexiconError(ValueError):
    """A data file contradicts itself."""


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    aliases: tuple[str, ...]
    broader: str | None = None          # the wider metric this one is a part of in scope


def read_data(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_metrics() -> dict[str, Metric]:
    """Metric id → Metric, from metrics.jsonl."""
    metrics: dict[str, Metric] = {}
    seen: dict[str, str] = {}
    for number, raw in enumerate(read_data("metrics.jsonl").splitlines(), 1):
        if not raw.strip():
            continue
        entry = json.loads(raw)
        if entry["id"] in metrics:
            raise LexiconError(f"metrics.jsonl:{number}: duplicate id {entry['id']}")
        for alias in entry["aliases"]:
            if alias in seen:
                raise LexiconError(f"metrics.jsonl:{number}: alias {alias} already names {seen[alias]}")
            seen[alias] = entry["id"]
        metrics[entry["id"]] = Metric(entry["id"], entry["label"], tuple(entry["aliases"]),
                                      entry.get("broader"))
    return metrics


@lru_cache(maxsize=1)
def alias_index() -> dict[str, str]:
    """Alias → metric id."""
    return {alias: m.id for m in load_metrics().values() for alias in m.aliases}


@lru_cache(maxsize=1)
def load_units() -> dict[str, str]:
    """Unit → kind (amount, percent, points, count, score), from units.tsv."""
    return {unit: kind for unit, kind, _ in unit_rows()}


@lru_cache(maxsize=1)
def unit_factors() -> dict[str, Decimal]:
    """Amount unit → how many 元 one of it is, from units.tsv: the one table of unit factors.

    >>> unit_factors()
    {'元': Decimal('1'), '千元': Decimal('1000'), '万元': Decimal('10000'), '亿元': Decimal('100000000')}
    """
    amounts = [(unit, yuan) for unit, kind, yuan in unit_rows() if kind == "amount"]
    if any(not yuan for _, yuan in amounts):
        raise LexiconError("units.tsv: every amount unit needs its factor in 元")
    return {unit: Decimal(yuan) for unit, yuan in amounts}


def unit_rows() -> list[tuple[str, str, str]]:
    """(unit, kind, factor in 元 or '') of each line of units.tsv; LexiconError for a duplicate unit."""
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for raw in read_data("units.tsv").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        unit, kind, *rest = raw.split("\t")
        if unit in seen:
            raise LexiconError(f"units.tsv: duplicate unit {unit}")
        seen.add(unit)
        rows.append((unit, kind, rest[0] if rest else ""))
    return rows


@lru_cache(maxsize=1)
def function_class_names() -> frozenset[str]:
    """The names of the 支出功能分类 类 (function_classes.tsv; LexiconError for a name listed twice).

    >>> sorted(n for n in function_class_names() if n.startswith("教育"))
    ['教育支出']
    """
    names: set[str] = set()
    for raw in read_data("function_classes.tsv").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        code, name = raw.split("\t")
        if name in names or not code.isdigit():
            raise LexiconError(f"function_classes.tsv: bad or duplicate row {raw!r}")
        names.add(name)
    return frozenset(names)


@lru_cache(maxsize=1)
def load_cues() -> dict:
    return json.loads(read_data("cues.json"))


def metric_label(metric_id: str | None) -> str:
    if metric_id is None:
        return ""
    metric = load_metrics().get(metric_id)
    return metric.label if metric else metric_id


@lru_cache(maxsize=1)
def load_reviewer_checks() -> dict:
    """The reviewer's checks' words and patterns (reviewer_checks.json), one section per rule."""
    return json.loads(read_data("reviewer_checks.json"))


@lru_cache(maxsize=256)
def reviewer_pattern(source: str):
    """A pattern of reviewer_checks.json compiled once (the `regex` module, for Unicode classes).

    >>> reviewer_pattern("(?P<mark>[。，])(?P=mark)").search("支出。。2025年").group(0)
    '。。'
    """
    try:
        return regex.compile(source)
    except regex.error as exc:
        raise LexiconError(f"reviewer_checks.json: bad pattern {source!r}: {exc}") from exc

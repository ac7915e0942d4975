"""Findings on the real seed documents, each checked by hand against the document.

The contradictions are kept in seed_contradictions.jsonl (seed, line, rule, a substring of the quote,
and `why`: the arithmetic), which scripts/eval_classifier.py reads too. CONSISTENT's comments give theirs.
"""
import json
from pathlib import Path

import pytest

from parser.check import check
from parser.datatypes import Report
from tests.conftest import seed

EXPECTED_FILE = Path(__file__).with_name("seed_contradictions.jsonl")


def read_expected() -> list[dict]:
    with EXPECTED_FILE.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


EXPECTED = [(r["seed"], r["line"], r["rule"], r["quote"]) for r in read_expected()]

CONSISTENT = [
    ("000", 1318, "8.66%"), ("000", 1322, "80.16%"), ("000", 1336, "81.53%"), ("000", 1345, "96.77%"),
    ("000", 1341, "0.21万元"), ("000", 1607, "91.90%"),
    ("001", 98, "66.7%"), ("001", 100, "11.2%"), ("001", 119, "0.02%"), ("001", 188, "61.54%"),
    # 000: 会议费 0.19 (all funds: 0.07 + 0.12) vs 0.1 in 公开06表 (财政拨款基本支出 only): scope, info at most
    ("000", 1356, "0.19万元"),
    # 002: 政府采购预算总额4300 is the 2024年预算数 of the 基础数据表 (its 决算数 is 3651.48)
    ("002", 47, "4300万元"),
    # 004: 得分 printed "100%" for 分值 10 — a form slip, 总分 95.2 reconciles with 10 points: info only
    ("004", 253, "100%"),
]

_cache: dict[str, Report] = {}


def report_of(prefix):
    if prefix not in _cache:
        _cache[prefix] = check(seed(prefix))
    return _cache[prefix]


@pytest.mark.parametrize("prefix,line,rule,quote", EXPECTED, ids=[f"{p}:{n}:{r}" for p, n, r, _ in EXPECTED])
def test_known_contradiction_found(prefix, line, rule, quote):
    findings = [f for f in report_of(prefix).findings if f.severity in ("error", "warning")]
    assert any(f.line == line and f.rule == rule and (quote in f.quote or f.quote in quote) for f in findings), \
        [(f.line, f.rule, f.quote) for f in findings if abs(f.line - line) < 3]


@pytest.mark.parametrize("prefix,line,quote", CONSISTENT, ids=[f"{p}:{n}:{q}" for p, n, q in CONSISTENT])
def test_known_consistent_not_flagged(prefix, line, quote):
    findings = [f for f in report_of(prefix).findings if f.severity in ("error", "warning") and f.line == line]
    assert not [f for f in findings if quote in f.quote or f.quote in quote]

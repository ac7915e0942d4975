"""Context features of a numeric mention, for the claim classifier.

Pure functions of the sentence, the mention's span in it, the rules' labels (and their
confidence) and the document's kind and year: character n-grams of the left and right
context, cue words around the mention, the unit and the number's shape, the year relation,
the position in a 其中 list and in the sentence, plan and event words (a planned work volume
of a budget year is a target). The same function feeds training and prediction.
"""
from __future__ import annotations

from bisect import bisect_left
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Optional

import regex

from parser.lexicon import load_cues
from parser.patterns import CLAUSE_END, YEAR
from parser.quantity import iter_quantities

LEFT_CHARS = 12
RIGHT_CHARS = 6
NGRAM_LEFT = 6                   # character n-grams of the 6 chars before the mention …
NGRAM_RIGHT = 4                  # … and of the 4 after it
NGRAM_SIZES = (1, 2, 3)
CLAUSE_BREAK = regex.compile(f"[{CLAUSE_END}（(]")   # a clause end or an aside opening
RULE_WEIGHT = 3.0                # the rules' labels weigh more than any single n-gram
PLAN_WORDS = ("计划", "预计", "拟", "力争", "预备", "继续", "将")
EVENT_WORDS = ("召开", "举办", "举行", "开展", "组织", "编印", "出版", "编报", "办理", "接待", "视察", "调研",
               "制定", "修改", "审议", "听取", "培训", "联办", "完成", "安排")


@lru_cache(maxsize=256)
def quantities_by_start(sentence: str) -> dict:
    """The sentence's quantities by start offset, read once per sentence (a sentence may hold thousands)."""
    return {q.span[0]: q for q in iter_quantities(sentence)}


@lru_cache(maxsize=256)
def sentence_profile(sentence: str) -> tuple[tuple[int, ...], tuple[str, ...], int]:
    """Per sentence, once: the sorted starts of its quantities, the plan words it holds and where the
    first one is (len(sentence) if none) — so a line with thousands of figures stays linear.

    >>> sentence_profile("全年计划召开会议1次，2次。")
    ((8, 11), ('计划',), 2)
    """
    starts = tuple(sorted(quantities_by_start(sentence)))
    words = tuple(w for w in PLAN_WORDS if w in sentence)
    first = min((sentence.find(w) for w in words), default=len(sentence))
    return starts, words, first


@lru_cache(maxsize=1)
def trigger_words() -> tuple[str, ...]:
    """Cue words from data/cues.json, longest first."""
    cues = load_cues()
    words = {cue for cue, _ in cues["role_cues"]}
    for key in ("increase_words", "decrease_words", "completion_words", "overrun_words", "execution_rate_words",
                "share_words", "whole_words", "part_list_markers", "nested_markers", "flat_words"):
        words.update(cues.get(key, ()))
    words.update(("率", "目标", "不超过", "不低于", "大于等于", "以上", "以下", "同比", "较上年", "调减", "压减",
                  "调增", "追加", "结转", "百分点", "平均", "每", "分值", "得分", "总分", "等级"))
    return tuple(sorted(words, key=len, reverse=True))


def ngrams(text: str, prefix: str, sizes=(1, 2, 3)) -> list[str]:
    """Character n-grams of `text`, each tagged with `prefix`.

    >>> ngrams("占比", "L", sizes=(1, 2))
    ['L1=占', 'L1=比', 'L2=占比']
    """
    return [f"{prefix}{n}={text[i:i + n]}" for n in sizes for i in range(len(text) - n + 1)]


def year_relation(text: str, doc_year: Optional[int]) -> str:
    """How the last year named in `text` relates to the document's year.

    >>> year_relation("比2025年预算执行数", 2026), year_relation("2026年收入", 2026), year_relation("收入", 2026)
    ('previous', 'same', 'none')
    """
    years = YEAR.findall(text)
    if not years:
        return "none"
    if doc_year is None:
        return "unknown"
    delta = int(years[-1][:4]) - doc_year
    return {0: "same", -1: "previous", 1: "next"}.get(delta, "earlier" if delta < 0 else "later")


def confidence_band(confidence: Optional[float]) -> str:
    """The rules' confidence as a band: direct subject, inherited subject, or no claim."""
    if confidence is None:
        return "none"
    return "direct" if confidence >= 0.9 else "inherited"


def mention_features(sentence: str, start: int, end: int, unit: str, quantity_kind: str, approx: bool,
                     rule_kind: str, rule_role: str, rule_is_claim: bool, *, rule_confidence: Optional[float] = None,
                     doc_kind: str = "", doc_year: Optional[int] = None) -> dict[str, float]:
    """Feature dict of the mention at sentence[start:end]: few, general features.

    The rules' labels and their confidence band, the unit and quantity kind, cue words of the
    clause before the mention and of a short window after it, the chars right around it, how the
    year named before it relates to the document's year, the document's kind, its place in a
    其中 list, and whether the sentence is a table-like row (TAB-separated).

    >>> f = mention_features("其中：基本支出321.77万元，占80.16%。", 17, 23, "%", "percent", False, "share", "actual", True)
    >>> f["unit=%"], f["last_cue=占"], f["in_qizhong"], f["Lend1=占"], f["year=none_sentence"]
    (1.0, 1.0, 1.0, 1.0, 1.0)
    >>> f["L2=，占"], f["R1=。"], f["pos=1"]
    (1.0, 1.0, 1.0)
    >>> g = mention_features("全年计划召开全体会议1次。", 10, 12, "次", "count", False, "count", "budget_final", True,
    ...                      doc_kind="预算")
    >>> g["plan_before/预算"], g["event_verb/预算"], g["sent_has=计划"]
    (1.0, 1.0, 1.0)
    """
    left = sentence[max(0, start - LEFT_CHARS):start]
    right = sentence[end:end + RIGHT_CHARS]
    before = sentence[:start]
    window = before[-200:]                        # the clause is short; don't scan a 3,000-figure line
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(window)]
    clause = window[breaks[-1] if breaks else 0:]
    features: dict[str, float] = {}
    for n in (1, 2):
        features[f"Lend{n}={left[-n:]}"] = 1.0
        features[f"Rstart{n}={right[:n]}"] = 1.0
    cues_in_clause = [(clause.rfind(w), w) for w in trigger_words() if w in clause]
    if cues_in_clause:
        features[f"last_cue={max(cues_in_clause)[1]}"] = 1.0
        for _, word in cues_in_clause:
            features[f"cue={word}"] = 1.0
    else:
        features["no_cue"] = 1.0
    for word in trigger_words():
        if word in right:
            features[f"cue_after={word}"] = 1.0
    for word in trigger_words():             # cue words earlier in the sentence, before the clause
        if word in window[:len(window) - len(clause)]:
            features[f"sent_cue={word}"] = 1.0
    features[f"unit={unit or '∅'}"] = 1.0
    features[f"qkind={quantity_kind}"] = 1.0
    features["approx"] = float(approx)
    features["in_qizhong"] = float("其中" in before)
    features["clause_start"] = float(not clause.strip(" 　"))
    features["sentence_start"] = float(not before.strip(" 　（("))
    features["table_row"] = float("\t" in sentence)
    relation = year_relation(clause, doc_year)
    if relation == "none":
        relation = year_relation(before, doc_year) + "_sentence"
    features[f"year={relation}"] = 1.0
    features[f"doc={doc_kind or '?'}"] = 1.0
    band = confidence_band(rule_confidence)
    features[f"rule_kind={rule_kind}"] = RULE_WEIGHT
    features[f"rule_role={rule_role}"] = RULE_WEIGHT
    features[f"rule_claim={rule_is_claim}"] = RULE_WEIGHT
    features[f"rule_kind_role={rule_kind}/{rule_role}"] = RULE_WEIGHT
    features[f"rule_band={band}"] = 1.0
    features[f"rule_role_year={rule_role}/{relation}"] = 1.0
    features[f"rule_role_doc={rule_role}/{doc_kind}"] = 1.0
    features.update(context_features(sentence, start, end, clause, doc_kind))
    return features


def context_features(sentence: str, start: int, end: int, clause: str, doc_kind: str = "") -> dict[str, float]:
    """Character n-grams around the mention, the clause's first chars, plan and event words,
    the number's shape (integer, magnitude, 万/亿 suffix) and its place among the sentence's numbers.

    >>> sorted(context_features("收入401.4万元。", 2, 9, "收入")) # doctest: +NORMALIZE_WHITESPACE
    ['H2=收入', 'L1=入', 'L1=收', 'L2=收入', 'R1=。', 'mag=2', 'pos=0']
    """
    left = sentence[max(0, start - NGRAM_LEFT):start]
    right = sentence[end:end + NGRAM_RIGHT]
    features: dict[str, float] = {}
    for prefix, text in (("L", left), ("R", right)):
        for n in NGRAM_SIZES:
            for i in range(len(text) - n + 1):
                features[f"{prefix}{n}={text[i:i + n]}"] = 1.0
    head = clause.lstrip(" 　")[:4]
    for i in range(len(head) - 1):
        features[f"H2={head[i:i + 2]}"] = 1.0
    doc = doc_kind or "?"
    starts, plan_words, first_plan = sentence_profile(sentence)
    for word in plan_words:
        features[f"sent_has={word}"] = 1.0
    if first_plan < start:
        features[f"plan_before/{doc}"] = 1.0
    if any(word in clause for word in EVENT_WORDS):
        features["event_verb"] = 1.0
        features[f"event_verb/{doc}"] = 1.0
    surface = sentence[start:end]
    digits = regex.sub(r"[^\d.]", "", surface)
    if "." not in digits:
        features["shape_int"] = 1.0
    if regex.fullmatch(r"(?:19|20)\d\d", digits):
        features["shape_yearlike"] = 1.0
    if "," in surface:
        features["shape_comma"] = 1.0
    if surface.rstrip()[-1:] in ("万", "亿"):
        features[f"suffix={surface.rstrip()[-1]}"] = 1.0
    band = magnitude_band(digits)
    if band is not None:
        features["mag=" + band] = 1.0
    features[f"pos={min(bisect_left(starts, start), 3)}"] = 1.0
    return features


def magnitude_band(digits: str) -> Optional[str]:
    """The order of magnitude of a figure's digits, clipped to -2…6 ('0' for zero); None when no number.

    Read from the decimal digits, so a figure of any length gives a band (a float would overflow).
    >>> magnitude_band("401.4"), magnitude_band("0.05"), magnitude_band("0"), magnitude_band("9" * 400), magnitude_band("1.2.3")
    ('2', '-2', '0', '6', None)
    """
    if not digits.strip("."):
        return None
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return "0" if value == 0 else str(min(6, max(-2, value.adjusted())))

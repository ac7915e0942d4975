"""Drafts → Relations: how a stated figure follows from its neighbours.

The wording links figures (占 → share, 增加…增长 → change, 完成年初预算的 →
completion, 其中/含 → sum); each Relation names what a rule in parser.rules
recomputes and from which claims.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import regex

from parser.narrative.drafts import CHANGE_AMT_PREFIX, CHANGE_PCT_PREFIX, INCREASE, SHARE_PREFIX, Draft
from parser.lexicon import read_data
from parser.narrative.nlp import metric_mentions


@dataclass(frozen=True)
class Relation:
    """How a stated figure follows from others: what a rule recomputes."""
    kind: str                       # share | change | completion | overrun | sum | adjust
    target: str                     # id of the claim stating the derived figure
    inputs: dict = field(default_factory=dict)   # role name → claim id (or tuple of ids)
    whole_metric: Optional[str] = None
    whole_text: str = ""
    direction: int = 1
    exhaustive: bool = False
    base: str = ""



def relate(drafts: list[Draft]) -> list[Relation]:
    out: list[Relation] = []
    for i, draft in enumerate(drafts):
        hint = draft.relation_hint
        if hint == "share":
            rel = share_relation(drafts, i)
        elif hint == "change":
            rel = change_relation(drafts, i)
        elif hint in ("completion", "overrun", "execution"):
            rel = rate_relation(drafts, i)
        else:
            rel = None
        if rel is not None:
            out.append(rel)
    return out


def is_level(d: Draft) -> bool:
    return d.kind in ("amount", "count")


def share_relation(drafts: list[Draft], i: int) -> Optional[Relation]:
    pct = drafts[i]
    local = pct.quantity.span[0] - pct.sentence.span[0]
    window = pct.sentence.text[max(0, local - 34):local]
    m = SHARE_PREFIX.search(window)
    whole_text = (m.group("whole") if m else "").strip()
    parts = [d for d in drafts[:i] if is_level(d)]
    if not parts:
        return None
    part = parts[-1]
    if pct.clause - part.clause > 2:
        return None
    whole_metric = None
    if whole_text:
        found = metric_mentions([whole_text])[0]
        whole_metric = found[-1].metric if found else None
        if whole_metric is None:
            return None
    same_sentence = [d for d in drafts[:drafts.index(part)] if is_level(d) and d.sentence is pct.sentence
                     and d.quantity.kind == part.quantity.kind]
    text = pct.sentence.text
    offset = pct.sentence.span[0]
    marker = text.find("其中")
    totals = [d for d in same_sentence if marker >= 0 and d.quantity.span[1] - offset <= marker]
    whole = None
    if whole_metric:
        same = [d for d in same_sentence if d.metric == whole_metric]
        labelled = [d for d in totals if d.subject.endswith(whole_text) or whole_text.endswith(d.subject or "\0")]
        whole = same[-1] if same else (labelled[-1] if labelled else None)
    elif totals:
        whole = totals[-1]
    inputs = {"part": part.id}
    if whole is not None:
        inputs["whole"] = whole.id
    elif whole_metric is None:
        first = first_metric_of_sentence(pct)
        if first is None or first == part.metric:
            return None
        whole_metric = first
    return Relation("share", pct.id, inputs, whole_metric=whole_metric, whole_text=whole_text)


def first_metric_of_sentence(draft: Draft) -> Optional[str]:
    found = metric_mentions([draft.sentence.text])[0]
    return found[0].metric if found else None


def change_relation(drafts: list[Draft], i: int) -> Optional[Relation]:
    target = drafts[i]
    local = target.quantity.span[0] - target.sentence.span[0]
    window = target.sentence.text[max(0, local - 8):local]
    pattern = CHANGE_PCT_PREFIX if target.kind == "change_percent" else CHANGE_AMT_PREFIX
    direction = change_direction(pattern, window, -1)
    inputs: dict = {}
    earlier = drafts[:i]
    if target.kind == "change_percent":
        deltas = [d for d in earlier if d.kind == "change_amount" and target.clause - d.clause <= 2]
        if deltas:
            inputs["delta"] = deltas[-1].id
            direction = change_direction(CHANGE_AMT_PREFIX, deltas[-1].prefix[-6:], direction)
    levels = [d for d in earlier if is_level(d) and d.kind == "amount" or (is_level(d) and target.quantity.kind != "amount")]
    priors = [d for d in levels if d.role == "prior_year"]
    currents = [d for d in levels if d.role != "prior_year"]
    base = "prior_year"
    if regex.search(r"(比|较)(年初)?预算", target.sentence.text[:local]):
        base = "budget"
        budgets = [d for d in levels if d.role.startswith("budget")]
        actuals = [d for d in levels if not d.role.startswith("budget")]
        if budgets:
            priors = budgets
        currents = actuals
    if not currents:
        return None
    actual = [d for d in currents if d.role == "actual"]
    inputs["current"] = (actual or currents)[-1].id if base == "budget" or priors or target.kind == "change_amount" \
        else (actual or currents)[0].id
    if priors:
        inputs["prior"] = priors[-1].id
    if "delta" not in inputs and "prior" not in inputs and target.kind == "change_percent":
        return None
    return Relation("change", target.id, inputs, direction=direction, base=base)


def change_direction(pattern, window: str, default: int) -> int:
    """+1 for 增加/增长…, −1 for 减少/下降…, `default` when the window names neither."""
    m = pattern.search(window)
    if m is None:
        return default
    return 1 if m.group("dir") in INCREASE else -1


def rate_relation(drafts: list[Draft], i: int) -> Optional[Relation]:
    rate = drafts[i]
    earlier = [d for d in drafts[:i] if d.kind == "amount"]
    budgets = [d for d in earlier if d.role.startswith("budget")]
    actuals = [d for d in earlier if d.role == "actual"]
    if not budgets or not actuals:
        return None
    budget = budgets[-1]
    if rate.base == "年初":
        initial = [d for d in budgets if d.role == "budget_initial"]
        budget = initial[-1] if initial else budget
    return Relation(rate.relation_hint, rate.id, {"budget": budget.id, "actual": actuals[-1].id}, base=rate.base)


def overall_execution_relations(drafts_by_line: list[list[Draft]], related: set[str]) -> list[Relation]:
    """`年初预算B，…，预算整体执行率R%` with the year's actual spending stated in an earlier line.

    The budget is the first budget amount of R's line; the actual is the latest 支出合计
    (expenditure_total, actual) stated before it.
    """
    out, latest_total = [], None
    for drafts in drafts_by_line:
        for i, draft in enumerate(drafts):
            if draft.kind == "amount" and draft.role == "actual" and draft.metric == "expenditure_total":
                latest_total = draft
            if draft.relation_hint != "execution" or draft.id in related or "整体" not in draft.prefix:
                continue
            budgets = [d for d in drafts[:i] if d.kind == "amount" and d.role.startswith("budget")]
            if budgets and latest_total is not None and latest_total.sentence.line < draft.sentence.line:
                base = "年初" if budgets[0].role == "budget_initial" else ""
                out.append(Relation("execution", draft.id, {"budget": budgets[0].id, "actual": latest_total.id},
                                    base=base))
    return out


def sum_relations(drafts: list[Draft]) -> list[Relation]:
    """`X，其中：A，B，C` and `X（含A、B、C）`: the parts of a total."""
    if not drafts:
        return []
    text = drafts[0].sentence.text
    offset = drafts[0].sentence.span[0]
    out = []
    for marker in ("其中", "（含", "(含"):
        pos = text.find(marker)
        if pos < 0:
            continue
        totals = [d for d in drafts if is_level(d) and d.quantity.span[1] - offset <= pos]
        if not totals:
            continue
        total_draft = totals[-1]
        second = text.find("其中", pos + 2)
        end = second if second > 0 else len(text)
        if marker != "其中":
            close = text.find("）", pos)
            end = close if close > 0 else end
        stop = regex.search(r"(20\d{2}\s*年|涉及|；|;)", text[pos:end])
        end = pos + stop.start() if stop else end
        parts = [d for d in drafts if is_level(d) and pos < d.quantity.span[0] - offset < end
                 and not d.nested and same_measure(d, total_draft)
                 and d.role.startswith("budget") == total_draft.role.startswith("budget")
                 and (d.role == "prior_year") == (total_draft.role == "prior_year")]
        if len(parts) < 2:
            continue
        exhaustive = "分别为" in text[pos:end] or marker != "其中"
        out.append(Relation("sum", total_draft.id, {"parts": tuple(p.id for p in parts)}, exhaustive=exhaustive))
    return out


def same_measure(a: Draft, b: Draft) -> bool:
    if a.quantity.kind == "amount" and b.quantity.kind == "amount":
        return True
    return a.quantity.kind == b.quantity.kind == "count" and a.quantity.unit in ("人", "名") and b.quantity.unit in ("人", "名")


def partition_relations(drafts: list[Draft], taken: set[str]) -> list[Relation]:
    """A whole and the template's full list of its parts named after it in one sentence, however many
    items stand between them: `基本支出384.99万元，其中：人员经费230.26万元，…；公用经费150.23万元，…`
    (人员经费 + 公用经费 = 基本支出). `taken`: wholes a 其中 list already sums."""
    out = []
    for i, whole in enumerate(drafts):
        parts_of = partition_parts(whole.metric)
        if whole.id in taken or not parts_of or whole.kind != "amount" or not whole.direct or len(parts_of) > 3:
            continue
        found: dict[str, Draft] = {}
        for d in drafts[i + 1:]:
            if d.metric == whole.metric:
                break                                     # the whole named again: a new list
            if d.kind == "amount" and d.direct and not d.nested and d.metric in parts_of \
                    and d.role == whole.role and d.year == whole.year:
                found.setdefault(d.metric, d)
        if set(found) == set(parts_of):
            out.append(Relation("sum", whole.id, {"parts": tuple(found[m].id for m in parts_of)}, exhaustive=True))
    return out


def partition_parts(metric: Optional[str]) -> tuple[str, ...]:
    """The parts a whole divides into by the template (data/tables.json `partitions`).

    >>> partition_parts("basic_expenditure")
    ('personnel_expenses', 'public_expenses')
    """
    entry = next((e for e in read_partitions() if e["whole"] == metric), None)
    return tuple(entry["parts"]) if entry else ()


@lru_cache(maxsize=1)
def read_partitions() -> tuple[dict, ...]:
    return tuple(json.loads(read_data("tables.json"))["partitions"])

"""Rule `rate`: completion / execution rates and the scores derived from them.

Text: 完成年初预算的R% = 决算 ÷ 预算; 超出年初预算的R% = 决算 ÷ 预算 − 1.
Self-evaluation tables: 执行率 = 全年执行数 ÷ 全年预算数; 得分 = 执行率 × 分值 (capped).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

import regex

from parser.datatypes import Evidence, Finding
from parser.narrative.claims import by_sentence
from parser.rules import messages
from parser.rules.common import (
    UNIT_FACTOR,
    Context,
    Marks,
    RuleResult,
    cell_evidence,
    cell_finding,
    claim_evidence,
    fact_evidence,
    finding,
    level_interval,
    words_before,
)
from parser.tabular.self_evaluation import percent_score_points
from parser.tolerance import HUNDRED, agrees, best_value, printed, ratio, round_to, severity_of_miss


def check(ctx: Context) -> RuleResult:
    marks = Marks()
    return marks.result(check_text(ctx, marks) + check_tables(ctx, marks) + count_rates(ctx, marks))


def check_text(ctx: Context, marks: Marks) -> list[Finding]:
    out = []
    for rel in ctx.relations_of("completion", "overrun", "execution"):
        rate = ctx.claim(rel.target)
        budget, actual = ctx.claim(rel.inputs["budget"]), ctx.claim(rel.inputs["actual"])
        if rate.quantity.approx or budget.quantity.approx or actual.quantity.approx:
            continue
        share = ratio(level_interval(actual, ctx), level_interval(budget, ctx))
        if share is None:
            continue
        computed = share.scale(HUNDRED)
        if rel.kind == "overrun":
            computed = type(computed)(computed.lo - HUNDRED, computed.hi - HUNDRED)
        stated = rate.quantity
        if agrees(stated.value, stated.decimals, computed):
            marks.mark([rate.id, budget.id, actual.id], "consistent")
            continue
        marks.mark([rate.id], "contradicted")
        expected = best_value(computed, max(stated.decimals, 2))
        cause, extra, evidence = None, "", [claim_evidence(budget), claim_evidence(actual)]
        stale = other_base(stated.value, stated.decimals, actual, budget, ctx, rel.kind == "overrun")
        if stale is not None:
            cause = "stale_figure"
            extra = messages.OTHER_BUDGET(stated=stated.value, actual=actual.quantity.value, other=stale.value, line=stale.line)
            evidence.append(stale)
        sev = severity_of_miss(stated.value, stated.decimals, computed)
        word = {"overrun": "超出预算比例", "execution": "执行率"}.get(rel.kind, "完成率")
        out.append(finding("rate", sev,
                           messages.RATE_MISMATCH(word=word, actual=actual.quantity.value, actual_unit=actual.quantity.unit,
                                                  budget=budget.quantity.value, budget_unit=budget.quantity.unit,
                                                  expected=expected, stated=stated.value, extra=extra),
                           cause or ("rounding" if sev == "warning" else None), rate, f"{expected}%",
                           evidence, [rate, budget, actual]))
    return out


def other_base(stated: Decimal, decimals: int, actual, budget, ctx: Context, overrun: bool) -> Optional[Evidence]:
    """A figure elsewhere that, used as the budget, gives the stated rate."""
    numerator = level_interval(actual, ctx)
    candidates = [(f.value, f.decimals, f.unit or "万元", fact_evidence(f)) for f in ctx.facts]
    candidates += [(c.quantity.value, c.quantity.decimals, c.quantity.unit, claim_evidence(c))
                   for c in ctx.claims if c.kind == "amount" and c.id != budget.id]
    for value, decs, unit, evidence in candidates:
        if value <= 0 or unit not in UNIT_FACTOR or value == budget.quantity.value:
            continue
        share = ratio(numerator, printed(value, decs).scale(UNIT_FACTOR[unit]))
        if share is None:
            continue
        computed = share.scale(HUNDRED)
        if overrun:
            computed = type(computed)(computed.lo - HUNDRED, computed.hi - HUNDRED)
        if agrees(stated, decimals, computed):
            return evidence
    return None


def check_tables(ctx: Context, marks: Marks) -> list[Finding]:
    out = []
    for ev in ctx.evaluations:
        f = ev.funds
        budget, spent, rate = f.get("全年预算数"), f.get("全年执行数"), f.get("执行率")
        if not (budget and spent and budget.value and spent.value is not None):
            continue
        share = ratio(printed(spent.value, spent.decimals), printed(budget.value, budget.decimals))
        assert share is not None                     # the budget is not 0
        computed = share.scale(HUNDRED)
        evidence = [cell_evidence(budget, ev.table, "全年预算数", ev.name), cell_evidence(spent, ev.table, "全年执行数", ev.name)]
        rate_ok = True
        if rate is not None and rate.value is not None:
            marks.mark_cells([budget, spent, rate], "consistent")
            if not agrees(rate.value, rate.decimals, computed):
                rate_ok = False
                marks.mark_cells([rate], "contradicted")
                expected = best_value(computed, max(rate.decimals, 2))
                sev = severity_of_miss(rate.value, rate.decimals, computed)
                out.append(cell_finding(
                    "rate", sev,
                    messages.EXECUTION_RATE_CELL(name=ev.name or '年度资金总额', spent=spent.text, budget=budget.text,
                                                 expected=expected, rate=rate.text),
                    "rounding" if sev == "warning" else None, rate, rate.text, f"{expected}%", evidence))
        score, weight = f.get("得分"), f.get("分值")
        if score is None or weight is None or score.value is None or weight.value is None:
            continue
        basis = computed if rate_ok or rate is None or rate.value is None else printed(rate.value, rate.decimals)
        capped = type(basis)(min(basis.lo, HUNDRED), min(basis.hi, HUNDRED))
        expected_score = capped.scale(weight.value / HUNDRED)
        marks.mark_cells([score, weight], "consistent" if score.is_percent or agrees(score.value, score.decimals,
                                                                                   expected_score) else "contradicted")
        if score.is_percent and agrees(percent_score_points(score, weight), score.decimals, expected_score):
            out.append(cell_finding(
                "rate", "info",
                messages.SCORE_AS_PERCENT(score=score.text, weight=weight.text,
                                          points=percent_score_points(score, weight)), None, score, score.text, f"{weight.text}",
                evidence + [cell_evidence(weight, ev.table, "分值")]))
        elif not agrees(score.value, score.decimals, expected_score):
            expected = best_value(expected_score, max(score.decimals, 2))
            out.append(cell_finding(
                "rate", severity_of_miss(score.value, score.decimals, expected_score),
                messages.SCORE_MISMATCH(weight=weight.text, expected=expected, score=score.text),
                None, score, score.text, str(expected), evidence + [cell_evidence(weight, ev.table, "分值")]))
    return out


STEM_CHARS = 4                  # chars of a rate's name (毕业生去向落实率) its count's name must share (去向落实人数)
MAX_DENOMINATORS = 2000         # beyond this many candidate denominators every rate is possible


def denominators(count: Decimal, rate: Decimal, decimals: int) -> Optional[list[int]]:
    """The whole numbers d for which count ÷ d, as a percent, prints as `rate` (rounded or truncated);
    None when too many to list.

    >>> denominators(Decimal(2613), Decimal("98.25"), 2), denominators(Decimal(2613), Decimal("98.23"), 2)
    ([], [2660])
    """
    step = Decimal(1).scaleb(-decimals)
    low, high = rate - step / 2, rate + step
    if low <= 0 or count <= 0:
        return None
    first, last = int(count * HUNDRED / high), int(count * HUNDRED / low) + 1
    if last - first > MAX_DENOMINATORS:
        return None
    return [d for d in range(max(first, 1), last + 1)
            if d >= count and agrees(rate, decimals, printed(count * HUNDRED / d, 12))]


def count_rates(ctx: Context, marks: Marks) -> list[Finding]:
    """A rate of a count that no whole number of cases gives: 去向落实人数2613 with 去向落实率98.25% (2613 ÷ 2659.4…
    ÷ 2659.7 would be needed). Read in the 绩效自评表 (the rate row and the count row sharing its name) and in the
    text (`顺利就业2613人，初次就业率达98.25%`). The expected figure uses the smallest larger count of the same
    table as the base (年度合格毕业生人数2660), when there is one."""
    out = []
    tables = [(ev, whole_counts(ev)) for ev in ctx.evaluations]
    for ev, counts in tables:
        for name, cell in (r.measured for r in ev.indicators if r.measured):
            if not (cell.is_percent and cell.value is not None and cell.value < HUNDRED and name.endswith("率")):
                continue
            stem = name[:-1][-STEM_CHARS:]
            numerators = [(n, c) for n, c in counts if len(stem) == STEM_CHARS and stem in n]
            if len(numerators) != 1 or denominators(numerators[0][1].value, cell.value, cell.decimals) != []:
                continue
            n_name, numerator = numerators[0]
            marks.mark_cells([cell], "contradicted")
            base = smallest_larger(numerator.value, counts)
            expected = percent_of(numerator.value, base[1].value, cell.decimals) if base else ""
            shown = messages.CELL_BASE(count=numerator.value, base=base[1].value, base_name=base[0],
                                       expected=expected) if base else ""
            out.append(cell_finding("rate", "warning",
                                    messages.IMPOSSIBLE_RATE_CELL(name=name, rate=cell.text, count_name=n_name,
                                                                  count=numerator.value, shown=shown), None, cell, cell.text, expected,
                                    [cell_evidence(numerator, ev.table, n_name)]
                                    + ([cell_evidence(base[1], ev.table, base[0])] if base else [])))
    return out + text_count_rates(ctx, tables, marks)


def whole_counts(ev) -> list[tuple[str, Any]]:
    """(三级指标, cell) of the indicator rows whose 实际完成值 is a whole number of cases."""
    rows = [r.measured for r in ev.indicators if r.measured]
    return [(name, cell) for name, cell in rows
            if cell.value is not None and not cell.is_percent and cell.text.strip().isdigit()]


def smallest_larger(count: Decimal, counts):
    larger = [(n, c) for n, c in counts if c.value > count]
    return min(larger, key=lambda o: o[1].value) if larger else None


def percent_of(count: Decimal, base: Decimal, decimals: int) -> str:
    return f"{round_to(count * HUNDRED / base, max(decimals, 2))}%"


def text_count_rates(ctx: Context, tables, marks: Marks) -> list[Finding]:
    """`顺利就业2613人，初次就业率达98.25%`: a rate right after the count it is a rate of."""
    out = []
    for members in by_sentence(ctx.claims).values():
        for count, rate in zip(members, members[1:]):
            q, c = rate.quantity, count.quantity
            if rate.kind != "rate" or q.approx or q.unit != "%" or q.value >= HUNDRED:
                continue
            m = regex.search(r"([\u4e00-\u9fa5]{2})率(?:达到|为|达)?\s*$", words_before(rate))
            if m is None or count.kind != "count" or c.approx or c.decimals or m.group(1) not in count.text:
                continue
            if denominators(c.value, q.value, q.decimals) != []:
                continue
            base = next((smallest_larger(c.value, counts) for _, counts in tables
                         if any(cell.value == c.value for _, cell in counts)), None)
            expected = percent_of(c.value, base[1].value, q.decimals) if base else ""
            shown = messages.TABLE_BASE(base_name=base[0], base=base[1].value, count=c.value,
                                        expected=expected) if base else ""
            marks.mark([rate.id], "contradicted")
            out.append(finding("rate", "warning",
                               messages.IMPOSSIBLE_RATE_TEXT(rate=q.value, count=c.value, unit=c.unit, shown=shown), None, rate, expected,
                               [claim_evidence(count)], [rate, count]))
    return out

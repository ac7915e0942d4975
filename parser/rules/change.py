"""Rule `change`: a year-over-year amount or percent that does not follow from the two years."""
from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Optional

from parser.datatypes import Finding
from parser.rules import messages
from parser.rules.common import (
    UNIT_FACTOR,
    Context,
    Marks,
    RuleResult,
    claim_evidence,
    fact_evidence,
    fact_yuan,
    finding,
    level_interval,
)
from parser.tolerance import HUNDRED, Interval, agrees, best_value, printed_or_cut, ratio, severity_of_miss


def prior_from_tables(current, ctx: Context):
    if not current.metric:
        return None
    facts = ctx.facts_for(current.metric, "prior_year")
    return facts[0] if facts else None


def budget_from_tables(current, ctx: Context):
    """The budget of a change stated against the budget (`与2021年度预算相比，减少X`): the table's
    预算数 of the item, where the same table's 决算数 of the item is the level the text states."""
    if not current.metric or current.role != "actual":
        return None
    level = level_interval(current, ctx)
    tables = {f.table for f in ctx.facts_for(current.metric, "actual")
              if fact_yuan(f).lo <= level.hi and level.lo <= fact_yuan(f).hi}
    budgets = [f for f in ctx.facts_for(current.metric, "budget_final") if f.table in tables]
    return budgets[0] if len(budgets) == 1 else None


def within(delta: Interval, change: Interval, direction: int) -> bool:
    """Whether a stated change amount (unsigned, its direction apart) can be the change computed.

    >>> within(Interval(Decimal("1.135"), Decimal("1.145")), Interval(Decimal("0.635"), Decimal("1.645")), 1)
    True
    >>> within(Interval(Decimal("0.05"), Decimal("0.15")), Interval(Decimal("-9.74"), Decimal("-9.64")), -1)
    False
    """
    signed = delta if direction > 0 else Interval(-delta.hi, -delta.lo)
    return signed.lo <= change.hi and change.lo <= signed.hi


def check(ctx: Context) -> RuleResult:
    marks = Marks()
    out = check_annual(ctx, marks)
    for rel in ctx.relations_of("change"):
        target = ctx.claim(rel.target)
        current = ctx.claim(rel.inputs["current"])
        if target.quantity.approx or current.quantity.approx:
            continue
        delta = ctx.claim(rel.inputs["delta"]) if "delta" in rel.inputs else None
        prior_claim = ctx.claim(rel.inputs["prior"]) if "prior" in rel.inputs else None
        prior_fact = None if prior_claim else \
            budget_from_tables(current, ctx) if rel.base == "budget" else prior_from_tables(current, ctx)
        cur = level_interval(current, ctx)
        if prior_fact is not None and rel.base == "budget" and delta is not None and \
                within(level_interval(delta, ctx), cur - fact_yuan(prior_fact), rel.direction):
            prior_fact = None        # the text's own change agrees with the table's budget, and is more precise
        evidence = [claim_evidence(current)]
        if prior_claim is not None:
            prior = level_interval(prior_claim, ctx)
            evidence.append(claim_evidence(prior_claim))
        elif prior_fact is not None:
            prior = fact_yuan(prior_fact)
            evidence.append(fact_evidence(prior_fact))
        elif delta is not None:
            d = level_interval(delta, ctx)
            prior = cur - d if rel.direction > 0 else cur + d
            evidence.append(claim_evidence(delta))
        else:
            continue
        # the prior made from the delta moves with it: the change is the delta itself, not cur − prior
        change = None if prior_claim is not None or prior_fact is not None or delta is None else \
            (d if rel.direction > 0 else Interval(-d.hi, -d.lo))
        if target.kind == "change_percent":
            result = check_percent(target, cur, prior, rel.direction, marks, evidence, [current] + ([delta] if delta else []),
                                   change=change)
        else:
            result = check_amount(target, cur, prior, marks, evidence, current, budget=rel.base == "budget")
        if result is not None:
            out.append(result)
    return marks.result(out)


def check_percent(target, cur: Interval, prior: Interval, direction: int, marks: Marks, evidence, inputs,
                  change: Optional[Interval] = None) -> Optional[Finding]:
    diff = change if change is not None else cur - prior
    growth = ratio(diff, prior)
    if growth is None or prior.lo <= 0:
        return None
    growth = growth.scale(HUNDRED * direction)
    stated = target.quantity
    if agrees(stated.value, stated.decimals, growth):
        marks.mark([target.id] + [c.id for c in inputs], "consistent")
        return None
    cause, note = None, ""
    on_current = ratio(diff, cur)
    if on_current is not None and agrees(stated.value, stated.decimals, on_current.scale(HUNDRED * direction)):
        cause, note = "wrong_base", messages.ON_CURRENT_YEAR()
    marks.mark([target.id], "contradicted")
    expected = best_value(growth, max(stated.decimals, 2))
    sev = severity_of_miss(stated.value, stated.decimals, growth)
    shown = inputs[0].quantity if inputs[0].quantity.unit in UNIT_FACTOR else None     # the levels as the text prints them
    unit, places = (shown.unit, max(shown.decimals, 2)) if shown else ("万元", 2)
    scale = 1 / UNIT_FACTOR[unit]
    said = "增长" if direction > 0 else "下降"
    should = ("增长" if diff.mid >= 0 else "下降") + f"{abs(best_value(growth, max(stated.decimals, 2)))}%"
    if diff.mid * direction < 0:
        note = messages.WRONG_DIRECTION() + note
    return finding("change", sev,
                   messages.CHANGE_PERCENT(prior=best_value(prior.scale(scale), places), current=best_value(cur.scale(scale), places),
                                           unit=unit, should=should, said=said, stated=stated.value, note=note),
                   cause or ("rounding" if sev == "warning" else None), target, f"{expected}%", evidence,
                   [target] + inputs)


def check_amount(target, cur: Interval, prior: Interval, marks: Marks, evidence, current,
                 budget: bool = False) -> Optional[Finding]:
    if target.quantity.unit not in UNIT_FACTOR:
        return None
    diff = cur - prior
    low = 0 if diff.lo < 0 < diff.hi else min(abs(diff.lo), abs(diff.hi))
    magnitude = Interval(type(diff.lo)(low), max(abs(diff.lo), abs(diff.hi)))
    factor = UNIT_FACTOR[target.quantity.unit]
    expected_interval = magnitude.scale(1 / factor)
    stated = target.quantity
    if agrees(stated.value, stated.decimals, expected_interval):
        marks.mark([target.id, current.id], "consistent")
        return None
    marks.mark([target.id], "contradicted")
    expected = best_value(expected_interval, max(stated.decimals, 2))
    sev = severity_of_miss(stated.value, stated.decimals, expected_interval)
    said = messages.CHANGE_AGAINST_BUDGET(budget=best_value(prior.scale(1 / factor), 2), expected=expected,
                                          unit=stated.unit, stated=stated.value) if budget else \
        messages.CHANGE_AMOUNT(expected=expected, unit=stated.unit, stated=stated.value)
    return finding("change", sev, said,
                   "rounding" if sev == "warning" else None, target, f"{expected}{stated.unit}", evidence,
                   [target, current])


def compounded_yearly(total_growth: Interval, years: int) -> Interval:
    """The yearly rate, in percent, that compounds to a total growth (in percent) over `years`.

    >>> r = compounded_yearly(Interval(Decimal("76.475"), Decimal("76.49")), 5)
    >>> (round(r.lo, 3), round(r.hi, 3))
    (Decimal('12.031'), Decimal('12.032'))
    """
    def yearly(growth: Decimal) -> Decimal:
        with localcontext() as context:
            context.prec = 28
            return ((1 + growth / HUNDRED) ** (Decimal(1) / years) - 1) * HUNDRED
    return Interval(yearly(total_growth.lo), yearly(total_growth.hi))


def check_annual(ctx: Context, marks: Marks) -> list[Finding]:
    """`年均增长a%` against the growth it compounds over the years between (a relation `annual`): the growth
    stated (`比YYYY年增长T%`, annual_stated) or the two levels it runs between (annual_from_levels)."""
    out = []
    for rel in ctx.relations_of("annual"):
        annual = ctx.claim(rel.target)
        read = annual_from_levels(ctx, rel) if "start" in rel.inputs else annual_stated(ctx, rel)
        if annual.quantity.approx or read is None:
            continue
        growth, inputs, said = read
        expected = compounded_yearly(growth, int(rel.base))
        stated = annual.quantity
        if agrees(stated.value, stated.decimals, expected):
            marks.mark([annual.id] + [c.id for c in inputs], "consistent")
            continue
        marks.mark([annual.id], "contradicted")
        value = best_value(expected, max(stated.decimals, 2))
        sev = severity_of_miss(stated.value, stated.decimals, expected)
        out.append(finding("change", sev, said(value, stated.value), "rounding" if sev == "warning" else None,
                           annual, f"{value}%", [claim_evidence(c) for c in inputs], [annual, *inputs]))
    return out


def annual_stated(ctx: Context, rel):
    """(the total growth in percent, its claim, the message) of `年均增长a%…比YYYY年增长T%`; None when unreadable."""
    total_growth = ctx.claim(rel.inputs["total"])
    q = total_growth.quantity
    if q.approx or q.value <= -100:
        return None
    return (printed_or_cut(q.value, q.decimals), [total_growth],
            lambda value, stated: messages.ANNUAL_GROWTH(years=rel.base, total=q.value, value=value, stated=stated))


def annual_from_levels(ctx: Context, rel):
    """(the total growth in percent, the two levels, the message) of `从2015年的X上升到2020年的Y，年均增长a%`:
    (Y / X − 1) × 100; None when unreadable."""
    start, end = ctx.claim(rel.inputs["start"]), ctx.claim(rel.inputs["end"])
    if start.quantity.approx or end.quantity.approx or start.quantity.value <= 0:
        return None
    growth = ratio(level_interval(end, ctx) - level_interval(start, ctx), level_interval(start, ctx))
    if growth is None:
        return None
    return (growth.scale(HUNDRED), [start, end],
            lambda value, stated: messages.ANNUAL_FROM_LEVELS(start=f"{start.quantity.value}{start.quantity.unit}",
                                                              end=f"{end.quantity.value}{end.quantity.unit}",
                                                              years=rel.base, value=value, stated=stated))

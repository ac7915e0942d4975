"""Rule `change`: a year-over-year amount or percent that does not follow from the two years."""
from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Optional

from parser.datatypes import Finding
from parser.rules.common import UNIT_FACTOR, Context, claim_evidence, fact_evidence, fact_yuan, finding, level_interval
from parser.tolerance import HUNDRED, Interval, agrees, best_value, printed_or_cut, ratio, severity_of_miss


def prior_from_tables(current, ctx: Context):
    if not current.metric:
        return None
    facts = ctx.facts_for(current.metric, "prior_year")
    return facts[0] if facts else None


def check(ctx: Context) -> list[Finding]:
    out = check_annual(ctx)
    for rel in ctx.relations:
        if rel.kind != "change":
            continue
        target = ctx.claim(rel.target)
        current = ctx.claim(rel.inputs["current"])
        if target.quantity.approx or current.quantity.approx:
            continue
        delta = ctx.claim(rel.inputs["delta"]) if "delta" in rel.inputs else None
        prior_claim = ctx.claim(rel.inputs["prior"]) if "prior" in rel.inputs else None
        prior_fact = None if prior_claim or rel.base == "budget" else prior_from_tables(current, ctx)
        cur = level_interval(current, ctx)
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
            result = check_percent(target, cur, prior, rel.direction, ctx, evidence, [current] + ([delta] if delta else []),
                                   change=change)
        else:
            result = check_amount(target, cur, prior, ctx, evidence, current)
        if result is not None:
            out.append(result)
    return out


def check_percent(target, cur: Interval, prior: Interval, direction: int, ctx, evidence, inputs,
                  change: Optional[Interval] = None) -> Optional[Finding]:
    diff = change if change is not None else cur - prior
    growth = ratio(diff, prior)
    if growth is None or prior.lo <= 0:
        return None
    growth = growth.scale(HUNDRED * direction)
    stated = target.quantity
    if agrees(stated.value, stated.decimals, growth):
        ctx.mark([target.id] + [c.id for c in inputs], "consistent")
        return None
    cause, note = None, ""
    on_current = ratio(diff, cur)
    if on_current is not None and agrees(stated.value, stated.decimals, on_current.scale(HUNDRED * direction)):
        cause, note = "wrong_base", "；该百分比恰等于变动额除以本年数，疑用本年数作分母"
    ctx.mark([target.id], "contradicted")
    expected = best_value(growth, max(stated.decimals, 2))
    sev = severity_of_miss(stated.value, stated.decimals, growth)
    wan = 1 / UNIT_FACTOR["万元"]
    said = "增长" if direction > 0 else "下降"
    should = ("增长" if diff.mid >= 0 else "下降") + f"{abs(best_value(growth, max(stated.decimals, 2)))}%"
    if diff.mid * direction < 0:
        note = "；增减方向也与两数不符" + note
    return finding("change", sev,
                   f"增减幅度不符：由{best_value(prior.scale(wan), 2)}万元到{best_value(cur.scale(wan), 2)}万元，"
                   f"应为{should}，文中写{said}{stated.value}%{note}。",
                   cause or ("rounding" if sev == "warning" else None), target, f"{expected}%", evidence,
                   [target] + inputs)


def check_amount(target, cur: Interval, prior: Interval, ctx, evidence, current) -> Optional[Finding]:
    if target.quantity.unit not in UNIT_FACTOR:
        return None
    diff = cur - prior
    low = 0 if diff.lo < 0 < diff.hi else min(abs(diff.lo), abs(diff.hi))
    magnitude = Interval(type(diff.lo)(low), max(abs(diff.lo), abs(diff.hi)))
    factor = UNIT_FACTOR[target.quantity.unit]
    expected_interval = magnitude.scale(1 / factor)
    stated = target.quantity
    if agrees(stated.value, stated.decimals, expected_interval):
        ctx.mark([target.id, current.id], "consistent")
        return None
    ctx.mark([target.id], "contradicted")
    expected = best_value(expected_interval, max(stated.decimals, 2))
    sev = severity_of_miss(stated.value, stated.decimals, expected_interval)
    return finding("change", sev, f"增减额不符：两年数之差应为{expected}{stated.unit}，文中写{stated.value}{stated.unit}。",
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


def check_annual(ctx: Context) -> list[Finding]:
    """`年均增长a%` against `比YYYY年增长T%` over the years between (a relation `annual`)."""
    out = []
    for rel in ctx.relations:
        if rel.kind != "annual":
            continue
        annual, total_growth = ctx.claim(rel.target), ctx.claim(rel.inputs["total"])
        if annual.quantity.approx or total_growth.quantity.approx or total_growth.quantity.value <= -100:
            continue
        q = total_growth.quantity
        expected = compounded_yearly(printed_or_cut(q.value, q.decimals), int(rel.base))
        stated = annual.quantity
        if agrees(stated.value, stated.decimals, expected):
            ctx.mark([annual.id, total_growth.id], "consistent")
            continue
        ctx.mark([annual.id], "contradicted")
        value = best_value(expected, max(stated.decimals, 2))
        sev = severity_of_miss(stated.value, stated.decimals, expected)
        out.append(finding("change", sev,
                           f"年均增幅不符：{rel.base}年累计增长{q.value}%，折合年均增长{value}%"
                           f"（(1+{q.value}%)^(1/{rel.base})−1），文中写{stated.value}%。",
                           "rounding" if sev == "warning" else None, annual, f"{value}%",
                           [claim_evidence(total_growth)], [annual, total_growth]))
    return out

"""Rule `rate`: completion / execution rates and the scores derived from them.

Text: 完成年初预算的R% = 决算 ÷ 预算; 超出年初预算的R% = 决算 ÷ 预算 − 1.
Self-evaluation tables: 执行率 = 全年执行数 ÷ 全年预算数; 得分 = 执行率 × 分值 (capped).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from ..evaluation import percent_score_points
from ..model import Evidence, Finding
from ..tolerance import HUNDRED, agrees, best_value, printed, ratio, severity_of_miss
from .common import (UNIT_FACTOR, Context, cell_evidence, cell_finding, claim_evidence, fact_evidence, finding,
                     level_interval)


def check(ctx: Context) -> list[Finding]:
    return check_text(ctx) + check_tables(ctx)


def check_text(ctx: Context) -> list[Finding]:
    out = []
    for rel in ctx.relations:
        if rel.kind not in ("completion", "overrun", "execution"):
            continue
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
            ctx.mark([rate.id, budget.id, actual.id], "consistent")
            continue
        ctx.mark([rate.id], "contradicted")
        expected = best_value(computed, max(stated.decimals, 2))
        cause, extra, evidence = None, "", [claim_evidence(budget), claim_evidence(actual)]
        stale = other_base(stated.value, stated.decimals, actual, budget, ctx, rel.kind == "overrun")
        if stale is not None:
            cause = "stale_figure"
            extra = f"；{stated.value}%恰等于{actual.quantity.value}÷{stale.value}（第{stale.line}行），疑用了另一个预算数"
            evidence.append(stale)
        sev = severity_of_miss(stated.value, stated.decimals, computed)
        word = {"overrun": "超出预算比例", "execution": "执行率"}.get(rel.kind, "完成率")
        out.append(finding("rate", sev,
                           f"{word}不符：{actual.quantity.value}{actual.quantity.unit}÷{budget.quantity.value}"
                           f"{budget.quantity.unit}应为{expected}%，文中写{stated.value}%{extra}。",
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


def check_tables(ctx: Context) -> list[Finding]:
    out = []
    for ev in ctx.evaluations:
        f = ev.funds
        budget, spent, rate = f.get("全年预算数"), f.get("全年执行数"), f.get("执行率")
        if not (budget and spent and budget.value and spent.value is not None):
            continue
        share = ratio(printed(spent.value, spent.decimals), printed(budget.value, budget.decimals))
        computed = share.scale(HUNDRED)
        evidence = [cell_evidence(budget, ev.table, "全年预算数", ev.name), cell_evidence(spent, ev.table, "全年执行数", ev.name)]
        rate_ok = True
        if rate is not None and rate.value is not None:
            if not agrees(rate.value, rate.decimals, computed):
                rate_ok = False
                expected = best_value(computed, max(rate.decimals, 2))
                sev = severity_of_miss(rate.value, rate.decimals, computed)
                out.append(cell_finding(
                    "rate", sev,
                    f"执行率不符：{ev.name or '年度资金总额'}全年执行数{spent.text}÷全年预算数{budget.text}={expected}%，表中写{rate.text}。",
                    "rounding" if sev == "warning" else None, rate, rate.text, f"{expected}%", evidence))
        score, weight = f.get("得分"), f.get("分值")
        if score is None or weight is None or score.value is None or weight.value is None:
            continue
        basis = computed if rate_ok or rate is None or rate.value is None else printed(rate.value, rate.decimals)
        capped = type(basis)(min(basis.lo, HUNDRED), min(basis.hi, HUNDRED))
        expected_score = capped.scale(weight.value / HUNDRED)
        if score.is_percent and agrees(percent_score_points(score, weight), score.decimals, expected_score):
            out.append(cell_finding(
                "rate", "info",
                f"得分以百分数填写：{score.text}×分值{weight.text}={percent_score_points(score, weight)}分，"
                f"与执行率×分值一致；得分栏应填分数。", None, score, score.text, f"{weight.text}",
                evidence + [cell_evidence(weight, ev.table, "分值")]))
        elif not agrees(score.value, score.decimals, expected_score):
            expected = best_value(expected_score, max(score.decimals, 2))
            out.append(cell_finding(
                "rate", severity_of_miss(score.value, score.decimals, expected_score),
                f"得分不符：执行率×分值（{weight.text}，上限为分值）应为{expected}，表中写{score.text}。",
                None, score, score.text, str(expected), evidence + [cell_evidence(weight, ev.table, "分值")]))
    return out

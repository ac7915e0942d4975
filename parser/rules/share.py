"""Rule `share`: 占X% that is not part ÷ whole."""
from __future__ import annotations

from typing import Optional

from ..model import Finding
from ..tolerance import HUNDRED, Interval, agrees, best_value, ratio, severity_of_miss
from .common import (Context, broader, claim_evidence, fact_evidence, fact_yuan, finding, label,
                     level_interval)


def resolve_whole(rel, pct, ctx: Context) -> tuple[Optional[Interval], list, str]:
    """The whole as an interval, with its evidence and a name for messages."""
    if "whole" in rel.inputs:
        whole = ctx.claim(rel.inputs["whole"])
        return level_interval(whole, ctx), [claim_evidence(whole)], whole.subject or whole.text
    metric = rel.whole_metric
    part = ctx.claim(rel.inputs["part"])
    for candidate in (metric, broader(metric)):
        if candidate is None:
            continue
        texts = [c for c in ctx.claims if c.metric == candidate and c.kind == "amount" and c.role == part.role
                 and not c.quantity.approx and c.line <= pct.line and c.id not in ctx.unit_slips]
        if texts:
            return level_interval(texts[-1], ctx), [claim_evidence(texts[-1])], label(candidate)
        facts = ctx.facts_for(candidate, part.role if part.role != "other" else "actual")
        if facts:
            return fact_yuan(facts[0]), [fact_evidence(facts[0])], label(candidate)
    return None, [], label(metric)


def check(ctx: Context) -> list[Finding]:
    out = []
    for rel in ctx.relations:
        if rel.kind != "share":
            continue
        pct = ctx.claim(rel.target)
        part = ctx.claim(rel.inputs["part"])
        if pct.quantity.approx or part.quantity.approx:
            continue
        whole, evidence, whole_name = resolve_whole(rel, pct, ctx)
        if whole is None:
            continue
        share = ratio(level_interval(part, ctx), whole)
        if share is None:
            continue
        share = share.scale(HUNDRED)
        stated = pct.quantity
        if agrees(stated.value, stated.decimals, share):
            ctx.mark([pct.id, part.id], "consistent")
            continue
        ctx.mark([pct.id], "contradicted")
        expected = best_value(share, max(stated.decimals, 2))
        out.append(finding(
            "share", severity_of_miss(stated.value, stated.decimals, share),
            f"占比不符：{part.text}占{whole_name}的比例应为{expected}%，文中写{stated.value}%。",
            "rounding" if severity_of_miss(stated.value, stated.decimals, share) == "warning" else None,
            pct, f"{expected}%", [claim_evidence(part)] + evidence, [pct, part]))
    return out

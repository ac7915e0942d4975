"""Rule `share`: 占X% that is not part ÷ whole."""
from __future__ import annotations

from typing import Optional

from parser.datatypes import Finding
from parser.tolerance import HUNDRED, Interval, agrees, best_value, ratio, severity_of_miss
from parser.rules.common import (Context, broader, claim_evidence, fact_evidence, fact_yuan, finding, label,
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
        texts = [c for c in ctx.claims if c.kind == "amount" and c.role == part.role and c.confidence >= 0.8
                 and not c.quantity.approx and c.id not in ctx.unit_slips and c.id != part.id
                 and (c.metric == candidate or broader(c.metric) == candidate
                      or (rel.whole_text and c.subject.endswith(rel.whole_text)))]
        same_line = [c for c in texts if c.line == pct.line and int(c.id[1:]) < int(part.id[1:])]
        earlier = [c for c in texts if c.line < pct.line and c.metric == candidate]
        chosen = same_line[0] if same_line else (earlier[-1] if earlier else None)
        if chosen is not None:
            return level_interval(chosen, ctx), [claim_evidence(chosen)], label(candidate)
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

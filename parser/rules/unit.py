"""Rule `unit`: an amount whose unit disagrees with the same figure elsewhere (×10⁴, ×10⁸)."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from parser.datatypes import Finding
from parser.rules.common import Context, claim_evidence, fact_evidence, finding

SLIPS = {("元", "万元"): Decimal(10000), ("万元", "亿元"): Decimal(10000), ("元", "亿元"): Decimal(100000000),
         ("万元", "元"): Decimal("0.0001"), ("亿元", "万元"): Decimal("0.0001")}


def slip_targets(unit: str, dominant: str) -> list[str]:
    """The units an amount's figure is looked for in: the document's dominant one, and 万元 for an amount in 元
    (`调入资金229元` where the text says 229万元 twice, in a report written in 亿元).

    >>> slip_targets("元", "亿元"), slip_targets("元", "元"), slip_targets("万元", "亿元")
    (['亿元', '万元'], [], ['亿元'])
    """
    targets = [dominant] if unit != dominant and (unit, dominant) in SLIPS else []
    if unit == "元" and dominant == "亿元":
        targets.append("万元")
    return targets


def is_rate_per_unit(claim, ctx: Context) -> bool:
    """3000 元/人, 400元每天: a price per unit, not an amount of the budget."""
    line = ctx.document.lines[claim.line - 1]
    return line[claim.quantity.span[1]:claim.quantity.span[1] + 2].lstrip(" ").startswith(("/", "／", "每"))


def check(ctx: Context) -> list[Finding]:
    amounts = [c for c in ctx.claims if c.kind == "amount" and not c.quantity.approx
               and not is_rate_per_unit(c, ctx)]
    units = Counter(c.quantity.unit for c in amounts)
    if not units:
        return []
    main = units.most_common(1)[0][0]
    out = []
    for claim in amounts:
        q = claim.quantity
        if q.value == 0 or q.decimals == 0 and q.value < 100:
            continue
        for dominant in slip_targets(q.unit, main):
            same_figures = [f for f in ctx.facts if f.value == q.value and (f.unit or "万元") == dominant]
            same_claims = [c for c in amounts if c is not claim and c.quantity.value == q.value and c.quantity.unit == dominant]
            if same_figures or same_claims:
                break
        else:
            continue
        same_metric = [f for f in same_figures if f.metric == claim.metric] + \
                      [c for c in same_claims if c.metric == claim.metric]
        ctx.unit_slips[claim.id] = SLIPS[(q.unit, dominant)]
        ctx.mark([claim.id], "contradicted")
        evidence = [fact_evidence(f) for f in same_figures[:3]] + [claim_evidence(c) for c in same_claims[:2]]
        where = "表中" if same_figures else "文中"
        out.append(finding(
            "unit", "error",
            f"金额单位疑误：“{claim.text}”写作{q.unit}，而{where}同一数字{q.value}的单位是{dominant}"
            f"（{len(same_figures)}个表格单元格、{len(same_claims)}处文字）；按{q.unit}计差{SLIPS[(q.unit, dominant)]}倍。",
            "unit_slip", claim, f"{q.value}{dominant}", evidence, [claim] + same_claims[:1],
            confidence=0.97 if same_metric else 0.85))
    return out

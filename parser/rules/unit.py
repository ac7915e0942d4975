"""Rule `unit`: an amount whose unit disagrees with the same figure elsewhere (×10⁴, ×10⁸)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Optional

from parser.datatypes import Claim, Fact, Finding
from parser.rules import messages
from parser.rules.common import UNIT_FACTOR, Context, Marks, RuleResult, claim_evidence, fact_evidence, finding

SLIPS = {(said, meant): UNIT_FACTOR[meant] / UNIT_FACTOR[said]     # (unit printed, unit meant): value × this
         for said, meant in (("元", "万元"), ("万元", "亿元"), ("元", "亿元"), ("万元", "元"), ("亿元", "万元"))}


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


def slipped(ctx: Context) -> Iterator[tuple[Claim, str, list[Fact], list[Claim]]]:
    """(claim, the dominant unit, the same figures in the tables and in the text) of every unit slip: an exact
    amount (exact_amounts) whose figure may slip (may_slip) and stands elsewhere in another unit (slip_evidence)."""
    amounts = exact_amounts(ctx)
    units = Counter(c.quantity.unit for c in amounts)
    if not units:
        return
    main = units.most_common(1)[0][0]
    for claim in amounts:
        if not may_slip(claim.quantity.value, claim.quantity.decimals):
            continue
        found = slip_evidence(claim, main, amounts, ctx)
        if found is not None:
            yield claim, *found


def exact_amounts(ctx: Context) -> list[Claim]:
    """The amounts stated exactly (not 约…), prices per unit left out."""
    return [c for c in ctx.claims if c.kind == "amount" and not c.quantity.approx and not is_rate_per_unit(c, ctx)]


def may_slip(value: Decimal, decimals: int) -> bool:
    """Whether a figure is telling enough to be a unit slip: not zero, and not a small whole number.

    >>> may_slip(Decimal("229"), 0), may_slip(Decimal("45"), 0), may_slip(Decimal("4.5"), 1), may_slip(Decimal("0.00"), 2)
    (True, False, True, False)
    """
    return not (value == 0 or decimals == 0 and value < 100)


def slip_evidence(claim: Claim, main: str, amounts: list[Claim],
                  ctx: Context) -> Optional[tuple[str, list[Fact], list[Claim]]]:
    """(the unit meant, the table figures and the other amounts of the text stating the figure in it) for the first
    unit the claim's figure is looked for in (slip_targets) where it stands; None when it stands in none."""
    q = claim.quantity
    for dominant in slip_targets(q.unit, main):
        same_figures = [f for f in ctx.facts if f.value == q.value and (f.unit or "万元") == dominant]
        same_claims = [c for c in amounts if c is not claim and c.quantity.value == q.value and c.quantity.unit == dominant]
        if same_figures or same_claims:
            return dominant, same_figures, same_claims
    return None


def slips(ctx: Context) -> dict[str, Decimal]:
    """Claim id → the factor that repairs its unit (found before the rules: every rule computes with it)."""
    return {claim.id: SLIPS[(claim.quantity.unit, dominant)] for claim, dominant, _, _ in slipped(ctx)}


def check(ctx: Context) -> RuleResult:
    marks, out = Marks(), []
    for claim, dominant, same_figures, same_claims in slipped(ctx):
        marks.mark([claim.id], "contradicted")
        out.append(slip_finding(claim, dominant, same_figures, same_claims))
    return marks.result(out)


def slip_finding(claim: Claim, dominant: str, same_figures: list[Fact], same_claims: list[Claim]) -> Finding:
    """The error for a unit slip, surer (0.97) when a figure it repeats is of the claim's own metric."""
    q = claim.quantity
    same_metric = [f for f in same_figures if f.metric == claim.metric] + \
                  [c for c in same_claims if c.metric == claim.metric]
    evidence = [fact_evidence(f) for f in same_figures[:3]] + [claim_evidence(c) for c in same_claims[:2]]
    where = "表中" if same_figures else "文中"
    return finding(
        "unit", "error",
        messages.UNIT_SLIP(text=claim.text, unit=q.unit, where=where, value=q.value, dominant=dominant,
                           cells=len(same_figures), texts=len(same_claims), factor=SLIPS[(q.unit, dominant)]),
        "unit_slip", claim, f"{q.value}{dominant}", evidence, [claim] + same_claims[:1],
        confidence=0.97 if same_metric else 0.85)

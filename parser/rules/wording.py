"""Rule `wording`: a comparison or direction word that the two figures it compares contradict.

`年初预算120.50万元，支出决算118.20万元，决算数大于预算数`; `2025年当年预算执行数为43269.3万元，2026年预算
安排3845.49万元，比2025年预算执行数增加17.62%`; `与上年持平` beside `增加5万元`. The word and both figures
must stand in one sentence; without both figures nothing is said.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from parser.datatypes import Claim, Finding, Sentence
from parser.lexicon import load_metrics
from parser.patterns import ITEM_END
from parser.rules import messages
from parser.rules.common import Context, Marks, RuleResult, claim_evidence
from parser.rules.textual import checks, claims_in, line_finding, patterns, sentences

BUDGET_ROLES = ("budget_initial", "budget_final")
CURRENT_ROLES = ("actual", "budget_final", "budget_initial")
NEAR_CHARS = 12                    # a change figure this close to 持平 speaks of the same thing
WORDS_ZH = {"up": "增加（大于）", "down": "减少（小于）", "equal": "持平（相等）"}


def direction_of(word: str) -> Optional[str]:
    """up | down | equal for a comparison word (reviewer_checks.json), None when unknown.

    >>> direction_of("略有增加"), direction_of("低于"), direction_of("持平"), direction_of("完成")
    ('up', 'down', 'equal', None)
    """
    for direction, words in checks("wording")["directions"].items():
        if word in words:
            return direction
    return None


def compare(before: Claim, after: Claim) -> Optional[str]:
    """How the later level stands to the earlier: up, down or equal; None when not comparable or when the
    difference is within the printed precision (a rounding may hide the true direction).

    >>> from parser.datatypes import Quantity
    >>> def q(v, d=2): return Quantity(Decimal(v), "万元", d, False, v, (0, 1), "amount")
    >>> def c(v): return Claim("c", v, "", None, "amount", "actual", None, q(v), 1, None, "")
    >>> compare(c("120.50"), c("118.20")), compare(c("60.41"), c("227.88")), compare(c("9.98"), c("9.98"))
    ('down', 'up', 'equal')
    """
    a, b = before.quantity, after.quantity
    if a.yuan is None or b.yuan is None or a.approx or b.approx:
        return None
    diff = b.yuan - a.yuan
    if diff == 0:
        return "equal"
    step = max(Decimal(1).scaleb(-a.decimals) * (a.yuan / a.value if a.value else 1),
               Decimal(1).scaleb(-b.decimals) * (b.yuan / b.value if b.value else 1))
    if abs(diff) < step:
        return None
    return "up" if diff > 0 else "down"


def last_before(found: list[Claim], offset: int, roles) -> Optional[Claim]:
    """The last level figure of one of `roles` that ends before `offset` of the line."""
    candidates = [c for c in found if c.quantity.span[1] <= offset and c.kind == "amount" and c.role in roles
                  and not c.quantity.approx]
    return candidates[-1] if candidates else None


def named_pair(ctx: Context, sentence: Sentence, offset: int) -> tuple[Optional[Claim], Optional[Claim]]:
    """`…年初预算为0.95万元，支出决算为0.00万元，…；公务接待费…。2024年度“三公”经费支出决算数小于预算数`: the
    comparison names its subject; its budget and actual figures are the last ones of that metric earlier in
    the paragraph."""
    line = ctx.document.lines[sentence.line - 1]
    subject = line[sentence.span[0]:offset]
    earlier = [c for c in ctx.claims if c.origin == "text" and c.line == sentence.line and c.metric
               and c.quantity.span[1] <= sentence.span[0] and any(a in subject for a in aliases_of(c.metric))]
    for budget in reversed([c for c in earlier if c.role in BUDGET_ROLES and c.kind == "amount"]):
        actual = last_before([c for c in earlier if c.metric == budget.metric], offset, ("actual",))
        if actual is not None:
            return budget, actual
    return None, None


def aliases_of(metric: str) -> tuple[str, ...]:
    entry = load_metrics().get(metric)
    return entry.aliases if entry else ()


def same_scope(a: Claim, b: Claim) -> bool:
    return a.metric is None or b.metric is None or a.metric == b.metric


def check(ctx: Context) -> RuleResult:
    marks, out = Marks(), []
    hedges = checks("wording")["hedges"]
    previous = None
    for sentence in sentences(ctx):
        line = ctx.document.lines[sentence.line - 1]
        found = claims_in(ctx, sentence)
        # `…，支出决算为B万元，完成全年预算数的R%。决算数小于全年预算数的主要原因：…`: the figures stand in the
        # sentence before the one that compares them
        before: list[Claim] = claims_in(ctx, previous) if previous is not None and previous.line == sentence.line else []
        previous = sentence
        for pattern in patterns("wording", "budget_vs_actual"):
            for m in pattern.finditer(line, sentence.span[0], sentence.span[1]):
                pool = found if any(c.quantity.span[1] <= m.start() for c in found) else before + found
                budget = last_before(pool, m.start(), BUDGET_ROLES)
                actual = last_before(pool, m.start(), ("actual",))
                if not (budget and actual):
                    budget, actual = named_pair(ctx, sentence, m.start())
                if budget and actual and same_scope(budget, actual):
                    out.extend(judge(ctx, marks, sentence, m, budget, actual, "决算数与预算数", hedges))
        for pattern in patterns("wording", "year_on_year"):
            for m in pattern.finditer(line, sentence.span[0], sentence.span[1]):
                prior = last_before(found, m.start(), ("prior_year",))
                current = last_before(found, m.start(), CURRENT_ROLES)
                if prior and current and same_scope(prior, current) and not is_other_year(current, ctx):
                    out.extend(judge(ctx, marks, sentence, m, prior, current, "本年数与上年（基数）", hedges))
                elif direction_of(m.group("word")) == "equal":
                    out.extend(flat_beside_change(ctx, marks, sentence, m, found))
    return marks.result(out)


def is_other_year(claim: Claim, ctx: Context) -> bool:
    return claim.year is not None and ctx.year is not None and claim.year != ctx.year


def judge(ctx: Context, marks: Marks, sentence: Sentence, m, before: Claim, after: Claim, what: str,
          hedges) -> list[Finding]:
    word = m.group("word")
    stated = direction_of(word)
    line = ctx.document.lines[sentence.line - 1]
    if stated is None or any(h in line[max(0, m.start() - 2):m.end()] for h in hedges):
        return []
    actual = compare(before, after)
    if actual is None or actual == stated:
        return []
    certain = actual != "equal"
    marks.mark([before.id, after.id], "contradicted")
    return [line_finding(
        ctx, "wording", "error" if certain else "warning",
        messages.WORDING_DIRECTION(what=what, before=before.quantity.surface, after=after.quantity.surface,
                                   should=WORDS_ZH[actual], word=word),
        "template" if stated == "equal" else None, sentence.line, m.group(0), stated=word,
        expected=WORDS_ZH[actual], evidence=(claim_evidence(before), claim_evidence(after)),
        claims=(before.id, after.id), confidence=0.95 if certain else 0.7)]


def flat_beside_change(ctx: Context, marks: Marks, sentence: Sentence, m, found: list[Claim]) -> list[Finding]:
    """`与上年持平` next to a non-zero change figure of the same clause."""
    line = ctx.document.lines[sentence.line - 1]
    for claim in found:
        if claim.kind not in ("change_amount", "change_percent") or claim.quantity.value == 0:
            continue
        s, e = claim.quantity.span
        near = 0 <= m.start() - e <= NEAR_CHARS or 0 <= s - m.end() <= NEAR_CHARS
        lo, hi = min(e, m.end()), max(s, m.start())
        others = [c for c in found if c is not claim and lo <= c.quantity.span[0] < hi]
        if near and not others and not any(p in line[lo:hi] for p in ITEM_END):
            marks.mark([claim.id], "contradicted")
            return [line_finding(
                ctx, "wording", "error",
                messages.WORDING_FLAT(word=m.group('word'), change=claim.quantity.surface),
                "template", sentence.line, m.group(0), stated=m.group("word"),
                expected=f"变化{claim.quantity.surface}", evidence=(claim_evidence(claim),), claims=(claim.id,))]
    return []

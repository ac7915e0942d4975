"""Rule `share`: 占X% that is not part ÷ whole."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Optional

from parser.datatypes import Finding
from parser.lexicon import load_cues
from parser.narrative.relations import partition_parts
from parser.rules import messages
from parser.rules.common import (
    UNIT_FACTOR,
    Context,
    Marks,
    RuleResult,
    broader,
    claim_evidence,
    fact_evidence,
    fact_yuan,
    finding,
    label,
    level_interval,
    words_before,
)
from parser.rules.mismatch import name_of
from parser.tolerance import HUNDRED, Interval, agrees, best_value, printed_or_cut, ratio, severity_of_miss, total


def resolve_whole(rel, pct, ctx: Context, names: Optional[Callable[[], StatedNames]] = None
                  ) -> tuple[Optional[Interval], list, str]:
    """The whole as an interval, with its evidence and a name for messages: the claim the relation names; else
    a level of the whole's metric (or the metric it belongs to) in the text or the tables (whole_of_metric);
    else the parts that make up the whole, each stated on the share's line (parts_on_line)."""
    if "whole" in rel.inputs:
        whole = ctx.claim(rel.inputs["whole"])
        return level_interval(whole, ctx), [claim_evidence(whole)], whole.subject or whole.text
    metric = rel.whole_metric
    part = ctx.claim(rel.inputs["part"])
    for candidate in (metric, broader(metric)):
        found = whole_of_metric(rel, pct, part, candidate, ctx) if candidate is not None else None
        if found is not None:
            return found
    implied = parts_on_line(ctx, metric, pct, part)
    if implied:
        return total(level_interval(c, ctx) for c in implied), [claim_evidence(c) for c in implied], label(metric)
    named = whole_named_before(rel, pct, part, names() if names else StatedNames(ctx)) if metric is None else None
    if named is not None:
        return level_interval(named, ctx), [claim_evidence(named)], rel.whole_text
    return None, [], label(metric)


class StatedNames:
    """The amounts of a document by the name stated right before them (mismatch.name_of), and by every ending of
    that name of three characters or more, read once per document for whole_named_before."""

    def __init__(self, ctx: Context):
        self.exact: dict[str, list] = {}
        self.ending: dict[str, list] = {}
        for c in ctx.claims:
            if c.kind != "amount" or c.quantity.approx or c.id in ctx.unit_slips:
                continue
            name = name_of(words_before(c))
            self.exact.setdefault(name, []).append(c)
            for k in range(0, max(0, len(name) - 2)):
                self.ending.setdefault(name[k:], []).append(c)


def whole_named_before(rel, pct, part, names: StatedNames):
    """A whole the lexicon does not know, stated on a line before under the very name the share gives it
    (`2016年度总收入27,664.71万元` … `财政拨款收入…9,787.85万元，占总收入的35.39%`): the nearest such line's
    figure, where that line gives the name one value: a whole's name (总…, 合计 …: cues.json whole_words; a longer
    name ending in it counts) or the very words of a long name (`全区政府采购同口径规模为30817.8万元` …
    `占全区政府采购同口径规模的75.2%`)."""
    name = name_of(rel.whole_text) or rel.whole_text
    names_whole = "总" in name or any(w in name for w in load_cues()["whole_words"])
    if len(name) < 3 or not names_whole and len(name) < 6:
        return None
    pool = (names.ending if names_whole else names.exact).get(name, [])
    stated = [c for c in pool if c.line < pct.line and c.role == part.role and c.id != part.id]
    nearest = [c for c in stated if c.line == stated[-1].line] if stated else []
    return nearest[0] if nearest and len({c.quantity.value for c in nearest}) == 1 else None


def whole_of_metric(rel, pct, part, candidate: str, ctx: Context) -> Optional[tuple[Optional[Interval], list, str]]:
    """The whole stated as `candidate`: the first such level earlier on the share's line, else the last on the
    nearest line before; None for the whole unreadable (two different totals of that name, 全盟 and 盟本级: two
    readings); else the first table figure of it; None (no whole) when neither text nor tables state it."""
    same_line, earlier = stated_wholes(rel, pct, part, candidate, ctx)
    pool = same_line or [c for c in earlier if c.line == earlier[-1].line]
    if len({level_interval(c, ctx).mid for c in pool}) > 1:
        return None, [], label(rel.whole_metric)
    chosen = same_line[0] if same_line else (earlier[-1] if earlier else None)
    if chosen is not None:
        return level_interval(chosen, ctx), [claim_evidence(chosen)], label(candidate)
    facts = ctx.facts_for(candidate, part.role if part.role != "other" else "actual")
    if facts:
        return fact_yuan(facts[0]), [fact_evidence(facts[0])], label(candidate)
    return stated_later(rel, pct, part, candidate, ctx)


def stated_later(rel, pct, part, candidate: str, ctx: Context) -> Optional[tuple[Optional[Interval], list, str]]:
    """A title or summary ahead of its text (`民生支出2150.5亿元 占一般公共预算支出比重达86.8%` over `…一般公共
    预算支出完成2477.2亿元…`): where neither the lines before nor the tables state the whole, the one value the
    document's later lines give that metric (two values: two readings, no whole)."""
    later = [c for c in ctx.claims if c.line > pct.line and c.metric == candidate
             and may_state_whole(c, rel, part, candidate, ctx)]
    if not later or len({level_interval(c, ctx).mid for c in later}) > 1:
        return None
    return level_interval(later[0], ctx), [claim_evidence(later[0])], label(candidate)


def stated_wholes(rel, pct, part, candidate: str, ctx: Context) -> tuple[list, list]:
    """The claims that may state the whole `candidate` (may_state_whole): those on the share's line before the
    part, and those of exactly that metric on lines before."""
    texts = [c for c in ctx.claims if may_state_whole(c, rel, part, candidate, ctx)]
    same_line = [c for c in texts if c.line == pct.line and int(c.id[1:]) < int(part.id[1:])]
    earlier = [c for c in texts if c.line < pct.line and c.metric == candidate]
    return same_line, earlier


def may_state_whole(c, rel, part, candidate: str, ctx: Context) -> bool:
    """Whether claim `c` may state the whole `candidate` of a share: a sure, exact amount of the part's role (not
    the part, one of its siblings or a unit slip) of that metric, of a metric it is broader than, or named as
    the share names its whole."""
    if c.kind != "amount" or c.role != part.role or c.confidence < 0.8 or c.quantity.approx:
        return False
    if c.id in ctx.unit_slips or c.id == part.id or c.id in rel.inputs.get("siblings", ()):
        return False
    return c.metric == candidate or broader(c.metric) == candidate or bool(rel.whole_text and c.subject.endswith(rel.whole_text))


def parts_on_line(ctx: Context, metric, pct, part) -> list:
    """Every definitional part of the whole (tables.json partitions: 三公 = 出国 + 公车 + 接待) stated once on the
    share's line with the part's role: together they are the whole the text names but does not state
    (`“三公”经费预算支出中，因公出国（境）费支出76万元，占“三公”经费的11.24%；公务用车…156.60万元…；公务接待费…443.50万元`)."""
    names = partition_parts(metric)
    if not names or part.metric not in names:
        return []
    found = []
    for name in names:
        stated = [c for c in ctx.claims if c.line == pct.line and c.kind == "amount" and c.metric == name
                  and c.role == part.role and not c.quantity.approx and c.id not in ctx.unit_slips]
        if len(stated) != 1:
            return []
        found.extend(stated)
    return found


def check(ctx: Context) -> RuleResult:
    marks = Marks()
    out = check_share_sums(ctx, marks)
    read: list[StatedNames] = []

    def stated_names() -> StatedNames:              # read once, and only when a share names an unknown whole
        if not read:
            read.append(StatedNames(ctx))
        return read[0]

    by_name: dict[tuple, list] = {}
    balancing: Optional[Balancing] = None                # read once, at the first share one unit off
    for rel in ctx.relations_of("share"):
        pct = ctx.claim(rel.target)
        part = ctx.claim(rel.inputs["part"])
        if pct.quantity.approx or part.quantity.approx:
            continue
        whole, evidence, whole_name = resolve_whole(rel, pct, ctx, stated_names)
        if whole is None:
            if rel.whole_text and rel.whole_metric is None:
                by_name.setdefault((rel.whole_text, pct.year), []).append(rel)
            continue
        share = ratio(level_interval(part, ctx), whole)
        if share is None:
            continue
        share = share.scale(HUNDRED)
        stated = pct.quantity
        if agrees(stated.value, stated.decimals, share):
            marks.mark([pct.id, part.id], "consistent")
            continue
        severity = severity_of_miss(stated.value, stated.decimals, share)
        balancing = balancing or Balancing(ctx)
        balanced = balancing.note(pct, part) if severity == "warning" else ""
        if severity == "warning" and not balanced and balancing.siblings_balance(rel):
            continue                      # one unit off in a list, one part a line, whose shares make exactly 100%:
                                          # the publisher's balancing (tests/golden/real_numeric_verdicts.jsonl)
        if balanced:
            severity = "info"             # worth a look, not a contradiction (CONTRACT.md)
        marks.mark([pct.id], "contradicted")
        expected = best_value(share, max(stated.decimals, 2))
        out.append(finding(
            "share", severity,
            messages.SHARE_MISMATCH(part=part.text, whole=whole_name, expected=expected, stated=stated.value,
                                    balanced=balanced),
            "rounding" if severity_of_miss(stated.value, stated.decimals, share) == "warning" else None,
            pct, f"{expected}%", [claim_evidence(part)] + evidence, [pct, part]))
    for rels in by_name.values():
        out.extend(check_implied_wholes(ctx, rels, marks))
    return marks.result(out)


def implied_whole(part: Interval, stated, decimals: int) -> Optional[Interval]:
    """The wholes a part and its stated share allow (the share rounded or truncated at its precision).

    >>> w = implied_whole(Interval(Decimal("52.805"), Decimal("52.815")), Decimal("19.8"), 1)
    >>> (round(w.lo, 2), round(w.hi, 2))
    (Decimal('265.35'), Decimal('267.42'))
    """
    share = printed_or_cut(stated, decimals).scale(1 / HUNDRED)
    lo, hi = share.lo, share.hi
    if lo <= 0:
        return None
    return Interval(part.lo / hi, part.hi / lo)


def check_implied_wholes(ctx: Context, rels: list, marks: Marks) -> list[Finding]:
    """Shares of one whole named but not stated (`占财政支出总量的19.8%` in several sentences): each part
    and its share imply the whole. Where all but one agree on it (at least two of them) and the one
    implies a whole none of them allows, that share is reported with the share the others' whole gives."""
    if len(rels) < 3:
        return []
    implied = []
    for rel in rels:
        pct, part = ctx.claim(rel.target), ctx.claim(rel.inputs["part"])
        if pct.quantity.approx or part.quantity.approx or part.quantity.unit != ctx.claim(rels[0].inputs["part"]).quantity.unit:
            return []
        whole = implied_whole(level_interval(part, ctx), pct.quantity.value, pct.quantity.decimals)
        if whole is None:
            return []
        implied.append((rel, pct, part, whole))
    out = []
    for index, (rel, pct, part, whole) in enumerate(implied):
        others = [w for i, (_, _, _, w) in enumerate(implied) if i != index]
        lo, hi = max(w.lo for w in others), min(w.hi for w in others)
        if lo > hi or (whole.lo <= hi and lo <= whole.hi):
            continue                          # the others disagree among themselves, or this one fits
        consensus = Interval(lo, hi)
        share = ratio(level_interval(part, ctx), consensus)
        if share is None:
            continue
        share = share.scale(HUNDRED)
        marks.mark([pct.id], "contradicted")
        expected = best_value(share, max(pct.quantity.decimals, 1))
        evidence = [claim_evidence(part)] + [claim_evidence(p) for i, (_, p, _, _) in enumerate(implied) if i != index]
        out.append(finding(
            "share", "error",
            messages.SHARE_IMPLIED_WHOLE(count=len(others), whole=rel.whole_text,
                                         value=best_value(consensus.scale(1 / UNIT_FACTOR[part.quantity.unit]), 2),
                                         unit=part.quantity.unit, part=part.text, expected=expected,
                                         stated=pct.quantity.value),
            "stale_figure", pct, f"{expected}%", evidence, [pct, part]))
    return out


class Balancing:
    """Which shares a publisher balanced to make exactly 100%, read once per document: the lines whose shares
    add to 100% (13.77 + 80.92 + 5.31), the lists one part a line whose shares of one whole do, and each share
    by its printed figure and its part's, to find a share restated elsewhere."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        by_line: dict[int, list[Decimal]] = {}
        for c in ctx.claims:
            if c.kind == "share":
                by_line.setdefault(c.line, []).append(c.quantity.value)
        self.balanced_lines = {line for line, values in by_line.items() if adds_to_hundred(values)}
        groups: dict[tuple, list[Decimal]] = {}
        self.restated: dict[tuple, list] = {}
        for rel in ctx.relations_of("share"):
            pct = ctx.claim(rel.target)
            key = sibling_key(rel)
            if key is not None:
                groups.setdefault(key, []).append(pct.quantity.value)
            self.restated.setdefault((pct.quantity.value, ctx.claim(rel.inputs["part"]).quantity.value),
                                     []).append((pct, rel))
        self.balanced_groups = {key for key, values in groups.items() if adds_to_hundred(values)}

    def line_balances(self, pct) -> bool:
        """The shares of the line add to exactly 100%: a share one unit off is then likely the publisher's
        rounding to close the total."""
        return pct.line in self.balanced_lines

    def siblings_balance(self, rel) -> bool:
        """The shares of every part of the same stated whole, or of a whole named alike that the lexicon does
        not know (a list one part per line), add to exactly 100%: a share one unit off is then the publisher's
        balancing, left unreported (read by hand on the Jiangsu 预算: each such share is an accepted adjustment,
        not a slip)."""
        return sibling_key(rel) in self.balanced_groups

    def note(self, pct, part) -> str:
        """The note of a share one unit off that the publisher likely rounded to close 100%: its line's shares
        add to exactly 100%, or it restates such a share (the same part and the same printed share, on a line
        that balances or in a list one part a line that does); '' otherwise. Such a finding is `info`, worth a
        look, never a contradiction: read by hand, each of them on the web and real corpora was the
        publisher's balancing."""
        if self.line_balances(pct):
            return messages.BALANCED_TO_HUNDRED()
        for restated, rel in self.restated.get((pct.quantity.value, part.quantity.value), []):
            if restated.line != pct.line and (self.line_balances(restated) or self.siblings_balance(rel)):
                return messages.RESTATES_BALANCED(line=restated.line)
        return ""


def sibling_key(rel) -> Optional[tuple]:
    """What the shares of one list one part a line have in common: their stated whole, or the name of a whole
    the lexicon does not know (占总收入的…); None for neither."""
    if "whole" in rel.inputs:
        return ("whole", rel.inputs["whole"])
    if rel.whole_text and rel.whole_metric is None:
        return ("named", rel.whole_text)
    return None


def adds_to_hundred(values: list[Decimal]) -> bool:
    return len(values) >= 2 and sum(values, Decimal(0)) == HUNDRED


def check_share_sums(ctx: Context, marks: Marks) -> list[Finding]:
    """The shares of a paired list whose amounts make up the whole add to 100% (each stated share taken as
    rounded or truncated at its printed precision)."""
    out = []
    for rel in ctx.relations_of("share_sum"):
        shares = [ctx.claim(c) for c in rel.inputs["parts"]]
        amounts = [ctx.claim(c) for c in rel.inputs["amounts"]]
        whole = ctx.claim(rel.inputs["whole"])
        if any(c.quantity.approx for c in shares + amounts + [whole]):
            continue
        summed_amounts = total(level_interval(a, ctx) for a in amounts)
        stated_whole = level_interval(whole, ctx)
        if not (summed_amounts.lo <= stated_whole.hi and stated_whole.lo <= summed_amounts.hi):
            continue                          # the list is not the whole: its shares need not add to 100
        summed = total(printed_or_cut(c.quantity.value, c.quantity.decimals) for c in shares)
        if summed.lo <= HUNDRED <= summed.hi:
            marks.mark([c.id for c in shares], "consistent")
            continue
        marks.mark([c.id for c in shares], "contradicted")
        listing = "+".join(f"{c.quantity.value}%" for c in shares)
        stated_sum = sum((c.quantity.value for c in shares), Decimal(0))
        out.append(finding("sum", "error",
                           messages.SHARES_NOT_HUNDRED(listing=listing, summed=stated_sum,
                                                       amounts='+'.join(str(a.quantity.value) for a in amounts),
                                                       unit=whole.quantity.unit, whole=whole.quantity.value), None, shares[0], "100%",
                           [claim_evidence(c) for c in shares[1:] + amounts + [whole]], shares + amounts + [whole]))
    return out

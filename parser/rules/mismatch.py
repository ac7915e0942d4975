"""Rule `mismatch`: one quantity given two different values in two places.

Text ↔ table (same metric, role and year), text ↔ text, and table ↔ table (the
function classes of 01 and 03, the totals every standard table repeats).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from typing import cast

import regex

from parser.datatypes import Claim, Finding
from parser.lexicon import function_class_names, load_cues
from parser.narrative.drafts import EXPLANATION
from parser.patterns import ITEM_BREAK, SENTENCE_END
from parser.rules import change as change_rule
from parser.rules import messages
from parser.rules.common import (
    UNIT_FACTOR,
    Context,
    Marks,
    RuleResult,
    cell_finding,
    cell_of,
    claim_evidence,
    fact_evidence,
    fact_yuan,
    finding,
    label,
    words_before,
    yuan_interval,
)
from parser.rules.transposed import adjacent_swaps
from parser.tabular.facts import table_config
from parser.tolerance import Interval, agrees, best_value, printed, total

DIRECT_CONFIDENCE = 0.8
BASIC_TABLE_TOTALS = {"personnel_expenses", "public_expenses", "general_budget_basic_expenditure", "basic_expenditure"}
PROJECT_LEVEL = {"budget_revenue", "annual_funds", "staff_establishment", "staff_actual"}


def same_amount(a_yuan, value: Decimal, decimals: int, unit: str) -> bool:
    factor = UNIT_FACTOR[unit]
    return agrees(value, decimals, a_yuan.scale(1 / factor))


def check(ctx: Context) -> RuleResult:
    marks = Marks()
    said = text_vs_tables(ctx, marks) + text_vs_text(ctx, marks)
    return marks.result(said + swapped_namesakes(ctx, marks, {c for f in said for c in f.claims})
                        + budget_bases(ctx, marks) + repeated_counts(ctx, marks) + recounted(ctx) + table_vs_table(ctx)
                        + combined_rows(ctx) + restated_changes(ctx, marks))


NAME_RUN = regex.compile(r"[\u4e00-\u9fa5“”]+$")
NAME_OPENERS = regex.compile(r"^.*(?:其中|万元|亿元|千元|元)")    # a list's 其中, the unit of the figure before
NAME_PLACE = regex.compile(r"^年?度?(?:[\u4e00-\u9fa5]{2,3}省|[全本我][省市区县])?")  # (2022)年云南省…, 全省…
MIN_NAMESAKE_CHARS = 4


def namesake(claim: Claim) -> str:
    """The name a figure is stated under: the Chinese words right before it, after its list's 其中 or the
    unit of the figure before, without the words that name nothing (cues.json amount_label_fillers).

    >>> from parser.datatypes import Quantity
    >>> q = Quantity(Decimal("411.6"), "亿元", 1, False, "411.6亿元", (0, 0), "amount")
    >>> c = Claim(id="c", text="公共预算支出483亿元其中民生支出为411.6亿元", subject="", metric=None, kind="amount",
    ...           role="actual", year=None, quantity=q, line=1, page=None, sentence="")
    >>> namesake(c)
    '民生支出'
    >>> from dataclasses import replace
    >>> namesake(replace(c, text="2022年云南省教育经费总投入411.6亿元")), namesake(replace(c, text="全省教育经费总投入为411.6亿元"))
    ('教育经费总投入', '教育经费总投入')
    """
    return name_of(words_before(claim))


def name_of(words: str) -> str:
    """The name ending `words`, as namesake reads it.

    >>> name_of("2023年全镇一般财政公共总收入实现")
    '全镇一般财政公共总收入'
    """
    m = NAME_RUN.search(words.rstrip(" \u3000"))
    name = NAME_PLACE.sub("", NAME_OPENERS.sub("", m.group(0))) if m else ""
    fillers = sorted(load_cues()["amount_label_fillers"], key=len, reverse=True)
    for _ in range(len(fillers)):
        word = next((w for w in fillers if name.endswith(w) and len(name) > len(w)), None)
        if word is None:
            break
        name = name[:-len(word)]
    return name


def without_role_words(name: str) -> str:
    """A name without the words that give a figure's role (cues.json role_cues, less 支出 and 开支, which end
    the names of things: 民生支出).

    >>> without_role_words("实际支出"), without_role_words("民生支出"), without_role_words("年初预算数")
    ('', '民生支出', '')
    """
    for cue in sorted((c for c, _ in load_cues()["role_cues"] if c not in ("支出", "开支")), key=len, reverse=True):
        name = name.replace(cue, "")
    return name


def swapped_namesakes(ctx: Context, marks: Marks, reported: set) -> list[Finding]:
    """One name stated twice with figures two adjacent digits apart (`民生支出411.6亿元` … `民生支出141.6亿元`),
    where no metric of the lexicon compares them: the same words right before both figures (four characters
    or more besides role words), the same role, year and headings (any headings for the name of a 功能分类 类,
    lexicon function_class_names), fund and level words that do not conflict,
    and a figure of at least three significant digits. Two things of one name rarely differ by one swap; a typing slip does."""
    sections = sections_by_line(ctx)
    cut = cut_names(ctx)
    seen: dict[tuple, list[tuple[Claim, frozenset, frozenset]]] = defaultdict(list)
    out: list[Finding] = []
    for claim in ctx.claims:
        q = claim.quantity
        if claim.kind != "amount" or q.approx or q.unit not in UNIT_FACTOR or not q.value or claim.id in reported \
                or claim.id in ctx.unit_slips or in_explanation(ctx.document.lines[claim.line - 1][:q.span[1]]):
            continue
        opens_line = LINE_NAME.fullmatch(ctx.document.lines[claim.line - 1][:q.span[0]]) is not None
        name = name_of(cut.get(claim.line, "") + words_before(claim)) if opens_line else namesake(claim)
        if len(name) < MIN_NAMESAKE_CHARS or len(without_role_words(name)) < MIN_NAMESAKE_CHARS:
            continue                          # `实际支出130万元` names a role, not a thing
        line = ctx.document.lines[claim.line - 1]
        section = sections.get(claim.line, ())
        words = scope_qualifiers(" ".join(section) + " " + line[:q.span[0]])
        key = (name, q.unit, claim.role, claim.year,       # (each project's report under its own heading; a 类 of
               () if name in function_class_names() else section,     # the 功能分类 is one thing whatever the heading)
               period_of(line, q.span[0]))
        first = next((c for c, w, swaps in seen[key] if (w <= words or words <= w) and q.value in swaps), None)
        seen[key].append((claim, words, frozenset(adjacent_swaps(q.value))))    # (each figure's swaps made once)
        if first is None or any(c.quantity.value == q.value for c, _, _ in seen[key][:-1]):
            continue                          # (a figure also stated as printed elsewhere: that statement stands)
        at, against = likelier_slip(ctx, first, claim)
        marks.mark([at.id], "contradicted")
        out.append(finding("mismatch", "warning",
                           messages.TEXT_TEXT(metric=name, first_line=first.line,
                                              first=f"{first.quantity.value}{first.quantity.unit}", line=claim.line,
                                              value=f"{q.value}{q.unit}", note=messages.DIGITS_SWAPPED()),
                           "transposed_digits", at, f"{against.quantity.value}{against.quantity.unit}",
                           [claim_evidence(against)], [at, against]))
    return out


LINE_NAME = regex.compile(r"[ \u3000]*[\u4e00-\u9fa5“”]+[ \u3000]*")      # a line opening with a name, then the figure


def cut_names(ctx: Context) -> dict[int, str]:
    """Line → the start of a name a line break cut off (`…5,806,105.16 元、社会` / `保障和就业支出 557,718.56 元`):
    the Chinese words ending the sentence of the line before that runs on into the line."""
    out: dict[int, str] = {}
    for paragraph in ctx.paragraphs:
        for before, sentence in zip(paragraph.sentences, paragraph.sentences[1:]):
            if before.continuation and sentence.line > before.line and (m := NAME_RUN.search(before.text.rstrip(" \u3000"))):
                out[sentence.line] = m.group(0)
    return out


def combined_rows(ctx: Context) -> list[Finding]:
    """A 基础数据表 row adding items (会议费、培训费) against the same items elsewhere: its 决算数 against the 基本支出
    table (公开06表), whose 公用经费 scope the 基础数据表 shares (an item 06 leaves empty counts 0); its 预算数
    against the budgets the text gives each item (`会议费年初预算0.5万元`)."""
    out = []
    basic = [f for f in ctx.facts if f.role == "actual" and kind_of(ctx, f.table) == "general_budget_basic"]
    for combined in (f for f in ctx.facts if f.metric.startswith("sum:")):
        metrics = combined.metric[4:].split("+")
        if combined.role == "actual":
            found = [(printed(p.value, p.decimals), fact_evidence(p))
                     for p in (next((f for f in basic if f.metric == m), None) for m in metrics) if p is not None]
            where = "公开06表同口径各项之和"
        elif combined.role.startswith("budget"):
            budgets = [next((c for c in candidates(ctx) if c.metric == m and c.role.startswith("budget")), None)
                       for m in metrics]
            known = [c for c in budgets if c is not None]
            found = [] if len(known) < len(budgets) else [
                (cast(Interval, yuan_interval(c)).scale(1 / UNIT_FACTOR[combined.unit or "万元"]), claim_evidence(c))
                for c in known]
            where = "文中各项预算之和"
        else:
            continue
        if not found:
            continue
        summed = total(interval for interval, _ in found)
        decimals = combined.decimals if combined.value else 2
        if agrees(combined.value, decimals, summed) if combined.value else summed.lo <= 0:
            continue                          # (a printed 0 is nothing at all, not 0 ± 0.5)
        expected = best_value(summed, max(decimals, 2))
        out.append(cell_finding("mismatch", "warning",
                                messages.COMBINED_ROW(row=combined.row, table=combined.table, column=combined.col,
                                                      stated=combined.value, where=where, expected=expected),
                                "scope", cell_of(ctx, combined),
                                str(combined.value), str(expected),
                                [fact_evidence(combined)] + [evidence for _, evidence in found]))
    return out


COUNTED_PHRASE = 8                    # chars of the counted noun phrase that must repeat word for word


def counted_phrase(claim, line: str):
    """The noun phrase a count counts (`12 所市直学校网络安全…` → 市直学校网络安全), asides removed."""
    tail = regex.sub(r"[（(][^）)]{0,30}[）)]", "", line[claim.quantity.span[1]:claim.quantity.span[1] + 60])
    m = regex.match(r"[\u4e00-\u9fa5]{%d,}" % COUNTED_PHRASE, tail)
    return m.group(0)[:COUNTED_PHRASE] if m else None


def repeated_counts(ctx: Context, marks: Marks) -> list[Finding]:
    """One line counting the same thing twice with two numbers: `12 所市直学校…测评` … `11 所市直学校…测评`."""
    out: list[Finding] = []
    seen: dict[tuple, Claim] = {}
    for claim in ctx.claims:
        if claim.kind != "count" or claim.quantity.approx:
            continue
        phrase = counted_phrase(claim, ctx.document.lines[claim.line - 1])
        if phrase is None:
            continue
        key = (claim.line, claim.quantity.unit, phrase)
        first = seen.setdefault(key, claim)
        if first is not claim and first.quantity.value != claim.quantity.value:
            marks.mark([claim.id], "contradicted")
            q = claim.quantity
            out.append(finding("mismatch", "warning",
                               messages.COUNT_REPEATED(first=first.quantity.value, unit=q.unit, phrase=phrase, value=q.value),
                               "stale_figure", claim, f"{first.quantity.value}{q.unit}", [claim_evidence(first)],
                               [claim, first]))
    return out


COUNTED_NOUN_CHARS = 4                # chars of the noun right before a count that must repeat (行政许可8件)
COUNTED_NOUN = regex.compile(r"([\u4e00-\u9fa5]{%d})\s*$" % COUNTED_NOUN_CHARS)


def recounted(ctx: Context) -> list[Finding]:
    """Two lines of one section counting the same thing for the same year with two numbers:
    `受理行政许可8件` … `受理、办结行政许可9件`. Which is right the text does not tell: both are reported."""
    sections = {s.line: p.section[:2] for p in ctx.paragraphs for s in p.sentences}
    out: list[Finding] = []
    seen: dict[tuple, Claim] = {}
    for claim in ctx.claims:
        if claim.kind != "count" or claim.quantity.approx:
            continue
        m = COUNTED_NOUN.search(ctx.document.lines[claim.line - 1][:claim.quantity.span[0]])
        if m is None:
            continue
        key = (sections.get(claim.line, ()), m.group(1), claim.quantity.unit, claim.year, claim.role)
        first = seen.setdefault(key, claim)
        if first.line == claim.line or first.quantity.value == claim.quantity.value:
            continue
        for one, other in ((first, claim), (claim, first)):
            out.append(finding("mismatch", "warning",
                               messages.COUNT_RECOUNTED(first_line=first.line, noun=m.group(1),
                                                        first=f"{first.quantity.value}{first.quantity.unit}",
                                                        line=claim.line, value=f"{claim.quantity.value}{claim.quantity.unit}"),
                               "stale_figure", one, f"{other.quantity.value}{other.quantity.unit}",
                               [claim_evidence(other)], [one, other]))
    return out


def candidates(ctx: Context):
    for c in ctx.claims:
        if is_candidate(ctx, c):
            yield c


def is_candidate(ctx: Context, c: Claim) -> bool:
    """An amount stated directly of a known metric, of the document's year or the prior one."""
    q = c.quantity
    if c.kind != "amount" or q.approx or not c.metric or q.unit not in UNIT_FACTOR \
            or in_explanation(ctx.document.lines[c.line - 1][:q.span[1]]):
        return False
    if c.id in ctx.unit_slips or c.confidence < DIRECT_CONFIDENCE:
        return False
    if c.year is not None and ctx.year is not None and c.year != ctx.year and c.role != "prior_year":
        return False
    return True


def table_facts(ctx: Context, claim: Claim) -> list:
    """The table figures of a claim's metric and role (an item named with its code: only that row)."""
    if claim.metric is None:
        return []
    facts = ctx.facts_for(claim.metric, claim.role)
    if claim.scope:
        facts = [f for f in facts if f.scope == claim.scope] or [f for f in facts if not f.scope]
    return facts


def against_tables(ctx: Context, claim: Claim) -> bool:
    """Whether the tables contradict a claim as text_vs_tables reads it: none of its table figures agrees, and
    they are not those of 公开06表, narrower in scope (only worth an `info`)."""
    facts = table_facts(ctx, claim) if is_candidate(ctx, claim) else []
    q = claim.quantity
    if not facts or any(same_amount(fact_yuan(f), q.value, q.decimals, q.unit) for f in facts):
        return False
    return not (kind_of(ctx, facts[0].table) == "general_budget_basic" and claim.metric not in BASIC_TABLE_TOTALS)


def text_vs_tables(ctx: Context, marks: Marks) -> list[Finding]:
    """A figure against the table cell of its metric and role. Where the text's figure is a part of a total
    it adds up to (`“三公”经费6.01万元，其中：…运行维护费4.98万元、公务接待费1.03万元`), the cell is the likelier
    slip (unless the total too disagrees with the tables): it is reported too, at its own line."""
    out = []
    total_of = {p: rel.target for rel in ctx.relations_of("sum") for p in rel.inputs["parts"]}
    for claim in candidates(ctx):
        facts = table_facts(ctx, claim)
        if not facts:
            continue
        q = claim.quantity
        if any(same_amount(fact_yuan(f), q.value, q.decimals, q.unit) for f in facts):
            marks.mark([claim.id], "consistent")
            continue
        f = facts[0]
        narrower = kind_of(ctx, f.table) == "general_budget_basic" and claim.metric not in BASIC_TABLE_TOTALS
        if narrower:                 # 06 holds only 财政拨款 basic spending; the text's 会议费 may include more
            out.append(finding("mismatch", "info",
                               messages.SCOPE_MAY_DIFFER(metric=label(claim.metric), stated=f"{q.value}{q.unit}",
                                                         table=f.table, line=f.line, value=f"{f.value}{f.unit}"),
                               "scope", claim, f"{f.value}{f.unit}", [fact_evidence(x) for x in facts[:3]], [claim]))
            continue
        marks.mark([claim.id], "contradicted")
        out.append(finding("mismatch", "error" if not claim.metric.startswith("item:") else "warning",
                           messages.TEXT_TABLE(metric=label(claim.metric), stated=f"{q.value}{q.unit}", table=f.table,
                                               line=f.line, value=f"{f.value}{f.unit}"),
                           None, claim, f"{f.value}{f.unit}", [fact_evidence(x) for x in facts[:3]], [claim]))
        total = ctx.by_id.get(total_of.get(claim.id, ""))
        if total is not None and ctx.text_verdicts.get(total.id) == "consistent" and not against_tables(ctx, total) \
                and len(facts) == 1:     # the text's parts add up to a total the tables do not contradict
            cell = cell_of(ctx, f)
            marks.mark_cells([cell], "contradicted")
            out.append(cell_finding("mismatch", "warning",
                                    messages.CELL_AGAINST_TEXT(table=f.table, row=f.row, value=f"{f.value}{f.unit}",
                                                               line=claim.line, stated=f"{q.value}{q.unit}"), None, cell,
                                    str(f.value), f"{q.value}", [fact_evidence(f), claim_evidence(claim)]))
    return out


def text_vs_text(ctx: Context, marks: Marks) -> list[Finding]:
    """The same metric stated twice in the text with two values. The first statement is compared with the
    later ones whose fund and government-level words do not conflict with its own (one set holds the
    other: an unqualified 三公 budget and the 一般公共预算 section's one are one figure)."""
    out = []
    groups = defaultdict(list)
    sections = sections_by_line(ctx)
    qualifiers = {}
    for claim in candidates(ctx):
        if claim.metric.startswith("item:") and not claim.scope or claim.metric in PROJECT_LEVEL:
            continue
        if claim.quantity.value == 0 or is_narrowed(claim, ctx.document.lines[claim.line - 1]) or is_part_of_other_scope(ctx, claim):
            continue                          # a narrower scope than the metric's own: not the same figure
        line = ctx.document.lines[claim.line - 1]
        qualifiers[claim.id] = scope_qualifiers(" ".join(sections.get(claim.line, ())) + " "
                                                + line[:claim.quantity.span[0]])
        period = period_of(line, claim.quantity.span[0])       # (a quarter's figure is not the year's)
        groups[(claim.metric, claim.scope, claim.role, claim.year, period)].append(claim)

    def compatible(a, b) -> bool:             # neither names a fund or part the other does not; the same level
        return qualifiers_agree(qualifiers[a.id], qualifiers[b.id])

    for (metric, scope, role, _, _), claims in groups.items():
        for index, other in enumerate(claims[1:], 1):
            first = next((c for c in claims[:index] if compatible(c, other)), None)
            if first is None or other.line == first.line and not scope:
                continue
            q = other.quantity
            if same_amount(yuan_interval(first), q.value, q.decimals, q.unit):
                continue
            if ctx.facts_for(metric, role):
                continue                      # the table comparison speaks for it
            swapped = q.unit == first.quantity.unit and q.value in adjacent_swaps(first.quantity.value)
            cause = "transposed_digits" if swapped else "stale_figure"
            note = messages.DIGITS_SWAPPED() if swapped else ""
            at, against = likelier_slip(ctx, first, other)
            marks.mark([at.id], "contradicted")
            out.append(finding("mismatch", "warning",
                               messages.TEXT_TEXT(metric=label(metric), first_line=first.line,
                                                  first=f"{first.quantity.value}{first.quantity.unit}", line=other.line,
                                                  value=f"{q.value}{q.unit}", note=note), cause, at,
                               f"{against.quantity.value}{against.quantity.unit}", [claim_evidence(against)],
                               [at, against]))
            break
    return out


def likelier_slip(ctx: Context, first, other):
    """Of two statements of one figure with two values, the one to report (and the other, its evidence): the
    first when what the text alone says (parser.rules.prepass) finds it wrong or finds the later one right and
    not the reverse (`合计X，其中基本支出A…` adding up only with the later statement's A), or, where that says
    nothing of either, when only the first's own change follows from the other's figure and not from its own;
    else the later one."""
    def state(claim):
        return ctx.text_verdicts.get(claim.id)
    if state(first) == "contradicted" and state(other) != "contradicted" \
            or state(other) == "consistent" and state(first) not in ("consistent", "contradicted"):
        return first, other
    if state(first) is None and state(other) is None and repaired_change(ctx, first, other) \
            and not repaired_change(ctx, other, first):
        return first, other                    # its own change follows from the twin's figure, not from its own
    return other, first


def repaired_change(ctx: Context, level: Claim, twin: Claim) -> bool:
    """A change of the text recomputed from `level` (`X 元,同比增加 D 元,增长 p%`) does not follow from it but
    does from `twin`'s figure (the change rule's reading): the level, not the change, is the slip."""
    own = tuple(rel for rel in ctx.relations_of("change") if rel.inputs.get("current") == level.id)
    if not own or not change_rule.check(replace(ctx, relations=own)).findings:
        return False
    swapped = tuple(replace(c, quantity=twin.quantity) if c.id == level.id else c for c in ctx.claims)
    return not change_rule.check(replace(ctx, relations=own, claims=swapped)).findings


def in_explanation(before: str) -> bool:
    """The figure ending `before` (its line up to it) stands in an explanation (`主要原因是…分流469.5万元`, or a
    later point of one: `主要原因一是…；二是…增加M万元`): one component of a change, not another statement
    of its metric.

    >>> in_explanation("人大会议支出1469.73万元，主要原因是增加了专项经费200万元")
    True
    >>> in_explanation("主要原因一是划转240万元办案费；二是增加了科目分流469.5万元")
    True
    >>> in_explanation("主要原因是人员增加。公务接待费支出16万元")
    False
    """
    marker = max((m.start() for m in EXPLANATION.finditer(before)), default=-1)
    if marker < 0:
        return False
    breaks = [m for m in ITEM_BREAK.finditer(before) if m.start() > marker]
    # every break since the cue must open the explanation's next point (；二是…)
    return all(m.group() != "。" and NEXT_POINT.match(before, m.end()) for m in breaks)


def is_narrowed(claim, line_text: str) -> bool:
    """`涉外的公务接待费140万元`, `其他公务接待费517.42万元`, `除专项接待费外的公务接待费`: a modifier names a
    part of the metric."""
    if not claim.subject:
        return False
    if EXCEPT.search(line_text):
        return True
    local = claim.sentence.find(claim.subject)
    return local > 0 and (claim.sentence[local - 1] == "的" or claim.sentence[:local].endswith(("其他", "另")))


NEXT_POINT = regex.compile(r"\s*(?:[二三四五六七八九十]是|其次|再次|此外|另外)")
EXCEPT = regex.compile(r"除[^，,；;。]{1,20}(?:外|以外)")
LIST_CONTINUES = regex.compile(r"[；;，,]\s*$")
LIST_OPENS = regex.compile(r"其中\s*[:：]?\s*$")
MAX_LIST_LINES = 12


def list_head(ctx: Context, claim):
    """The whole a 其中 part belongs to: the last amount before 其中 in its line, or in the line that
    opens the list when the parts run over several lines (`…1398.99亿元。其中：` / `省本级…；` / `市县级…`)."""
    line = ctx.document.lines[claim.line - 1]
    marker = line[:claim.quantity.span[0]].rfind("其中")
    if marker >= 0:
        head = [c for c in ctx.claims if c.line == claim.line and c.quantity.span[1] <= marker and c.kind == "amount"]
        return head[-1] if head else None
    number = claim.line - 1
    while number >= 1 and claim.line - number <= MAX_LIST_LINES:
        previous = ctx.document.lines[number - 1]
        if LIST_OPENS.search(previous):
            head = [c for c in ctx.claims if c.line == number and c.kind == "amount"]
            return head[-1] if head else None
        if not LIST_CONTINUES.search(previous):
            return None
        number -= 1
    return None


def is_part_of_other_scope(ctx: Context, claim) -> bool:
    """A 其中 part that is a sub-scope of the metric: its whole has the same metric (`贵州省一般公共预算收入X，
    其中：省本级一般公共预算收入Y`), or the part is the template's split of another whole (`机关事业单位基本养老保险
    缴费支出150384元，其中：基本支出150384元`: that item's 基本支出, not the department's)."""
    head = list_head(ctx, claim)
    if head is None:
        return False
    if head.metric == claim.metric:
        return True
    if head.metric is None and names_a_whole(words_before(head)):
        return False                          # `2016年度总收入X，其中：财政拨款收入A`: the whole, not another's split
    wholes = {p["whole"] for p in table_config()["partitions"] if claim.metric in p["parts"]}
    return bool(wholes) and head.metric not in wholes


def names_a_whole(words: str) -> bool:
    """Whether the words before a figure end naming a total (cues.json whole_words: 总收入, 合计 …).

    >>> names_a_whole("2016年度总收入"), names_a_whole("机关事业单位基本养老保险缴费支出 ")
    (True, False)
    """
    return whole_name().search(words) is not None


@lru_cache(maxsize=1)
def whole_name() -> regex.Pattern:
    words = sorted(load_cues()["whole_words"], key=len, reverse=True)
    return regex.compile(r"(?:%s)\s*(?:为|是|共计|达)?\s*$" % "|".join(map(regex.escape, words)))


def sections_by_line(ctx: Context) -> dict[int, tuple[str, ...]]:
    return {s.line: s.section for p in ctx.paragraphs for s in p.sentences}


def scope_qualifiers(text: str) -> frozenset[str]:
    """The fund and government level words of a sentence and its headings (cues.json scope_qualifiers):
    two figures of one metric are compared only under the same ones (收入合计 of 一般公共预算 and of
    政府性基金 are two totals).

    >>> sorted(scope_qualifiers("全区政府性基金上年结余26.38亿元，收入合计42.5亿元"))
    ['全区', '政府性基金']
    """
    names, patterns = qualifier_vocabulary()
    words = {w for w in names if w in text}
    words.update(m.group(0) for p in patterns for m in p.finditer(text))
    return frozenset(words)


def qualifiers_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two figures' scope words allow one figure: one set of fund words holds the other (an unqualified 三公
    budget and the 一般公共预算 section's are one), and both name the same government level or neither does
    (`一般公共预算支出1000亿元` and `市本级一般公共预算支出300亿元`: the unqualified one may be 全市's).

    >>> qualifiers_agree(frozenset(), frozenset({"一般公共预算"})), qualifiers_agree(frozenset(), frozenset({"市本级"}))
    (True, False)
    >>> qualifiers_agree(frozenset({"全区", "政府性基金"}), frozenset({"全区"}))
    True
    """
    levels_a, levels_b = {w for w in a if is_level_word(w)}, {w for w in b if is_level_word(w)}
    return levels_a == levels_b and (a <= b or b <= a)


def is_level_word(word: str) -> bool:
    """A government level (全市, 市本级, 本级, 省级, 中央, 地方 …), not a fund.

    >>> is_level_word("市本级"), is_level_word("全区"), is_level_word("政府性基金")
    (True, True, False)
    """
    return word in load_cues()["scope_level_words"] or any(p.fullmatch(word) for p in qualifier_vocabulary()[1])


def period_of(line: str, position: int) -> str:
    """The part of the year a figure's sentence names before it (cues.json period_patterns), '' for none: a
    quarter's or the first five months' figure is not the year's.

    >>> period_of("今年上半年,一般公共预算支出完成2477.2亿元", 20), period_of("2023年收入100万元。1-5月收入40万元", 20)
    ('上半年', '1-5月')
    >>> period_of("一季度收入50万元。全年收入100万元", 16)
    ''
    """
    before = line[:position]
    sentence = before[max(before.rfind(ch) for ch in SENTENCE_END) + 1:]
    found = [m for p in period_patterns() for m in p.finditer(sentence)]
    return max(found, key=lambda m: m.start()).group(0).replace(" ", "") if found else ""


@lru_cache(maxsize=1)
def period_patterns() -> tuple[regex.Pattern, ...]:
    return tuple(regex.compile(p) for p in load_cues()["period_patterns"])


@lru_cache(maxsize=1)
def qualifier_vocabulary() -> tuple[tuple[str, ...], tuple[regex.Pattern, ...]]:
    cues = load_cues()
    return tuple(cues["scope_qualifiers"]), tuple(regex.compile(p) for p in cues["scope_qualifier_patterns"])


UNQUALIFIED_BUDGET = regex.compile(r"预算(?:数)?(?:为|是)?\s*$")
QUALIFIED_BUDGET = regex.compile(r"年初|全年|调整|追加|年中")


def budget_bases(ctx: Context, marks: Marks) -> list[Finding]:
    """The same item's budget stated plainly in one place (`公务接待费支出预算为2.95万元`) and as its
    年初预算 in another (`公务接待费年初预算为4.9万元`) with two values. Unless the budget was adjusted
    during the year (which the text would say) they are one figure; which place is wrong the text does
    not tell, so both are reported."""
    plain, initial = defaultdict(list), defaultdict(list)
    for claim in candidates(ctx):
        prefix = words_before(claim)
        if claim.role == "budget_final" and UNQUALIFIED_BUDGET.search(prefix) and not QUALIFIED_BUDGET.search(prefix):
            plain[(claim.metric, claim.scope, claim.year)].append(claim)
        elif claim.role == "budget_initial":
            initial[(claim.metric, claim.scope, claim.year)].append(claim)
    out = []
    for key, stated in plain.items():
        others = initial.get(key, [])
        if not others or any(same_amount(yuan_interval(a), b.quantity.value, b.quantity.decimals, b.quantity.unit)
                             for a in stated for b in others):
            continue
        a, b = stated[0], others[0]
        if a.line == b.line:
            continue
        for claim, other in ((a, b), (b, a)):
            marks.mark([claim.id], "contradicted")
            out.append(finding("mismatch", "warning",
                               messages.BUDGET_BASES(metric=label(key[0]), line=a.line,
                                                     budget=f"{a.quantity.value}{a.quantity.unit}", initial_line=b.line,
                                                     initial=f"{b.quantity.value}{b.quantity.unit}"),
                               "scope", claim, f"{other.quantity.value}{other.quantity.unit}", [claim_evidence(other)],
                               [claim, other]))
    return out


def table_vs_table(ctx: Context) -> list[Finding]:
    out = []
    by_metric = defaultdict(list)
    for f in ctx.facts:
        by_metric[(f.metric, f.role)].append(f)
    reported = set()
    for (metric, role), facts in by_metric.items():
        if metric.startswith(("class:", "item:")):
            continue
        tables = {f.table for f in facts}
        if len(tables) < 2:
            continue
        base = facts[0]
        for other in facts[1:]:
            if other.table == base.table or (metric, other.table) in reported:
                continue
            if same_amount(fact_yuan(base), other.value, other.decimals, other.unit or "万元"):
                continue                      # (a table in 元 and one in 万元 state the same figure)
            reported.add((metric, other.table))
            cell = cell_of(ctx, other)
            kinds = {kind_of(ctx, base.table), kind_of(ctx, other.table)}
            budget_scope = role != "actual" and "basic_data" in kinds
            out.append(cell_finding("mismatch", "warning" if budget_scope else "error",
                                    messages.TABLE_TABLE(metric=label(metric), table=base.table,
                                                         value=f"{base.value}{base.unit}", other_table=other.table,
                                                         other=f"{other.value}{other.unit}"),
                                    "scope" if budget_scope else None, cell, str(other.value), str(base.value),
                                    [fact_evidence(base), fact_evidence(other)]))
    out.extend(class_rows(ctx))
    return out


def class_rows(ctx: Context) -> list[Finding]:
    """The 支出 classes of 01 against the 类 rows of 03 (names and amounts)."""
    summary = [f for f in ctx.facts if f.metric.startswith("class:") and kind_of(ctx, f.table) == "income_expenditure_summary"]
    detail = [f for f in ctx.facts if f.metric.startswith("class:") and kind_of(ctx, f.table) == "expenditure"]
    if not summary or not detail:
        return []
    detail_by = {f.metric: f for f in detail}
    out = []
    for f in summary:
        other = detail_by.get(f.metric)
        other_value = other.value if other else Decimal(0)
        if agrees(f.value, f.decimals, printed(other_value, other.decimals if other else 2)):
            continue
        cell = cell_of(ctx, f)
        evidence = [fact_evidence(f)] + ([fact_evidence(other)] if other else [])
        where = messages.CLASS_IN_DETAIL(value=other.value) if other else "支出决算表无此类"
        out.append(cell_finding("mismatch", "error",
                                messages.CLASS_ROWS(name=label(f.metric), value=f.value or '空', where=where),
                                None, cell, str(f.value), str(other_value), evidence))
    return out


def kind_of(ctx: Context, table_id: str) -> str:
    return next((t.kind for t in ctx.tables if t.id == table_id), "other")


CLAUSE_BREAK = regex.compile(r"[，,；;。：:！!？?]")
WHOLE_PLACE = regex.compile(r"^(?:本年度?|今年)?(?:[全我本][省市区县镇乡])?")
LINKING = regex.compile(r"^[\s，,]*$")


@lru_cache(maxsize=1)
def change_statement() -> regex.Pattern:
    """`<name><prior-year base><direction>` ending the words before a change percentage (cues.json
    prior_year_bases, growth_directions)."""
    cues = load_cues()
    bases = "|".join(map(regex.escape, sorted(cues["prior_year_bases"], key=len, reverse=True)))
    up, down = ("|".join(map(regex.escape, cues["growth_directions"][d])) for d in ("up", "down"))
    return regex.compile(r"(?P<name>[^，,；;。：:]*?)(?:%s)\s*(?:(?P<up>%s)|(?P<down>%s))\s*了?\s*$" % (bases, up, down))


def bare_name(name: str) -> str:
    """A name without the whole place and year it is said of (`全镇`, `我镇`, `本年`: the document's own).

    >>> bare_name("全镇一般财政公共总收入"), bare_name("乡镇本级财政收入"), bare_name("本年一般公共预算收入")
    ('一般财政公共总收入', '乡镇本级财政收入', '一般公共预算收入')
    """
    return WHOLE_PLACE.sub("", name)


def change_subject(ctx: Context, claim: Claim) -> tuple[str, str, bool] | None:
    """What a change percentage against the prior year is of, its direction and whether the clause names it:
    the name before the base (`一般财政公共收入与去年同期相比增长32.2%`), or, where the clause opens with the
    base, the name of the amount the clause follows (`总收入实现11335万元，同比增长35.24%`). None where either
    is unclear."""
    q = claim.quantity
    line = ctx.document.lines[claim.line - 1]
    before = line[:q.span[0]]
    if any(w in before[before.rfind("。") + 1:] for w in load_cues()["part_year_words"]):
        return None                           # (`1-6月…同比增长`: a part of the year, not the year's change)
    start = max((m.end() for m in CLAUSE_BREAK.finditer(before)), default=0)
    m = change_statement().search(before[start:])
    if m is None or m.start() != 0:
        return None
    direction = "up" if m.group("up") else "down"
    if m.group("name").strip():
        return bare_name(name_of(m.group("name"))), direction, True
    previous = [c for c in ctx.claims if c.line == claim.line and c.kind == "amount" and c.quantity.span[1] <= start]
    if not previous or not LINKING.match(line[previous[-1].quantity.span[1]:start]):
        return None                           # the clause follows no amount directly: its subject is not said
    return bare_name(namesake(previous[-1])), direction, False


HEADING_LIKE = regex.compile(r"^[^。，,；;]{1,40}$")


def heading_between(ctx: Context, first: int, last: int) -> bool:
    """Whether a line between two lines reads as a heading the parser may not have recognised (short, no
    sentence punctuation: `各级教育生均一般公共预算教育事业费支出增长情况`): the two may speak of two things."""
    return any(HEADING_LIKE.match(ctx.document.lines[n - 1].strip()) for n in range(first + 1, last))


def variant(a: str, b: str) -> bool:
    """Two wordings of one name: equal, or one with 总 before its closing 收入/支出 (said in one line only).

    >>> variant("一般财政公共收入", "一般财政公共总收入"), variant("财政收入", "财政支出")
    (True, False)
    """
    return regex.sub(r"总(?=收入$|支出$)", "", a) == regex.sub(r"总(?=收入$|支出$)", "", b)


def restated_changes(ctx: Context, marks: Marks) -> list[Finding]:
    """One revenue's or spending's change against the prior year stated twice with two percentages: the same
    name (four characters or more besides role words, ending 收入/支出/经费), direction, year and headings,
    neither in an explanation nor said of a part of the year (`1-6月`). Lines apart, both clauses must name it
    (`X同比增长…`) and no heading-like line may stand between them; within one line a clause
    may follow its amount (`X实现11335万元，同比增长…`) and X may be worded with or without 总. Which is right
    the text does not tell: the later one is reported."""
    sections = sections_by_line(ctx)
    seen: dict[tuple, list[tuple[Claim, str, bool]]] = defaultdict(list)
    out: list[Finding] = []
    for claim in ctx.claims:
        q = claim.quantity
        if claim.kind != "change_percent" or q.unit != "%" or q.approx \
                or in_explanation(ctx.document.lines[claim.line - 1][:q.span[1]]):
            continue
        subject = change_subject(ctx, claim)
        if subject is None or len(without_role_words(subject[0])) < MIN_NAMESAKE_CHARS \
                or not subject[0].endswith(tuple(load_cues()["restated_change_nouns"])):
            continue                          # (`普通高中为15226.96元，比上年下降4.78%`: which figure of it, unsaid)
        name, direction, named = subject
        key = (direction, claim.year, sections.get(claim.line, ()))
        first = next((c for c, n, by_name in seen[key] if c.line == claim.line and variant(n, name)
                      or n == name and by_name and named and not heading_between(ctx, c.line, claim.line)), None)
        seen[key].append((claim, name, named))
        if first is None:
            continue
        decimals = min(q.decimals, first.quantity.decimals)
        if round(q.value, decimals) == round(first.quantity.value, decimals):
            continue
        marks.mark([claim.id], "contradicted")
        out.append(finding("mismatch", "warning",
                           messages.CHANGE_RESTATED(name=name, first_line=first.line, first=f"{first.quantity.value}%",
                                                    line=claim.line, value=f"{q.value}%"),
                           "stale_figure", claim, f"{first.quantity.value}%", [claim_evidence(first)], [claim, first]))
    return out

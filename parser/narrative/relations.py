"""Drafts → Relations: how a stated figure follows from its neighbours.

The wording links figures (占 → share, 增加…增长 → change, 完成年初预算的 →
completion, 其中/含 → sum); each Relation names what a rule in parser.rules
recomputes and from which claims.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import regex

from parser.datatypes import Sentence
from parser.lexicon import load_cues, read_data
from parser.narrative.drafts import (
    CHANGE_AMT_PREFIX,
    CHANGE_PCT_PREFIX,
    INCREASE,
    SHARE_PREFIX,
    Draft,
    comparative_direction,
    rises_from,
)
from parser.narrative.nlp import metric_mentions
from parser.patterns import BLANK_CHARS, CLAUSE_BREAK, ITEM_BREAK

MAX_LINE_FIGURES = 200        # a line stating more figures is no balance statement, list or budget ratio (real ones:
                              # under 40), and reading them costs (figures × characters) on it, and more in the linker


@dataclass(frozen=True)
class Relation:
    """How a stated figure follows from others: what a rule recomputes."""
    kind: str                       # share | change | completion | overrun | sum | adjust
    target: str                     # id of the claim stating the derived figure
    inputs: dict = field(default_factory=dict)   # role name → claim id (or tuple of ids)
    whole_metric: Optional[str] = None
    whole_text: str = ""
    direction: int = 1
    exhaustive: bool = False
    base: str = ""



def relate(drafts: list[Draft], before: Optional[list[Draft]] = None, head: Optional[Draft] = None) -> list[Relation]:
    """The relations of one line's figures. `before`: the figures of the line before, where a change
    stated alone may find the level of its subject (subject_stated_before); `head`: the whole of a list
    of parts one per line that this line continues (`…支出预算合计X万元，其中：` / `基本支出A万元，占a%；`)."""
    before = before or []
    out: list[Relation] = paired_share_relations(drafts)
    paired = {r.target for r in out} | {t for r in out if r.kind in ("share_sum", "share_list") for t in r.inputs["parts"]}
    for i, draft in enumerate(drafts):
        hint = draft.relation_hint
        if draft.id in paired:
            continue
        if hint == "share":
            rel = share_relation(drafts, i, head)
        elif hint == "change":
            rel = change_relation(before + drafts, len(before) + i)
        elif hint == "annual":
            rel = annual_relation(drafts, i)
        elif hint in ("completion", "overrun", "execution"):
            rel = rate_relation(drafts, i)
        elif draft.kind == "percent" and not hint:
            rel = rate_of_base_before(drafts, i)
        else:
            rel = None
        if rel is not None:
            out.append(rel)
    return out


LIST_JOINER = regex.compile(r"\s*(?:、|和|及|与|以及|，|,)\s*")


def enumerations(drafts: list[Draft], kind: str) -> list[list[Draft]]:
    """Runs of two or more figures of one quantity kind joined only by 、/和/及 (`0.72亿元、0.02亿元和0.59亿元`)."""
    runs: list[list[Draft]] = []
    current: list[Draft] = []
    for d in drafts:
        if d.quantity.kind != kind:
            if len(current) >= 2:
                runs.append(current)
            current = []
            continue
        if current and current[-1].sentence is d.sentence and LIST_JOINER.fullmatch(
                d.sentence.text[current[-1].quantity.span[1] - d.sentence.span[0]:d.quantity.span[0] - d.sentence.span[0]]):
            current.append(d)
        else:
            if len(current) >= 2:
                runs.append(current)
            current = [d]
    if len(current) >= 2:
        runs.append(current)
    return runs


def paired_share_relations(drafts: list[Draft]) -> list[Relation]:
    """`货物、工程、服务分别为0.72亿元、0.02亿元和0.59亿元，占全市政府采购规模比例为54.54%、1.51%和44.69%`:
    each percent is the share of the amount in the same place of the list, of the whole named after 占
    and stated before the list; and the shares of a list whose amounts make up the whole add to 100%
    (relation `share_sum`)."""
    out: list[Relation] = []
    amounts = enumerations(drafts, "amount")
    for percents in enumerations(drafts, "percent"):
        first = percents[0]
        local = first.quantity.span[0] - first.sentence.span[0]
        m = SHARE_PREFIX.search(first.sentence.text[max(0, local - 40):local].replace("分别", ""))
        if m is None or not m.group("whole").strip():
            continue
        parts = next((a for a in reversed(amounts) if a[-1].sentence is first.sentence
                      and a[-1].quantity.span[1] <= first.quantity.span[0] and len(a) == len(percents)), None)
        if parts is None:                        # shares listed without their amounts: no pairing to read
            out.append(Relation("share_list", first.id, {"parts": tuple(p.id for p in percents)}))
            continue
        whole_text = m.group("whole").strip()
        whole = named_level_before(drafts, parts[0], whole_text)
        found = metric_mentions([whole_text])[0]
        for part, pct in zip(parts, percents):
            inputs = {"part": part.id, "siblings": tuple(p.id for p in parts)} | ({"whole": whole.id} if whole else {})
            out.append(Relation("share", pct.id, inputs, whole_metric=found[-1].metric if found else None,
                                whole_text=whole_text))
        if whole is not None:
            out.append(Relation("share_sum", first.id, {"parts": tuple(p.id for p in percents),
                                                         "amounts": tuple(a.id for a in parts), "whole": whole.id}))
    return out


def named_level_before(drafts: list[Draft], before: Draft, name: str) -> Optional[Draft]:
    """The nearest amount before `before` on its line whose clause names `name` (`全市政府采购规模为1.32亿元`)."""
    index = drafts.index(before)
    for d in reversed(drafts[:index]):
        if d.quantity.kind == "amount" and name in d.prefix:
            return d
    return None


def is_level(d: Draft) -> bool:
    return d.kind in ("amount", "count")


def share_relation(drafts: list[Draft], i: int, head: Optional[Draft] = None) -> Optional[Relation]:
    """The share stated by the percent `drafts[i]`: the part is the last level before it on its line (at most two
    clauses back); the whole is named after 占 (share_whole_text), found in the line (share_whole), or, when the
    text neither names nor states it, the metric that frames the sentence (sentence_whole_metric)."""
    pct = drafts[i]
    whole_text = share_whole_text(pct.sentence.text, pct.quantity.span[0] - pct.sentence.span[0])
    parts = [d for d in drafts[:i] if is_level(d)]
    if not parts or pct.clause - parts[-1].clause > 2:
        return None
    part = parts[-1]
    whole_metric = metric_named(whole_text)
    if whole_text and whole_metric is None:      # a whole by name only: the share rule compares the wholes
        return Relation("share", pct.id, {"part": part.id}, whole_text=whole_text)   # its shares imply
    whole = share_whole(drafts, pct, part, whole_metric, whole_text, head if parts[0] is part else None)
    inputs = {"part": part.id}
    if whole is not None:
        inputs["whole"] = whole.id
    elif whole_metric is None:
        whole_metric = sentence_whole_metric(drafts, pct, part)
        if whole_metric is None:
            return None
    return Relation("share", pct.id, inputs, whole_metric=whole_metric, whole_text=whole_text)


def share_whole_text(text: str, at: int) -> str:
    """The whole named after 占 in the 34 characters before a percent at `at` in `text` ('' when none).

    >>> share_whole_text("基本支出5377.64万元，占本年支出合计的55.10%", 22)
    '本年支出合计'
    >>> share_whole_text("增长55.10%", 2)
    ''
    """
    m = SHARE_PREFIX.search(text[max(0, at - 34):at])
    return (m.group("whole") if m else "").strip()


def metric_named(whole_text: str) -> Optional[str]:
    """The metric of the last mention in a whole's name (None for no name, or a name that is no metric)."""
    if not whole_text:
        return None
    found = metric_mentions([whole_text])[0]
    return found[-1].metric if found else None


def share_whole(drafts: list[Draft], pct: Draft, part: Draft, whole_metric: Optional[str], whole_text: str,
                lone_head: Optional[Draft]) -> Optional[Draft]:
    """The level stated in the line that is the whole of a share: of the metric named after 占 (or labelled by
    that name) in the sentence; else a total before the sentence's list marker; else, for a whole not named,
    the head of the list (`lone_head`: the head of lines before, given when the part is its line's one level)
    or line_list_head."""
    same_sentence = [d for d in drafts[:drafts.index(part)] if is_level(d) and d.sentence is pct.sentence
                     and d.quantity.kind == part.quantity.kind]
    totals = totals_before_marker(same_sentence, pct.sentence)
    if whole_metric:
        return named_whole(same_sentence, totals, whole_metric, whole_text)
    if totals:
        return totals[-1]
    if whole_metric is not None:
        return None
    if lone_head is not None and lone_head.quantity.kind == part.quantity.kind:
        return lone_head                      # the one part of its line, in a list its head opened lines before
    if part.sentence is pct.sentence:
        return line_list_head(drafts, pct, part)
    return None


def named_whole(same_sentence: list[Draft], totals: list[Draft], whole_metric: str, whole_text: str) -> Optional[Draft]:
    """The last level of the whole's metric in the sentence, else the last total labelled by the whole's name."""
    same = [d for d in same_sentence if d.metric == whole_metric]
    if same:
        return same[-1]
    labelled = [d for d in totals if d.subject.endswith(whole_text) or whole_text.endswith(d.subject or "\0")]
    return labelled[-1] if labelled else None


def totals_before_marker(levels: list[Draft], sentence: Sentence) -> list[Draft]:
    """The levels of a sentence that end before its list marker (the totals a list of parts follows)."""
    marker = list_marker_at(sentence.text)
    offset = sentence.span[0]
    return [d for d in levels if marker >= 0 and d.quantity.span[1] - offset <= marker]


def list_marker_at(text: str) -> int:
    """Where a list marker (其中, 以下方面) first stands in a sentence, -1 when none.

    >>> list_marker_at("本年支出合计9759.38万元，其中：基本支出5377.64万元"), list_marker_at("支出5377.64万元")
    (16, -1)
    """
    found = LIST_MARKER.search(text)
    return found.start() if found else -1


def sentence_whole_metric(drafts: list[Draft], pct: Draft, part: Draft) -> Optional[str]:
    """The whole of a share that names none and has none stated: the metric framing the line (frame_metric),
    else the sentence's first metric, when it is not the part's own."""
    framed = frame_metric(drafts, pct)
    if framed and framed != part.metric:
        return framed
    first = first_metric_of_sentence(pct)
    if first is None or first == part.metric:
        return None
    return first


FRAME = regex.compile(r"(?P<frame>[^，,；;。:：]{2,80}?)中\s*[，,:：]")


LIST_MARKER = regex.compile(r"其中|以下(?:几个)?方面")
LIST_OPENER = regex.compile(r"\s*其中")


def line_list_head(drafts: list[Draft], pct: Draft, part: Draft) -> Optional[Draft]:
    """The whole of a list whose parts stand in sentences of one line cut at ；: `本年支出合计9759.38万元，其中：
    基本支出5377.64万元，占55.10%；项目支出4381.74万元，占44.90%。` — the last amount before the list marker
    (其中, 以下方面) of an earlier sentence of the line, when every sentence from it to the part's ends with ；; or,
    for a list opening its sentence with 其中, the last amount of the sentence before it."""
    sentences: list[Sentence] = []
    for d in drafts:
        if d.sentence is pct.sentence:
            break
        if not sentences or sentences[-1] is not d.sentence:
            sentences.append(d.sentence)

    def levels(sentence, end: int = 10 ** 9) -> list[Draft]:
        return [d for d in drafts if d.sentence is sentence and is_level(d) and d.quantity.kind == part.quantity.kind
                and d.quantity.span[1] - sentence.span[0] <= end]

    if sentences and LIST_OPENER.match(pct.sentence.text):     # `总金额为1,271.22万元。其中，货物类…,占20.40%`
        found = levels(sentences[-1])
        return found[-1] if found else None
    for k in range(len(sentences) - 1, -1, -1):
        sentence = sentences[k]
        if not sentence.text.rstrip().endswith(("；", ";")):
            return None
        m = LIST_MARKER.search(sentence.text)
        if m is None:
            continue
        before = levels(sentence, m.start())
        if not before and k > 0 and LIST_OPENER.match(sentence.text):
            before = levels(sentences[k - 1])
        return before[-1] if before else None
    return None


LIST_OPENS = regex.compile(r"其中\s*[:：]\s*$")
LIST_CONTINUES = regex.compile(r"[；;，,]\s*$")
MAX_LIST_LINES = 12


def list_heads(lines: dict[int, str], by_line: dict[int, list[Draft]]) -> dict[int, Draft]:
    """Line → the whole of the list of parts it continues: the last amount of a line ending `其中：`, for the
    lines after it while each line before ends with ；or ，or both lines are one part with its share
    (at most MAX_LIST_LINES). `lines`: the text of each narrative line (a line missing from it — a table, a
    blank — ends the list).

    >>> from types import SimpleNamespace as S
    >>> head = S(kind="amount", quantity=S(kind="amount"))
    >>> lines = {1: "支出预算合计28849.38万元，其中：", 2: "基本支出17123.19万元，占59.35%；",
    ...          3: "项目支出11543.27万元，占40.01%。", 4: "其他0.64%"}
    >>> sorted(list_heads(lines, {1: [head]}))
    [2, 3]
    """
    def item_line(number: int) -> bool:         # `财政专户管理资金147.20万元，占0.71%。`: one part and its share
        kinds = [d.kind for d in by_line.get(number, [])]
        return kinds.count("amount") == 1 and kinds.count("share") == 1

    out: dict[int, Draft] = {}
    head, opened = None, 0
    for number in sorted(lines):
        previous = lines.get(number - 1)
        continues = previous is not None and (number - 1 == opened or LIST_CONTINUES.search(previous)
                                              or number - 1 in out and item_line(number - 1) and item_line(number))
        if head is not None and (not continues or number - opened > MAX_LIST_LINES):
            head = None
        if head is not None:
            out[number] = head
        if LIST_OPENS.search(lines[number]):
            amounts = [d for d in by_line.get(number, []) if d.kind == "amount"]
            head, opened = (amounts[-1], number) if amounts else (None, 0)
    return out


def frame_metric(drafts: list[Draft], pct: Draft) -> Optional[str]:
    """The whole a list of shares is framed by: `“三公”经费支出决算中，因公出国（境）费0万元，占0%；公务接待费
    6.28万元，占34.88%`: the metric named before 中 at the opening of the line's first sentence."""
    first = next((d.sentence for d in drafts if d.sentence.line == pct.sentence.line), None)
    if first is None:
        return None
    m = FRAME.match(first.text)
    if m is None:
        return None
    found = metric_mentions([m.group("frame")])[0]
    return found[-1].metric if found else None


def first_metric_of_sentence(draft: Draft) -> Optional[str]:
    found = metric_mentions([draft.sentence.text])[0]
    return found[0].metric if found else None


AGAINST_BUDGET = regex.compile(r"(比|较)(年初|调整后|全年)?预算|与(20\d{2}年度?)?(年初|调整后|全年)?预算(数)?相比")


def change_relation(drafts: list[Draft], i: int) -> Optional[Relation]:
    """The level, prior level and change amount a change figure is computed from, read from its statement.

    The level is the nearest level before the change in its own sentence (a figure explaining another,
    after 主要原因是/主要用于, is none); a prior-year level stated inside the statement is the base
    (`比上年同期35,285万元增收2,445万元`); a change percent takes the change amount of its statement.
    Where the nearest level is the last of a 其中 list whose other parts carry no change of their own,
    the change may be the list's or its total's: two readings, so no relation (the claim stays
    unverifiable)."""
    target = drafts[i]
    local = target.quantity.span[0] - target.sentence.span[0]
    window = target.sentence.text[max(0, local - 8):local]
    pattern = CHANGE_PCT_PREFIX if target.kind == "change_percent" else CHANGE_AMT_PREFIX
    direction = change_direction(pattern, window,            # 本年数小于上年预算数D: the verb before 上年 is the direction
                                 comparative_direction(target.sentence.text[max(0, local - 16):local], -1))
    against_budget = bool(AGAINST_BUDGET.search(target.sentence.text[:local]))
    statement = statement_of(drafts, i, skip_budgets=against_budget)
    if statement is None:
        return None
    anchor, between = statement
    inputs: dict = {"current": anchor.id}
    if target.kind == "change_percent":
        deltas = [d for d in between if d.kind == "change_amount"]
        if deltas:
            inputs["delta"] = deltas[-1].id
            direction = change_direction(CHANGE_AMT_PREFIX, deltas[-1].prefix[-6:],
                                         comparative_direction(deltas[-1].prefix[-16:], direction))
    same_sentence = [d for d in drafts[:i] if d.sentence is target.sentence and is_level(d) and d is not anchor
                     and not d.explanation and d.kind == anchor.kind]
    if against_budget:
        priors = [d for d in same_sentence if d.role.startswith("budget")]
    else:
        inside = [d for d in between if is_level(d) and d.role == "prior_year"]
        outside = [d for d in same_sentence if d.role == "prior_year" and d not in inside
                   and d.metric is not None and d.metric == anchor.metric]
        priors = inside or outside
    if not priors:
        priors = [d for d in same_sentence if d.quantity.span[1] <= anchor.quantity.span[0]
                  and rises_from(anchor.sentence.text, d, anchor.quantity.span[0], anchor.sentence.span[0])]
    if priors:
        inputs["prior"] = priors[-1].id
    if "delta" not in inputs and "prior" not in inputs and target.kind == "change_percent":
        return None
    return Relation("change", target.id, inputs, direction=direction, base="budget" if against_budget else "prior_year")


SINCE_YEAR = regex.compile(r"(?:比|较|与)\s*(?P<year>(?:19|20)\d{2})\s*年(?:末|底|度)?(?:相比)?[，,]?\s*(?:增长|增加|提高)(?:了)?\s*$")


ANNUAL_OPENERS = frozenset(load_cues()["annual_growth_words"]) | {w + "了" for w in load_cues()["annual_growth_words"]}
YEAR_OF_LEVEL = regex.compile(r"(?P<year>(?:19|20)\d{2})\s*年(?:末|底|度)?\s*的?\s*$")


def annual_from_levels(drafts: list[Draft], i: int) -> Optional[Relation]:
    """`从2015年的99229万元上升到2020年的181398万元，年均增长12.82%`: the yearly rate that compounds the first
    level into the second over the years between their years (5 here)."""
    annual = drafts[i]
    before = [d for d in drafts[:i] if d.sentence is annual.sentence]
    if len(before) < 2 or not is_level(before[-1]) or not is_level(before[-2]):
        return None
    start, end = before[-2], before[-1]
    text, offset = annual.sentence.text, annual.sentence.span[0]
    gap = text[end.quantity.span[1] - offset:annual.quantity.span[0] - offset]
    first, last = (YEAR_OF_LEVEL.search(text[:d.quantity.span[0] - offset]) for d in (start, end))
    if CLAUSE_BREAK.sub("", gap).strip(" \u3000") not in ANNUAL_OPENERS or first is None or last is None \
            or not rises_from(text, start, end.quantity.span[0], offset):
        return None
    span = int(last.group("year")) - int(first.group("year"))
    if not 2 <= span <= 30:
        return None
    return Relation("annual", annual.id, {"start": start.id, "end": end.id}, base=str(span))


def annual_relation(drafts: list[Draft], i: int) -> Optional[Relation]:
    """`年均增长12.3%，2020年达到9410.76元，比2015年增长76.48%`: the yearly rate compounds to the growth
    over the years between (5 here): (1 + 76.48%)^(1/5) − 1 = 12.03%. Read within one sentence; the end
    year is the year of the level the total growth follows. Else the two levels it grows between
    (annual_from_levels)."""
    from_levels = annual_from_levels(drafts, i)
    if from_levels is not None:
        return from_levels
    annual = drafts[i]
    for total_growth in drafts[i + 1:]:
        if total_growth.sentence is not annual.sentence:
            return None
        if total_growth.quantity.kind != "percent":
            continue
        local = total_growth.quantity.span[0] - total_growth.sentence.span[0]
        m = SINCE_YEAR.search(total_growth.sentence.text[max(0, local - 16):local])
        if m is None:
            return None
        end_year = total_growth.year if total_growth.year and total_growth.year != int(m.group("year")) else None
        levels = [d for d in drafts[i + 1:drafts.index(total_growth)] if is_level(d) and d.year]
        end_year = levels[-1].year if levels else end_year
        years = end_year - int(m.group("year")) if end_year else 0
        if not 2 <= years <= 30:
            return None
        return Relation("annual", annual.id, {"total": total_growth.id}, base=str(years))
    return None


def statement_of(drafts: list[Draft], i: int, *, skip_budgets: bool = False) -> Optional[tuple[Draft, list[Draft]]]:
    """(the level a derived figure at `i` speaks of, the drafts between them), or None when there is none
    or two readings remain (see change_relation)."""
    target = drafts[i]
    between: list[Draft] = []
    joined = target.sentence               # the statement's sentence, or its start cut off on a line before
    for d in reversed(drafts[:i]):
        if d.sentence is not joined and runs_on(d.sentence, joined):
            joined = d.sentence
        if d.sentence is not joined and not opens_with_relation(target):
            return subject_stated_before(drafts, i)
        if d.explanation and not target.explanation or in_closed_bracket(d, target):
            continue
        if is_level(d) and d.role != "prior_year" and not (skip_budgets and d.role.startswith("budget")) \
                and not is_ratio_base(drafts, d):
            if target.quantity.kind == "amount" and d.kind != "amount":
                between.append(d)
                continue
            if is_unlabelled_list_tail(drafts, d):
                return None
            return d, list(reversed(between))
        between.append(d)
    return None


def in_closed_bracket(d: Draft, target: Draft) -> bool:
    """`d` stands inside brackets closed before `target` in their sentence: the breakdown of the level before
    the brackets, not the level a change after them speaks of (`公务用车购置及运行费42.68亿元(包括购置费9.26亿元、
    运行费33.42亿元),减少3.11亿元`).

    >>> from decimal import Decimal
    >>> from parser.datatypes import Quantity, Sentence
    >>> t = "费42.68亿元(包括运行费33.42亿元),减少3.11亿元"
    >>> s = Sentence(t, 1, (0, len(t)), ())
    >>> q = lambda v, a: Quantity(Decimal(v), "亿元", 2, False, v + "亿元", (a, a + len(v) + 2), "amount")
    >>> inner, after = Draft(q("33.42", 13), s, 0, ""), Draft(q("3.11", 25), s, 1, "")
    >>> in_closed_bracket(inner, after), in_closed_bracket(Draft(q("42.68", 1), s, 0, ""), after)
    (True, False)
    """
    if d.sentence is not target.sentence:
        return False
    depth = 0
    for ch in d.sentence.text[d.quantity.span[1] - d.sentence.span[0]:target.quantity.span[0] - d.sentence.span[0]]:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                return True
            depth -= 1
    return False


def runs_on(earlier: Sentence, later: Sentence) -> bool:
    """`earlier`, cut by a line break mid-clause, reads on into `later`, the first sentence of the next line of
    its paragraph, with a relation word (cues.json statement_openers: 占, 比上年, 同比 …) opening what stands
    after its last clause break: one statement over two lines (`(一)教育支出类科目 5,806,105.16 元,占支出总预算`
    / `82.27%,同比增加 3,520,772.45 元,增长 154.06%。`). A cut clause naming a subject of its own
    (`…万元，公用经费` / `比上年增加…`) opens another statement.

    >>> cut = Sentence("(一)教育支出类科目 5,806,105.16 元,占支出总预算", 2, (0, 32), (), continuation="82.27%,")
    >>> rest = Sentence("82.27%,同比增加 3,520,772.45 元,增长 154.06%。", 3, (0, 39), ())
    >>> runs_on(cut, rest), runs_on(rest, cut), runs_on(Sentence(cut.text, 2, (0, 32), ()), rest)
    (True, False, False)
    >>> other = Sentence("基本支出 1,200.50 万元，公用经费", 2, (0, 21), (), continuation="比上年增加 9.00 万元，")
    >>> runs_on(other, Sentence("比上年增加 9.00 万元，增长 20.05%。", 3, (0, 24), ()))
    False
    """
    if not (earlier.continuation and later.line > earlier.line and later.span[0] == 0
            and later.text.lstrip(BLANK_CHARS).startswith(earlier.continuation)):
        return False
    cut_clause = CLAUSE_BREAK.split(earlier.text)[-1].strip(BLANK_CHARS)
    return opens_relation(cut_clause or later.text)


def is_ratio_base(drafts: list[Draft], level: Draft) -> bool:
    """The level is the whole of a ratio stated right after it (`为全年预算46,908万元的80.43%`,
    `占全年任务数52391万元87.1%`): a base inside another figure's clause, not a statement's level."""
    return is_ratio_base_at(drafts, next(k for k, d in enumerate(drafts) if d is level))   # (not list.index:
                                                                                          # == compares every field)


def is_ratio_base_at(drafts: list[Draft], index: int) -> bool:
    """is_ratio_base of the figure at `index` (without looking for it in the list)."""
    level = drafts[index]
    if index + 1 >= len(drafts):
        return False
    following = drafts[index + 1]
    if following.sentence is not level.sentence or following.quantity.kind != "percent":
        return False
    gap = level.sentence.text[level.quantity.span[1] - level.sentence.span[0]:
                              following.quantity.span[0] - following.sentence.span[0]]
    return regex.fullmatch(r"\s*的?\s*", gap) is not None


def subject_stated_before(drafts: list[Draft], i: int) -> Optional[tuple[Draft, list[Draft]]]:
    """`三公经费预算总额为2.7万元，其中…。` / `三公经费预算数比上年减少0.06万元，减幅2.17%`: a sentence that names
    its subject and states only its change takes the level from the sentence just before, where that
    sentence states the same metric for the same year (its first such figure, named in its own clause)."""
    target = drafts[i]
    own = [d for d in drafts[:i] if d.sentence is target.sentence]
    if target.metric is None or target.metric.startswith("item:") \
            or not any(d.direct and d.metric == target.metric for d in own + [target]):
        return None
    if any(is_level(d) for d in own):
        return None
    earlier = [d for d in drafts[:i] if d.sentence is not target.sentence]
    if not earlier:
        return None
    previous = [d for d in earlier if d.sentence is earlier[-1].sentence]
    same = [d for d in previous if is_level(d) and d.metric == target.metric and d.direct and d.year == target.year
            and d.role != "prior_year" and not d.explanation]
    return (same[0], own) if same else None


def opens_with_relation(draft: Draft) -> bool:
    """The figure's sentence opens with a relation word (`同比增长5%。`), so it continues the one before."""
    return opens_relation(draft.sentence.text)


def opens_relation(text: str) -> bool:
    """`text` opens with a relation word (cues.json statement_openers).

    >>> opens_relation("，同比增长5%。"), opens_relation("占支出总预算"), opens_relation("公用经费比上年增加")
    (True, True, False)
    """
    head = text.lstrip(" \u3000，,")
    words, patterns = statement_openers()
    return head.startswith(words) or any(p.match(head) for p in patterns)


@lru_cache(maxsize=1)
def statement_openers() -> tuple[tuple[str, ...], tuple[regex.Pattern, ...]]:
    cues = load_cues()
    return tuple(cues["statement_openers"]), tuple(regex.compile(p) for p in cues["statement_opener_patterns"])


def is_unlabelled_list_tail(drafts: list[Draft], level: Draft) -> bool:
    """`X，其中：A，B，比上年增加D`: the level is the last of a list whose earlier parts stand without a
    change of their own, so D may be B's or X's."""
    text = level.sentence.text
    local = level.quantity.span[0] - level.sentence.span[0]
    marker = max((m.start() for m in regex.finditer(r"其中|包括|分别为", text[:local])), default=-1)
    if marker < 0 or ITEM_BREAK.search(text[marker:local]):
        return False
    index = drafts.index(level)
    siblings = [d for d in drafts[:index] if d.sentence is level.sentence
                and marker < d.quantity.span[0] - d.sentence.span[0] < local]
    return any(is_level(d) for d in siblings) and not any(d.kind in ("change_amount", "change_percent", "share")
                                                           for d in siblings)


def change_direction(pattern, window: str, default: int) -> int:
    """+1 for 增加/增长…, −1 for 减少/下降…, `default` when the window names neither."""
    m = pattern.search(window)
    if m is None:
        return default
    return 1 if m.group("dir") in INCREASE else -1


def rate_relation(drafts: list[Draft], i: int) -> Optional[Relation]:
    rate = drafts[i]
    earlier = [d for d in drafts[:i] if d.kind == "amount"]
    budgets = [d for d in earlier if d.role.startswith("budget")]
    actuals = [d for d in earlier if d.role == "actual"]
    if not budgets or not actuals:
        return None
    budget = budgets[-1]
    if rate.base == "年初":
        initial = [d for d in budgets if d.role == "budget_initial"]
        budget = initial[-1] if initial else budget
    return Relation(rate.relation_hint, rate.id, {"budget": budget.id, "actual": actuals[-1].id}, base=rate.base)


def rate_of_base_before(drafts: list[Draft], i: int) -> Optional[Relation]:
    """`一般公共预算收入37,730万元,为…全年预算46,908万元的80.43%` / `财政总收入完成45633万元,占全年任务数52391万元87.1%`:
    a percentage right after a budget or a task (cues.json ratio_base_words) stated inside its clause is the
    completion of that budget by the statement's level before it."""
    pct = drafts[i]
    if i < 2 or len(drafts) > MAX_LINE_FIGURES or not is_ratio_base_at(drafts, i - 1):
        return None
    base = drafts[i - 1]
    local = base.quantity.span[0] - base.sentence.span[0]
    clause = base.sentence.text[:local][-24:]
    if base.quantity.kind != "amount" or not any(w in CLAUSE_BREAK.split(clause)[-1] for w in load_cues()["ratio_base_words"]):
        return None
    for k in range(i - 2, -1, -1):               # the nearest level of the sentence before the base
        d = drafts[k]
        if d.sentence is not pct.sentence:
            break
        if d.kind == "amount" and not d.explanation and not d.nested and d.role != "prior_year" \
                and not is_ratio_base_at(drafts, k):
            return Relation("completion", pct.id, {"budget": base.id, "actual": d.id})
    return None


def overall_execution_relations(drafts_by_line: list[list[Draft]], related: set[str]) -> list[Relation]:
    """`年初预算B，…，预算整体执行率R%` with the year's actual spending stated in an earlier line.

    The budget is the first budget amount of R's line; the actual is the latest 支出合计
    (expenditure_total, actual) stated before it.
    """
    out, latest_total = [], None
    for drafts in drafts_by_line:
        for i, draft in enumerate(drafts):
            if draft.kind == "amount" and draft.role == "actual" and draft.metric == "expenditure_total":
                latest_total = draft
            if draft.relation_hint != "execution" or draft.id in related or "整体" not in draft.prefix:
                continue
            budgets = [d for d in drafts[:i] if d.kind == "amount" and d.role.startswith("budget")]
            if budgets and latest_total is not None and latest_total.sentence.line < draft.sentence.line:
                base = "年初" if budgets[0].role == "budget_initial" else ""
                out.append(Relation("execution", draft.id, {"budget": budgets[0].id, "actual": latest_total.id},
                                    base=base))
    return out


def sum_relations(drafts: list[Draft]) -> list[Relation]:
    """`X，其中：A，B，C` and `X（含A、B、C）`: the parts of a total."""
    if not drafts:
        return []
    text = drafts[0].sentence.text
    offset = drafts[0].sentence.span[0]
    out = composition_relations(drafts)
    for marker in ("其中", "（含", "(含"):
        pos = text.find(marker)
        if pos < 0:
            continue
        totals = [d for d in drafts if is_level(d) and d.quantity.span[1] - offset <= pos]
        if not totals:
            continue
        total_draft = totals[-1]
        second = text.find("其中", pos + 2)
        end = second if second > 0 else len(text)
        if marker != "其中":
            close = min((c for c in (text.find("）", pos), text.find(")", pos)) if c > 0), default=-1)
            end = close if close > 0 else end
            end = enumeration_end(text, pos, end)
        stop = regex.search(r"(20\d{2}\s*年|涉及|；|;)", text[pos:end])
        end = pos + stop.start() if stop else end
        parts = [d for d in drafts if is_level(d) and pos < d.quantity.span[0] - offset < end
                 and not d.nested and not d.explanation and same_measure(d, total_draft)
                 and not in_parentheses(text, pos + len(marker), d.quantity.span[0] - offset) and not names_a_whole(d)
                 and d.role.startswith("budget") == total_draft.role.startswith("budget")
                 and (d.role == "prior_year") == (total_draft.role == "prior_year")]
        if len(parts) < 2:
            continue
        exhaustive = "分别为" in text[pos:end] or marker != "其中"
        out.append(Relation("sum", total_draft.id, {"parts": tuple(p.id for p in parts)}, exhaustive=exhaustive))
    return out


COMPOSED = regex.compile(r"[，,]\s*由(?P<parts>[^。；;]*?)(?:共同)?(?:构成|组成)")


def composition_relations(drafts: list[Draft]) -> list[Relation]:
    """`支出总计1,867.48万元，由一般公共预算支出1,867.48万元，加上解支出…等0万元等构成`: the total before 由 is
    the sum of the amounts up to 构成/组成 (all of them: the list is the whole)."""
    text, offset = drafts[0].sentence.text, drafts[0].sentence.span[0]
    out = []
    for m in COMPOSED.finditer(text):
        totals = [d for d in drafts if is_level(d) and d.quantity.span[1] - offset <= m.start()]
        parts = [d for d in drafts if is_level(d) and m.start("parts") <= d.quantity.span[0] - offset < m.end("parts")
                 and not d.nested and not d.explanation]
        if totals and len(parts) >= 2 and all(same_measure(p, totals[-1]) for p in parts):
            out.append(Relation("sum", totals[-1].id, {"parts": tuple(p.id for p in parts)}, exhaustive=True))
    return out


def enumeration_end(text: str, start: int, end: int) -> int:
    """Where a list enumerated with 、 ends: at the first clause break after its first 、 (`含A、B、C，D`:
    D is not in the list).

    >>> t = "（含甲100万元、乙50万元、丙20万元,丁30万元）"
    >>> t[:enumeration_end(t, 0, len(t) - 1)]
    '（含甲100万元、乙50万元、丙20万元'
    """
    first = text.find("、", start, end)
    if first < 0:
        return end
    stop = regex.compile(r"[，,；;]").search(text, first, end)
    return stop.start() if stop else end


def in_parentheses(text: str, start: int, position: int) -> bool:
    """The position lies inside a bracket opened after `start` and not yet closed: a part of a part.

    >>> t = "其中：一般转移支付1478万元(含均衡性166万元)，专项406万元"
    >>> in_parentheses(t, 0, t.index("166")), in_parentheses(t, 0, t.index("406"))
    (True, False)
    """
    depth = 0
    for ch in text[start:position]:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
    return depth > 0


def names_a_whole(draft: Draft) -> bool:
    """A figure named as a total (收入合计, 共计 …) closes a list rather than being one of its parts."""
    return any(w in draft.prefix for w in load_cues()["whole_words"])


def same_measure(a: Draft, b: Draft) -> bool:
    if a.quantity.kind == "amount" and b.quantity.kind == "amount":
        return True
    return a.quantity.kind == b.quantity.kind == "count" and a.quantity.unit in ("人", "名") and b.quantity.unit in ("人", "名")


def partition_relations(drafts: list[Draft], taken: set[str]) -> list[Relation]:
    """A whole and the template's full list of its parts named after it in one sentence, however many
    items stand between them: `基本支出384.99万元，其中：人员经费230.26万元，…；公用经费150.23万元，…`
    (人员经费 + 公用经费 = 基本支出). `taken`: wholes a 其中 list already sums."""
    out = []
    for i, whole in enumerate(drafts):
        parts_of = partition_parts(whole.metric)
        if whole.id in taken or not parts_of or whole.kind != "amount" or not whole.direct or len(parts_of) > 3:
            continue
        found: dict[str, Draft] = {}
        for d in drafts[i + 1:]:
            if d.metric == whole.metric:
                break                                     # the whole named again: a new list
            if d.kind == "amount" and d.direct and not d.nested and d.metric in parts_of \
                    and d.role == whole.role and d.year == whole.year:
                found.setdefault(d.metric, d)
        if set(found) == set(parts_of):
            out.append(Relation("sum", whole.id, {"parts": tuple(found[m].id for m in parts_of)}, exhaustive=True))
    return out


def document_partitions(drafts: list[Draft], taken: set[str]) -> list[Relation]:
    """A whole and all of the template's parts, each stated once in the document with one value for the same
    role and year, though in different paragraphs (`政府采购规模为17305.34亿元` … `工程类采购金额10141.11亿元` …
    `货物类…5230.04亿元` … `服务类…1934.25亿元`): the parts add up to the whole. A metric stated with two values
    (two scopes, or a slip the mismatch rule reports) gives no relation."""
    out = []
    stated: dict[tuple, dict[str, list[Draft]]] = {}
    for d in drafts:
        if d.kind == "amount" and d.direct and d.metric and not d.nested and not d.explanation and d.role != "prior_year":
            stated.setdefault((d.role, d.year), {}).setdefault(d.metric, []).append(d)
    for entry in read_partitions():
        if not entry.get("across_document"):
            continue
        for figures in stated.values():
            wholes, parts = figures.get(entry["whole"], []), [figures.get(m, []) for m in entry["parts"]]
            if not wholes or not all(parts) or len({w.quantity.value for w in wholes}) != 1 \
                    or any(len({p.quantity.value for p in found}) != 1 for found in parts):
                continue
            whole = wholes[0]
            chosen = [found[0] for found in parts]
            if whole.id in taken or all(p.sentence.line == whole.sentence.line for p in chosen):
                continue                          # a list of its own line: partition_relations reads it
            out.append(Relation("sum", whole.id, {"parts": tuple(p.id for p in chosen)}, exhaustive=True))
    return out


def partition_parts(metric: Optional[str]) -> tuple[str, ...]:
    """The parts a whole divides into by the template (data/tables.json `partitions`).

    >>> partition_parts("basic_expenditure")
    ('personnel_expenses', 'public_expenses')
    """
    entry = next((e for e in read_partitions() if e["whole"] == metric), None)
    return tuple(entry["parts"]) if entry else ()


@lru_cache(maxsize=1)
def read_partitions() -> tuple[dict, ...]:
    return tuple(json.loads(read_data("tables.json"))["partitions"])

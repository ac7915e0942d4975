"""`其中` lists over several sentences: a total's parts listed one per `；` item, or after `。其中：`.

    全市一般公共预算收入1144.4亿元，同比增长6.3%。其中：地方税收收入865.4亿元，同比增长2.8%；非税收入279亿元，…。
    “三公”经费预算总额为3136万元，…。其中：因公出国（境）经费90万元，与上年持平；公务接待费980万元，减少30万元，…；…

A `；` ends a sentence for the reader, so the sums of one sentence (relations.sum_relations) never see such a
list whole. Here the list runs from its `其中` to the next `。`; each `；` item names one part, the first amount
of the item outside brackets, and every item must name one, else the list is not read (an item without an
amount, or with two, leaves two readings). The total is the last amount before `其中` in its sentence, or,
where `其中` opens a sentence, the first amount of the sentence before. A `其中` list need not name every part:
the relation is not exhaustive, so only parts that exceed their total (or a swap of two digits that makes the
list add up) are reported.
"""
from __future__ import annotations

from itertools import islice
from typing import Optional

import regex

from parser.lexicon import load_cues
from parser.narrative.balance import outside_parentheses
from parser.narrative.drafts import Draft
from parser.narrative.relations import Relation, in_parentheses, is_level, is_ratio_base, names_a_whole

LIST_OPENER = regex.compile(r"其中\s*[:：，,]?")
ITEM_BREAK = regex.compile(r"[；;]")
SENTENCE_BREAK = regex.compile(r"[。！？!?]")


def item_lists(drafts: list[Draft], text: str, taken: set[str]) -> list[Relation]:
    """The `其中` lists of one line's figures whose items end with `；` or that open a sentence (see the module's
    docstring); `text`: the line as balance.line_text gives it (the caller reads no line of more than
    relations.MAX_LINE_FIGURES figures). `taken`: totals another sum already reads; the totals related here are
    added to it."""
    out = []
    for m in islice(LIST_OPENER.finditer(text), len(drafts)):    # (no more lists than figures; each read costs the line)
        relation = item_list(drafts, text, m.start(), m.end())
        if relation is not None and relation.target not in taken:
            out.append(relation)
            taken.add(relation.target)
    return out


def item_list(drafts: list[Draft], text: str, opener: int, start: int) -> Optional[Relation]:
    before = text[:opener].rstrip(" \u3000")
    if not before or before[-1] in "；;":
        return None                               # a list opening after ；: its total is not said
    opens_sentence = before[-1] in "。！？!?"
    end_mark = SENTENCE_BREAK.search(text, start)
    end = end_mark.start() if end_mark else len(text)
    items = split_items(text, start, end)
    if len(items) < 2 and not opens_sentence:
        return None                               # one sentence's 其中 list: relations.sum_relations reads it
    total = total_before(drafts, text, opener, opens_sentence)
    if total is None:
        return None
    parts = []
    for a, b in items if len(items) >= 2 else [(start, end)]:
        if opens_new_statement(text[a:b]):
            break                                 # `；其部门预算…差异总额为X`: the list ended before this item
        found = [d for d in drafts if a <= d.quantity.span[0] < b and is_level(d) and d.kind == "amount"
                 and not in_parentheses(text, a, d.quantity.span[0]) and not is_ratio_base(drafts, d)]
        if any(d.explanation or d.nested or names_a_whole(d) for d in found) or len(items) >= 2 and len(found) != 1 \
                or "其中" in outside_parentheses(text[a:b]):
            return None
        parts.extend(found)
    if len(parts) < 2 or any(p.role.startswith("budget") != total.role.startswith("budget")
                             or (p.role == "prior_year") != (total.role == "prior_year") for p in parts):
        return None
    return Relation("sum", total.id, {"parts": tuple(p.id for p in parts)})


def opens_new_statement(item: str) -> bool:
    """An item opening with a word that points back (其, 该, 上述 …: cues.json list_enders) states something of its
    own, not one more part.

    >>> opens_new_statement("其部门预算与执行结果的差异总额为142 483.75万元"), opens_new_statement("非税收入279亿元")
    (True, False)
    """
    return item.lstrip(" \u3000").startswith(tuple(load_cues()["list_enders"]))


def split_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the `；` items between `start` and `end`, breaks inside brackets not counted, empty items dropped.

    >>> t = "其中：甲10万元(含乙；丙)；丁20万元；"
    >>> [t[a:b] for a, b in split_items(t, 3, len(t))]
    ['甲10万元(含乙；丙)', '丁20万元']
    """
    spans, at = [], start
    for m in ITEM_BREAK.finditer(text, start, end):
        if not in_parentheses(text, start, m.start()):
            spans.append((at, m.start()))
            at = m.end()
    spans.append((at, end))
    return [(a, b) for a, b in spans if outside_parentheses(text[a:b]).strip(" \u3000")]


def total_before(drafts: list[Draft], text: str, opener: int, opens_sentence: bool) -> Optional[Draft]:
    """The list's total: the last level amount before `其中` in its sentence, or, where `其中` opens a sentence,
    the one level amount of the sentence before it (its headline; a prior year's beside it aside)."""
    def last_break(before: int) -> int:
        return max(text.rfind(ch, 0, before) for ch in "。；;！？!?")

    if opens_sentence:
        previous_end = last_break(opener)
        window = (last_break(previous_end) + 1, previous_end)
    else:
        window = (last_break(opener) + 1, opener)
    levels = [d for d in drafts if window[0] <= d.quantity.span[0] < window[1] and is_level(d) and d.kind == "amount"
              and not d.explanation and not d.nested and not in_parentheses(text, window[0], d.quantity.span[0])
              and not is_ratio_base(drafts, d)]
    if opens_sentence:                  # the sentence before states one level (`支出100万元，收入120万元。其中：…` two)
        own = [d for d in levels if d.role != "prior_year"]
        return own[0] if len(own) == 1 else None
    return levels[-1] if levels else None

"""Balance statements: a fund's revenue (or spending) plus what is added to it makes its total.

The template of every 财政决算/预算 report states each fund's balance in one line:

    全镇本级一般公共预算收入实现111.11万元，…。加上托底保障补助、…等1,756.37万元，收入总计1,867.48万元。
    全镇一般公共预算财力1,867.48万元。由一般公共预算收入111.11万元，加上…等1,756.37万元构成。

The first names the fund's own revenue (the line's first amount, its headline), then after 加上 the
amounts added to it, and closes with 收入总计/支出合计 T: T = headline + the added amounts. The second
names the total first and lists what makes it after 由 … 构成, in the next sentence.

Only one reading is taken. The relation is not made (the figures stay unverifiable) where another
reading remains: an added item without its own amount (`加上中央补助、上年结转等，收入总量为…`), a 其中
list inside the added amounts (where it ends is not said), a subtraction, a figure other than an amount
among them, or a single 其中 part between the headline and 加上 (`总收入410338万元，其中地方一般公共
预算收入271630万元；加上…`: the narrower figure may be the one added to).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

import regex

from parser.lexicon import load_cues
from parser.narrative.drafts import Draft
from parser.narrative.relations import MAX_LINE_FIGURES, Relation, in_parentheses
from parser.patterns import BLANK_CHARS

CLAUSE_END_CHARS = "，,；;。"
# a clause break, but not the comma grouping the digits of a number (1,756.37)
LIST_BREAK = regex.compile(r"[，；;。]|(?<!\d),|,(?!\d)")


@lru_cache(maxsize=1)
def balance_patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern, tuple[str, ...]]:
    """(the clause opening the added amounts, the name of the closing total, the 由…构成 list opening a
    sentence, the words of a subtraction), from cues.json `balance_*`."""
    cues = load_cues()
    words = cues["balance_words"]
    adds = "|".join(map(regex.escape, words["add"]))
    sides = "|".join(map(regex.escape, words["sides"]))
    totals = "|".join(map(regex.escape, words["totals"]))
    opener = regex.compile(rf"(?:^|[{regex.escape(CLAUSE_END_CHARS)}])[{BLANK_CHARS}]*(?P<add>{adds})")
    total = regex.compile(rf"(?P<side>{sides})(?:{totals})[{BLANK_CHARS}]*(?:为|是|达到|达)?[{BLANK_CHARS}]*$")
    composed = regex.compile(rf"^[{BLANK_CHARS}]*由(?P<parts>[^。；;]*?)(?:共同)?(?:构成|组成)")
    return opener, total, composed, tuple(words["subtract"])


def balance_relations(drafts: list[Draft], text: str, taken: set[str]) -> list[Relation]:
    """The balance statements of one line's figures (see the module's docstring); `text`: the line as
    line_text gives it (the caller reads no line of more than MAX_LINE_FIGURES figures). `taken`: totals
    another sum already reads; the totals related here are added to it."""
    out = []
    for relation in (*added_totals(drafts, text), *composed_after_total(drafts, text)):
        if relation.target not in taken:
            out.append(relation)
            taken.add(relation.target)
    return out


def added_totals(drafts: list[Draft], text: str) -> list[Relation]:
    """The `…加上…，收入总计T` statements of a line, each sentence read once."""
    opener, _, _, _ = balance_patterns()
    out = []
    read_to = -1
    for m in opener.finditer(text):
        if m.start("add") < read_to:
            continue                          # a second 加上 of a sentence already read
        read_to = sentence_end(text, m.start("add"))
        relation = added_to_headline(drafts, text, m.start("add"))
        if relation is not None:
            out.append(relation)
    return out


def line_text(drafts: list[Draft]) -> str:
    """The line's text as its figures' sentences print it, each at its place (offsets are the line's);
    a sentence without figures is blank."""
    sentences = {d.sentence.span: d.sentence.text for d in drafts}
    chars = [" "] * max(b for _, b in sentences)
    for (a, _), sentence in sentences.items():
        chars[a:a + len(sentence)] = sentence
    return "".join(chars)


def added_to_headline(drafts: list[Draft], text: str, add_at: int) -> Optional[Relation]:
    """`X收入A，…。加上B…，收入总计T`: T = A + B + …, or None where two readings remain."""
    _, total_name, _, subtract = balance_patterns()
    end = sentence_end(text, add_at)
    later = [d for d in drafts if add_at < d.quantity.span[0] < end]
    total, side = next(((d, m.group("side")) for d in later if d.kind == "amount"
                        and (m := total_name.search(clause_before(text, d.quantity.span[0])))), (None, ""))
    if total is None:
        return None
    added_text = text[add_at:clause_start(text, total.quantity.span[0])]
    if "其中" in outside_parentheses(added_text) or any(w in added_text for w in subtract):
        return None
    added = [d for d in later if d.quantity.span[0] < total.quantity.span[0]
             and not in_parentheses(text, add_at, d.quantity.span[0])]
    if not added or any(d.kind != "amount" or d.nested or d.explanation for d in added) \
            or not every_clause_has_a_figure(text, add_at, added_text, added):
        return None
    headline = headline_before(drafts, text, add_at, side)
    if headline is None or any(d.year and headline.year and d.year != headline.year for d in added + [total]):
        return None                # (roles are not compared: 上年结转, 预算稳定调节基金 name this year's items)
    return Relation("sum", total.id, {"parts": (headline.id, *(d.id for d in added))}, exhaustive=True)


def sentence_end(text: str, at: int) -> int:
    """Where the sentence holding `at` ends (its 。 or ；), or the text's end.

    >>> sentence_end("收入100万元。加上50万元；收入总计150万元。", 8)
    14
    """
    found = [i for i in (text.find(ch, at) for ch in "。；;") if i >= 0]
    return min(found) if found else len(text)


def headline_before(drafts: list[Draft], text: str, add_at: int, side: str) -> Optional[Draft]:
    """The line's first amount before `add_at` (the fund's own revenue or spending, named with `side`), where
    every other amount between it and 加上 belongs to a 其中 breakdown of two or more parts."""
    levels = [d for d in drafts if d.quantity.span[1] <= add_at and d.kind == "amount" and not d.explanation
              and not d.nested and d.role != "prior_year" and not d.role.startswith("budget")
              and not in_parentheses(text, 0, d.quantity.span[0])]
    if not levels or side not in levels[0].prefix + levels[0].subject:
        return None
    headline, others = levels[0], levels[1:]
    if others:
        listed = text.find("其中", headline.quantity.span[1], others[0].quantity.span[0])
        if listed < 0 or len(others) < 2:
            return None
    return headline


def composed_after_total(drafts: list[Draft], text: str) -> list[Relation]:
    """`财力1,867.48万元。由一般公共预算收入111.11万元，加上…等1,756.37万元构成。`: a sentence opening with
    由 lists what makes the one amount of the sentence before it."""
    _, _, composed, subtract = balance_patterns()
    out = []
    sentences = sorted({d.sentence.span: d.sentence for d in drafts}.items())
    for (previous_span, _), (span, sentence) in zip(sentences, sentences[1:]):
        m = composed.match(sentence.text)
        if m is None or any(w in m.group("parts") for w in subtract):
            continue
        before = [d for d in drafts if d.sentence.span == previous_span]
        if len(before) != 1 or before[0].kind != "amount":
            continue
        start, end = span[0] + m.start("parts"), span[0] + m.end("parts")
        parts = [d for d in drafts if start <= d.quantity.span[0] < end]
        if len(parts) < 2 or any(d.kind != "amount" or d.nested or d.explanation or in_parentheses(text, start, d.quantity.span[0])
                                 for d in parts) or not every_clause_has_a_figure(text, start, text[start:end], parts):
            continue
        out.append(Relation("sum", before[0].id, {"parts": tuple(d.id for d in parts)}, exhaustive=True))
    return out


def clause_before(text: str, position: int) -> str:
    return text[clause_start(text, position):position]


def clause_start(text: str, position: int) -> int:
    breaks = [m.end() for m in LIST_BREAK.finditer(text, 0, position)]
    return breaks[-1] if breaks else 0


def outside_parentheses(text: str) -> str:
    """The text less what stands inside brackets.

    >>> outside_parentheses("上级补助收入113566万元(其中:抗疫特别国债7691万元)，债务转贷收入")
    '上级补助收入113566万元，债务转贷收入'
    """
    out, depth = [], 0
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def every_clause_has_a_figure(text: str, start: int, listed: str, figures: list[Draft]) -> bool:
    """Each clause of the list (its words outside brackets) holds one of its figures: no item is added without
    an amount (`加上中央补助、上年结转等，收入总量为…` names what it adds but not how much).

    >>> t = "加上A100万元(含B10万元,C20万元)，D5万元，E等，"
    >>> every_clause_has_a_figure(t, 0, t, []) is False, [t[a:b] for a, b in outer_clauses(t)]
    (True, ['加上A100万元', 'D5万元', 'E等'])
    """
    return all(any(start + a <= d.quantity.span[0] < start + b for d in figures) for a, b in outer_clauses(listed))


def outer_clauses(listed: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a list, from the first to the last of their words outside brackets."""
    spans, first, last, depth = [], -1, -1, 0
    breaks = {m.start() for m in LIST_BREAK.finditer(listed)}
    for i, ch in enumerate(listed):
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        elif depth == 0 and i in breaks:
            if first >= 0:
                spans.append((first, last + 1))
            first = last = -1
        elif depth == 0 and ch not in BLANK_CHARS:
            first = i if first < 0 else first
            last = i
    if first >= 0:
        spans.append((first, last + 1))
    return spans


def year_end_relations(lines: list[list[Draft]]) -> list[Relation]:
    """`总收入4427.55亿元，总支出3887.38亿元，年终结转540.17亿元`: what is left at the year's end is the
    revenue total less the spending total stated before it on its line (the nearest of each since the last
    remainder); a line opening `上述收支相抵，年终结余R` takes them from the two lines before, where each
    states one such total. A cumulative balance (`年末滚存结余`, 累计) carries earlier years: not related.

    Relation `balance`: target the remainder, inputs `revenue` and `spending`."""
    out = []
    previous: list[Draft] = []
    before_previous: list[Draft] = []
    for drafts in lines:
        if len(drafts) > MAX_LINE_FIGURES:
            before_previous, previous = previous, []
            continue
        revenue = spending = None
        for d in drafts:
            role = total_role(d)
            if role == "revenue":
                revenue = d
            elif role == "spending":
                spending = d
            elif role == "remainder":
                pair = (revenue, spending) if revenue and spending else totals_of_lines_before(d, before_previous + previous)
                if pair and all(p.role == d.role and (not p.year or not d.year or p.year == d.year) for p in pair) \
                        and not other_reading(drafts, pair, d):
                    out.append(Relation("balance", d.id, {"revenue": pair[0].id, "spending": pair[1].id}))
                revenue = spending = None
        before_previous, previous = previous, drafts
    return out


def other_reading(drafts: list[Draft], pair: tuple[Draft, Draft], remainder: Draft) -> bool:
    """The totals or the remainder stand in a 其中 list (`支出决算数X，其中本年支出合计A，年末结转结余R`: R is a
    part of X), or a balance carried in is stated after the revenue total (`本年收入合计A，年初结转和结余收入C`:
    R = A + C − B) or right after the remainder (`结余30万元（含上年结转10万元）`): revenue less spending is then
    not what is left."""
    words = load_cues()["balance_words"]
    if any("其中" in d.prefix for d in (*pair, remainder)):
        return True
    same_line = [d for d in drafts if pair[0].quantity.span[0] < d.quantity.span[0] < remainder.quantity.span[0]] \
        if pair[0] in drafts else [d for d in drafts if d.quantity.span[0] < remainder.quantity.span[0]]
    if any(w in d.prefix for d in same_line for w in words["carried_in"]):
        return True
    sentence = remainder.sentence
    after = sentence.text[remainder.quantity.span[1] - sentence.span[0]:]
    after = regex.split(r"[，,；;。]", after, maxsplit=1)[0]       # `结余30万元（含上年结转10万元）`
    return any(w in after for w in words["carried_in"] + ["含"])


def total_role(d: Draft) -> str:
    """`revenue` or `spending` for an amount named as the year's revenue or spending total, `remainder` for
    what is left of them at the year's end, '' otherwise (cues.json balance_words)."""
    if d.kind != "amount" or d.nested or d.explanation or d.quantity.approx:
        return ""
    words = load_cues()["balance_words"]
    name = regex.sub(r"(?:为|是|达到|达|共|实现|完成)$", "", d.prefix.strip(BLANK_CHARS)).strip(BLANK_CHARS)
    if name.endswith(tuple(words["revenue_totals"])) or name == words["bare_revenue"]:
        return "revenue"
    if name.endswith(tuple(words["spending_totals"])) or name == words["bare_spending"]:
        return "spending"
    if name.endswith(tuple(words["remainders"])) and not any(w in name for w in words["not_remainders"]):
        return "remainder"
    return ""


def totals_of_lines_before(remainder: Draft, before: list[Draft]) -> Optional[tuple[Draft, Draft]]:
    """(revenue, spending) of the two lines before a `上述收支相抵` remainder, each stated once there."""
    if not remainder.sentence.text.lstrip(BLANK_CHARS).startswith(tuple(load_cues()["balance_words"]["from_lines_before"])):
        return None
    near = [d for d in before if d.sentence.line >= remainder.sentence.line - 2]
    revenues = [d for d in near if total_role(d) == "revenue"]
    spendings = [d for d in near if total_role(d) == "spending"]
    if len(revenues) != 1 or len(spendings) != 1:
        return None
    return revenues[0], spendings[0]

"""Rule `year`: a year that is not the document's where the text speaks of the document's own year.

- headings and table titles naming the document's kind (`2023年度…决算…` in a 2024 决算);
- a 决算's `截至YYYY年12月31日` in the asset and vehicle sections, and `YYYY年度收入支出总计`;
- a 预算 of year Y: the base of `比YYYY年预算` and the year of `YYYY年预算执行数` are Y−1.

Years that are legitimately others are left alone by their construction: a sentence that opens with
another year (a history), spans (`2021-2025年`), plans and 执行情况 (reviewer_checks.json `not_own_year`).
"""
from __future__ import annotations

from typing import Optional

from parser.datatypes import Finding
from parser.layout.segment import heading_level
from parser.patterns import CLAUSE_END
from parser.rules import messages
from parser.rules.common import Context, RuleResult
from parser.rules.textual import checks, has_amount, line_evidence, line_finding, patterns, prose_lines, sentences

HEADING_MAX_CHARS = 60
COVER_LINES = 5
TITLE_ENDINGS = ("表", "说明", "情况", "公开", "决算", "预算", "报告")


def subject_year(line: str, start: int, stop: int) -> Optional[int]:
    """The last year a sentence names before a position: the year it speaks of.

    >>> subject_year("2018年执行中，比2017年预算增加", 0, 9)
    2018
    >>> subject_year("收入预算9628.22万元，比2026年预算增加", 0, 14) is None
    True
    """
    years = [int(m.group("year")) for m in patterns("year", "year_words_before")[0].finditer(line, start, stop)]
    return years[-1] if years else None


def clause_start(line: str, at: int) -> int:
    """Where the clause holding position `at` begins: after the punctuation before the one just before it,
    so that the quote carries the figure it compares (`…9628.22万元，比2026年预算`).

    >>> line = "其中：财政拨款收入9628.22万元，比2026年预算增加"
    >>> line[clause_start(line, line.index("比")):]
    '财政拨款收入9628.22万元，比2026年预算增加'
    """
    cut = max(line.rfind(p, 0, max(0, at - 1)) for p in CLAUSE_END)
    return cut + 1 if cut >= 0 and at - cut <= 40 else max(0, at - 20)


def is_heading_like(number: int, text: str) -> bool:
    """A heading, a table title or a cover line: short, no sentence punctuation."""
    stripped = text.strip()
    if not stripped or len(stripped) > HEADING_MAX_CHARS or "\t" in text or stripped.endswith(("。", "；", "，")):
        return False
    if "，" in stripped or has_amount(stripped):
        return False
    return heading_level(text) is not None or stripped.endswith(TITLE_ENDINGS) or number <= 5


def cover_years(ctx: Context) -> set[int]:
    """The years the cover names (a report on 2021's 决算 and 2022's 预算 has no one year of its own)."""
    years_in = patterns("year", "year_words_before")[0]
    years = set()
    for text in ctx.document.lines[:COVER_LINES]:
        if "。" in text or "\t" in text or heading_level(text) is not None:
            break
        years |= {int(m.group("year")) for m in years_in.finditer(text)}
    return years


def check(ctx: Context) -> RuleResult:
    year, kind = ctx.meta.year or ctx.year, ctx.meta.kind
    if year is None or kind not in ("决算", "预算") or len(cover_years(ctx)) > 1:
        return RuleResult()
    out = headings(ctx, year, kind) + grand_totals(ctx, year)
    out += budget_bases(ctx, year) if kind == "预算" else asset_dates(ctx, year)
    return RuleResult(tuple(out))


def wrong_year(ctx: Context, line: int, quote: str, stated: int, expected: int, why: str) -> Finding:
    return line_finding(ctx, "year", "warning",
                        messages.WRONG_YEAR(why=why, expected=expected, stated=stated, year=ctx.meta.year or ctx.year),
                        "wrong_year", line, quote, stated=f"{stated}年", expected=f"{expected}年",
                        evidence=title_evidence(ctx), confidence=0.85)


def title_evidence(ctx: Context) -> tuple:
    title = ctx.meta.title
    where = next((n for n, text in enumerate(ctx.document.lines[:400], 1) if title and title in text), None)
    return (line_evidence(ctx, where, title),) if where else ()


def headings(ctx: Context, year: int, kind: str) -> list[Finding]:
    conf = checks("year")
    year_at = patterns("year", "heading_year")[0]
    years_in = patterns("year", "year_words_before")[0]
    out = []
    for number, text in prose_lines(ctx):
        if not is_heading_like(number, text) or any(w in text for w in conf["not_own_year"]):
            continue
        found = list(years_in.finditer(text))
        if len(found) != 1 or any(mark in text for mark in conf["span_marks"]):
            continue
        m = year_at.search(text)
        if m is None or kind not in text[m.start():] or int(m.group("year")) == year:
            continue
        out.append(wrong_year(ctx, number, text.strip(), int(m.group("year")), year, "标题所说的年度"))
    return out


def grand_totals(ctx: Context, year: int) -> list[Finding]:
    pattern = patterns("year", "grand_total")[0]
    out = []
    for number, text in prose_lines(ctx):
        for m in pattern.finditer(text):
            if int(m.group("year")) != year:
                out.append(wrong_year(ctx, number, m.group(0), int(m.group("year")), year, "本年度收支总计的年度"))
    return out


def asset_dates(ctx: Context, year: int) -> list[Finding]:
    """`截至YYYY年12月31日` in a 决算's asset and vehicle sentences is the end of the document's year."""
    pattern = patterns("year", "final_asset_date")[0]
    words = checks("year")["asset_words"]
    out = []
    for sentence in sentences(ctx):
        line = ctx.document.lines[sentence.line - 1]
        text = line[sentence.span[0]:sentence.span[1]]
        if not any(w in text for w in words):
            continue
        for m in pattern.finditer(line, sentence.span[0], sentence.span[1]):
            if int(m.group("year")) != year:
                out.append(wrong_year(ctx, sentence.line, m.group(0), int(m.group("year")), year,
                                      "资产、车辆情况的截止日期"))
    return out


def budget_bases(ctx: Context, year: int) -> list[Finding]:
    """In a 预算 of year Y, `比YYYY年预算` and `YYYY年预算执行数` speak of Y−1 (unless the sentence is about
    another year)."""
    out = []
    for key, why in (("budget_base", "比较基数（上年预算）的年度"), ("budget_execution", "预算执行数的年度")):
        pattern = patterns("year", key)[0]
        for sentence in sentences(ctx):
            line = ctx.document.lines[sentence.line - 1]
            for m in pattern.finditer(line, sentence.span[0], sentence.span[1]):
                about = subject_year(line, sentence.span[0], m.start()) or year
                if key == "budget_execution":
                    about = year if about in (year, int(m.group("year"))) else about
                if about != year:
                    continue
                stated = int(m.group("year"))
                if stated != year - 1:
                    out.append(wrong_year(ctx, sentence.line, line[clause_start(line, m.start()):m.end()],
                                          stated, year - 1, why))
    return out

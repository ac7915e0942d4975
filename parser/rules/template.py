"""Rule `template`: text left from a template or a slip of typing.

Placeholders (`XX局`, `××`, `【单位名称】`, `X月X日`, `增加（减少）`), repeated punctuation (`。。`), a clause
with nothing after its colon (`主要原因是。`), a sentence cut off at the end of its paragraph, quotation
marks that do not pair, a note that calls a table empty (`本表为空表`) under a table with figures, the
body named otherwise than on the cover, a 单位预算 speaking of its `部门预算安排`. Patterns:
reviewer_checks.json `template`.
"""
from __future__ import annotations

import regex

from parser.datatypes import Finding, Table
from parser.layout.segment import heading_level
from parser.layout.tables import ECONOMIC_CODE, FUNCTION_CODE
from parser.lexicon import reviewer_pattern
from parser.rules import messages
from parser.rules.common import Context, RuleResult
from parser.rules.messages import Said
from parser.rules.textual import checks, clip, is_heading, line_evidence, line_finding, patterns, prose_lines


def finding_at(ctx: Context, line: int, quote: str, message: Said, confidence: float = 0.85,
               evidence: tuple = (), expected: str = "") -> Finding:
    return line_finding(ctx, "template", "warning", message, "template", line, quote, expected=expected,
                        evidence=evidence, confidence=confidence)


def check(ctx: Context) -> RuleResult:
    out = placeholders(ctx) + punctuation(ctx) + cut_off(ctx) + unpaired_quotes(ctx)
    out += empty_notes(ctx) + body_names(ctx) + unit_wording(ctx)
    return RuleResult(tuple(out))


def placeholders(ctx: Context) -> list[Finding]:
    exempt = checks("template")["placeholder_exempt"]
    out = []
    for number, text in enumerate(ctx.document.lines, 1):
        if len(text) > 5000:
            continue
        spans = sorted({(m.start(), m.end()) for pattern in patterns("template", "placeholders")
                        for m in pattern.finditer(text)}, key=lambda s: (s[0], -s[1]))
        kept_end = -1
        for start, end in spans:          # the longest of overlapping matches (XX局 over XX)
            if start < kept_end or any(e in text[max(0, start - 2):end + 3] for e in exempt):
                continue
            kept_end = end
            quote = text[start:end].strip()
            out.append(finding_at(ctx, number, quote, messages.PLACEHOLDER(quote=quote), confidence=0.9,
                                  expected="填写实际内容或删除"))
    return out


def punctuation(ctx: Context) -> list[Finding]:
    repeated = patterns("template", "repeated_punctuation")[0]
    empty = patterns("template", "empty_clause")[0]
    out = []
    for number, text in prose_lines(ctx):
        for m in repeated.finditer(text):
            start, end = clip(text, m.start(), m.end(), before=10, after=0)
            out.append(finding_at(ctx, number, text[start:end], messages.REPEATED_PUNCTUATION(marks=m.group(0)), confidence=0.9,
                                  expected=m.group("mark")))
        for m in empty.finditer(text):
            out.append(finding_at(ctx, number, m.group(0), messages.EMPTY_CLAUSE(clause=m.group(0)), confidence=0.9,
                                  expected="补全说明"))
    return out


def is_title(text: str) -> bool:
    return bool(patterns("template", "title_endings")[0].search(text))


def cut_off(ctx: Context) -> list[Finding]:
    """A paragraph's last sentence that stops without punctuation where nothing can continue it: before a
    heading or a table row; a `主要原因是…` clause also before any new paragraph of
    the same page. A page number or another page after it may continue it, a table cell's text too."""
    conf = checks("template")
    ends = conf["sentence_end"]
    lines = ctx.document.lines
    out = []
    for number, text in prose_lines(ctx):
        stripped = text.strip()
        if (len(stripped) < conf["cut_off_min_chars"] or stripped[-1] in ends or is_heading(text)
                or is_title(stripped) or not any(m in stripped for m in conf["cut_off_markers"])
                or not regex.match(r"[\p{Han}\d]", stripped[-1]) or number >= len(lines)
                or inside_table(lines, number)):
            continue
        if paragraph_stops(ctx, number, stripped):
            start = max(0, len(stripped) - 16)
            out.append(finding_at(ctx, number, stripped[start:],
                                  messages.CUT_OFF(tail=stripped[start:]),
                                  confidence=0.7, expected="完整的句子（句末标点）"))
    return out


def inside_table(lines, number: int) -> bool:
    """A line right after a TAB-led cell line (a text file's cell layout): a cell's text running over lines."""
    before = next((lines[k - 1] for k in range(number - 1, max(0, number - 4), -1) if lines[k - 1].strip()), "")
    return before.startswith("\t") or lines[number - 1].startswith("\t")


def paragraph_stops(ctx: Context, number: int, text: str) -> bool:
    following = ctx.document.lines[number]
    cells = [c for c in following.split("\t") if c.strip()]
    if "\t" in following.strip():
        return len(cells) >= 2
    if not following.strip():
        return False
    if (patterns("template", "page_number")[0].fullmatch(following.strip())
            or ctx.document.page_of(number + 1) != ctx.document.page_of(number)):
        return False
    if heading_level(following) is not None:
        return True
    return ctx.document.format == "pdf" and any(m in text for m in checks("template")["reason_markers"])


def unpaired_quotes(ctx: Context) -> list[Finding]:
    """A sentence with both quotation marks where one side is written more often than the other."""
    out = []
    for number, text in prose_lines(ctx):
        for sentence in regex.split(r"(?<=[。；])", text):
            for opening, closing in checks("template")["quote_pairs"]:
                n_open, n_close = sentence.count(opening), sentence.count(closing)
                if n_open and n_close and n_open != n_close:
                    quote = sentence.strip()[:60]
                    out.append(finding_at(ctx, number, quote,
                                          messages.UNPAIRED_QUOTES(opened=n_open, opening=opening, closed=n_close,
                                                                   closing=closing),
                                          confidence=0.75, expected="成对的引号"))
    return out


def has_figures(table: Table) -> bool:
    """A non-zero amount in the table's body (codes and column numbers are not amounts)."""
    for row in table.rows:
        for cell in row:
            if cell.value is None or cell.value == 0 or cell.is_percent:
                continue
            if FUNCTION_CODE.match(cell.text) or ECONOMIC_CODE.match(cell.text):
                continue
            if "." in cell.text or "," in cell.text:
                return True
    return False


def table_of_note(ctx: Context, number: int, text: str) -> Table | None:
    if m := patterns("template", "table_code")[0].search(text):
        code = f"公开{int(m.group(1)):02d}表"
        named = [t for t in ctx.tables if t.code == code]
        return named[0] if len(named) == 1 else None
    window = checks("template")["note_window_lines"]
    near = [t for t in ctx.tables if t.line <= number <= t.end_line + window]
    return near[-1] if near else None


def empty_notes(ctx: Context) -> list[Finding]:
    notes = checks("template")["empty_table_notes"]
    out = []
    for number, text in enumerate(ctx.document.lines, 1):
        note = next((n for n in notes if n in text), None)
        if note is None or len(text) > 400:
            continue
        table = table_of_note(ctx, number, text)
        if table is None or not has_figures(table):
            continue
        out.append(finding_at(ctx, number, note,
                              messages.EMPTY_NOTE_WITH_FIGURES(note=note, table=table.code or table.title or '该表',
                                                               line=table.line),
                              evidence=(line_evidence(ctx, table.line, table.title),), expected="与表格一致的说明"))
    return out


def normal_name(name: str) -> str:
    """A body's name as compared: without bracketed parts and spaces.

    >>> normal_name("上海市普陀区司法局（本级）")
    '上海市普陀区司法局'
    """
    return regex.sub(r"[（(][^）)]*[）)]|\s", "", name)


def body_names(ctx: Context) -> list[Finding]:
    """`编制部门：X` elsewhere in the document against the body named on the cover."""
    cover = normal_name(ctx.meta.department)
    if not cover:
        return []
    label = patterns("template", "body_labels")[0]
    out = []
    for number, text in enumerate(ctx.document.lines, 1):
        m = label.search(text.strip())
        if m is None:
            continue
        name = normal_name(m.group("name"))
        if len(name) < 4 or name in cover or cover in name:
            continue
        out.append(finding_at(ctx, number, m.group("name"),
                              messages.BODY_NAME(name=m.group('name'), cover=ctx.meta.department),
                              confidence=0.7, expected=ctx.meta.department))
    return out


def unit_wording(ctx: Context) -> list[Finding]:
    """A 单位预算 that says 部门预算安排 (text copied from the 部门 template)."""
    conf = checks("template")
    if not reviewer_pattern(conf["unit_document_title"]).search(ctx.meta.title):
        return []
    pattern = patterns("template", "department_wording_in_unit")[0]
    out = []
    for number, text in prose_lines(ctx):
        for m in pattern.finditer(text):
            out.append(finding_at(ctx, number, m.group(0),
                                  messages.UNIT_WORDING(words=m.group(0)), confidence=0.75,
                                  expected=m.group(0).replace("部门", "单位")))
    return out

"""What the reviewer's rules (wording, year, template, completeness) share: findings about a line of text."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from parser.datatypes import Claim, Evidence, Finding, Sentence
from parser.layout.segment import heading_level
from parser.lexicon import load_reviewer_checks, reviewer_pattern
from parser.rules.common import Context
from parser.rules.messages import Said

MAX_LINE_CHARS = 5000          # a line longer than this is not prose a reviewer reads (bounded scans)


def checks(section: str) -> dict:
    """One rule's section of reviewer_checks.json."""
    return load_reviewer_checks()[section]


def patterns(section: str, key: str) -> list:
    """The compiled patterns of one entry (a string or a list of strings)."""
    value = checks(section)[key]
    return [reviewer_pattern(p) for p in ([value] if isinstance(value, str) else value)]


def line_finding(ctx: Context, rule: str, severity: str, message: Said, cause: Optional[str], line: int,
                 quote: str, stated: str = "", expected: str = "", evidence: tuple[Evidence, ...] = (),
                 claims: tuple[str, ...] = (), confidence: float = 0.85) -> Finding:
    """A finding quoting `quote` on `line` (1-based); without other evidence, the line itself is the evidence."""
    evidence = evidence or (line_evidence(ctx, line),)
    return Finding(rule=rule, severity=severity, message=message.text, cause=cause, line=line,
                   page=ctx.document.page_of(line), quote=quote, stated=stated or quote, expected=expected,
                   evidence=evidence, claims=claims, confidence=confidence, code=message.code)


def line_evidence(ctx: Context, line: int, text: str = "") -> Evidence:
    return Evidence(type="claim", line=line, page=ctx.document.page_of(line),
                    text=text or ctx.document.lines[line - 1][:200])


def sentences(ctx: Context) -> Iterator[Sentence]:
    for paragraph in ctx.paragraphs:
        yield from paragraph.sentences


def claims_in(ctx: Context, sentence: Sentence) -> list[Claim]:
    """The text claims whose figure stands inside the sentence, in reading order."""
    start, end = sentence.span
    found = [c for c in ctx.claims if c.origin == "text" and c.line == sentence.line
             and start <= c.quantity.span[0] < end]
    return sorted(found, key=lambda c: c.quantity.span[0])


def prose_lines(ctx: Context) -> Iterator[tuple[int, str]]:
    """(line number, text) of every line that is not a table row."""
    for number, text in enumerate(ctx.document.lines, 1):
        if "\t" not in text and text.strip() and len(text) <= MAX_LINE_CHARS:
            yield number, text


def is_heading(text: str) -> bool:
    """A heading as the reviewer's rules read one: numbered like a heading, no comma, no amount in it.

    >>> is_heading("（三）公务接待费"), is_heading("（三）公务接待费28.50万元，与2024年预算")
    (True, False)
    """
    return heading_level(text) is not None and "，" not in text and not has_amount(text)


def has_amount(text: str) -> bool:
    """An amount with its unit in the text (`28.50万元`).

    >>> has_amount("公务接待费28.50万元"), has_amount("（三）公务接待费")
    (True, False)
    """
    return bool(patterns("template", "amount_in_text")[0].search(text))


def clip(text: str, start: int, end: int, before: int = 12, after: int = 4) -> tuple[int, int]:
    """A quote's span widened a little to stay readable, inside the text.

    >>> clip("abcdefghij", 4, 6, before=2, after=1)
    (2, 7)
    """
    return max(0, start - before), min(len(text), end + after)

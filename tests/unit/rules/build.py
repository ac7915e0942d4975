"""Hand-built inputs for testing one rule alone: a document, claims placed in its lines, tables, a context.

No reading happens here: claims, relations, facts and tables are written out by the test, and the context
is the one the pass before the rules (parser.rules.prepass) makes of them.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Optional

import regex

from parser.datatypes import Cell, Claim, Document, Fact, Meta, Paragraph, Quantity, Sentence, Table
from parser.rules.common import Context, RuleResult
from parser.rules.prepass import prepare

FIGURE = regex.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|千元|元|%|个|人|所|件|台|套)?$")
QUANTITY_KIND = {"万元": "amount", "亿元": "amount", "千元": "amount", "元": "amount", "%": "percent"}


def document(lines: Sequence[str], fmt: str = "txt") -> Document:
    text = "\n".join(lines)
    return Document(path="<rule test>", sha256=hashlib.sha256(text.encode()).hexdigest(), format=fmt,
                    lines=tuple(lines))


def claim(cid: str, lines: Sequence[str], text: str, *, kind: str = "amount", role: str = "actual",
          metric: Optional[str] = None, year: Optional[int] = None, subject: str = "", scope: str = "",
          nth: int = 0) -> Claim:
    """The claim quoting `text` (its `nth` occurrence in the lines): its figure is the number (and unit) that
    ends the text."""
    found = [(number, at.start()) for number, line in enumerate(lines, 1)
             for at in regex.finditer(regex.escape(text), line)]
    number, start = found[nth]
    m = FIGURE.search(text)
    assert m is not None, f"no figure ends {text!r}"
    surface, unit = m.group(0), m.group(2) or ""
    value = Decimal(m.group(1).replace(",", ""))
    decimals = len(m.group(1).split(".")[1]) if "." in m.group(1) else 0
    span = (start + m.start(), start + len(text))
    q = Quantity(value, unit, decimals, False, surface, span, QUANTITY_KIND.get(unit, "count"))
    return Claim(cid, text, subject or text[:m.start()], metric, kind, role, year, q, number, None,
                 lines[number - 1], scope)


def cells(rows: Sequence[str], first_line: int) -> tuple[tuple[Cell, ...], ...]:
    """Rows of TAB-separated cells, one a line from `first_line`; plain decimals are read as values."""
    out = []
    for r, row in enumerate(rows):
        parsed = []
        for c, text in enumerate(row.split("\t")):
            number = regex.fullmatch(r"-?\d+(?:\.(\d+))?", text.strip())
            value = Decimal(text.strip()) if number else None
            decimals = len(number.group(1) or "") if number else 0
            parsed.append(Cell(r, c, text, first_line + r, None, value, decimals))
        out.append(tuple(parsed))
    return tuple(out)


def table(tid: str, lines: Sequence[str], first_row: str, *, kind: str = "other", title: str = "",
          code: str = "", unit: str = "万元") -> Table:
    """The table whose first row is the line `first_row`, running to the last line with a TAB."""
    start = lines.index(first_row) + 1
    end = start
    while end < len(lines) and "\t" in lines[end]:
        end += 1
    rows = cells(lines[start - 1:end], start)
    return Table(tid, title, code, unit, start, end, None, rows, kind)


def fact(metric: str, value: str, table_id: str, line: int, *, role: str = "actual", row: str = "", col: str = "",
         unit: str = "万元", cell: Optional[tuple[int, int]] = None) -> Fact:
    decimals = len(value.split(".")[1]) if "." in value else 0
    return Fact(metric, role, Decimal(value), decimals, unit, table_id, row, col, line, cell=cell)


def paragraphs(lines: Sequence[str], ends: str = "。；") -> tuple[Paragraph, ...]:
    """One paragraph a line, cut into sentences after each of `ends`."""
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or "\t" in line:
            continue
        sentences, start = [], 0
        for at, ch in enumerate(line):
            if ch in ends or at == len(line) - 1:
                sentences.append(Sentence(line[start:at + 1], number, (start, at + 1), ()))
                start = at + 1
        out.append(Paragraph(number, line, tuple(sentences), ()))
    return tuple(out)


def context(lines: Sequence[str], claims: Sequence[Claim] = (), relations=(), facts: Sequence[Fact] = (),
            tables: Sequence[Table] = (), meta: Optional[Meta] = None, with_paragraphs: bool = False) -> Context:
    return prepare(document(lines), meta or Meta(), tuple(tables), tuple(claims), tuple(relations), tuple(facts),
                   paragraphs(lines) if with_paragraphs else ())


def codes(result: RuleResult) -> list[Optional[str]]:
    return [f.code for f in result.findings]


def statuses(result: RuleResult) -> dict[str, str]:
    return dict(result.claims)

"""Helpers shared by the structured readers (docx, html, xlsx, json): text → gouji lines.

gouji's lines follow the text layout that parser/segment.py reads: a paragraph is a
line without TAB; a table row is ONE line of TAB-separated cells (a row with a
single cell keeps a trailing TAB so it stays a row).
"""
from __future__ import annotations

import regex

from parser.datatypes import Document
from parser.errors import Errors, InputError

SPACES = regex.compile(r"[ \t\u00a0\u3000\r\f\v]+")
NEWLINES = regex.compile(r"\r\n|\r|\n|\u2028|\u2029|\x0b")
CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
WIDE = regex.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef]")


def one_line(text: str) -> str:
    """A piece of text as one line: no TAB, no newline, no control character.

    Runs of blanks inside become one space; the ends are stripped.

    >>> one_line(" 一、部门职责\\t3 ")
    '一、部门职责 3'
    >>> one_line("本年收入\\n401.4万元")
    '本年收入 401.4万元'
    """
    text = CONTROL.sub("", NEWLINES.sub(" ", text))
    return SPACES.sub(" ", text).strip()


def join_pieces(pieces) -> str:
    """Join the lines of a multi-line cell: no space between Chinese, one between Latin words.

    >>> join_pieces(["公务", "接待费"]), join_pieces(["Total", "amount"]), join_pieces(["合计", "", "(万元)"])
    ('公务接待费', 'Total amount', '合计(万元)')
    """
    out = ""
    for piece in pieces:
        piece = one_line(piece)
        if not piece:
            continue
        if out and not WIDE.match(piece[0]) and not WIDE.match(out[-1]) and piece[0] not in "()（）":
            out += " "
        out += piece
    return out


def row_line(cells) -> str:
    """One table row as one line of TAB-separated cells.

    >>> row_line(["合计", "", "401.4"]), row_line(["收入支出决算总表"])
    ('合计\\t\\t401.4', '收入支出决算总表\\t')
    """
    cells = [one_line(c) for c in cells]
    if len(cells) == 1:
        return cells[0] + "\t"
    return "\t".join(cells)


def finish(lines: list[str]) -> tuple[str, ...]:
    """Collapse runs of blank lines to one and drop blank lines at both ends.

    >>> finish(["", "a", "", "", "b", "\\t", "\\t", ""])
    ('a', '', 'b', '\\t', '\\t')
    """
    out: list[str] = []
    for line in lines:
        if is_blank(line) and (not out or is_blank(out[-1])):
            continue
        out.append(line)
    while out and is_blank(out[-1]):
        out.pop()
    return tuple(out)


def is_blank(line: str) -> bool:
    """A blank line; a row of empty cells (TABs) is not blank, it is a table row.

    >>> is_blank(" \\u3000"), is_blank("\\t\\t")
    (True, False)
    """
    return "\t" not in line and not line.strip()


def make_document(name: str, sha256: str, fmt: str, lines: list[str]) -> Document:
    """A Document from a reader's lines (blank runs collapsed), or InputError when none has text."""
    numbered = finish(lines)
    if not any(line.strip() for line in numbered):
        raise InputError(name, Errors.E_NO_LINES)
    return Document(path=name, sha256=sha256, format=fmt, lines=numbered)

"""Normalise the text before it is read, keeping a map back to the original characters.

Pages copied by mirror sites print traditional characters with the pinyin left inside words
(`預(yù)算`, `萬(wàn)元`), and some publishers group digits with spaces (`1 129 236万元`). The reader
sees simplified characters (OpenCC's t2s), no pinyin glosses and digits run together; every quote and
span reported goes back to the characters of the original line (`NormalizedLine.original_span`).
A line that needs none of this is left as it is, and a document with no such line is read unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

import regex

from parser.datatypes import Document

PINYIN_GLOSS = regex.compile(r"(?<=\p{Han})[(（][a-zü\u00e0-\u01dc\u0300-\u036f]{1,8}[)）]")
SPACED_DIGITS = regex.compile(r"(?<![\d.])\d{1,3}(?: \d{3})+(?=(?:\.\d+)?\s*(?:万元|亿元|千元|元|万|亿|人|个))")
TRADITIONAL_HINT = regex.compile(r"[預萬億際財務費與項門補歲經專當實負額產劃區縣鄉這們個會長開關點總體經濟單決計]")
MAX_LINE_CHARS = 200_000          # longer lines are read as they are (normalising is per character)


@dataclass(frozen=True)
class NormalizedLine:
    text: str
    origin: tuple[int, ...]       # origin[i]: index in the original line of text[i]; one more for the end

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original line's span of text[start:end].

        >>> n = normalize_line("公務(wù)接待費6.28萬(wàn)元")
        >>> n.text
        '公务接待费6.28万元'
        >>> "公務(wù)接待費6.28萬(wàn)元"[slice(*n.original_span(5, 11))]
        '6.28萬(wàn)元'
        """
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if start == end:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def needs_normalizing(line: str) -> bool:
    return bool(PINYIN_GLOSS.search(line) or SPACED_DIGITS.search(line) or TRADITIONAL_HINT.search(line))


def normalize_line(line: str) -> NormalizedLine:
    """Pinyin glosses dropped, digit groups joined, traditional characters made simplified.

    >>> normalize_line("收入1 129 236万元，預(yù)算").text
    '收入1129236万元，预算'
    """
    keep = [True] * len(line)
    for m in PINYIN_GLOSS.finditer(line):
        for i in range(m.start(), m.end()):
            keep[i] = False
    for m in SPACED_DIGITS.finditer(line):
        for i in range(m.start(), m.end()):
            if line[i] == " ":
                keep[i] = False
    origin = [i for i, k in enumerate(keep) if k]
    text = "".join(line[i] for i in origin)
    converted = to_simplified(text)
    if len(converted) != len(text):          # a phrase of another length: convert character by character
        converted = "".join(to_simplified(ch) if len(to_simplified(ch)) == 1 else ch for ch in text)
    return NormalizedLine(converted, tuple(origin) + (len(line),))


def to_simplified(text: str) -> str:
    converter = opencc_converter()
    return converter.convert(text) if converter is not None else text


@lru_cache(maxsize=1)
def opencc_converter():
    """OpenCC's traditional → simplified converter, or None when the package is missing."""
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("t2s")


@dataclass(frozen=True)
class Normalized:
    """A document as read (`document`) and the map of each changed line back to the original."""
    document: Document
    lines: dict[int, NormalizedLine]        # 1-based line → its normalised form (changed lines only)
    original_document_lines: tuple[str, ...] = ()

    def original_span(self, line: int, span: tuple[int, int]) -> tuple[int, int]:
        mapped = self.lines.get(line)
        return mapped.original_span(*span) if mapped else span


def normalize_document(document: Document) -> Optional[Normalized]:
    """The document with its lines normalised, or None when no line changes."""
    changed: dict[int, NormalizedLine] = {}
    for number, line in enumerate(document.lines, 1):
        if len(line) <= MAX_LINE_CHARS and needs_normalizing(line):
            normalized = normalize_line(line)
            if normalized.text != line:
                changed[number] = normalized
    if not changed:
        return None
    lines = tuple(changed[n].text if n in changed else line for n, line in enumerate(document.lines, 1))
    return Normalized(replace(document, lines=lines), changed, document.lines)

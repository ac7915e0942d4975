"""Numeric mentions of the narrative, and the labels the rules give them.

A mention is every Quantity `parser.quantity.iter_quantities` finds in a sentence
of the text (never a table cell) — claims and non-claims alike (years in 第N条,
list counts, bare numbers). The classifier and the annotation files are keyed on
mentions; the rules' labels for them come from `parser.narrative.claims.extract_claims`.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Optional

from parser.datatypes import Claim, Paragraph, Quantity, Sentence
from parser.quantity import iter_quantities_continued

KINDS = ("amount", "percent", "change_amount", "change_percent", "share", "rate", "count", "other")
ROLES = ("actual", "budget_initial", "budget_final", "prior_year", "target", "other")


@dataclass(frozen=True)
class Labels:
    """What a mention is: the four labels an annotator sets."""
    kind: str
    role: str
    metric: Optional[str]
    is_claim: bool


@dataclass(frozen=True)
class Mention:
    """One number in a sentence; `span` is in the line, `local` in the sentence."""
    line: int
    span: tuple[int, int]
    text: str
    sentence: Sentence
    quantity: Quantity

    @property
    def local(self) -> tuple[int, int]:
        offset = self.sentence.span[0]
        return self.span[0] - offset, self.span[1] - offset


def sentence_mentions(sentence: Sentence) -> Iterator[Mention]:
    """The mentions of one sentence, with spans in its line.

    >>> s = Sentence("支出401.4万元，占8.66%。", 7, (3, 19), ())
    >>> [(m.text, m.span, m.local) for m in sentence_mentions(s)]
    [('401.4万元', (5, 12), (2, 9)), ('8.66%', (14, 19), (11, 16))]
    """
    offset = sentence.span[0]
    for q in iter_quantities_continued(sentence.text, sentence.continuation):
        yield Mention(sentence.line, (q.span[0] + offset, q.span[1] + offset), q.surface, sentence, q)


def iter_mentions(paragraphs: Iterable[Paragraph]) -> Iterator[Mention]:
    """Every mention of the narrative, in reading order."""
    for paragraph in paragraphs:
        for sentence in paragraph.sentences:
            yield from sentence_mentions(sentence)


def rule_labels(mention: Mention, claim: Optional[Claim]) -> Labels:
    """The rules' labels of a mention: its claim's, or 'not a claim' when the rules made none.

    >>> q = Quantity(value=3, unit="", decimals=0, approx=False, surface="3", span=(0, 1), kind="number")
    >>> rule_labels(Mention(1, (0, 1), "3", Sentence("3、", 1, (0, 2), ()), q), None)
    Labels(kind='other', role='other', metric=None, is_claim=False)
    """
    if claim is None:
        kind = "count" if mention.quantity.kind in ("count", "score") else "other"
        return Labels(kind=kind, role="other", metric=None, is_claim=False)
    return Labels(kind=claim.kind, role=claim.role, metric=claim.metric, is_claim=True)


def claims_by_place(claims: Iterable[Claim]) -> dict[tuple[int, int], Claim]:
    """(line, span start) → claim, to find the claim of a mention."""
    return {(c.line, c.quantity.span[0]): c for c in claims}


def label_mentions(paragraphs: tuple[Paragraph, ...], claims: Iterable[Claim]) -> list[tuple[Mention, Labels, Optional[Claim]]]:
    """Each mention with the rules' labels and its claim (None for non-claims)."""
    by_place = claims_by_place(claims)
    out = []
    for mention in iter_mentions(paragraphs):
        claim = by_place.get((mention.line, mention.span[0]))
        out.append((mention, rule_labels(mention, claim), claim))
    return out

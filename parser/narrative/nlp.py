"""Metric phrases of a text: jieba segmentation and a phrase matcher tagging metric aliases with
their canonical ids.

The jieba user dictionary is generated from the same lexicon that feeds the patterns
(parser/data/metrics.jsonl), so an alias is found where jieba keeps the term whole. The matcher
does what the design's spaCy pipeline did (`spacy.blank("zh")` with the jieba segmenter and an
`entity_ruler` of phrase patterns on ORTH): each alias becomes the tokens jieba makes of it, a
mention is a run of the text's tokens equal to one alias's tokens, and overlapping mentions are
resolved longest first, then leftmost. It runs without importing spaCy (0.7 s of every start-up);
tests/unit/narrative/test_nlp.py checks that both give the same mentions on every sentence of the
seeds and the web corpus.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from parser.lexicon import load_metrics
from parser.narrative.segmenter import make_tokenizer, words_and_gaps

log = logging.getLogger(__name__)

USER_WORD_FREQ = 200000
MAX_TEXT_CHARS = 1_000_000           # longer texts give no mentions (spaCy's nlp.max_length, error E088)
EXTRA_WORDS = ("年初预算", "全年预算", "决算数", "预算数", "执行数", "执行率", "与上年相比", "较上年")


@dataclass(frozen=True)
class MetricMention:
    metric: str
    text: str
    start: int          # character offsets in the analysed text
    end: int


def user_words() -> list[str]:
    """The words added to jieba's dictionary: every alias without spaces, and a few more.

    >>> "本年收入合计" in user_words()
    True
    """
    words = {alias for m in load_metrics().values() for alias in m.aliases}
    words |= set(EXTRA_WORDS)
    return [w for w in sorted(words) if w and " " not in w]


class MetricMatcher:
    """Aliases as token sequences over one jieba tokenizer; `find` gives a text's mentions."""

    def __init__(self) -> None:
        self.tokenizer = make_tokenizer((word, USER_WORD_FREQ) for word in user_words())
        self.patterns: dict[tuple[str, ...], str] = {}
        for metric in load_metrics().values():
            for alias in metric.aliases:
                tokens = tuple(token for token, _ in self.tokens(alias))
                if tokens:
                    self.patterns.setdefault(tokens, metric.id)
        self.longest = max((len(p) for p in self.patterns), default=0)

    def tokens(self, text: str) -> list[tuple[str, int]]:
        """(token, offset) as spaCy's jieba tokenizer makes them."""
        return words_and_gaps(self.tokenizer.cut(text, cut_all=False), text)

    def find(self, text: str) -> list[MetricMention]:
        """Mentions in order of position.

        >>> [(m.metric, m.text) for m in build_matcher().find("本年收入合计401.4万元")]
        [('revenue_total', '本年收入合计')]
        """
        if len(text) >= MAX_TEXT_CHARS:
            return []
        tokens, offsets = zip(*self.tokens(text)) if text else ((), ())
        matches = [(end - start, -start, start, end) for start in range(len(tokens))
                   for end in range(start + 1, min(len(tokens), start + self.longest) + 1)
                   if tokens[start:end] in self.patterns]
        taken: set[int] = set()
        found = []
        for _, _, start, end in sorted(matches, reverse=True):     # longest first, then leftmost
            if start in taken or end - 1 in taken:
                continue
            taken.update(range(start, end))
            first, last = offsets[start], offsets[end - 1] + len(tokens[end - 1])
            found.append(MetricMention(self.patterns[tokens[start:end]], text[first:last], first, last))
        return sorted(found, key=lambda m: m.start)


@lru_cache(maxsize=1)
def build_matcher() -> MetricMatcher:
    """The shared matcher (built once per process: jieba's words from a cache, the aliases' tokens)."""
    return MetricMatcher()


def metric_mentions(texts: list[str], leads: Optional[list[str]] = None) -> list[list[MetricMention]]:
    """Metric phrases of each text, longest match first, in order of position. `leads`: for each text, the
    words a line break cut from it (the end of the line before: `公务用车购` / `置及运行费支出决算3.98万元`), or ''."""
    matcher = build_matcher()
    found = [with_split_aliases(text, matcher.find(text)) for text in texts]
    if leads is None:
        return found
    return [with_lead(text, lead, mentions, matcher) if lead else mentions
            for text, lead, mentions in zip(texts, leads, found)]


MAX_LEAD_CHARS = 16                  # a name a line break cut in two is not longer than this before the break


def with_lead(text: str, lead: str, found: list[MetricMention], matcher: MetricMatcher) -> list[MetricMention]:
    """Add the mention of a name a line break cut in two: read over `lead` (the words before the break) and
    `text`, a mention running across the break stands at the start of `text`, in place of any it covers.
    Only a name cut mid-word counts: the lead must end, and the text begin, with a Chinese character.

    >>> [(m.metric, m.text, m.start, m.end) for m in with_lead("置及运行费支出决算3.98万元", "公务用车购", [], build_matcher())]
    [('official_vehicle', '置及运行费', 0, 5)]
    """
    lead = lead[-MAX_LEAD_CHARS:]
    if not (lead and text and is_han(lead[-1]) and is_han(text[0])):
        return found
    across = [m for m in matcher.find(lead + text) if m.start < len(lead) < m.end]
    if not across:
        return found
    end = across[0].end - len(lead)
    joined = MetricMention(across[0].metric, text[:end], 0, end)
    return [joined] + [m for m in found if m.start >= end]


def is_han(char: str) -> bool:
    """
    >>> is_han("购"), is_han("5"), is_han("，")
    (True, False, False)
    """
    return "\u4e00" <= char <= "\u9fff"


def with_split_aliases(text: str, found: list[MetricMention]) -> list[MetricMention]:
    """Add the aliases written with punctuation that jieba cut across a word (`“三公”经费支出` is
    segmented “ 三公 ” 经费支出, so the token pattern of `“三公”经费` cannot match), where no mention
    already covers them.

    >>> [m.metric for m in with_split_aliases("财政拨款“三公”经费支出决算中", [])]
    ['three_public']
    """
    pattern, metric_of = punctuated_aliases()
    if pattern is None:
        return found
    added = [MetricMention(metric_of[m.group(0)], m.group(0), m.start(), m.end()) for m in pattern.finditer(text)
             if not any(f.start < m.end() and m.start() < f.end for f in found)]
    return sorted(found + added, key=lambda m: m.start) if added else found


@lru_cache(maxsize=1)
def punctuated_aliases():
    """One pattern of the aliases holding punctuation (the ones jieba cannot keep whole), and their ids."""
    import regex
    metric_of = {alias: m.id for m in load_metrics().values() for alias in m.aliases
                 if alias and regex.search(r"[^\p{Han}\w]", alias)}
    if not metric_of:
        return None, {}
    return regex.compile("|".join(regex.escape(a) for a in sorted(metric_of, key=len, reverse=True))), metric_of

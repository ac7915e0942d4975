"""build_nlp(): a blank Chinese spaCy pipeline, jieba segmentation, and an entity
ruler that tags metric phrases with their canonical ids.

The jieba user dictionary is generated from the same lexicon that feeds the
patterns (parser/data/metrics.jsonl), so phrase patterns match where jieba keeps
the term whole.
"""
from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache

from parser.lexicon import load_metrics

log = logging.getLogger(__name__)

USER_WORD_FREQ = 200000


@dataclass(frozen=True)
class MetricMention:
    metric: str
    text: str
    start: int          # character offsets in the analysed text
    end: int


def user_dictionary_lines() -> list[str]:
    """jieba user-dictionary lines (`word freq n`) for every alias without spaces.

    >>> any(line.startswith("本年收入合计 ") for line in user_dictionary_lines())
    True
    """
    words = {alias for m in load_metrics().values() for alias in m.aliases}
    words |= {"年初预算", "全年预算", "决算数", "预算数", "执行数", "执行率", "与上年相比", "较上年"}
    return [f"{w} {USER_WORD_FREQ} n" for w in sorted(words) if w and " " not in w]


@lru_cache(maxsize=1)
def build_nlp():
    """The shared pipeline: spacy.blank('zh') + jieba + metric entity ruler."""
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write("\n".join(user_dictionary_lines()) + "\n")
        path = handle.name
    try:
        jieba.load_userdict(path)
    finally:
        os.unlink(path)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    patterns = []
    for metric in load_metrics().values():
        for alias in metric.aliases:
            patterns.append({"label": "METRIC", "pattern": alias, "id": metric.id})
    ruler.add_patterns(patterns)
    return nlp


def metric_mentions(texts: list[str]) -> list[list[MetricMention]]:
    """Metric phrases of each text, longest match first, in order of position."""
    nlp = build_nlp()
    out = []
    texts = [text if len(text) < nlp.max_length else "" for text in texts]   # spaCy refuses longer ones (E088)
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=64)):
        found = [MetricMention(ent.ent_id_, ent.text, ent.start_char, ent.end_char)
                 for ent in doc.ents if ent.label_ == "METRIC"]
        out.append(with_split_aliases(text, found))
    return out


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

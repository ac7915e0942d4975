"""The metric matcher against the spaCy pipeline it stands for.

parser.narrative.nlp finds metric phrases without importing spaCy (start-up), over jieba words read
from a DAWG (parser.narrative.segmenter). Both must give exactly what the reference gives:
stock jieba with the user dictionary, and `spacy.blank("zh")` with the jieba segmenter and an
entity ruler of the same aliases, on every line of the seeds and the web corpus, and on sentences
written to hit the edge cases (spaces, aliases overlapping, an alias cut across words).
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import pytest

from parser.lexicon import load_metrics
from parser.narrative.nlp import USER_WORD_FREQ, build_matcher, metric_mentions, user_words
from parser.narrative.segmenter import PrefixDictionary, jieba_words, read_dictionary

SHARED = Path(__file__).resolve().parents[4] / "shared"
WRITTEN = [
    "本年收入合计401.4万元，本年支出合计401.4万元。",
    "一般公共预算财政拨款收入 120.5万元，  比上年增加  3.2万元",          # spaces, a run of spaces
    "“三公”经费支出决算数为12.3万元，其中公务接待费2万元。",
    "基本支出合计基本支出人员经费",                                        # aliases next to each other
    "",
    " ",
    "abc 123 ＡＢＣ",
]


def corpus_lines() -> list[str]:
    files = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus" / "web").glob("w*.txt"))
    if not files:
        pytest.skip(f"no seeds or web corpus beside the repository ({SHARED})")
    lines = [line for path in files for line in path.read_text(encoding="utf-8").splitlines()]
    return lines + WRITTEN


@lru_cache(maxsize=1)
def reference_pipeline():
    """The design's pipeline as it was built before the matcher: global jieba + spaCy entity ruler."""
    spacy = pytest.importorskip("spacy")
    import jieba
    jieba.setLogLevel(logging.WARNING)
    for word in user_words():
        jieba.add_word(word, USER_WORD_FREQ)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    ruler.add_patterns([{"label": "METRIC", "pattern": alias, "id": metric.id}
                        for metric in load_metrics().values() for alias in metric.aliases])
    return jieba, nlp


def test_segmentation_is_stock_jieba_on_every_corpus_line():
    jieba, _ = reference_pipeline()
    ours = build_matcher().tokenizer
    differing = [line for line in corpus_lines() if list(ours.cut(line)) != list(jieba.cut(line))]
    assert differing == []


def test_mentions_are_the_spacy_entity_rulers_on_every_corpus_line():
    _, nlp = reference_pipeline()
    matcher = build_matcher()
    differing = []
    for line in corpus_lines():
        expected = [(e.ent_id_, e.text, e.start_char, e.end_char) for e in nlp(line).ents]
        found = [(m.metric, m.text, m.start, m.end) for m in matcher.find(line)]
        if found != expected:
            differing.append((line, found, expected))
    assert differing == []


def test_a_mention_is_found_only_where_jieba_keeps_the_alias_whole():
    text = "本年收入合计401.4万元"
    assert [m.text for m in metric_mentions([text])[0]] == ["本年收入合计"]
    # the same characters inside a longer word are not the alias
    tokens = [token for token, _ in build_matcher().tokens("基本支出合计")]
    assert "".join(tokens) == "基本支出合计"


def test_prefix_dictionary_answers_as_jiebas_dict():
    dawg = pytest.importorskip("dawg")
    words, total = read_dictionary([b"\xe9\xa2\x84\xe7\xae\x97\xe6\x95\xb0 3\n", b"\xe5\x86\xb3\xe7\xae\x97 4\n"])
    view = PrefixDictionary(dawg.IntCompletionDAWG(words.items()))
    assert total == 7
    assert ["预" in view, "预算" in view, "算" in view, "决算数" in view] == [True, True, False, False]
    assert [view.get("预算"), view.get("预算数"), view.get("算")] == [0, 3, None]
    with pytest.raises(KeyError):
        view["算"]


def test_a_damaged_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("GOUJI_CACHE", str(tmp_path))
    jieba_words.cache_clear()
    try:
        words, total = jieba_words()
        cached = list(tmp_path.glob("jieba-*.dawg"))
        assert len(cached) == 1 and total > 0
        cached[0].write_bytes(b"\x00" * 16 + b"not a dawg")
        jieba_words.cache_clear()
        rebuilt, rebuilt_total = jieba_words()
        assert rebuilt_total == total and rebuilt.get("预算") == words.get("预算")
        assert cached[0].stat().st_size > 1000          # written again, readable by the next process
    finally:
        jieba_words.cache_clear()

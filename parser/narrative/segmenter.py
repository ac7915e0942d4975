"""jieba's segmentation, started in milliseconds instead of most of a second.

Stock jieba builds, on first use in every process, a Python dict of its 349,046 words and all
their prefixes (about 580,000 keys) from a marshal cache: 0.6 s of every `gouji check`. Here the
same words live in a DAWG (a compact, read-only word graph in C) built once from jieba's own
`dict.txt` and kept in the user's cache folder; loading it takes under a millisecond. A
`Tokenizer` subclass reads the DAWG through `PrefixDictionary`, a mapping that answers the two
questions jieba's code asks of its dict — is this fragment a prefix of a word, and what is a
word's frequency — so jieba's own algorithm (word graph, best route, HMM for unknown words) runs
unchanged and segments exactly as stock jieba does (tests/unit/narrative/test_segmenter.py checks
that on every sentence of the seeds and the web corpus).

The cache file is data read by the DAWG library (no code); a missing, stale or unreadable one is
rebuilt (about one second), in memory if no cache folder is writable.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Optional

log = logging.getLogger(__name__)

CACHE_ENV = "GOUJI_CACHE"
FORMAT = "1"                       # bump when the cache file's layout changes
TOTAL_BYTES = 8                    # the file: total frequency (little-endian), then the DAWG's bytes


class PrefixDictionary:
    """jieba's FREQ dict over a DAWG of its words, with the words added at run time on top.

    A fragment is `in` it when it is a prefix of some word (as in jieba, where every prefix of a
    word is a key with frequency 0); its value is the word's frequency, or 0 for a mere prefix.

    >>> import dawg
    >>> d = PrefixDictionary(dawg.IntCompletionDAWG([("预算", 9), ("预算数", 3)]))
    >>> "预" in d, d["预"], d["预算"], d.get("预算数"), "算" in d, d.get("算")
    (True, 0, 9, 3, False, None)
    >>> d["决算"] = 5; "决" in d, d["决算"]
    (False, 5)
    """

    def __init__(self, words) -> None:
        self.words = words
        self.added: dict[str, int] = {}

    def __contains__(self, fragment: str) -> bool:
        return fragment in self.added or self.words.has_keys_with_prefix(fragment)

    def __getitem__(self, fragment: str) -> int:
        found = self.get(fragment)
        if found is None:
            raise KeyError(fragment)
        return found

    def get(self, fragment: str, default: Optional[int] = None) -> Optional[int]:
        if fragment in self.added:
            return self.added[fragment]
        found = self.words.get(fragment)
        if found is not None:
            return found
        return 0 if self.words.has_keys_with_prefix(fragment) else default

    def __setitem__(self, fragment: str, frequency: int) -> None:
        self.added[fragment] = frequency


def read_dictionary(lines: Iterable[bytes]) -> tuple[dict[str, int], int]:
    """Words, frequencies and total of a jieba dictionary file, read as jieba reads it
    (`jieba.Tokenizer.gen_pfdict`: a repeated word keeps its last frequency, the total counts both).

    >>> read_dictionary([b"\\xe9\\xa2\\x84\\xe7\\xae\\x97 9 n\\n", b"\\xe9\\xa2\\x84\\xe7\\xae\\x97 3 n\\n"])
    ({'预算': 3}, 12)
    """
    words: dict[str, int] = {}
    total = 0
    for number, line in enumerate(lines, 1):
        text = line.strip().decode("utf-8")
        try:
            word, frequency = text.split(" ")[:2]
            words[word] = int(frequency)
        except ValueError:
            raise ValueError(f"invalid jieba dictionary entry at line {number}: {text}") from None
        total += int(frequency)
    return words, total


def import_jieba():
    """jieba, imported without pkg_resources where nothing has imported that yet.

    jieba 0.42 imports the deprecated pkg_resources (0.1–0.3 s, most of jieba's import) only to open
    its own files, and opens them by path when the import fails; the stand-in is removed again so
    that other libraries import the real module as usual.
    """
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
        return jieba
    sys.modules["pkg_resources"] = None                 # import raises ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def jieba_dictionary_file() -> Path:
    jieba = import_jieba()
    return Path(jieba.__file__).with_name("dict.txt")


def cache_folder() -> Path:
    """$GOUJI_CACHE, else $XDG_CACHE_HOME/gouji, else ~/.cache/gouji."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gouji"


def cache_name(source: Path) -> str:
    """The cache file of one dictionary file: its path, size and time, jieba's version, our format."""
    jieba = import_jieba()
    stat = source.stat()
    key = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{jieba.__version__}|{FORMAT}"
    return f"jieba-{hashlib.sha256(key.encode()).hexdigest()[:16]}.dawg"


@lru_cache(maxsize=1)
def jieba_words():
    """(DAWG of jieba's words → frequency, total frequency), from the cache or built and cached."""
    import dawg
    source = jieba_dictionary_file()
    target = cache_folder() / cache_name(source)
    try:
        data = target.read_bytes()
        return dawg.IntCompletionDAWG().frombytes(data[TOTAL_BYTES:]), int.from_bytes(data[:TOTAL_BYTES], "little")
    except FileNotFoundError:
        pass
    except Exception as err:                           # a damaged cache file is rebuilt, never trusted
        log.debug("jieba dictionary cache %s unreadable (%s); rebuilding", target, err)
    with open(source, "rb") as handle:
        frequencies, total = read_dictionary(handle)
    words = dawg.IntCompletionDAWG(frequencies.items())
    save(total.to_bytes(TOTAL_BYTES, "little") + words.tobytes(), target)
    return words, total


def save(data: bytes, target: Path) -> None:
    """Write the cache file atomically (parallel scan workers may build it at once); a folder that cannot
    be written is not an error: the next process builds it again."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=target.name, delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, target)
    except OSError as err:
        log.debug("jieba dictionary cache not written to %s (%s)", target, err)


@lru_cache(maxsize=1)
def tokenizer_class():
    jieba = import_jieba()

    class DawgTokenizer(jieba.Tokenizer):
        """jieba.Tokenizer reading its words from a DAWG: initialised at construction, nothing loaded."""

        def __init__(self, words, total: int):
            super().__init__()
            self.FREQ = PrefixDictionary(words)
            self.total = total
            self.initialized = True

        def initialize(self, dictionary=None):
            """Already initialised (the stock method would load jieba's whole dict)."""

    return DawgTokenizer


def make_tokenizer(user_words: Iterable[tuple[str, int]] = ()):
    """A jieba tokenizer over jieba's own dictionary plus `user_words` (word, frequency), as
    `jieba.load_userdict` would add them."""
    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)
    tokenizer = tokenizer_class()(*jieba_words())
    for word, frequency in user_words:
        tokenizer.add_word(word, frequency)
    return tokenizer


def words_and_gaps(words: Iterable[str], text: str) -> list[tuple[str, int]]:
    """The tokens spaCy makes of jieba's words (`spacy.util.get_words_and_spaces`), each with its
    offset: whitespace words dropped, one space after a word absorbed, any other text between words
    its own token.

    >>> words_and_gaps(["本年", " ", "收入", "  ", "合计"], "本年 收入  合计")
    [('本年', 0), ('收入', 3), (' ', 6), ('合计', 7)]
    """
    tokens, position = [], 0
    for word in (w for w in words if not w.isspace()):
        start = text.find(word, position)
        if start < 0:
            raise ValueError(f"segmentation does not align with its text at {position}")
        if start > position:
            tokens.append((text[position:start], position))
        tokens.append((word, start))
        position = start + len(word)
        if position < len(text) and text[position] == " ":
            position += 1
    if position < len(text):
        tokens.append((text[position:], position))
    return tokens

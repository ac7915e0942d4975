"""Which gouji produced a row: the package version and a fingerprint of the rule set.

The rule set is named by its rule modules and a short hash of their source and
of the lexicons in parser/data, so that editing a rule or a lexicon makes a
scan re-check documents that were checked before the edit.
"""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
NOT_RULES = {"__init__", "common", "textual"}


@cache
def gouji_version() -> str:
    """The installed distribution's version, else the package's own."""
    try:
        from importlib.metadata import version
        return version("gouji")
    except Exception:                                   # not installed (source tree on sys.path)
        from parser import __version__
        return __version__


def ruleset_name(rule_files: list[str], digest: str) -> str:
    """
    >>> ruleset_name(["unit", "share"], "0123456789abcdef")
    'unit+share@0123456789ab'
    """
    return "+".join(rule_files) + "@" + digest[:12]


@cache
def ruleset() -> str:
    """The rule modules and a hash of their code and of the data files they read."""
    rules_dir, data_dir = PACKAGE / "rules", PACKAGE / "data"
    digest = hashlib.sha256()
    files = sorted(rules_dir.glob("*.py")) + sorted(p for p in data_dir.iterdir() if p.is_file())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    order = ["unit", "share", "change", "rate", "sums", "mismatch"]
    names = [p.stem for p in sorted(rules_dir.glob("*.py")) if p.stem not in NOT_RULES]
    names.sort(key=lambda n: (order.index(n) if n in order else len(order), n))
    return ruleset_name(names, digest.hexdigest())

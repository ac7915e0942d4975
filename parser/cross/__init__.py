"""Documents of one body reconciled with each other: identity, facts, the crosscheck (issue 14)."""
from __future__ import annotations

from parser.cross.facts import CrossFact, cross_facts
from parser.cross.identity import Identity, identify
from parser.datatypes import Report


def payload(report: Report) -> dict:
    """What a scan stores for the crosscheck: the document's identity and its cross facts, as plain data."""
    return {"identity": identify(report).as_dict(), "facts": [f.as_row() for f in cross_facts(report)]}


__all__ = ["CrossFact", "Identity", "cross_facts", "identify", "payload"]

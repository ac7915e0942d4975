"""The closed vocabularies of a report (CONTRACT.md) as string enums.

Each member is a `str` equal to its contract value, so JSON, SQL and comparisons with plain strings are
unchanged: `Severity.ERROR == "error"`, `json.dumps(Severity.ERROR) == '"error"'`, and a dict keyed by
the plain strings finds a member.

>>> Severity.ERROR == "error", f"{Rule.UNIT}", str(Cause.UNIT_SLIP), {"error": 0}[Severity.ERROR]
(True, 'unit', 'unit_slip', 0)
>>> import json; json.dumps({"severity": Severity("warning")})
'{"severity": "warning"}'
"""
from __future__ import annotations

from enum import Enum
from typing import Optional


class ContractEnum(str, Enum):
    """A str enum whose str(), format() and hash are its value's (StrEnum of Python 3.11, also on 3.10)."""

    __str__ = str.__str__

    def __format__(self, format_spec: str) -> str:
        return str.__format__(self, format_spec)

    __hash__ = str.__hash__

    @classmethod
    def coerce(cls, value: Optional[str]):
        """The member for a contract value; a value outside the vocabulary stays as it is (None stays None).

        >>> Rule.coerce("sum"), Rule.coerce("new_rule"), Rule.coerce(None)
        (<Rule.SUM: 'sum'>, 'new_rule', None)
        """
        if value is None or isinstance(value, cls):
            return value
        try:
            return cls(value)
        except ValueError:
            return value


class Severity(ContractEnum):
    ERROR = "error"            # certain contradiction
    WARNING = "warning"        # likely (just beyond rounding, scopes may differ)
    INFO = "info"              # worth a look, never counted as a contradiction


class Rule(ContractEnum):
    UNIT = "unit"
    SHARE = "share"
    CHANGE = "change"
    RATE = "rate"
    SUM = "sum"
    MISMATCH = "mismatch"
    WORDING = "wording"
    YEAR = "year"
    TEMPLATE = "template"
    COMPLETENESS = "completeness"
    CROSS = "cross"


class Cause(ContractEnum):
    UNIT_SLIP = "unit_slip"
    WRONG_BASE = "wrong_base"
    ROUNDING = "rounding"
    TRANSPOSED_DIGITS = "transposed_digits"
    STALE_FIGURE = "stale_figure"
    SCOPE = "scope"
    WRONG_YEAR = "wrong_year"
    TEMPLATE = "template"
    MISSING_TABLE = "missing_table"


class Status(ContractEnum):
    CONSISTENT = "consistent"
    CONTRADICTED = "contradicted"
    UNVERIFIABLE = "unverifiable"

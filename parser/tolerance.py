"""Rounding-aware comparison, as CONTRACT.md defines it.

Each input is exact only to its own printed precision, so a recomputed figure is
an interval. A stated figure agrees when some value of that interval rounds — or
truncates — to it at the stated figure's precision.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Optional

HUNDRED = Decimal(100)
MAX_DIGITS = 10_000                   # digits a rounded figure may have; longer ones are printed as they are


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def scale(self, factor: Decimal) -> Interval:
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))


def unit_of(decimals: int) -> Decimal:
    """One unit in the last printed place.

    >>> unit_of(2), unit_of(0)
    (Decimal('0.01'), Decimal('1'))
    """
    return Decimal(1).scaleb(-decimals)


def printed(value: Decimal, decimals: int) -> Interval:
    """The values a printed figure may stand for.

    >>> printed(Decimal("401.4"), 1)
    Interval(lo=Decimal('401.35'), hi=Decimal('401.45'))
    """
    half = unit_of(decimals) / 2
    return Interval(value - half, value + half)


def printed_or_cut(value: Decimal, decimals: int) -> Interval:
    """The values a printed figure may stand for when it may have been rounded or cut (truncated toward zero)
    at its last place, as `agrees` allows a stated figure to be.

    >>> printed_or_cut(Decimal("80.92"), 2)
    Interval(lo=Decimal('80.915'), hi=Decimal('80.93'))
    >>> printed_or_cut(Decimal("-5.0"), 1)
    Interval(lo=Decimal('-5.1'), hi=Decimal('-4.95'))
    """
    step = unit_of(decimals)
    return Interval(value - step / 2, value + step) if value >= 0 else Interval(value - step, value + step / 2)


def exact(value: Decimal) -> Interval:
    return Interval(value, value)


def total(parts: Iterable[Interval]) -> Interval:
    out = Interval(Decimal(0), Decimal(0))
    for part in parts:
        out = out + part
    return out


def ratio(numerator: Interval, denominator: Interval) -> Optional[Interval]:
    """numerator / denominator as an interval; None when the denominator may be zero."""
    if denominator.lo <= 0 <= denominator.hi:
        return None
    candidates = [numerator.lo / denominator.lo, numerator.lo / denominator.hi,
                  numerator.hi / denominator.lo, numerator.hi / denominator.hi]
    return Interval(min(candidates), max(candidates))


def agrees(stated: Decimal, decimals: int, recomputed: Interval) -> bool:
    """True when some value of `recomputed` rounds or truncates to `stated`.

    >>> agrees(Decimal("91.90"), 2, Interval(Decimal("91.905"), Decimal("91.907")))
    True
    >>> agrees(Decimal("99.00"), 2, Interval(Decimal("99.97"), Decimal("99.99")))
    False
    """
    step = unit_of(decimals)
    rounding = Interval(stated - step / 2, stated + step / 2)
    if recomputed.lo <= rounding.hi and rounding.lo <= recomputed.hi:
        return True
    truncation = Interval(stated, stated + step) if stated >= 0 else Interval(stated - step, stated)
    return recomputed.lo < truncation.hi and truncation.lo <= recomputed.hi


def miss_in_units(stated: Decimal, decimals: int, recomputed: Interval) -> Decimal:
    """How many last-place units the stated figure lies outside the interval."""
    step = unit_of(decimals)
    if stated < recomputed.lo:
        gap = recomputed.lo - stated - step / 2
    else:
        gap = stated - recomputed.hi - step
    return max(gap, Decimal(0)) / step


def severity_of_miss(stated: Decimal, decimals: int, recomputed: Interval) -> str:
    """'warning' for a miss of about one last-place unit (a rounding slip), else 'error'."""
    return "warning" if miss_in_units(stated, decimals, recomputed) <= 1 else "error"


def best_value(recomputed: Interval, decimals: int) -> Decimal:
    """The recomputed figure printed at the stated precision, for messages."""
    if not (recomputed.lo.is_finite() and recomputed.hi.is_finite()):
        return recomputed.lo
    with localcontext() as context:
        context.prec = max(context.prec, min(MAX_DIGITS, max(digits_needed(recomputed.lo, decimals),
                                                             digits_needed(recomputed.hi, decimals))))
        return round_to(recomputed.mid, decimals)


def digits_needed(value: Decimal, decimals: int) -> int:
    """Digits `value` has once printed at `decimals` places (and two to spare).

    >>> digits_needed(Decimal("401.4"), 2), digits_needed(Decimal("0.001"), 2)
    (7, 5)
    """
    return max(value.adjusted(), 0) + max(decimals, 0) + 3


def round_to(value: Decimal, decimals: int) -> Decimal:
    """`value` at `decimals` places, in a context wide enough for a figure of any length.

    (Decimal's default context holds 28 digits: quantizing a longer figure raises InvalidOperation.)
    >>> round_to(Decimal("2.345"), 2), round_to(Decimal("1" * 40), 2) == Decimal("1" * 40)
    (Decimal('2.34'), True)
    """
    if not value.is_finite():
        return value
    needed = digits_needed(value, decimals)
    if needed > MAX_DIGITS:
        return value
    with localcontext() as context:
        context.prec = max(context.prec, needed)
        return value.quantize(unit_of(decimals))

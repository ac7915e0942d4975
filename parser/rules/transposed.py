"""Two adjacent digits swapped: the figure that, with one swap, makes a list add up exactly.

A list whose parts miss their total by exactly what one swap of two adjacent digits in one figure
accounts for is a typing slip with its cause in plain sight (`12,037.17` typed `21,037.17`). The sum must
hold exactly at the printed figures, so a coincidence needs the same digits in the same places.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Optional

MIN_SIGNIFICANT_DIGITS = 3          # `50` typed `05` is no figure; small round amounts repeat by chance


def adjacent_swaps(value: Decimal) -> list[Decimal]:
    """Every value made by swapping two adjacent, different digits of `value` as printed (no leading zero).

    >>> [str(v) for v in adjacent_swaps(Decimal("95.03"))]
    ['59.03', '95.30']
    >>> adjacent_swaps(Decimal("1.1"))
    []
    """
    text = format(value, "f")
    sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
    digits = [i for i, ch in enumerate(body) if ch.isdigit()]
    if sum(1 for i in digits if body[i] != "0" or any(body[j] != "0" for j in digits if j < i)) < MIN_SIGNIFICANT_DIGITS:
        return []
    out = []
    for a, b in zip(digits, digits[1:]):
        if b != a + 1 or body[a] == body[b] or (a == 0 and body[b] == "0"):
            continue
        chars = list(body)
        chars[a], chars[b] = chars[b], chars[a]
        out.append(Decimal(sign + "".join(chars)))
    return out


def repaired_by_one_swap(total: Decimal, parts: Sequence[Decimal]) -> Optional[tuple[int, Decimal]]:
    """(index, value) of the one figure, with one adjacent swap, that makes Σ parts equal the total exactly:
    index −1 is the total, 0… the parts. None when no swap or more than one does.

    >>> repaired_by_one_swap(Decimal("27664.71"), [Decimal("9787.85"), Decimal("5738.74"), Decimal("21037.17"),
    ...                                            Decimal("100.95")])
    (2, Decimal('12037.17'))
    >>> repaired_by_one_swap(Decimal("100"), [Decimal("45"), Decimal("46")]) is None
    True
    """
    summed = sum(parts, Decimal(0))
    if summed == total:
        return None
    found = [(-1, v) for v in adjacent_swaps(total) if v == summed]
    for index, part in enumerate(parts):
        found += [(index, v) for v in adjacent_swaps(part) if summed - part + v == total]
    return found[0] if len(found) == 1 else None

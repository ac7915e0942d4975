"""Text → Quantity: exact Decimals with their unit, printed precision and approximation.

Parsing never raises: what is not a quantity is simply not returned.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Optional

import regex

from parser.datatypes import Quantity
from parser.lexicon import load_units

FULLWIDTH = str.maketrans("０１２３４５６７８９．％－＋", "0123456789.%-+")

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}


def normalise(text: str) -> str:
    """Map full-width digits and signs to ASCII, keeping every offset.

    >>> normalise("４０１．４万元，占１００％")
    '401.4万元，占100%'
    """
    return text.translate(FULLWIDTH)


def chinese_numeral(text: str) -> Optional[int]:
    """Value of a Chinese numeral such as 三, 十二, 一百二十, 两千; None if not one.

    >>> chinese_numeral("一百二十"), chinese_numeral("十五"), chinese_numeral("两")
    (120, 15, 2)
    """
    if not text or any(c not in CN_DIGITS and c not in CN_UNITS for c in text):
        return None
    total, section, digit = 0, 0, None
    for char in text:
        if char in CN_DIGITS:
            digit = CN_DIGITS[char]
            continue
        unit = CN_UNITS[char]
        if unit >= 10000:
            section = (section + (digit or 0)) * unit
            total += section
            section = 0
        else:
            section += (1 if digit is None else digit) * unit
        digit = None
    return total + section + (digit or 0)


def decimals_of(number: str) -> int:
    """How many decimals were printed.

    >>> decimals_of("401.40"), decimals_of("15"), decimals_of("3,651.48")
    (2, 0, 2)
    """
    return len(number.split(".", 1)[1]) if "." in number else 0


def parse_decimal(number: str) -> Optional[Decimal]:
    """Exact value of a printed number; None if it is not one.

    >>> parse_decimal("23,604.79"), parse_decimal("—")
    (Decimal('23604.79'), None)
    """
    cleaned = normalise(number).replace(",", "").replace("，", "").strip()
    if not cleaned or not regex.fullmatch(r"[-+]?\d+(?:\.\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


@lru_cache(maxsize=1)
def quantity_pattern() -> regex.Pattern:
    units = load_units()
    unit_alts = "|".join(regex.escape(u) for u in sorted(units, key=len, reverse=True))
    approx_before = "|".join(sorted(("超过", "超", "近", "约", "逾", "将近", "大约", "接近", "不少于",
                                     "不低于", "不超过", "不高于", "≥", "≤", ">", "<", "＞", "＜",
                                     "达到", "高于", "低于", "约为"), key=len, reverse=True))
    return regex.compile(
        rf"""(?P<pre>{approx_before})?\s*
             (?P<num>(?<![\d.])(?<!\d,)[-+]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?![\d]))
             (?P<more>余|多)?
             \s?(?P<mult>万|亿)?(?P<more2>余|多)?
             \s?(?P<unit>{unit_alts})?
             (?P<post>(?:余|多)(?![\u4e00-\u9fa5])|左右|以上|以下)?""",
        regex.VERBOSE)


NOT_A_QUANTITY_AFTER = ("年", "月", "日", "号", "时", "岁", "届", "周年", "季度", "项目", "版")


def iter_quantities(text: str) -> Iterator[Quantity]:
    """Every number in a line of prose, with unit and precision.

    >>> [(q.surface, str(q.value), q.unit, q.approx) for q in iter_quantities("收入401.4万元，占8.66%，超1500家")]
    [('401.4万元', '401.4', '万元', False), ('8.66%', '8.66', '%', False), ('超1500家', '1500', '家', True)]
    """
    units = load_units()
    norm = normalise(text)
    for m in quantity_pattern().finditer(norm):
        number = m.group("num")
        start, end = m.start("num"), m.end()
        unit = m.group("unit") or ""
        mult = m.group("mult") or ""
        tail = norm[end:end + 2]
        if not unit and not mult and tail.startswith(NOT_A_QUANTITY_AFTER):
            continue
        value = parse_decimal(number)
        if value is None:
            continue
        if number.startswith(("+", "-")) and start > 0 and norm[start - 1].isalnum():
            continue
        kind = units.get(unit, "count") if unit else "number"
        if mult and unit in ("元",):
            unit = mult + "元"
            kind = "amount"
        elif mult:
            value *= CN_UNITS[mult]
        approx = bool(m.group("pre") and m.group("pre") not in ("达到",)) or bool(
            m.group("more") or m.group("more2") or (m.group("post") or "") in ("余", "多", "左右", "以上", "以下"))
        if m.group("pre") in ("≥", "≤", ">", "<", "＞", "＜", "不少于", "不低于", "不超过", "不高于", "高于", "低于"):
            approx = True
        q_start = m.start("pre") if m.group("pre") else start
        yield Quantity(value=value, unit=unit, decimals=decimals_of(number), approx=approx,
                       surface=text[q_start:end], span=(q_start, end), kind=kind)


def iter_quantities_continued(text: str, continuation: str = "") -> Iterator[Quantity]:
    """The quantities of `text`, reading on into `continuation` (the words that follow it on the next
    line of its paragraph) for a unit the line break cut off; spans and surfaces stay within `text`.

    >>> [(q.surface, q.unit) for q in iter_quantities_continued("年初预算 2000 万元，年中调减 57.44", "万元，")]
    [('2000 万元', '万元'), ('57.44', '万元')]
    >>> [(q.surface, q.span) for q in iter_quantities_continued("支出 225,872 ", "元")]   # span = surface
    [('225,872', (3, 10))]
    """
    if not continuation:
        yield from iter_quantities(text)
        return
    end = len(text)
    for q in iter_quantities(text + continuation):
        if q.span[0] >= end:
            break
        if q.span[1] > end:
            surface = q.surface[:end - q.span[0]].rstrip()
            q = replace(q, span=(q.span[0], q.span[0] + len(surface)), surface=surface)
        yield q


def cell_number(text: str) -> Optional[tuple[Decimal, int, bool]]:
    """A table cell's number: (value, decimals, is_percent); None for text and non-values.

    >>> cell_number(" 401.40　"), cell_number("99.00%"), cell_number("#####"), cell_number("10分")
    ((Decimal('401.40'), 2, False), (Decimal('99.00'), 2, True), None, (Decimal('10'), 0, False))
    """
    t = normalise(text).strip().strip("　").replace(" ", "")
    if not t:
        return None
    is_percent = t.endswith("%")
    t = t.rstrip("%")
    if t.endswith("分"):
        t = t[:-1]
    value = parse_decimal(t)
    if value is None:
        return None
    return value, decimals_of(t.replace(",", "")), is_percent

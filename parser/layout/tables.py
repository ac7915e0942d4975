"""Table regions → Tables: title, code, unit, cells; then header and row reading.

The reading functions (`column_labels`, `body_rows`, `row_label`) are pure and
return plain values, so every rule can ask the same questions of any table.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

import regex

from parser.datatypes import Cell, Document, Table
from parser.layout.segment import BLANK_CHARS, TABLE_META, TABLE_TITLE, TableRegion
from parser.layout.unglue import column_family, looks_glued, split_glued
from parser.quantity import cell_number, normalise

CODE = regex.compile(r"(公开\s*\d+\s*表|附表\s*\d+)")
UNIT = regex.compile(r"(?:单位[:：]\s*|[（(])(万元|元|千元|亿元)[)）]?")
NON_VALUES = {"#####", "——", "—", "-", "--", "/", "／", "", "无", "×"}
FUNCTION_CODE = regex.compile(r"^\s*(2\d{2,6})\s*$")
ECONOMIC_CODE = regex.compile(r"^\s*(3\d{2}|3\d{4}|399\d{2})\s*$")
COLUMN_INDEX_ROW = regex.compile(r"^栏\s*次$")
HEADER_WORDS = regex.compile(r"(项\s*目|科目|名称|编码|金额|决算数|预算数|合计|小计|支出|收入|分值|得分|执行率|指标)")


@lru_cache(maxsize=65536)
def clean(text: str) -> str:
    """Cell text without padding (U+3000, spaces) or Word bookmarks.

    >>> clean("[bookmark: _GoBack]项目支出：　")
    '项目支出：'
    """
    text = regex.sub(r"\[bookmark:[^\]]*\]", "", text)
    return text.strip(BLANK_CHARS)


def is_meta_cell(text: str) -> bool:
    t = clean(text)
    return bool(t) and (bool(TABLE_META.search(t)) or (bool(TABLE_TITLE.search(t)) and len(t) <= 40))


def make_cell(row: int, col: int, text: str, line: int, page) -> Cell:
    t = clean(text)
    parsed = None if t in NON_VALUES else cell_number(t)
    if parsed is None:
        return Cell(row, col, t, line, page)
    value, decimals, is_percent = parsed
    return Cell(row, col, t, line, page, value, decimals, is_percent)


def with_box(cell: Cell, row, col: int, document: Document) -> Cell:
    """The cell with its box on the page, when the document carries boxes (PDF tables)."""
    if document.cell_boxes is None:
        return cell
    line = row[col][1]
    position = source_column(row, col, document.lines[line - 1])
    box = document.box_of(line, position) if position is not None else None
    return replace(cell, bbox=box) if box is not None else cell


def source_column(row, col: int, source: str) -> Optional[int]:
    """Index in its TAB-separated source line of the `col`-th cell of a row (meta cells may have been dropped).

    >>> source_column((("合计", 3), ("12", 3)), 1, "单位：万元\\t合计\\t12")
    2
    """
    parts = source.split("\t")
    k = 0
    for i, (text, line) in enumerate(row):
        if line != row[col][1]:
            continue
        while k < len(parts) and clean(parts[k]) != clean(text):
            k += 1
        if k >= len(parts):
            return None
        if i == col:
            return k
        k += 1
    return None


def build_tables(regions: tuple[TableRegion, ...], document: Document) -> list[Table]:
    """Every table of the document, split where a new title or code starts one."""
    tables: list[Table] = []
    for region in regions:
        for part in split_region(region):
            table = make_table(part, region, document, f"t{len(tables) + 1}")
            if table is not None:
                tables.append(table)
    return tables


def split_region(region: TableRegion) -> list[list[tuple[tuple[str, int], ...]]]:
    parts: list[list] = [[]]
    for row in region.rows:
        texts = [clean(c) for c, _ in row]
        starts_table = any(CODE.search(t) or (TABLE_TITLE.search(t) and len(t) <= 40) for t in texts)
        has_data = any(any(cell_number(clean(c)) for c, _ in r) for r in parts[-1])
        if starts_table and has_data:
            parts.append([])
        parts[-1].append(row)
    return [p for p in parts if p]


Row = tuple[tuple[str, int], ...]                  # a region row: (cell text, line) per cell


def make_table(rows, region: TableRegion, document: Document, table_id: str) -> Optional[Table]:
    """A Table from rows of a region: title, code and unit from the meta lines, cells from the body."""
    context = [t for t, _ in region.before] if rows is region.rows or rows[0] == region.rows[0] else []
    meta_texts, body = meta_and_body(rows, context)
    title, code, unit = table_labels(meta_texts)
    unit = unit or unit_in_header(body)
    if not body:
        return None
    cells = tuple(tuple(with_box(make_cell(r, c, text, line, document.page_of(line)), row, c, document)
                        for c, (text, line) in enumerate(row)) for r, row in enumerate(body))
    if not any(cell.value is not None for row in cells for cell in row) and not (title and document.cell_boxes):
        return None                  # (a titled PDF table with no figure — 本表无数据 — is still a table)
    first_line = min(line for row in rows for _, line in row)
    last_line = max(line for row in rows for _, line in row)
    return unglue(Table(id=table_id, title=title, code=code, unit=unit, line=first_line, end_line=last_line,
                        page=document.page_of(first_line), rows=cells))


def meta_and_body(rows, context: list[str]) -> tuple[list[str], list[Row]]:
    """The meta texts (the lines before the table, then each meta cell) and the body rows: a row of only
    meta cells is dropped, and a row without figures loses its meta cells.

    >>> meta_and_body([(("单位：万元", 3),), (("项目", 4), ("金额", 4)), (("合计", 5), ("12.5", 5))], ["公开01表"])
    (['公开01表', '单位：万元'], [(('项目', 4), ('金额', 4)), (('合计', 5), ('12.5', 5))])
    """
    meta_texts = list(context)
    body: list[Row] = []
    for row in rows:
        texts = [clean(c) for c, _ in row]
        non_empty = [t for t in texts if t]
        meta = [t for t in non_empty if is_meta_cell(t)]
        meta_texts.extend(meta)
        if non_empty and len(meta) == len(non_empty):
            continue
        if meta and not any(cell_number(t) for t in non_empty):
            row = tuple((c, ln) for c, ln in row if not is_meta_cell(c))
        body.append(row)
    return meta_texts, body


def table_labels(meta_texts: list[str]) -> tuple[str, str, str]:
    """(title, code, unit) of a table from its meta texts: the first code and unit, the last title.

    >>> table_labels(["2023年部门决算公开表", "收入支出决算总表", "公开01表", "单位：万元"])
    ('收入支出决算总表', '公开01表', '万元')
    """
    title = code = unit = ""
    for text in meta_texts:
        if not code and (m := CODE.search(text)):
            code = regex.sub(r"\s", "", m.group(1))
        if not unit and (m := UNIT.search(text)):
            unit = m.group(1)
        if TABLE_TITLE.search(text):
            title = regex.sub(r"^(部门[:：].*?)?(\[bookmark:[^\]]*\])?", "", text).strip(BLANK_CHARS)
    return title, code, unit


def unit_in_header(body: list[Row]) -> str:
    """A unit printed in a header cell of the first six rows (`金额（万元）`), else ''.

    >>> unit_in_header([(("项目", 1), ("金额（万元）", 1))]), unit_in_header([(("项目", 1),)])
    ('万元', '')
    """
    for row in body[:6]:
        for text, _ in row:
            if m := regex.search(r"[（(](万元|元|千元|亿元)[)）]", text.replace("\n", "")):
                return m.group(1)
    return ""


def unglue(table: Table) -> Table:
    """Split cells whose figures a PDF extractor ran together, using the header's columns; note the rest."""
    glued = [(r, i) for r, i in enumerate(glued_cell(row) for row in table.rows) if i is not None]
    if not glued:
        return table
    printed = Counter(c.decimals for row in table.rows for c in row if c.value is not None and not c.is_percent)
    decimals = max((d for d in printed if d), key=lambda d: printed[d], default=2)
    rows, notes = list(table.rows), list(table.notes)
    for r, i in glued:
        row = rows[r]
        cell = row[i]
        header = value_columns(table.rows[:r])
        families = header.families if header else [""] * (table.n_cols - 1)
        split = split_glued(cell.text, len(families), decimals, families)
        if split is None:
            notes.append(f"line {cell.line}: figures run together ({cell.text}) could not be split with confidence")
            continue
        label, values = split
        others = [c for k, c in enumerate(row) if k != i and c.text]
        if header and not others:       # put each figure under its header cell, as the unglued rows are
            texts = [""] * (header.start - 1) + [label] + values + [""] * (header.width - header.start - len(values))
        else:
            texts = [c.text for c in row[:i]] + ([label] if label else []) + values + [c.text for c in row[i + 1:]]
        rows[r] = tuple(make_cell(r, col, text, cell.line, cell.page) for col, text in enumerate(texts))
        notes.append(f"line {cell.line}: figures run together split as {' | '.join(values)}")
    return replace(table, rows=tuple(rows), notes=tuple(notes))


def glued_cell(row: tuple[Cell, ...]) -> Optional[int]:
    """Index of the first cell of a row holding figures run together, if any."""
    return next((k for k, c in enumerate(row) if c.value is None and looks_glued(c.text)), None)


LABEL_HEADER = regex.compile(r"项\s*目|科目|栏次|.*(名称|编码|总额)|年度.*")


@dataclass(frozen=True)
class ValueColumns:
    families: list[str]              # amount | score | rate | '' per value column
    start: int                       # index of the first value column in the header row
    width: int                       # cells in the header row


def value_columns(rows_above) -> Optional[ValueColumns]:
    """The value columns named by the nearest header row above, with their families.

    >>> from parser.datatypes import Cell
    >>> header = tuple(Cell(0, i, t, 1) for i, t in enumerate(["年度资金总额", "年初预算数", "全年执行数", "分值", "执行率"]))
    >>> value_columns([header])
    ValueColumns(families=['amount', 'amount', 'score', 'rate'], start=1, width=5)
    """
    for row in reversed(list(rows_above)):
        named = [(k, regex.sub(r"\s", "", c.text)) for k, c in enumerate(row) if c.text]
        if any(c.value is not None for c in row) or sum(1 for _, t in named if column_family(t)) < 3:
            continue
        while named and LABEL_HEADER.fullmatch(named[0][1]):
            named.pop(0)
        return ValueColumns([column_family(t) for _, t in named], named[0][0], len(row)) if named else None
    return None


# ---------------------------------------------------------------- reading


def is_index_row(row: tuple[Cell, ...]) -> bool:
    """The 栏次 row (1, 2, 3 …) under a header."""
    texts = [c.text for c in row if c.text]
    if any(COLUMN_INDEX_ROW.match(regex.sub(r"\s", "", t)) for t in texts):
        return True
    numbers = [c.value for c in row if c.value is not None]
    return len(numbers) >= 3 and numbers == [type(numbers[0])(i) for i in range(1, len(numbers) + 1)]


def is_data_row(row: tuple[Cell, ...]) -> bool:
    return any(c.value is not None for c in row) and not is_index_row(row)


def header_rows(table: Table) -> list[tuple[Cell, ...]]:
    """Rows above the first data row (index rows excluded)."""
    out = []
    for row in table.rows:
        if is_data_row(row):
            break
        if not is_index_row(row):
            out.append(row)
    return out


def body_rows(table: Table) -> list[tuple[Cell, ...]]:
    rows = list(table.rows)
    for i, row in enumerate(rows):
        if is_data_row(row):
            return [r for r in rows[i:] if not is_index_row(r)]
    return []


def column_labels(table: Table, width: int) -> list[str]:
    """Header label of each of `width` columns, the widest header row aligned right."""
    headers = [[c.text for c in row] for row in header_rows(table)]
    labels = [""] * width
    for texts in sorted(headers, key=len):
        if len(texts) > width:
            texts = texts[len(texts) - width:]
        offset = width - len(texts)
        for i, text in enumerate(texts):
            if text:
                labels[offset + i] = regex.sub(r"\s", "", text)
    return labels


@dataclass(frozen=True)
class RowLabel:
    code: str
    name: str
    cells_before_values: int


def row_label(row: tuple[Cell, ...]) -> RowLabel:
    """The code and name that head a data row.

    >>> from decimal import Decimal
    >>> from parser.datatypes import Cell
    >>> row_label((Cell(0, 0, "2050399", 1), Cell(0, 1, "其他职业教育支出", 1), Cell(0, 2, "15", 1, None, Decimal(15))))
    RowLabel(code='2050399', name='其他职业教育支出', cells_before_values=2)
    """
    code, name, k = "", "", 0
    for k, cell in enumerate(row):
        text = cell.text
        if FUNCTION_CODE.match(text) or ECONOMIC_CODE.match(text):
            if not code:
                code = text.strip()
                continue
        if cell.value is not None:
            return RowLabel(code, name, k)
        if text and not name:
            name = text
    return RowLabel(code, name, len(row))


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """Comparable form of a row or column label.

    >>> label_key("一、一般公共预算财政拨款收入"), label_key("  其他教育支出　"), label_key("公务\\n接待费")
    ('一般公共预算财政拨款收入', '其他教育支出', '公务接待费')
    """
    t = normalise(clean(text))
    t = regex.sub(r"^[一二三四五六七八九十]+[、.．]|^\d+\s*[、.．]|^[（(][一二三四五六七八九十\d]+[）)]", "", t)
    t = regex.sub(r"[\s\u3000：:]", "", t)
    t = regex.sub(r"（[类款项]）|\([类款项]\)", "", t)
    return t.replace("“", "").replace("”", "").replace("\"", "")

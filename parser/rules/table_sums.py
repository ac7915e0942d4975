"""Rule `sum`, inside one table: row totals across columns, and the 经济分类 class totals.

`sums.py` checks text lists, score tables and the 功能分类 code hierarchy down the
rows; this module checks what runs across a row (本年支出合计 = 基本支出 + 项目支出 …,
from data/identities.json) and the 基本支出 table by 经济分类 (人员经费合计 =
301 + 303; a class row = Σ its 5-digit rows).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Optional

import regex

from parser.datatypes import Cell, Fact, Finding, Table
from parser.layout.tables import NON_VALUES, body_rows, clean, column_labels, label_key
from parser.lexicon import read_data
from parser.rules import messages
from parser.rules.common import Context, RuleResult, cell_evidence, cell_finding, cell_of, fact_evidence
from parser.tabular.facts import table_config
from parser.tolerance import Interval, agrees, best_value, exact, printed, severity_of_miss, total

ECONOMIC_CODE = regex.compile(r"^3\d{2}(\d{2})?$")


@lru_cache(maxsize=1)
def identities() -> dict:
    return json.loads(read_data("identities.json"))


def check(ctx: Context) -> RuleResult:
    out: list[Finding] = []
    for table in ctx.tables:
        if table.kind in ("self_evaluation", "basic_data"):
            continue
        out.extend(check_row_identities(table))
        out.extend(check_economic_groups(table))
    return RuleResult(tuple(out + check_fact_partitions(ctx)))


def check_fact_partitions(ctx: Context) -> list[Finding]:
    """A whole and all its parts read from one table, in one role (三公 = 出国 + 公车 + 接待 …)."""
    out = []
    by_key: dict[tuple[str, str], dict[str, Fact]] = {}
    for f in ctx.facts:
        by_key.setdefault((f.table, f.role), {}).setdefault(f.metric, f)
    for (table_id, role), facts in by_key.items():
        for entry in table_config()["partitions"]:
            whole = facts.get(entry["whole"])
            found = [facts.get(p) for p in entry["parts"]]
            parts = [p for p in found if p is not None]
            if whole is None or len(parts) < len(found):
                continue
            missed = miss(whole.value, whole.decimals, parts)
            if missed is None:
                continue
            severity, expected = missed
            cell = cell_of(ctx, whole)
            out.append(cell_finding(
                "sum", severity,
                messages.PARTITION_SUM(table=table_id, row=whole.row, role=role, stated=whole.value,
                                       listing="+".join(f"{p.row}{p.value}" for p in parts), expected=expected),
                None, cell, cell.text, str(expected), [fact_evidence(p) for p in parts]))
    return out


def miss(value: Decimal, decimals: int, parts: Iterable) -> Optional[tuple[str, Decimal]]:
    """(severity, the parts' sum at the stated precision) when a stated total misses the sum of its parts."""
    summed = total(cell_interval(p.value, p.decimals) for p in parts)
    if agrees(value, decimals, summed):
        return None
    return severity_of_miss(value, decimals, summed), best_value(summed, max(decimals, 2))


def cell_interval(value, decimals: int) -> Interval:
    """A table figure's interval; an empty-looking 0 is exactly nothing, not 0 ± 0.5.

    >>> from decimal import Decimal
    >>> cell_interval(Decimal(0), 0), cell_interval(Decimal("2.4"), 1).hi
    (Interval(lo=Decimal('0'), hi=Decimal('0')), Decimal('2.45'))
    """
    return exact(value) if value == 0 else printed(value, decimals)


# ------------------------------------------------------------ across a row

@dataclass(frozen=True)
class ColumnGroup:
    name: str
    whole: int
    parts: tuple[int, ...]


def column_groups(labels: list[str]) -> list[ColumnGroup]:
    """Columns that must add up, found from the header labels.

    >>> column_groups(["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"])
    [ColumnGroup(name='支出性质', whole=2, parts=(3, 4))]
    """
    keys = [label_key(lab) for lab in labels]
    out = []
    for identity in identities()["row_identities"]:
        wholes, parts = set(identity["whole"]), set(identity["parts"])
        for w, key in enumerate(keys):
            if key not in wholes:
                continue
            found: list[int] = []
            for j in range(w + 1, len(keys)):
                if keys[j] in wholes or keys[j] in {keys[p] for p in found}:
                    break
                if keys[j] in parts:
                    found.append(j)
            if len(found) >= 2:
                out.append(ColumnGroup(identity["name"], w, tuple(found)))
    return out


def check_row_identities(table: Table) -> list[Finding]:
    out = []
    rows = body_rows(table)
    for width in sorted({len(r) for r in rows}):
        labels = column_labels(table, width)
        for group in column_groups(labels):
            for row in (r for r in rows if len(r) == width):
                finding = check_row(table, row, group, labels)
                if finding is not None:
                    out.append(finding)
    return out


def check_row(table: Table, row: tuple[Cell, ...], group: ColumnGroup, labels: list[str]) -> Optional[Finding]:
    whole = row[group.whole]
    parts = [row[j] for j in group.parts]
    if whole.value is None or whole.is_percent or any(p.text and p.value is None and not is_blank(p) for p in parts):
        return None
    valued = [p for p in parts if p.value is not None]
    if not valued:
        return None
    missed = miss(whole.value, whole.decimals, valued)
    if missed is None:
        return None
    severity, expected = missed
    listing = "+".join(p.text for p in valued)
    name = row_name(row, group.whole)
    return cell_finding(
        "sum", severity,
        messages.ROW_IDENTITY(table=table.title or table.code or table.id, name=name, whole=labels[group.whole],
                              stated=whole.text, parts='+'.join(labels[j] for j in group.parts), listing=listing,
                              expected=expected),
        None, whole, whole.text, str(expected),
        [cell_evidence(p, table.id, labels[p.col], name) for p in valued])


def is_blank(cell: Cell) -> bool:
    """A cell that states no figure (empty, ——, /, ##### …: the tables' own non-values)."""
    return clean(cell.text) in NON_VALUES


def row_name(row: tuple[Cell, ...], before: int) -> str:
    names = [c.text for c in row[:before] if c.text and c.value is None]
    return " ".join(names) or "合计"


# ------------------------------------------------------------ 经济分类 classes

@dataclass(frozen=True)
class EconomicEntry:
    code: str
    name: str
    cell: Cell                       # the amount cell
    group: int                       # which side-by-side column group


def economic_entries(table: Table) -> list[EconomicEntry]:
    """(code, name, amount) triples of every column group, a missing class code inferred from its name."""
    class_by_name = {name: code for code, name in identities()["economic_groups"]["classes"].items()}
    out = []
    for row in body_rows(table):
        i = 0
        while i < len(row) - 1:
            text = row[i].text.strip()
            code = text if ECONOMIC_CODE.match(text) else ""
            name_at = i + 1 if code else i
            if name_at + 1 >= len(row):
                break
            name = row[name_at].text.strip()
            amount = row[name_at + 1]
            if not code and name in class_by_name and (i == 0 or not row[i - 1].text.strip()):
                code = class_by_name[name]
            if code and name and amount.value is None and not is_blank(amount):
                i += 1
                continue
            if code and name:
                out.append(EconomicEntry(code, name, amount, row[i].col))
                i = name_at + 2
            else:
                i += 1
    return out


def labelled_totals(table: Table) -> dict[str, Cell]:
    """人员经费合计 / 公用经费合计 cells: a label followed by its amount."""
    wanted = {t["label"] for t in identities()["economic_groups"]["totals"]}
    out = {}
    for row in body_rows(table):
        for cell, nxt in zip(row, row[1:]):
            key = label_key(cell.text)
            if key in wanted and nxt.value is not None:
                out[key] = nxt
    return out


def check_economic_groups(table: Table) -> list[Finding]:
    entries = economic_entries(table)
    if sum(1 for e in entries if len(e.code) == 3) < 2:
        return []
    out = []
    classes = {e.code: e for e in entries if len(e.code) == 3}
    for code, parent in classes.items():
        children = [e for e in entries if len(e.code) == 5 and e.code.startswith(code)]
        valued = [e.cell for e in children if e.cell.value is not None]
        if valued and parent.cell.value is not None:
            out.extend(compare(table, parent.cell, valued, f"{code} {parent.name}", "其下5位科目"))
    totals = labelled_totals(table)
    for spec in identities()["economic_groups"]["totals"]:
        stated = totals.get(spec["label"])
        present = [classes[c].cell for c in spec["classes"] if c in classes and classes[c].cell.value is not None]
        if stated is not None and present:
            out.extend(compare(table, stated, present, spec["label"], "+".join(spec["classes"])))
    return out


def compare(table: Table, stated: Cell, parts: list[Cell], what: str, from_what: str) -> list[Finding]:
    missed = None if stated.value is None else miss(stated.value, stated.decimals, parts)
    if missed is None:
        return []
    severity, expected = missed
    return [cell_finding(
        "sum", severity,
        messages.ECONOMIC_SUM(table=table.title or table.code or table.id, what=what, stated=stated.text,
                              parts=from_what, expected=expected),
        None, stated, stated.text, str(expected), [cell_evidence(p, table.id, "决算数") for p in parts[:12]])]


"""Rule `change`, inside one table: a row's change columns against its two years.

A table with columns for this year, last year and the change (`本期 | 上年同期 | 增加额 | 增长率`, labels in
data/identities.json `change_columns`) states in every row 增加额 = 本期 − 上年同期 and 增长率 = 增加额 ÷ 上年同期
(as a percent, with its sign). Each figure is taken at its printed precision (tolerance.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from parser.datatypes import Cell, Finding, Table
from parser.layout.tables import body_rows, column_labels, label_key
from parser.rules import messages
from parser.rules.common import Context, RuleResult, cell_evidence, cell_finding
from parser.rules.table_sums import identities, row_name
from parser.tolerance import HUNDRED, agrees, best_value, printed, ratio, severity_of_miss


@dataclass(frozen=True)
class ChangeColumns:
    current: int
    prior: int
    delta: Optional[int]
    rate: Optional[int]


def change_columns(labels: list[str]) -> Optional[ChangeColumns]:
    """The columns of this year, last year, the change and its rate, when the header names the two years and at
    least one of the changes (each once).

    >>> change_columns(["项目", "行号", "本期", "上年同期", "增加额", "增长率"])
    ChangeColumns(current=2, prior=3, delta=4, rate=5)
    >>> change_columns(["项目", "本年数", "上年数"]) is None
    True
    """
    names = identities()["change_columns"]
    keys = [label_key(label) for label in labels]

    def column(kind: str) -> Optional[int]:
        found = [i for i, key in enumerate(keys) if key in names[kind]]
        return found[0] if len(found) == 1 else None

    current, prior, delta, rate = (column(k) for k in ("current", "prior", "delta", "rate"))
    if current is None or prior is None or (delta is None and rate is None):
        return None
    return ChangeColumns(current, prior, delta, rate)


def check(ctx: Context) -> RuleResult:
    out: list[Finding] = []
    for table in ctx.tables:
        rows = body_rows(table)
        for width in sorted({len(r) for r in rows}):
            labels = column_labels(table, width)
            columns = change_columns(labels)
            if columns is None:
                continue
            for row in (r for r in rows if len(r) == width):
                out.extend(check_row(table, row, columns, labels))
    return RuleResult(tuple(out))


def check_row(table: Table, row: tuple[Cell, ...], columns: ChangeColumns, labels: list[str]) -> list[Finding]:
    current, prior = row[columns.current], row[columns.prior]
    if current.value is None or prior.value is None or current.is_percent or prior.is_percent:
        return []
    difference = printed(current.value, current.decimals) - printed(prior.value, prior.decimals)
    name = row_name(row, min(columns.current, columns.prior))
    where = table.title or table.code or table.id
    evidence = [cell_evidence(c, table.id, labels[c.col], name) for c in (current, prior)]
    out = []
    delta = row[columns.delta] if columns.delta is not None else None
    if delta is not None and delta.value is not None and not delta.is_percent \
            and not agrees(delta.value, delta.decimals, difference):
        expected = best_value(difference, max(delta.decimals, 2))
        out.append(cell_finding("change", severity_of_miss(delta.value, delta.decimals, difference),
                                messages.TABLE_CHANGE_AMOUNT(table=where, name=name, current=current.text,
                                                             prior=prior.text, expected=expected, stated=delta.text),
                                None, delta, delta.text, str(expected), evidence))
    rate = row[columns.rate] if columns.rate is not None else None
    growth = ratio(difference, printed(prior.value, prior.decimals))
    if rate is not None and rate.value is not None and growth is not None and prior.value > 0:
        growth = growth.scale(HUNDRED)
        if not agrees(rate.value, rate.decimals, growth):
            expected = best_value(growth, max(rate.decimals, 2))
            out.append(cell_finding("change", severity_of_miss(rate.value, rate.decimals, growth),
                                    messages.TABLE_CHANGE_RATE(table=where, name=name, current=current.text,
                                                               prior=prior.text, expected=expected,
                                                               stated=rate.value),
                                    None, rate, rate.text, f"{expected}%", evidence))
    return out


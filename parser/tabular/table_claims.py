"""绩效自评表 → Claims: the figures a self-evaluation table states, as claims beside the narrative's.

The funds row (年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分), the 上年结转资金 row, every
indicator's 分值, 得分 and 实际完成值, and the 总分 row. Their status is what the rules found of the cell
(parser.rules: the 执行率 and 得分 formulas, 总分 and first-level weights, the narrative against the
table); a cell no rule recomputed is `unverifiable`.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from parser.datatypes import Cell, Claim, Document, Quantity, Table
from parser.quantity import iter_quantities
from parser.tabular.self_evaluation import Evaluation

FUNDS = {"年初预算数": ("amount", "budget_initial"), "全年预算数": ("amount", "budget_final"),
         "全年执行数": ("amount", "actual"), "分值": ("count", "other"), "执行率": ("rate", "actual"),
         "得分": ("count", "actual")}
CARRIED = {"年初预算数": "budget_initial", "全年预算数": "budget_final", "全年执行数": "actual"}


def cell_key(cell: Cell) -> tuple[int, int, int]:
    """Where a cell is: (line, row, column), the key under which rules record what they found of it."""
    return cell.line, cell.row, cell.col


def table_claims(evaluations: list[Evaluation], tables: tuple[Table, ...], document: Document,
                 year: Optional[int], statuses: dict, first_id: int) -> list[Claim]:
    """Claims of the self-evaluation tables, numbered from `first_id`; `statuses`: cell_key → status."""
    units = {t.id: t.unit or "万元" for t in tables}
    out: list[Claim] = []
    for ev in evaluations:
        for cell, subject, kind, role, unit in evaluation_cells(ev, units.get(ev.table, "万元")):
            claim = cell_claim(cell, subject, kind, role, unit, ev, year, document,
                               f"c{first_id + len(out)}", statuses.get(cell_key(cell)))
            if claim is not None:
                out.append(claim)
    return out


def evaluation_cells(ev: Evaluation, unit: str) -> Iterator[tuple[Cell, str, str, str, str]]:
    """(cell, subject, kind, role, unit) of each figure an evaluation states."""
    for column, cell in ev.funds.items():
        kind, role = FUNDS[column]
        yield cell, f"年度资金总额{column}", kind, role, unit if kind == "amount" else ("%" if kind == "rate" else "分")
    for column, cell in ev.carried:
        if column in CARRIED:
            yield cell, f"上年结转资金{column}", "amount", CARRIED[column], unit
    for row in ev.indicators:
        name = row.measured[0] if row.measured else row.label
        yield row.weight, f"{name}分值", "count", "other", "分"
        if row.score is not None:
            yield row.score, f"{name}得分", "count", "actual", "分"
        if row.measured:
            yield row.measured[1], name, "", "actual", ""
    if ev.total is not None:
        yield ev.total.weight, "总分分值", "count", "other", "分"
        if ev.total.score is not None:
            yield ev.total.score, "总分", "count", "actual", "分"


def cell_start(cell: Cell, line: str) -> int:
    """Where a cell's text starts in its line: in its own TAB field when the line is a row of cells
    (three cells may all read 120), else its first occurrence; -1 when absent.

    >>> cell_start(Cell(0, 3, "120", 4), "\\t合计\\t120\\t120\\t120")
    8
    """
    if not cell.text:
        return -1
    fields = line.split("\t")
    if cell.col < len(fields) and cell.text in fields[cell.col]:
        offset = sum(len(f) + 1 for f in fields[:cell.col])
        return offset + fields[cell.col].index(cell.text)
    return line.find(cell.text)


def cell_claim(cell: Cell, subject: str, kind: str, role: str, unit: str, ev: Evaluation, year: Optional[int],
               document: Document, claim_id: str, status: Optional[str]) -> Optional[Claim]:
    """A claim of one cell; None for a cell without a figure."""
    line = document.lines[cell.line - 1] if 1 <= cell.line <= len(document.lines) else ""
    start = cell_start(cell, line)
    if start < 0:
        return None
    span = (start, start + len(cell.text))
    if kind:                                       # a funds, score or total cell: its number
        if cell.value is None:
            return None
        quantity = Quantity(cell.value, "%" if cell.is_percent else unit, cell.decimals, False, cell.text, span,
                            "percent" if cell.is_percent else "amount" if kind == "amount" else "score")
    else:                                          # an indicator's 实际完成值: whatever figure it gives
        found = list(iter_quantities(cell.text))
        if len(found) != 1:
            return None
        q = found[0]
        quantity = Quantity(q.value, q.unit, q.decimals, q.approx, q.surface,
                            (start + q.span[0], start + q.span[1]), q.kind)
        kind = {"percent": "rate", "amount": "amount"}.get(q.kind, "count")
    return Claim(id=claim_id, text=cell.text, subject=f"{ev.name} {subject}".strip(), metric=None, kind=kind,
                 role=role, year=year, quantity=quantity, line=cell.line, page=cell.page, sentence=cell.text,
                 scope=ev.name, status=status or "unverifiable",
                 reason="" if status else "no rule recomputes this cell", confidence=0.95, origin="table")

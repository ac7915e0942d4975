"""Rule `mismatch` (project funds): a project's funds in the narrative against its 项目支出绩效自评表.

年初预算 X ↔ 年初预算数, 全年安排/预算 Z ↔ 全年预算数, 实际支出 Y ↔ 全年执行数, and a cut D
(调减/压减 D) ↔ 年初预算数 − 全年预算数. Which table a sentence speaks of: parser.projects.
"""
from __future__ import annotations

from typing import Optional

from ..model import Cell, Finding
from ..projects import FIELDS, FundsStatement, Project, funds_statements
from ..tolerance import Interval, agrees, best_value, printed, total
from .common import UNIT_FACTOR, Context, cell_evidence, claim_evidence, finding

WORDS = {"initial": "年初预算", "final": "全年预算", "actual": "实际支出", "cut": "调减", "raise": "调增"}


def check(ctx: Context) -> list[Finding]:
    statements = funds_statements(ctx.claims, ctx.paragraphs, ctx.evaluations, ctx.tables, ctx.document.lines)
    units = {t.id: t.unit or "万元" for t in ctx.tables}
    out = []
    for statement in statements:
        found = check_statement(statement, ctx, units)
        if found is not None:
            out.append(found)
    return out


def column_sum(project: Project, column: str, units: dict) -> Optional[tuple[Interval, list[Cell], int]]:
    """Σ of a funds column over the project's tables, in 元, with its cells and widest decimals."""
    cells = project.cells(column)
    if len(cells) < len(project.evaluations):
        return None
    parts = [printed(c.value, c.decimals).scale(UNIT_FACTOR[units.get(ev.table, "万元")])
             for c, ev in zip(cells, project.evaluations)]
    return total(parts), cells, max(c.decimals for c in cells)


def check_statement(statement: FundsStatement, ctx: Context, units: dict) -> Optional[Finding]:
    claim, project = statement.claim, statement.project
    q = claim.quantity
    factor = UNIT_FACTOR[q.unit]
    if statement.field in FIELDS:
        column = FIELDS[statement.field]
        read = column_sum(project, column, units)
        if read is None:
            return None
        expected, cells, decimals = read
        what = f"自评表{column}"
        evidence = [cell_evidence(c, ev.table, column, ev.name) for c, ev in zip(cells, project.evaluations)]
        note = ""
    else:
        initial = column_sum(project, "年初预算数", units)
        final = column_sum(project, "全年预算数", units)
        if initial is None or final is None:
            return None
        expected = initial[0] - final[0] if statement.field == "cut" else final[0] - initial[0]
        decimals = max(initial[2], final[2])
        cells = initial[1] + final[1]
        what = "自评表年初预算数与全年预算数之差"
        evidence = [cell_evidence(c, ev.table, col, ev.name)
                    for col, read in (("年初预算数", initial), ("全年预算数", final))
                    for c, ev in zip(read[1], project.evaluations)]
        note = unspent_note(statement, initial, units)
    if agrees(q.value, q.decimals, expected.scale(1 / factor)):
        ctx.mark([claim.id], "consistent")
        return None
    ctx.mark([claim.id], "contradicted")
    shown = best_value(expected.scale(1 / factor), max(decimals, q.decimals))
    summed = "之和" if project.is_parent else ""
    severity = "warning" if project.is_parent or statement.via == "title" else "error"
    return finding("mismatch", severity,
                   f"与绩效自评表不符：文中{project.name}{WORDS[statement.field]}{q.value}{q.unit}，"
                   f"{what}{summed}为{shown}{q.unit}{note}。", None, claim, f"{shown}{q.unit}",
                   evidence + [claim_evidence(claim)], [claim])


def unspent_note(statement: FundsStatement, initial, units: dict) -> str:
    """`；文中调减额恰为年初预算−实际支出` when the stated cut is what was left unspent."""
    spent = column_sum(statement.project, "全年执行数", units)
    if spent is None or statement.field != "cut":
        return ""
    q = statement.claim.quantity
    unspent = (initial[0] - spent[0]).scale(1 / UNIT_FACTOR[q.unit])
    if agrees(q.value, q.decimals, unspent):
        return f"；文中{q.value}{q.unit}恰为年初预算数减全年执行数，疑把未支出的预算当作调减额"
    return ""


"""Rule `mismatch` (project funds): a project's funds in the narrative against its 项目支出绩效自评表.

年初预算 X ↔ 年初预算数, 全年安排/预算 Z ↔ 全年预算数, 实际支出 Y ↔ 全年执行数, and a cut D
(调减/压减 D) ↔ 年初预算数 − 全年预算数. Which table a sentence speaks of: parser.rules.projects.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional, cast

import regex

from parser.datatypes import Cell, Finding
from parser.layout.tables import column_labels, label_key
from parser.lexicon import load_cues
from parser.quantity import iter_quantities
from parser.rules import messages
from parser.rules.common import (
    UNIT_FACTOR,
    Context,
    Marks,
    RuleResult,
    cell_evidence,
    cell_finding,
    claim_evidence,
    finding,
)
from parser.rules.projects import (
    FIELDS,
    FundsStatement,
    Project,
    SentenceScope,
    clause_before,
    common_run,
    funds_statements,
    name_key,
    sentence_scopes,
)
from parser.tolerance import Interval, agrees, best_value, printed, round_to, total

WORDS = {"initial": "年初预算", "final": "全年预算", "actual": "实际支出", "carried": "上年结转", "cut": "调减",
         "raise": "调增"}


def check(ctx: Context) -> RuleResult:
    scopes = sentence_scopes(ctx.claims, ctx.paragraphs, ctx.evaluations, ctx.tables, ctx.document.lines)
    units = {t.id: t.unit or "万元" for t in ctx.tables}
    marks, out = Marks(), []
    for statement in funds_statements(scopes):
        found = check_statement(statement, marks, units)
        if found is not None:
            out.append(found)
            out += overspent_budget(statement, marks)
    return marks.result(out + indicator_counts(ctx, scopes, marks) + carried_without_balance(ctx, marks))


def column_sum(project: Project, column: str, units: dict, row: str = "funds") -> Optional[tuple[Interval, list[Cell], int]]:
    """Σ of a funds column over the project's tables, in 元, with its cells and widest decimals."""
    cells = project.cells(column, row)
    if len(cells) < len(project.evaluations):
        return None
    parts = [printed(cast(Decimal, c.value), c.decimals).scale(UNIT_FACTOR[units.get(ev.table, "万元")])
             for c, ev in zip(cells, project.evaluations)]
    return total(parts), cells, max(c.decimals for c in cells)


def check_statement(statement: FundsStatement, marks: Marks, units: dict) -> Optional[Finding]:
    claim, project = statement.claim, statement.project
    q = claim.quantity
    factor = UNIT_FACTOR[q.unit]
    if statement.field in FIELDS:
        row, column = FIELDS[statement.field]
        read = column_sum(project, column, units, row)
        if read is None:
            return None
        expected, cells, decimals = read
        what = f"自评表{'上年结转资金' if row == 'carried' else ''}{column}"
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
        marks.mark([claim.id], "consistent")
        marks.mark_cells(cells, "consistent")
        return None
    marks.mark([claim.id], "contradicted")
    shown = best_value(expected.scale(1 / factor), max(decimals, q.decimals))
    summed = "之和" if project.is_parent else ""
    severity = "warning" if project.is_parent or statement.via == "title" else "error"
    return finding("mismatch", severity,
                   messages.FUNDS_TABLE(project=project.name, word=WORDS[statement.field], stated=f"{q.value}{q.unit}",
                                        what=what, summed=summed, expected=f"{shown}{q.unit}", note=note), None, claim, f"{shown}{q.unit}",
                   evidence + [claim_evidence(claim)], [claim])


def overspent_budget(statement: FundsStatement, marks: Marks) -> list[Finding]:
    """The other place of a cut the text and the table disagree on: the table's 全年预算数, when the table
    itself spends more than it (执行率 over 100%, often printed #####) while the text's 年初预算 − cut
    covers the spending."""
    project = statement.project
    if statement.field != "cut" or project.is_parent:
        return []
    funds = project.evaluations[0].funds
    initial, final, spent = (funds.get(c) for c in ("年初预算数", "全年预算数", "全年执行数"))
    if (initial is None or final is None or spent is None or initial.value is None or final.value is None
            or spent.value is None or spent.value <= final.value):
        return []
    q = statement.claim.quantity
    implied = initial.value - q.value
    if implied < spent.value:
        return []
    marks.mark_cells([final], "contradicted")
    rate = round_to(spent.value * 100 / final.value, 2)
    return [cell_finding("mismatch", "warning",
                         messages.OVERSPENT_BUDGET(project=project.name, final=final.text, spent=spent.text, rate=rate,
                                                   initial=initial.text, cut=WORDS['cut'], stated=f"{q.value}{q.unit}",
                                                   implied=implied), None, final,
                         final.text, str(implied), [cell_evidence(c, project.evaluations[0].table, n, project.name)
                                                    for c, n in ((initial, "年初预算数"), (spent, "全年执行数"))]
                         + [claim_evidence(statement.claim)])]


def unspent_note(statement: FundsStatement, initial, units: dict) -> str:
    """`；文中调减额恰为年初预算−实际支出` when the stated cut is what was left unspent."""
    spent = column_sum(statement.project, "全年执行数", units)
    if spent is None or statement.field != "cut":
        return ""
    q = statement.claim.quantity
    unspent = (initial[0] - spent[0]).scale(1 / UNIT_FACTOR[q.unit])
    if agrees(q.value, q.decimals, unspent):
        return messages.UNSPENT_CUT(value=q.value, unit=q.unit)
    return ""


INDICATOR_NAME_RUN = 5        # chars a count's noun must share with an indicator's name (多媒体终端)
COUNTED_WORDS = 12            # how much of what a count counts its finding quotes
OPENING_LABELS = {"年初结转和结余", "年初财政拨款结转和结余"}


def indicator_counts(ctx: Context, scopes: list[SentenceScope], marks: Marks) -> list[Finding]:
    """A count in a project's narrative against the 实际完成值 of the indicator it names in the project's
    自评表: `133 套多媒体终端设备更新购置` ↔ 多媒体终端更新台数 56台. The indicator is the one whose name shares
    the longest run with the words around the figure in its clause; measure words must be of one family.
    A count the text itself contradicts (its sum, the same thing counted twice) is left to that finding."""
    out = []
    for scope in scopes:
        if scope.project is None or scope.project.is_parent:
            continue
        indicators = [m for ev in scope.project.evaluations for m in counted_indicators(ev)]
        text, offset = scope.sentence.text, scope.sentence.span[0]
        for claim in scope.claims:
            q = claim.quantity
            if claim.kind != "count" or q.approx or ctx.text_verdicts.get(claim.id) == "contradicted":
                continue
            start, end = q.span[0] - offset, q.span[1] - offset
            words = name_key(clause_before(text, start)[-12:]) + "|" + name_key(clause_after(text, end)[:12])
            scored = [(common_run(words, name_key(name)), name, cell, counted)
                      for name, cell, counted in indicators if same_family(counted.unit, q.unit)]
            if not scored:
                continue
            run, name, cell, counted = max(scored, key=lambda s: s[0])
            if run < INDICATOR_NAME_RUN:
                continue
            if counted.value == q.value:
                marks.mark([claim.id], "consistent")
                marks.mark_cells([cell], "consistent")
                continue
            marks.mark([claim.id], "contradicted")
            counted_words = q.surface + clause_after(text, end)[:COUNTED_WORDS]      # 133 套多媒体终端设备更新购置
            out.append(finding("mismatch", "warning",
                               messages.INDICATOR_COUNT(counted=counted_words, project=scope.project.name, indicator=name,
                                                        value=cell.text), None, claim, cell.text,
                               [cell_evidence(cell, ev_table(scope.project, cell), "实际完成值", name)], [claim],
                               quote=counted_words))
    return out


def counted_indicators(ev):
    """(三级指标, cell, Quantity) of the rows whose 实际完成值 is a count with its measure word (56台)."""
    out = []
    for row in ev.indicators:
        measured = row.measured
        if measured is None or measured[0].endswith("率"):
            continue
        name, cell = measured
        found = list(iter_quantities(cell.text))
        if len(found) == 1 and found[0].kind == "count" and not found[0].approx and found[0].unit:
            out.append((name, cell, found[0]))
    return out


def ev_table(project: Project, cell: Cell) -> str:
    return next((ev.table for ev in project.evaluations
                 if any(r.measured and r.measured[1] is cell for r in ev.indicators)), project.evaluations[0].table)


def clause_after(text: str, end: int) -> str:
    m = regex.match(r"[^，,；;：:。]*", text[end:])
    return m.group(0) if m else ""


def same_family(a: str, b: str) -> bool:
    """Whether two measure words count the same kind of thing (台 and 套 both count equipment)."""
    return a == b or any(a in family and b in family for family in load_cues()["measure_families"])


def carried_without_balance(ctx: Context, marks: Marks) -> list[Finding]:
    """A project that spends 上年结转资金 while the 收入支出决算总表 shows no 年初结转和结余 to spend: one of the
    two is wrong (or the carry-over was handed back and granted anew, which the text would say)."""
    summary = next((t for t in ctx.tables if t.kind == "income_expenditure_summary"), None)
    opening = opening_balance(summary) if summary else None
    if summary is None or opening is None or opening[1].value:
        return []
    label, balance = opening
    out = []
    for ev in ctx.evaluations:
        carried = dict(ev.carried)
        cell = next((carried[c] for c in ("全年预算数", "全年执行数")
                     if carried.get(c) is not None and carried[c].value), None)
        if cell is None:
            continue
        marks.mark_cells([cell], "contradicted")
        out.append(cell_finding("mismatch", "warning",
                                messages.CARRIED_WITHOUT_BALANCE(project=ev.name, carried=cell.text,
                                                                 table=summary.code or summary.id, label=label,
                                                                 balance=balance.text or '空', line=balance.line),
                                "scope", cell, cell.text,
                                balance.text or "0", [cell_evidence(cell, ev.table, "上年结转资金", ev.name),
                                                      cell_evidence(balance, summary.id, label)]))
    return out


def opening_balance(table) -> Optional[tuple[str, Cell]]:
    """(label, cell) of the 年初结转和结余 line of a 收入支出决算总表: its first cell after the label that is not
    in a 行次 column (an empty cell meaning none)."""
    for row in table.rows:
        labels = column_labels(table, len(row))
        for i, cell in enumerate(row):
            if label_key(cell.text) in OPENING_LABELS:
                after = [c for c in row[i + 1:] if "行次" not in labels[c.col]]
                return (label_key(cell.text), after[0]) if after else None
    return None

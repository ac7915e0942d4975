"""Rule `sum`: a total that is not the sum of its parts (text lists, table rows, score tables)."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Optional

from parser.datatypes import Cell, Finding, Table
from parser.layout.tables import body_rows, column_labels, label_key, row_label
from parser.rules import messages
from parser.rules.common import (
    Context,
    Marks,
    RuleResult,
    cell_evidence,
    cell_finding,
    claim_evidence,
    finding,
    level_interval,
)
from parser.rules.transposed import repaired_by_one_swap
from parser.tabular.facts import table_config
from parser.tabular.self_evaluation import group_weight, percent_score_points
from parser.tolerance import agrees, best_value, printed, severity_of_miss, total


def check(ctx: Context) -> RuleResult:
    marks = Marks()
    return marks.result(check_text(ctx, marks) + check_balances(ctx, marks) + check_scores(ctx, marks)
                        + check_code_hierarchy(ctx))


def text_statuses(ctx: Context) -> dict[str, str]:
    """What the text's sums find of their totals and parts (claim id → status), for the pass before the rules."""
    marks = Marks()
    check_text(ctx, marks)
    return marks.claims


def is_partition(whole: Optional[str], parts: list) -> bool:
    for entry in table_config()["partitions"]:
        if entry["whole"] == whole and {p for p in parts if p} and set(parts) <= set(entry["parts"]) \
                and len(set(parts)) == len(parts) and set(parts) == set(entry["parts"]) & set(parts) \
                and len(parts) >= len(entry["parts"]) - 1:
            return True
    return False


def check_text(ctx: Context, marks: Marks) -> list[Finding]:
    out = []
    for rel in ctx.relations_of("sum"):
        whole = ctx.claim(rel.target)
        parts = [ctx.claim(p) for p in rel.inputs["parts"]]
        if whole.quantity.approx or any(p.quantity.approx for p in parts):
            continue
        summed = total(level_interval(p, ctx) for p in parts)
        stated = level_interval(whole, ctx)
        exhaustive = rel.exhaustive or is_partition(whole.metric, [p.metric for p in parts])
        overlap = summed.lo <= stated.hi and stated.lo <= summed.hi
        exceeds = summed.lo > stated.hi
        if not overlap and (swapped := transposed_figure(whole, parts)) is not None:
            out.append(swapped_finding(marks, whole, parts, *swapped))
            continue
        if overlap or (not exhaustive and not exceeds):
            if overlap:
                marks.mark([whole.id] + [p.id for p in parts], "consistent")
            continue
        marks.mark([whole.id], "contradicted")
        q = whole.quantity
        factor = level_interval(whole, ctx).mid / q.value if q.value else Decimal(1)
        expected = best_value(summed.scale(1 / factor), q.decimals)
        listing = "+".join(str(p.quantity.value) for p in parts)
        reason = "各分项之和大于合计" if exceeds else "各分项之和与合计不等"
        out.append(finding("sum", "error", messages.TEXT_SUM(reason=reason, listing=listing, expected=expected, unit=q.unit,
                                                             stated=q.value),
                           None, whole, f"{expected}{q.unit}", [claim_evidence(p) for p in parts],
                           [whole] + parts))
    return out


def check_balances(ctx: Context, marks: Marks) -> list[Finding]:
    """What is left at the year's end against the revenue total less the spending total (relation `balance`:
    `总收入4427.55亿元，总支出3887.38亿元，年终结转540.17亿元`)."""
    out = []
    for rel in ctx.relations_of("balance"):
        left, revenue, spending = (ctx.claim(i) for i in (rel.target, rel.inputs["revenue"], rel.inputs["spending"]))
        if any(c.quantity.approx for c in (left, revenue, spending)):
            continue
        expected = level_interval(revenue, ctx) - level_interval(spending, ctx)
        stated = level_interval(left, ctx)
        if expected.lo <= stated.hi and stated.lo <= expected.hi:
            marks.mark([left.id, revenue.id, spending.id], "consistent")
            continue
        marks.mark([left.id], "contradicted")
        q = left.quantity
        factor = stated.mid / q.value if q.value else Decimal(1)
        value = best_value(expected.scale(1 / factor), q.decimals)
        out.append(finding("sum", severity_of_miss(q.value, q.decimals, expected.scale(1 / factor)),
                           messages.YEAR_END_BALANCE(revenue=f"{revenue.quantity.value}{revenue.quantity.unit}",
                                                     spending=f"{spending.quantity.value}{spending.quantity.unit}",
                                                     expected=value, unit=q.unit, stated=q.value),
                           None, left, f"{value}{q.unit}", [claim_evidence(revenue), claim_evidence(spending)],
                           [left, revenue, spending]))
    return out


def transposed_figure(whole, parts):
    """(the figure, its value with two adjacent digits swapped) where that one swap makes the list add up
    exactly; None otherwise, or when the figures are not all in one unit."""
    if len({c.quantity.unit for c in [whole] + parts}) != 1:
        return None
    repair = repaired_by_one_swap(whole.quantity.value, [p.quantity.value for p in parts])
    if repair is None:
        return None
    index, value = repair
    return (whole if index < 0 else parts[index]), value


def swapped_finding(marks: Marks, whole, parts, figure, value) -> Finding:
    marks.mark([figure.id], "contradicted")
    marks.mark([c.id for c in [whole] + parts if c.id != figure.id], "consistent")
    q = figure.quantity
    listing = "+".join(str(p.quantity.value) for p in parts)
    return finding("sum", "error",
                   messages.TRANSPOSED_DIGITS(value=q.value, unit=q.unit, swapped=value, listing=listing,
                                              whole=whole.quantity.value, whole_unit=whole.quantity.unit,
                                              where='合计' if figure is whole else '分项'),
                   "transposed_digits", figure, f"{value}{q.unit}",
                   [claim_evidence(c) for c in [whole] + parts if c.id != figure.id], [figure, whole] + parts)


def check_scores(ctx: Context, marks: Marks) -> list[Finding]:
    """总分 = Σ得分 and 总分的分值 = Σ分值 in every self-evaluation table."""
    out = []
    for ev in ctx.evaluations:
        if ev.total is None or not ev.indicators or not ev.funds:
            continue
        funds_weight, funds_score = ev.funds.get("分值"), ev.funds.get("得分")
        if funds_score is not None and funds_score.is_percent and funds_weight is not None \
                and funds_score.value is not None and funds_weight.value is not None:
            # a score printed as a percent (100% of 10 points): the rate rule reports it; sum it as points
            funds_score = replace(funds_score, value=percent_score_points(funds_score, funds_weight), is_percent=False)
        weights = [r.weight for r in ev.indicators] + ([funds_weight] if funds_weight and funds_weight.value is not None else [])
        scores = [r.score for r in ev.indicators if r.score is not None] + \
                 ([funds_score] if funds_score and funds_score.value is not None else [])
        out.extend(check_group_weights(marks, ev))
        for cells, stated, what in ((weights, ev.total.weight, "分值"), (scores, ev.total.score, "得分")):
            if stated is None or stated.value is None or not cells:
                continue
            summed = total(printed(c.value, c.decimals) for c in cells)
            if agrees(stated.value, stated.decimals, summed):
                marks.mark_cells(cells + [stated], "consistent")
                continue
            marks.mark_cells([stated], "contradicted")
            expected = best_value(summed, max(stated.decimals, 2))
            out.append(cell_finding(
                "sum", "error", messages.SCORE_TOTAL(name=ev.name or '自评表', what=what, expected=expected,
                                                     stated=stated.text),
                None, stated, stated.text, str(expected),
                [cell_evidence(c, ev.table, what) for c in cells[:12]]))
    return out


def check_group_weights(marks: Marks, ev) -> list[Finding]:
    """A first-level indicator's stated points (产出指标 (50分)) = Σ 分值 of the rows under it."""
    groups: dict[str, list] = {}            # by heading text: a page break repeats the heading
    heads: dict[str, Cell] = {}
    names: dict[int, str] = {}
    for row in ev.indicators:
        if row.group is not None:
            key = label_key(row.group.text)
            groups.setdefault(key, []).append(row.weight)
            heads.setdefault(key, row.group)
            names[id(row.weight)] = row.measured[0] if row.measured else label_key(row.label)
    out = []
    for key, weights in groups.items():
        head = heads[key]
        points = group_weight(head.text)
        assert points is not None                    # a group's head is a 一级指标 (N分) cell
        cap = Decimal(points)
        summed = total(printed(c.value, c.decimals) for c in weights)
        if agrees(cap, 0, summed):
            marks.mark_cells(weights, "consistent")
            continue
        expected = best_value(summed, max(c.decimals for c in weights))
        listing = "+".join(c.text for c in weights)
        out.append(cell_finding(
            "sum", "error", messages.GROUP_WEIGHT(name=ev.name or '自评表', group=label_key(head.text), listing=listing,
                                                  expected=expected, cap=cap), None, head, str(cap), str(expected),
            [cell_evidence(c, ev.table, "分值", names[id(c)]) for c in weights]))
    return out


def check_code_hierarchy(ctx: Context) -> list[Finding]:
    """In tables by 功能分类 code: a parent row is the sum of its children; children start with the parent's code."""
    out = []
    for table in ctx.tables:
        if table.kind not in ("income", "expenditure", "general_budget_expenditure", "gov_fund", "state_capital"):
            continue
        rows = [(row_label(r), r) for r in body_rows(table)]
        coded = [(lab, r) for lab, r in rows if lab.code]
        for i, (lab, row) in enumerate(coded):
            children = []
            for child_lab, child in coded[i + 1:]:
                if len(child_lab.code) <= len(lab.code):
                    break
                if len(child_lab.code) == len(lab.code) + 2 or (len(lab.code) == 3 and len(child_lab.code) in (5, 6)):
                    children.append((child_lab, child))
            misplaced = [c for c in children if not c[0].code.startswith(lab.code)]
            for child_lab, child in misplaced:
                cell = child[0]
                out.append(cell_finding("sum", "warning",
                                        messages.CODE_HIERARCHY(code=child_lab.code, name=child_lab.name,
                                                                parent_code=lab.code, parent_name=lab.name,
                                                                suffix=child_lab.code[-2:]),
                                        "transposed_digits", cell, child_lab.code, f"{lab.code}{child_lab.code[-2:]}",
                                        [cell_evidence(row[0], table.id, "科目编码", lab.name)]))
            if children:
                out.extend(compare_columns(table, lab, row, [c for _, c in children]))
        totals = [(lab, r) for lab, r in rows if not lab.code and lab.name.replace(" ", "") in ("合计", "总计")]
        classes = [r for lab, r in coded if len(lab.code) == 3]
        if totals and classes:
            out.extend(compare_columns(table, totals[0][0], totals[0][1], classes))
    return out


def compare_columns(table: Table, lab, parent, children) -> list[Finding]:
    out = []
    labels = column_labels(table, len(parent))
    for cell in parent:
        if cell.value is None or cell.col < lab.cells_before_values:
            continue
        from_right = len(parent) - cell.col
        parts = [c[len(c) - from_right] for c in children
                 if len(c) >= from_right and c[len(c) - from_right].value is not None]
        if not parts:
            continue
        summed = total(printed(p.value, p.decimals) for p in parts)
        if agrees(cell.value, cell.decimals, summed):
            continue
        expected = best_value(summed, max(cell.decimals, 2))
        out.append(cell_finding("sum", "error",
                                messages.CODE_SUM(table=table.title or table.id, name=lab.name, column=labels[cell.col],
                                                  stated=cell.text, expected=expected), None, cell, cell.text, str(expected),
                                [cell_evidence(p, table.id, labels[cell.col]) for p in parts]))
    return out

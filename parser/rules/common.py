"""What every rule shares: the frozen checking context, a rule's result, intervals of claims, finding builders."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Optional

from parser.datatypes import Cell, Claim, Document, Evidence, Fact, Finding, Meta, Paragraph, Table
from parser.lexicon import load_metrics, metric_label, unit_factors
from parser.narrative.relations import Relation
from parser.rules.messages import Said
from parser.tabular.self_evaluation import Evaluation
from parser.tolerance import Interval, printed

UNIT_FACTOR = unit_factors()          # 元 per amount unit (units.tsv)


CellKey = tuple[int, int, int]                # (line, row, column) of a table cell (parser.tabular.table_claims)
CONTRADICTED = "contradicted"


@dataclass(frozen=True)
class Context:
    """What every rule reads, frozen: the document's text, tables, claims, relations and facts, and what the
    pass before the rules (parser.rules.prepass) found that several rules depend on. Rules never write to it:
    each returns its own RuleResult, and parser.rules.run merges them, so the order the rules run in does not matter."""
    document: Document
    year: Optional[int]
    tables: tuple[Table, ...]
    claims: tuple[Claim, ...]
    relations: tuple[Relation, ...]
    facts: tuple[Fact, ...]
    paragraphs: tuple[Paragraph, ...] = ()
    meta: Meta = field(default_factory=Meta)                        # title, body, year and kind of the document
    evaluations: tuple[Evaluation, ...] = ()                        # the 绩效自评表 read (parser.tabular.self_evaluation)
    unit_slips: Mapping[str, Decimal] = field(default_factory=dict)  # claim id → factor that repairs it
    text_verdicts: Mapping[str, str] = field(default_factory=dict)  # claim id → what the text alone says of it

    def __post_init__(self):
        object.__setattr__(self, "facts", tuple(self.facts))
        object.__setattr__(self, "evaluations", tuple(self.evaluations))
        object.__setattr__(self, "unit_slips", MappingProxyType(dict(self.unit_slips)))
        object.__setattr__(self, "text_verdicts", MappingProxyType(dict(self.text_verdicts)))

    @cached_property
    def by_id(self) -> dict[str, Claim]:
        return {c.id: c for c in self.claims}

    def claim(self, claim_id: str) -> Claim:
        return self.by_id[claim_id]

    def facts_for(self, metric: str, role: str = "actual") -> list[Fact]:
        return [f for f in self.facts if f.metric == metric and f.role == role]

    def relations_of(self, *kinds: str) -> tuple[Relation, ...]:
        """The relations of these kinds, in reading order."""
        return tuple(rel for rel in self.relations if rel.kind in kinds)


@dataclass(frozen=True)
class RuleResult:
    """What one rule found: its findings, and the status it gives claims and table cells (in the order
    found; parser.rules.run merges the results of all rules, a contradiction winning over consistency)."""
    findings: tuple[Finding, ...] = ()
    claims: tuple[tuple[str, str], ...] = ()          # (claim id, consistent | contradicted)
    cells: tuple[tuple[CellKey, str], ...] = ()       # (cell key, consistent | contradicted)


class Marks:
    """The statuses one run of a rule gives claims and cells, collected as it goes; `result` freezes them."""

    def __init__(self) -> None:
        self.claims: dict[str, str] = {}
        self.cells: dict[CellKey, str] = {}

    def mark(self, claim_ids, status: str) -> None:
        for cid in claim_ids:
            if self.claims.get(cid) != CONTRADICTED:
                self.claims[cid] = status

    def mark_cells(self, cells, status: str) -> None:
        """What a rule found of table cells (the 自评表's figures are claims too: parser.tabular.table_claims)."""
        for cell in cells:
            if cell is not None and self.cells.get((cell.line, cell.row, cell.col)) != CONTRADICTED:
                self.cells[(cell.line, cell.row, cell.col)] = status

    def result(self, findings) -> RuleResult:
        return RuleResult(tuple(findings), tuple(self.claims.items()), tuple(self.cells.items()))


def merged(statuses) -> dict:
    """One status per key from (key, status) pairs of any number of rules, in any order: contradicted if any
    rule says so, else consistent.

    >>> merged([("c1", "consistent"), ("c2", "contradicted"), ("c1", "contradicted"), ("c2", "consistent")])
    {'c1': 'contradicted', 'c2': 'contradicted'}
    """
    out: dict = {}
    for key, status in statuses:
        if out.get(key) != CONTRADICTED:
            out[key] = status
    return out


def yuan_interval(claim: Claim, ctx: Optional[Context] = None) -> Optional[Interval]:
    """The amount a claim may stand for, in 元 (repaired when a unit slip was found)."""
    q = claim.quantity
    factor = UNIT_FACTOR.get(q.unit)
    if factor is None:
        return None
    if ctx is not None and claim.id in ctx.unit_slips:
        factor = factor * ctx.unit_slips[claim.id]
    return printed(q.value, q.decimals).scale(factor)


def fact_yuan(f: Fact) -> Interval:
    factor = UNIT_FACTOR[f.unit or "万元"]
    return printed(f.value, f.decimals).scale(factor)


def level_interval(claim: Claim, ctx: Context) -> Interval:
    """A level figure as an interval: 元 for amounts, the bare value for counts."""
    as_yuan = yuan_interval(claim, ctx)
    return as_yuan if as_yuan is not None else printed(claim.quantity.value, claim.quantity.decimals)


def claim_evidence(claim: Claim) -> Evidence:
    return Evidence(type="claim", line=claim.line, page=claim.page, id=claim.id, text=claim.text,
                    value=str(claim.quantity.value), unit=claim.quantity.unit)


def fact_evidence(f: Fact) -> Evidence:
    return Evidence(type="cell", line=f.line, page=f.page, table=f.table, row=f.row, col=f.col,
                    value=str(f.value), unit=f.unit or None)


def words_before(claim: Claim) -> str:
    """The claim's quote without its figure: the words that say what the figure is."""
    return claim.text[:len(claim.text) - len(claim.quantity.surface)]


def stated_of(claim: Claim) -> str:
    q = claim.quantity
    return f"{q.value}{q.unit}"


def finding(rule: str, severity: str, message: Said, cause: Optional[str], claim: Claim, expected: str,
            evidence: list[Evidence], claims: list[Claim], confidence: float = 0.9, quote: str = "") -> Finding:
    """A finding about a claim, quoted by the claim's text unless `quote` says more precisely what is wrong."""
    return Finding(rule=rule, severity=severity, message=message.text, cause=cause, line=claim.line,
                   page=claim.page, quote=quote or claim.text, stated=stated_of(claim), expected=expected,
                   evidence=tuple(evidence), claims=tuple(c.id for c in claims), confidence=confidence,
                   code=message.code)


def label(metric: Optional[str]) -> str:
    if metric and metric.startswith(("item:", "class:")):
        return metric.split(":", 1)[1]
    return metric_label(metric)


def broader(metric: Optional[str]) -> Optional[str]:
    entry = load_metrics().get(metric or "")
    return entry.broader if entry else None


def cell_evidence(cell: Cell, table: str, col: str, row: str = "") -> Evidence:
    return Evidence(type="cell", line=cell.line, page=cell.page, table=table, row=row or None, col=col,
                    value=str(cell.value) if cell.value is not None else cell.text)


def cell_finding(rule: str, severity: str, message: Said, cause, cell: Cell, stated: str, expected: str,
                 evidence: list[Evidence]) -> Finding:
    return Finding(rule=rule, severity=severity, message=message.text, cause=cause, line=cell.line, page=cell.page,
                   quote=cell.text, stated=stated, expected=expected, evidence=tuple(evidence), confidence=0.95,
                   code=message.code)


def cell_of(ctx: Context, f: Fact) -> Cell:
    """The table cell a fact was read from."""
    table = next(t for t in ctx.tables if t.id == f.table)
    if f.cell is not None:
        row, col = f.cell
        return table.rows[row][col]
    on_line = [c for row in table.rows for c in row if c.line == f.line]
    return next((c for c in on_line if c.value == f.value and c.text), on_line[0])

"""What every rule shares: the checking context, intervals of claims, finding builders."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from parser.datatypes import Cell, Claim, Document, Evidence, Fact, Finding, Meta, Paragraph, Table
from parser.lexicon import load_metrics, metric_label, unit_factors
from parser.narrative.relations import Relation
from parser.tabular.self_evaluation import read_evaluations
from parser.tolerance import Interval, printed

UNIT_FACTOR = unit_factors()          # 元 per amount unit (units.tsv)


@dataclass
class Context:
    document: Document
    year: Optional[int]
    tables: tuple[Table, ...]
    claims: tuple[Claim, ...]
    relations: tuple[Relation, ...]
    facts: list[Fact]
    paragraphs: tuple[Paragraph, ...] = ()
    meta: Meta = field(default_factory=Meta)                        # title, body, year and kind of the document
    unit_slips: dict[str, Decimal] = field(default_factory=dict)   # claim id → factor that repairs it
    checked: dict[str, str] = field(default_factory=dict)          # claim id → consistent | contradicted
    cell_status: dict = field(default_factory=dict)                 # (line, row, col) → consistent | contradicted

    def __post_init__(self):
        self.by_id = {c.id: c for c in self.claims}
        self._evaluations = None

    @property
    def evaluations(self):
        """The self-evaluation tables' funds rows and scores (parser.tabular.self_evaluation), read once."""
        if self._evaluations is None:
            self._evaluations = read_evaluations(self.tables)
        return self._evaluations

    def claim(self, claim_id: str) -> Claim:
        return self.by_id[claim_id]

    def facts_for(self, metric: str, role: str = "actual") -> list[Fact]:
        return [f for f in self.facts if f.metric == metric and f.role == role]

    def mark(self, claim_ids, status: str) -> None:
        for cid in claim_ids:
            if self.checked.get(cid) != "contradicted":
                self.checked[cid] = status

    def mark_cells(self, cells, status: str) -> None:
        """What a rule found of table cells (the 自评表's figures are claims too: parser.tabular.table_claims)."""
        for cell in cells:
            if cell is not None and self.cell_status.get((cell.line, cell.row, cell.col)) != "contradicted":
                self.cell_status[(cell.line, cell.row, cell.col)] = status


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


def finding(rule: str, severity: str, message: str, cause: Optional[str], claim: Claim, expected: str,
            evidence: list[Evidence], claims: list[Claim], confidence: float = 0.9, quote: str = "") -> Finding:
    """A finding about a claim, quoted by the claim's text unless `quote` says more precisely what is wrong."""
    return Finding(rule=rule, severity=severity, message=message, cause=cause, line=claim.line,
                   page=claim.page, quote=quote or claim.text, stated=stated_of(claim), expected=expected,
                   evidence=tuple(evidence), claims=tuple(c.id for c in claims), confidence=confidence)


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


def cell_finding(rule: str, severity: str, message: str, cause, cell: Cell, stated: str, expected: str,
                 evidence: list[Evidence]) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, cause=cause, line=cell.line, page=cell.page,
                   quote=cell.text, stated=stated, expected=expected, evidence=tuple(evidence), confidence=0.95)


def cell_of(ctx: Context, f: Fact) -> Cell:
    """The table cell a fact was read from."""
    table = next(t for t in ctx.tables if t.id == f.table)
    if f.cell is not None:
        row, col = f.cell
        return table.rows[row][col]
    on_line = [c for row in table.rows for c in row if c.line == f.line]
    return next((c for c in on_line if c.value == f.value and c.text), on_line[0])

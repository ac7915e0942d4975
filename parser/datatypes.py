"""gouji's own value objects. Frozen dataclasses, no logic.

Every element keeps where it came from: its 1-based `line`, its `page` (PDF
only, else None) and, where it is a piece of a line, its character `span`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from parser.lexicon import unit_factors

BBox = tuple[float, float, float, float]    # x0, top, x1, bottom in PDF points from the page's top left


@dataclass(frozen=True)
class DocumentPart:
    """One file of a document read from several (a narrative and its tables published apart).

    `first_line` is the 1-based line of the joined text where this file's lines begin."""
    path: str
    sha256: str
    format: str
    first_line: int
    line_count: int
    page_count: Optional[int] = None


@dataclass(frozen=True)
class Document:
    """The text of one input as gouji numbers it (see `gouji text`)."""
    path: str
    sha256: str
    format: str                      # txt | pdf | docx | html | xlsx
    lines: tuple[str, ...]
    pages: Optional[tuple[Optional[int], ...]] = None   # page of each line, or None
    page_count: Optional[int] = None
    cell_boxes: Optional[tuple[tuple[Optional[BBox], ...], ...]] = None  # per line, the box of each TAB cell
    parts: tuple[DocumentPart, ...] = ()   # the files joined into this document (empty for one file)

    def part_of(self, line: int) -> Optional[DocumentPart]:
        """The file a line of a joined document comes from (None for a one-file document)."""
        return next((p for p in self.parts if p.first_line <= line < p.first_line + p.line_count), None)

    def page_of(self, line: int) -> Optional[int]:
        if self.pages is None or not 1 <= line <= len(self.pages):
            return None
        return self.pages[line - 1]

    def box_of(self, line: int, col: int) -> Optional[BBox]:
        """Box of the `col`-th TAB-separated cell of `line` (PDF tables only), else None."""
        if self.cell_boxes is None or not 1 <= line <= len(self.cell_boxes):
            return None
        boxes = self.cell_boxes[line - 1]
        return boxes[col] if 0 <= col < len(boxes) else None


@dataclass(frozen=True)
class Heading:
    level: int                       # 1 = 第一部分, 2 = 一、, 3 = （一）, 4 = 1., 5 = （1）, 6 = ①
    text: str
    line: int


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int
    span: tuple[int, int]            # character offsets in the line
    section: tuple[str, ...]         # heading titles from the outermost in
    continuation: str = ""           # the words after it when a line break cut it mid-clause (`57.44` / `万元`)


@dataclass(frozen=True)
class Paragraph:
    line: int
    text: str
    sentences: tuple[Sentence, ...]
    section: tuple[str, ...]


@dataclass(frozen=True)
class Quantity:
    """A number as printed, with its exact value and unit.

    `value` is in `unit` (万元 stays 万元); `decimals` is how many decimals were
    printed, which sets the tolerance of every comparison made with it.
    """
    value: Decimal
    unit: str                        # 元 千元 万元 亿元 % 百分点 人 个 … or ''
    decimals: int
    approx: bool
    surface: str
    span: tuple[int, int]
    kind: str                        # amount | percent | points | count | number

    @property
    def yuan(self) -> Optional[Decimal]:
        factor = unit_factors().get(self.unit)
        return None if factor is None else self.value * factor


@dataclass(frozen=True)
class Cell:
    row: int                         # 0-based row index in its table
    col: int                         # 0-based column index
    text: str
    line: int
    page: Optional[int] = None
    value: Optional[Decimal] = None  # parsed number; None for text and non-values
    decimals: int = 0
    is_percent: bool = False
    bbox: Optional[BBox] = None      # where the cell sits on its page (PDF only)


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    code: str                        # 公开01表 … or ''
    unit: str                        # 万元 / 元 / '' when unstated
    line: int
    end_line: int
    page: Optional[int]
    rows: tuple[tuple[Cell, ...], ...]
    kind: str = "other"              # canonical table kind from data/tables.jsonl
    notes: tuple[str, ...] = ()      # what could not be read with confidence

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(frozen=True)
class Fact:
    """A figure read from a table, named by metric and role."""
    metric: str
    role: str
    value: Decimal
    decimals: int
    unit: str
    table: str
    row: str
    col: str
    line: int
    page: Optional[int] = None
    scope: str = ""                  # e.g. the project a self-evaluation table is about
    cell: Optional[tuple[int, int]] = None   # (row, col) of the cell in its table


@dataclass(frozen=True)
class Claim:
    id: str
    text: str                        # the quote: the figure with its subject
    subject: str
    metric: Optional[str]
    kind: str                        # amount percent change_amount change_percent share rate count other
    role: str                        # actual budget_initial budget_final prior_year target other
    year: Optional[int]
    quantity: Quantity
    line: int
    page: Optional[int]
    sentence: str
    scope: str = ""
    status: str = "unverifiable"
    reason: str = ""
    confidence: float = 0.9
    origin: str = "text"             # text (a sentence of the narrative) | table (a 绩效自评表 cell)


@dataclass(frozen=True)
class Evidence:
    type: str                        # cell | claim | computation
    line: int
    page: Optional[int] = None
    table: Optional[str] = None
    row: Optional[str] = None
    col: Optional[str] = None
    value: Optional[str] = None
    unit: Optional[str] = None
    id: Optional[str] = None
    text: Optional[str] = None


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str                    # error | warning | info
    message: str
    cause: Optional[str]
    line: int
    page: Optional[int]
    quote: str
    stated: str
    expected: str
    evidence: tuple[Evidence, ...] = ()
    claims: tuple[str, ...] = ()
    confidence: float = 0.9
    id: str = ""
    code: Optional[str] = None       # the message's code in parser.rules.messages (UNIT_SLIP, SHARE_MISMATCH …)


@dataclass(frozen=True)
class Meta:
    title: str = ""
    department: str = ""
    year: Optional[int] = None
    kind: str = "other"


@dataclass(frozen=True)
class Report:
    document: Document
    meta: Meta
    tables: tuple[Table, ...]
    claims: tuple[Claim, ...]
    findings: tuple[Finding, ...]
    seconds: float = 0.0
    unverifiable_reasons: dict = field(default_factory=dict)

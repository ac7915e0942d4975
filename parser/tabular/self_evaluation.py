"""Performance self-evaluation tables (绩效自评表) → their funds row, indicator scores and total.

A self-evaluation may be split over several Table objects (the indicator part
often follows a free-text 年度总体目标 row), so tables are read as one stream of
rows: a funds header (全年预算数 … 执行率 … 得分) opens an evaluation and its
总分 row closes it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

from parser.datatypes import Cell, Table
from parser.layout.tables import label_key

FUNDS_COLUMNS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
FUNDS_ROW_LABELS = ("年度资金总额", "合计")
CARRIED_LABEL = "上年结转"


@dataclass(frozen=True)
class ScoreRow:
    label: str
    weight: Cell                 # 分值
    score: Optional[Cell]        # 得分 (None when left empty)
    group: Optional[Cell] = None  # the 一级指标 heading it falls under when that states its points: 产出指标(40分)
    cells: tuple[Cell, ...] = ()  # the whole row

    @property
    def measured(self) -> Optional[tuple[str, Cell]]:
        """(三级指标, 实际完成值) of an indicator row: the cell before 分值 and the last label before that.

        >>> row = tuple(Cell(0, i, t, 1, None, v) for i, (t, v) in enumerate(
        ...     [("", None), ("年度合格毕业生人数", None), ("≥2000", None), ("2660", 2660), ("1", 1), ("1", 1)]))
        >>> ScoreRow("", row[4], row[5], cells=row).measured[0]
        '年度合格毕业生人数'
        """
        at = next((i for i, c in enumerate(self.cells) if c is self.weight), None)
        if at is None or at < 2:
            return None
        name = next((c.text for c in reversed(self.cells[:at - 2]) if c.text and c.value is None), None)
        return (label_key(name), self.cells[at - 1]) if name else None


@dataclass(frozen=True)
class Evaluation:
    table: str
    name: str                    # what it evaluates: the sub-project (支出方向/子项目), else the project (项目支出名称)
    funds: dict                  # column name → Cell of the funds row
    indicators: tuple[ScoreRow, ...]
    total: Optional[ScoreRow]
    parent: str = ""             # the 项目支出名称 when a sub-project is named, else ""
    line: int = 0                # where it starts (its funds header)
    carried: tuple = ()          # ((column name, Cell), …) of the 上年结转资金 row


def funds_columns(row: tuple[Cell, ...]) -> Optional[dict[str, int]]:
    """Positions of the funds columns in a header row, if it is one."""
    keys = [label_key(c.text) for c in row]
    positions = {}
    for name in FUNDS_COLUMNS:
        for i, key in enumerate(keys):
            if key.startswith(name) or (name == "得分" and key.startswith("得分")):
                positions[name] = i
                break
    if {"全年预算数", "全年执行数", "执行率"} <= positions.keys():
        return positions
    return None


def unlabelled_figures(row: tuple[Cell, ...]) -> bool:
    """A row of figures only: the funds row of a header that names 年度资金总额 itself."""
    return sum(c.value is not None for c in row) >= 3 and not any(c.text and c.value is None for c in row)


def align(header_len: int, row: tuple[Cell, ...], positions: dict[str, int]) -> dict[str, Cell]:
    """Cells of a data row under the header's columns (right-aligned when shorter)."""
    shift = 0 if len(row) >= header_len else len(row) - header_len
    out = {}
    for name, pos in positions.items():
        i = pos + shift
        if 0 <= i < len(row):
            out[name] = row[i]
    return out


def score_pair(row: tuple[Cell, ...], weight_col: Optional[int], header_len: int) -> Optional[tuple[Cell, Optional[Cell]]]:
    """(分值, 得分) of an indicator row: the last two numbers before the trailing note,
    else the cells under the header's 分值 and 得分 columns."""
    cells = list(row)
    while cells and cells[-1].value is None:
        cells.pop()
    if len(cells) >= 2 and all(c.value is not None and not c.is_percent for c in cells[-2:]):
        return cells[-2], cells[-1]
    if weight_col is not None and len(row) == header_len and weight_col + 1 < len(row):
        weight, score = row[weight_col], row[weight_col + 1]
        if weight.value is not None and not weight.is_percent:
            return weight, score if score.value is not None else None
    return None


def named_value(texts: list[str], labels: tuple[str, ...]) -> Optional[str]:
    """The value a name row gives after one of its labels, skipping further label cells (`专项名称`).

    >>> named_value(["项目支出名称", "专项名称", "各类教育内涵发展专项", ""], PROJECT_LABELS)
    '各类教育内涵发展专项'
    >>> named_value(["主管部门", "株洲市工业和信息化局"], PROJECT_LABELS) is None
    True
    """
    for i, text in enumerate(texts):
        if any(text.startswith(label) for label in labels):
            return next((t for t in texts[i + 1:] if t and not t.endswith(("名称", "(子项目)", "（子项目）"))), "")
    return None


PROJECT_LABELS = ("项目支出名称", "项目名称", "专项名称")   # 专项名称 also where 项目支/出名称 broke over two rows
SUBPROJECT_LABELS = ("支出方向名称", "子项目名称")


def read_evaluations(tables: tuple[Table, ...]) -> list[Evaluation]:
    """The 绩效自评表 of a document's tables, read row by row in order (an evaluation may run over tables)."""
    reader = EvaluationReader()
    for table in tables:
        reader.start_table()
        for row in table.rows:
            reader.read_row(row, table.id)
    reader.close(None)
    return reader.out


class EvaluationReader:
    """The state of reading 绩效自评表 rows: the project named so far, the evaluation being read (opened by a
    funds header, closed by the next one or its 总分 row) and the current table's header columns."""

    def __init__(self) -> None:
        self.out: list[Evaluation] = []
        self.current: Optional[dict] = None
        self.project, self.subproject = "", ""
        self.start_table()

    def start_table(self) -> None:
        self.header: Optional[dict[str, int]] = None
        self.header_len = 0
        self.weight_col: Optional[int] = None
        self.group: Optional[Cell] = None

    def close(self, total: Optional[ScoreRow]) -> None:     # (kept without funds: a parent project's sums need all)
        current = self.current
        if current is not None:
            self.out.append(Evaluation(current["table"], current["name"], current["funds"],
                                       tuple(current["indicators"]), total, parent=current["parent"],
                                       line=current["line"], carried=tuple(current["carried"].items())))

    def read_row(self, row: tuple[Cell, ...], table_id: str) -> None:
        texts = [label_key(c.text) for c in row]
        self.read_names(texts)
        positions = funds_columns(row)
        if positions:
            self.open(row, positions, table_id)
        elif self.current is None:
            return
        elif self.read_funds_row(row, texts):
            return
        elif "分值" in texts and "得分" in texts:
            self.weight_col, self.header_len = texts.index("分值"), len(row)
        elif any(t.startswith("总分") for t in texts):
            self.read_total(row)
        else:
            self.read_indicator(row, self.current)

    def read_names(self, texts: list[str]) -> None:
        """A 项目名称 row starts a project; a 子项目名称 row a sub-project of it."""
        if (name := named_value(texts, PROJECT_LABELS)) is not None:
            self.project, self.subproject = name, ""
        if (name := named_value(texts, SUBPROJECT_LABELS)) is not None:
            self.subproject = name

    def open(self, row: tuple[Cell, ...], positions: dict[str, int], table_id: str) -> None:
        """A funds header closes the evaluation read so far and opens the next one."""
        self.close(None)
        self.header, self.header_len = positions, len(row)
        self.current = {"table": table_id, "name": self.subproject or self.project,
                        "parent": self.project if self.subproject else "",
                        "funds": {}, "indicators": [], "total": None, "line": row[0].line, "carried": {}}
        self.group = None

    def read_funds_row(self, row: tuple[Cell, ...], texts: list[str]) -> bool:
        """The 上年结转资金 or 年度资金总额 row under the funds header, before the funds are read."""
        current = self.current
        if not self.header or current is None or current["funds"]:
            return False
        if any(t.startswith(CARRIED_LABEL) for t in texts):
            current["carried"] = align(self.header_len, row, self.header)
            return True
        if any(t in FUNDS_ROW_LABELS for t in texts) or unlabelled_figures(row):
            current["funds"] = align(self.header_len, row, self.header)
            return True
        return False

    def read_total(self, row: tuple[Cell, ...]) -> None:
        """The 总分 row closes the evaluation and the project."""
        numbers = [c for c in row if c.value is not None]
        self.close(ScoreRow("总分", numbers[0], numbers[1]) if len(numbers) >= 2 else None)
        self.current = None
        self.project, self.subproject = "", ""

    def read_indicator(self, row: tuple[Cell, ...], current: dict) -> None:
        """An indicator row (分值, 得分) under the last first-level heading seen."""
        if not current["funds"] or self.weight_col is None:
            return
        self.group = next((c for c in row if group_weight(c.text) is not None), self.group)
        pair = score_pair(row, self.weight_col, self.header_len)
        if pair:
            label = next((c.text for c in row if c.text and c.value is None), "")
            current["indicators"].append(ScoreRow(label, pair[0], pair[1], self.group, row))


def percent_score_points(score: Cell, weight: Cell):
    """A 得分 printed as a percent of its 分值, in points: 100% of 10 → 10.

    >>> from decimal import Decimal
    >>> percent_score_points(Cell(0, 0, "100%", 1, None, Decimal(100), 0, True), Cell(0, 1, "10", 1, None, Decimal(10)))
    Decimal('10')
    """
    assert score.value is not None and weight.value is not None, "score_pair reads figures only"
    return score.value * weight.value / 100


def weight_cap(text: str) -> Optional[int]:
    """The points a first-level indicator heading grants, as in 产出指标(40分).

    >>> weight_cap("产出指标 (50分)"), weight_cap("数量指标")
    (50, None)
    """
    m = regex.search(r"[（(]\s*(\d+)\s*分\s*[)）]", text)
    return int(m.group(1)) if m else None


def group_weight(text: str) -> Optional[int]:
    """The points of a first-level indicator heading cell (产出指标 (50分)); None for any other cell.

    >>> group_weight("满意度指标（10分）"), group_weight("得分(10分)"), group_weight("质量指标")
    (10, None, None)
    """
    return weight_cap(text) if "指标" in text else None

"""Tables → Facts: every figure of a known table named by metric and role.

One reader per table family (two-sided summaries, code-labelled tables, the
economic-classification table, the 三公 table, the performance basic-data table);
the table kinds and their column meanings come from data/tables.json.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from typing import Optional

import regex

from parser.datatypes import Cell, Fact, Table
from parser.layout.tables import body_rows, column_labels, header_rows, label_key, row_label
from parser.lexicon import alias_index, read_data

TOTAL_LABELS = {"合计", "总计", "小计", "本年支出合计", "本年收入合计"}


@lru_cache(maxsize=1)
def table_config() -> dict:
    return json.loads(read_data("tables.json"))


def classify(table: Table, *, budget: bool = False) -> str:
    """Canonical kind of a table, by its code first and then its title.

    A 预算 table's title (…预算表, …预算总表) is read first: budget publications number their
    tables differently (Jiangsu's 公开07表 is the 一般公共预算支出预算表, the 决算's is the 三公
    table). In a 预算 document (`budget`) an untitled table is named by the budget numbering.
    """
    if kind := longest_title_match(table_config()["budget_kinds"], table.title):
        return kind
    if budget and table.code:
        coded = next((e for e in table_config()["budget_kinds"] if e["code"] == table.code), None)
        if coded:
            return coded["kind"]
    for entry in table_config()["kinds"]:
        if entry["code"] and entry["code"] == table.code:
            return entry["kind"]
    if kind := longest_title_match(table_config()["kinds"], table.title):
        return kind
    if not table.title and not table.code:      # an untitled table: recognise it by its cells
        text = "".join(c.text for row in table.rows for c in row)
        for entry in table_config()["content_markers"]:
            if all(w in text for w in entry["all_of"]) and any(w in text for w in entry["any_of"]):
                return entry["kind"]
    return "other"


def longest_title_match(entries: list[dict], title: str) -> Optional[str]:
    """The kind of the longest entry title the table's title contains
    (一般公共预算财政拨款基本支出决算表 also contains 支出决算表)."""
    titled = [e for e in entries if e["title"] and title and e["title"] in title]
    return max(titled, key=lambda e: len(e["title"]))["kind"] if titled else None


def metric_of_label(text: str) -> Optional[str]:
    """Metric id named by a row or column label, if the lexicon knows it.

    >>> metric_of_label("一、一般公共预算财政拨款收入"), metric_of_label("  本年收入合计")
    ('general_budget_appropriation_revenue', 'revenue_total')
    """
    key = label_key(text)
    key = regex.sub(r"^其中", "", key)
    index = alias_index()
    if key in index:
        return index[key]
    return None


def class_metric(text: str) -> Optional[str]:
    """`class:教育支出` for a function-classification class label such as 五、教育支出."""
    key = label_key(text)
    if key.endswith("支出") and len(key) >= 4 and metric_of_label(text) is None:
        return "class:" + key
    return None


def fact(metric: str, role: str, cell: Cell, table: Table, row: str, col: str, scope: str = "") -> Fact:
    assert cell.value is not None, "facts are read from figures only"
    return Fact(metric=metric, role=role, value=cell.value, decimals=cell.decimals, unit=table.unit or "",
                table=table.id, row=row, col=col, line=cell.line, page=cell.page, scope=scope,
                cell=(cell.row, cell.col))


def extract_facts(tables: Iterable[Table], doc_year: Optional[int], *, budget: bool = False) -> list[Fact]:
    """Facts of every known table; `budget`: the document is a 预算 (its untitled tables are budget tables)."""
    out: list[Fact] = []
    for table in tables:
        kind = table.kind
        if kind in ("income_expenditure_summary", "fiscal_summary"):
            out.extend(two_sided_facts(table))
        elif kind in ("income", "expenditure", "general_budget_expenditure", "gov_fund", "state_capital",
                      "fiscal_expenditure"):
            out.extend(coded_facts(table))
        elif kind == "general_budget_basic":
            out.extend(basic_total_facts(table) if budget or is_budget_table(table) else economic_facts(table))
        elif kind == "three_public" and items_in_rows(table):
            out.extend(item_row_facts(table, doc_year))
        elif kind == "three_public":
            out.extend(three_public_facts(table) if has_final_columns(table) else budget_three_public_facts(table))
        elif kind == "basic_data":
            out.extend(basic_data_facts(table, doc_year))
    return out


FISCAL_METRICS = ("fiscal_appropriation_revenue", "general_budget", "gov_fund", "state_capital")


def two_sided_facts(table: Table) -> list[Fact]:
    """收入支出决算总表 and 财政拨款收入支出决算总表: 项目 | (行次) | 金额 on each side.

    Rows under a 年初结转和结余 label are its parts, not the year's revenue; in the 财政拨款 table
    the totals are 财政拨款 totals, kept apart from the all-funds totals (`fiscal:` metrics).
    """
    out = []
    in_carryover: set[int] = set()
    for row in body_rows(table):
        labels = column_labels(table, len(row))
        label_cols = [i for i, name in enumerate(labels) if name.startswith("项目")] or [0]
        for k, start in enumerate(label_cols):
            stop = label_cols[k + 1] if k + 1 < len(label_cols) else len(row)
            if start >= len(row):
                continue
            label = row[start].text
            if not label:
                continue
            if "结转和结余" in label or label_key(label) == "总计":
                in_carryover.discard(k)
            elif k in in_carryover:
                continue
            if "年初" in label and "结转和结余" in label:
                in_carryover.add(k)
            values = [c for c in row[start + 1:stop] if "行次" not in labels[c.col]]
            if not values:
                continue
            cell = values[0]
            metric = side_metric(label, k == 0, table.kind == "fiscal_summary")
            if metric is None:
                continue
            if cell.value is None:
                if cell.text == "" and metric.startswith("class:"):
                    cell = replace(cell, value=Decimal(0), decimals=2)
                else:
                    continue
            out.append(fact(metric, "actual", cell, table, label_key(label), labels[cell.col]))
    return out


def side_metric(label: str, revenue_side: bool, fiscal: bool) -> Optional[str]:
    """The metric of a row label of a two-sided summary table: 总计 by its side; in the 财政拨款 table
    (`fiscal`) a total of all funds becomes its 财政拨款 counterpart.

    >>> side_metric("总计", True, False), side_metric("总计", False, False)
    ('revenue_grand_total', 'expenditure_grand_total')
    """
    metric = metric_of_label(label)
    if label_key(label) == "总计":
        metric = "revenue_grand_total" if revenue_side else "expenditure_grand_total"
    metric = metric or class_metric(label)
    if metric is not None and fiscal and not metric.startswith(FISCAL_METRICS + ("class:",)):
        metric = table_config()["fiscal_summary_metrics"].get(metric, "fiscal:" + metric)
    return metric


def coded_facts(table: Table) -> list[Fact]:
    scope = table_config()["column_scope"].get(table.kind, {})
    out = []
    for row in body_rows(table):
        label = row_label(row)
        labels = column_labels(table, len(row))
        name = label_key(label.name)
        values = [c for c in row[label.cells_before_values:] if c.value is not None]
        for cell in values:
            col = labels[cell.col]
            col_metric = scope.get(col) or metric_of_label(col)
            if name in TOTAL_LABELS and not label.code:
                if col_metric:
                    out.append(fact(col_metric, "actual", cell, table, name, col))
            elif name and cell is values[0] and cell.col == label.cells_before_values:
                out.append(fact("item:" + name, "actual", cell, table, name, col, scope=label.code))
                if len(label.code) == 3:
                    out.append(fact("class:" + name, "actual", cell, table, name, col, scope=label.code))
    return out


def economic_facts(table: Table) -> list[Fact]:
    """Triples of (code, name, amount) in any number of side-by-side groups."""
    out = []
    for row in body_rows(table):
        for i, cell in enumerate(row[:-1]):
            nxt = row[i + 1]
            if not nxt.text and i + 2 < len(row) and cell.text.strip().endswith("合计"):   # `人员经费合计 | | 4884.09`
                nxt = row[i + 2]
            if cell.value is None and cell.text and nxt.value is not None:
                metric = metric_of_label(cell.text)
                if metric:
                    out.append(fact(metric, "actual", nxt, table, label_key(cell.text), "决算数"))
    return out


def is_budget_table(table: Table) -> bool:
    """A 预算 table by its title. Its 经济分类 rows (30217 公务接待费 …) are basic spending only, narrower
    than the 三公 table every budget publishes beside it, so only its totals are read as facts.

    >>> is_budget_table(Table("t1", "一般公共预算基本支出预算表", "", "万元", 1, 9, None, ()))
    True
    """
    return table.title.rstrip().endswith(("预算表", "预算总表"))


def basic_total_facts(table: Table) -> list[Fact]:
    """The 合计 row of a 基本支出 table laid out 合计 | 人员经费 | 公用经费 (budget tables)."""
    names = table_config()["basic_columns"]
    out = []
    for row in body_rows(table):
        labels = column_labels(table, len(row))
        if not any(label_key(c.text) in TOTAL_LABELS for c in row if c.value is None):
            continue
        for cell in row:
            metric = names.get(label_key(labels[cell.col]))
            if metric and cell.value is not None:
                out.append(fact(metric, "actual", cell, table, "合计", labels[cell.col]))
        break
    return out


def has_final_columns(table: Table) -> bool:
    """Whether a 三公 table has 决算数 columns (the 决算 layout) rather than budget columns only."""
    return any("决算" in c.text for row in header_rows(table) for c in row)


THREE_PUBLIC_ITEMS = {"three_public", "overseas_travel", "official_reception", "official_vehicle", "vehicle_purchase",
                      "vehicle_operation"}


def items_in_rows(table: Table) -> bool:
    """A 三公 table laid out with one row per item (公务接待费 | 预算数 | 决算数), as web pages print it:
    at least two rows named by a 三公 item under a header of at most four 预算数/决算数 columns.

    >>> from parser.datatypes import Cell
    >>> from decimal import Decimal
    >>> rows = [["项目", "预算数", "决算数"], ["公务接待费", "14.9", "5.21"], ["因公出国(境)费", "20", "0"]]
    >>> cells = tuple(tuple(Cell(r, c, t, r + 1, None, Decimal(t) if t[0].isdigit() else None)
    ...                     for c, t in enumerate(row)) for r, row in enumerate(rows))
    >>> items_in_rows(Table("t1", "三公经费支出决算表", "", "万元", 1, 3, None, cells))
    True
    """
    heads = [[label_key(c.text) for c in row if c.text] for row in header_rows(table)]
    columns = [t for row in heads for t in row if "预算数" in t or "决算数" in t]
    if not columns or len(columns) > 4:
        return False
    items = [row_label(row).name for row in body_rows(table)]
    return sum(metric_of_label(name) in THREE_PUBLIC_ITEMS for name in items) >= 2


def item_row_facts(table: Table, doc_year: Optional[int]) -> list[Fact]:
    """A 三公 table with one row per item: each figure under a 预算数/决算数 column, the 合计 row the 三公 total."""
    heads = header_rows(table)
    width = max((len(row) for row in table.rows), default=0)
    labels = column_labels(table, width)
    out = []
    for row in body_rows(table):
        named = next((k for k, c in enumerate(row) if c.text and c.value is None), None)
        if named is None or not heads:
            continue                 # (not row_label: a 三公 figure such as 246 reads as a 功能分类 code)
        key = label_key(row[named].text)
        metric = "three_public" if key in TOTAL_LABELS else metric_of_label(row[named].text)
        if metric is None:
            continue
        for cell in row[named + 1:]:
            column = labels[width - len(row) + cell.col] if len(row) <= width else ""
            if cell.value is None or cell.is_percent or not ("预算数" in column or "决算数" in column):
                continue
            out.append(fact(metric, role_of_column(column, doc_year), cell, table, key, column))
    return out


def budget_three_public_facts(table: Table) -> list[Fact]:
    """A budget 三公 table: one row of figures under a header naming each column (合计, 因公出国（境）费,
    公务用车购置及运行费 with 小计/购置费/运行费, 公务接待费, and at times 会议费, 培训费, 机关运行经费)."""
    heads = header_rows(table)
    body = [row for row in body_rows(table) if sum(c.value is not None for c in row) >= 2]
    if not heads or not body:
        return []
    row = body[0]
    keywords = table_config()["budget_three_public_columns"]
    paths = ["".join(label_key(h[c.col].text) for h in heads if c.col < len(h)) for c in row]
    with_meetings = any("会议" in p or "培训" in p for p in paths)   # then 合计 = 三公 + 会议费 + 培训费
    out, seen = [], set()
    for cell, path in zip(row, paths):
        if cell.value is None:
            continue
        metric = next((m for word, m in keywords if word in path), None)
        if metric == "three_public" and "合计" in path and with_meetings:
            continue
        if metric == "three_public" and "three_public" in seen and "小计" in path:
            metric = "official_vehicle"              # 公务用车购置及运行费's own 小计, right of the 三公 total
        if metric is None or metric in seen:
            continue
        seen.add(metric)
        out.append(fact(metric, "actual", cell, table, "合计", path))
    return out


def three_public_facts(table: Table) -> list[Fact]:
    columns = three_public_layout(table)
    out = []
    for row in body_rows(table):
        if len(row) != len(columns):
            continue
        for cell, (metric, role) in zip(row, columns):
            if cell.value is not None:
                out.append(fact(metric, role, cell, table, "合计", f"{'预算数' if role != 'actual' else '决算数'}"))
    return out


def three_public_layout(table: Table) -> list[list[str]]:
    """(metric, role) of each column: all 预算数 then all 决算数, or 预算数/决算数 alternating per item."""
    columns = table_config()["three_public_columns"]
    for row in header_rows(table):
        texts = [label_key(c.text) for c in row if c.text]
        if len(texts) == len(columns) and all(t == ("预算数", "决算数")[i % 2] for i, t in enumerate(texts)):
            budgets = [c for c in columns if c[1] != "actual"]
            actuals = [c for c in columns if c[1] == "actual"]
            return [pair for both in zip(budgets, actuals) for pair in both]
    return columns


def basic_data_facts(table: Table, doc_year: Optional[int]) -> list[Fact]:
    """基础数据表: rows of 经费 by 上年决算数 / 本年预算数 / 本年决算数."""
    out = []
    roles: list[str] = []
    headers: list[str] = []
    for row in table.rows:
        texts = [label_key(c.text) for c in row]
        if any("决算数" in t or "预算数" in t for t in texts):
            headers = [t for t in texts if "决算数" in t or "预算数" in t]
            roles = [role_of_column(t, doc_year) for t in headers]
            continue
        if not roles:
            continue
        values = [c for c in row if c.value is not None and not c.is_percent]
        labels = [c for c in row if c.value is None and c.text]
        if not labels or len(values) != len(roles):
            continue
        label = labels[-1].text          # `公用经费 | 其中：办公经费 | …`: the row is the innermost label
        metric = metric_of_label(label) or combined_metric(label)
        if metric is None:
            continue
        for cell, role, header in zip(values, roles, headers):
            out.append(fact(metric, role, cell, table, label_key(label), header))
    return out


def combined_metric(label: str) -> Optional[str]:
    """`sum:meeting_fees+training_fees` for a row that adds several known items (会议费、培训费).

    >>> combined_metric("会议费、培训费"), combined_metric("会议费、其他")
    ('sum:meeting_fees+training_fees', None)
    """
    parts = [metric_of_label(p) for p in regex.split(r"[、,，]", label) if p.strip()]
    metrics = [p for p in parts if p is not None]
    if len(parts) < 2 or len(metrics) < len(parts):
        return None
    return "sum:" + "+".join(metrics)


def role_of_column(text: str, doc_year: Optional[int]) -> str:
    """Role of a 基础数据表 column such as 2023年决算数.

    >>> role_of_column("2023年决算数", 2024), role_of_column("2024年预算数", 2024), role_of_column("本年决算数", 2024)
    ('prior_year', 'budget_final', 'actual')
    """
    m = regex.search(r"(20\d{2})", text)
    if (m and doc_year and int(m.group(1)) < doc_year) or "上年" in text:
        return "prior_year"
    return "budget_final" if "预算" in text else "actual"

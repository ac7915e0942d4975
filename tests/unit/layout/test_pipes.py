"""Tables flattened into text with `|` between the cells are read like other tables."""
from decimal import Decimal

import pytest

from parser.check import check_document
from parser.layout.pipes import bar_tables
from parser.layout.segment import segment
from parser.layout.tables import body_rows, column_labels, row_label
from tests.conftest import doc_from_text

# ../shared/corpus/web/w018.txt lines 1-22: a mirror-site copy, one cell per line, a lone bar for an empty cell
W018 = """一、2021年度一般公共預算財政撥款“三公”經(jīng)費支出決算表
單位:萬元
項 目 |
預 算 數(shù) |
決 算 數(shù) |
合 計 |
49.9 |
7.69 |
因公出國(境)費 |
20 |
|
公務接待費 |
14.9 |
5.21 |
公務用車購置及運行維護費 |
15 |
2.48 |
其中:公務用車運行維護費 |
15 |
2.48 |
公務用車購置費 |
二、2021年度一般公共預算財政撥款“三公”經(jīng)費支出情況說明
杜集區(qū)政府辦2021年度一般公共預算財政撥款“三公”經(jīng)費支出預算為49.9萬元,支出決算為7.69萬元。"""


def read(table) -> dict[str, list]:
    """label → the row's cells after the label (figures as Decimal, empty cells as None)."""
    out = {}
    for row in body_rows(table):
        label = row_label(row)
        out[label.name.replace(" ", "")] = [c.value for c in row[label.cells_before_values:]]
    return out


def test_w018_one_cell_per_line():
    pytest.importorskip("opencc")
    report = check_document(doc_from_text(W018))
    assert len(report.tables) == 1
    table = report.tables[0]
    assert (table.line, table.end_line, table.unit) == (3, 21, "万元")
    assert "三公" in table.title
    assert column_labels(table, 3) == ["项目", "预算数", "决算数"]
    rows = read(table)
    assert rows["公务接待费"] == [Decimal("14.9"), Decimal("5.21")]
    assert rows["合计"] == [Decimal("49.9"), Decimal("7.69")]
    assert rows["因公出国(境)费"] == [Decimal("20"), None]
    assert rows["其中:公务用车运行维护费"] == [Decimal("15"), Decimal("2.48")]
    layout = segment(doc_from_text(W018))
    assert [p.line for p in layout.paragraphs if 3 <= p.line <= 21] == []        # the cells are no prose
    assert any(p.line == 23 for p in layout.paragraphs)


MARKDOWN = """表3 项目支出情况表
单位：万元
| 项目 | 年初预算数 | 全年执行数 |
|---|---:|---:|
| 办公设备购置 | 120.00 | 98.50 |
| 信息化运维 | 80.00 | 80.00 |
| 合计 | 200.00 | 178.50 |

上表中，项目支出合计178.50万元。"""


def test_rows_of_cells_with_a_rule_row():
    report = check_document(doc_from_text(MARKDOWN))
    assert len(report.tables) == 1
    table = report.tables[0]
    assert (table.line, table.end_line, table.unit) == (3, 7, "万元")
    assert column_labels(table, 3) == ["项目", "年初预算数", "全年执行数"]
    assert read(table) == {"办公设备购置": [Decimal("120.00"), Decimal("98.50")],
                           "信息化运维": [Decimal("80.00"), Decimal("80.00")],
                           "合计": [Decimal("200.00"), Decimal("178.50")]}


def test_rows_without_outer_bars():
    lines = ("项目 | 本期 | 上年同期", "总收入 | 616.25 | 660.95", "总支出 | 651.42 | 584.80", "正文。")
    assert [(first, last, len(rows)) for first, last, rows in bar_tables(lines)] == [(0, 2, 3)]


@pytest.mark.parametrize("lines", [
    ("来源 | 拂晓新闻网", "编辑 | 培培", "主办 | 宿州市人民政府办公室"),         # bars without a figure
    ("粤ICP备10216025号 | 地址:汕头市新陵路22号 | 515041 | 网络与信息中心",),   # a single line
    ("|", "|", "行政经费", "|", "312.23", "|"),                                  # figures outside the bar lines
    ("合计 |", "20 |", "5 |", "7 |", "公务接待费 |", "3 |"),                      # more figures than columns
    ("项目 | 金额", "合计 | 12 | 3"),                                            # rows of different widths
], ids=["page footer", "one line", "bars between cells", "rows do not fit", "widths differ"])
def test_bars_that_are_no_table(lines):
    assert bar_tables(lines) == []

"""PDF layout steps on hand-made lines: page furniture, paragraph reflow, tables running over pages."""
from parser.load.pdf import join_continued_tables
from parser.load.pdf_layout import PageFrame, RowLine, TextLine, drop_page_furniture, reflow
from tests.unit.glyphs import glyphs

WIDTH, HEIGHT = 595.0, 842.0


def line(text, page=1, x0=72.0, x1=519.0, top=100.0, size=12.0):
    return TextLine(text, page, x0, x1, top, top + size, size)


def frames(*pages):
    return {p: PageFrame(p, WIDTH, HEIGHT, 72.0, 519.0, 14.0) for p in pages}


def row(cells, page, table=0, header=False, top=100.0):
    return RowLine(tuple(cells), (None,) * len(cells), page, top, top + 12, table, header)


def test_repeated_header_and_page_numbers_dropped():
    pages = [[line("普陀区财政局 2024 年度部门决算", p, top=20), line(f"正文第{p}页的内容。", p, top=100),
              line(f"- {p} -", p, x0=290, x1=305, top=800)] for p in (1, 2, 3)]
    kept = drop_page_furniture(pages, frames(1, 2, 3))
    assert [[ln.text for ln in page] for page in kept] == [["正文第1页的内容。"], ["正文第2页的内容。"], ["正文第3页的内容。"]]


def test_figure_and_unit_split_over_lines_rejoined():
    items = [line("收入支出总计307.82", x0=96, top=100), line("万元。与2023年度相比，增长", top=114, x1=300)]
    assert [i.text for i in reflow(items, frames(1))] == ["收入支出总计307.82万元。与2023年度相比，增长"]


def test_percent_on_next_page_rejoined_but_indented_paragraph_kept_apart():
    items = [line("一般公共预算财政拨款支出307.82万元，占本年支出合计的", page=1, x0=96, top=780),
             line("100.00%。主要原因：单位成立。", page=2, top=72, x1=300),
             line("（二）一般公共预算财政拨款支出决算结构情况", page=2, x0=96, top=100, x1=360),
             line("一般公共预算财政拨款支出307.82万元。", page=2, x0=96, top=128, x1=330)]
    texts = [(i.text, i.page) for i in reflow(items, frames(1, 2))]
    assert texts == [("一般公共预算财政拨款支出307.82万元，占本年支出合计的100.00%。主要原因：单位成立。", 1),
                     ("（二）一般公共预算财政拨款支出决算结构情况", 2), ("一般公共预算财政拨款支出307.82万元。", 2)]


def test_toc_leaders_stripped():
    items = [line("目录", x0=280, x1=310), line("一、收入支出决算总表…………………………3", top=128, x1=519)]
    assert [i.text for i in reflow(items, frames(1))] == ["目录", "一、收入支出决算总表"]


def test_table_continued_on_next_page_drops_repeated_header():
    header = ("项目", "决算数")
    items = [row(header, 1, header=True), row(("合计", "1.00"), 1),
             row(header, 2, header=True), row(("其他", "2.00"), 2)]
    assert [r.cells for r in join_continued_tables(items)] == [header, ("合计", "1.00"), ("其他", "2.00")]


def test_row_with_only_a_second_cell_stays_a_row():
    assert row(("", "401.4"), 1).text == "\t401.4\t"


def test_unruled_table_rebuilt_from_positions():
    from parser.load.pdf_tables import unruled_rows
    page = glyphs("项目", 72, 100) + glyphs("预算数", 300, 100) + glyphs("决算数", 400, 100)
    for k, (label, a, b) in enumerate([("合计", "10.00", "9.50"), ("基本支出", "6.00", "5.50"),
                                       ("项目支出", "4.00", "4.00"), ("其他", "0.00", "0.00")]):
        top = 120 + 20 * k
        page += glyphs(label, 72, top) + glyphs(a, 305, top) + glyphs(b, 405, top)
    page += glyphs("机关事业单位基本养老保险", 72, 200) + glyphs("缴费支出", 72, 212) + glyphs("1.00", 305, 212) \
        + glyphs("1.00", 405, 212)
    rows, rest = unruled_rows(page, 1, 0)
    assert [r.cells for r in rows] == [("项目", "预算数", "决算数"), ("合计", "10.00", "9.50"),
                                       ("基本支出", "6.00", "5.50"), ("项目支出", "4.00", "4.00"),
                                       ("其他", "0.00", "0.00"), ("机关事业单位基本养老保险缴费支出", "1.00", "1.00")]
    assert rows[0].header and not rows[1].header and rest == []

"""Ruled PDF tables whose rows or header cells a page break or a wrapped label cut (issue 10).

Each construction twice: once with the geometry pdfplumber gives for the real page (boxes and glyph
positions copied from ../shared/corpus/real/jiangsu-open-budget), once on a small table made up apart.
"""
from parser.load.pdf import RawPage, page_items
from parser.load.pdf_layout import RowLine
from parser.load.pdf_tables import RuledTable, ruled_rows
from tests.unit.glyphs import glyphs


def right(text, x1, top, size=10.0):
    """Glyphs of a figure set flush right at x1."""
    return glyphs(text, x1 - len(text) * size / 2, top, size)


def page(number, glyph_list, *tables):
    return RawPage(number, 595.0, 842.0, tuple(glyph_list), tuple(tables))


def grid(xs, tops):
    """A plain ruled grid: one box per column (edges xs) and row (edges tops)."""
    rows = tuple(tuple((a, t, b, u) for a, b in zip(xs, xs[1:])) for t, u in zip(tops, tops[1:]))
    return RuledTable((xs[0], tops[0], xs[-1], tops[-1]), rows)


def row_lines(pages):
    items, _ = page_items(pages)
    return [(i.page, i.cells) for i in items if isinstance(i, RowLine)]


# ------------------------------------------------------- a row left above a missing top rule

def test_row_above_missing_top_rule_js_2018_gaoyuan():
    """p13 starts with 2040504 案件审判 1,833.30 drawn above the table's first rule: a row, not prose."""
    xs = [62, 190, 417, 537]
    first = page(12, glyphs("2040503", 67, 700) + glyphs("机关服务", 195, 700) + right("1,600.00", 532, 700),
                 grid(xs, [694, 712]))
    second = page(13, glyphs("2040504", 66.98, 74.48, 9.96) + glyphs("案件审判", 195.41, 74.48, 9.96)
                  + glyphs("1,833.30", 491.98, 74.48, 9.96)
                  + glyphs("2040505", 66.98, 92.26, 9.96) + glyphs("案件执行", 195.41, 92.26, 9.96)
                  + glyphs("950.00", 501.94, 92.26, 9.96),
                  grid(xs, [88, 106]))
    assert row_lines([first, second]) == [(12, ("2040503", "机关服务", "1,600.00")),
                                          (13, ("2040504", "案件审判", "1,833.30")),
                                          (13, ("2040505", "案件执行", "950.00"))]


def made_up_pages(line_above):
    xs = [50, 200, 300, 400]
    first = page(1, glyphs("工资福利支出", 55, 700) + right("10.00", 295, 700) + right("9.00", 395, 700),
                 grid(xs, [695, 715]))
    second = page(2, line_above + glyphs("公用经费", 55, 100) + right("3.00", 295, 100) + right("2.50", 395, 100),
                  grid(xs, [95, 115]))
    return row_lines([first, second])


def test_row_above_missing_top_rule_made_up():
    rows = made_up_pages(glyphs("对个人和家庭的补助", 55, 80) + right("4.00", 295, 80) + right("3.50", 395, 80))
    assert rows[1:] == [(2, ("对个人和家庭的补助", "4.00", "3.50")), (2, ("公用经费", "3.00", "2.50"))]


def test_prose_above_a_table_stays_prose():
    wide = glyphs("上年支出合计为4.00万元，本年为3.50万元，详见下表。", 20, 80)    # runs left of the table
    assert made_up_pages(wide)[1:] == [(2, ("公用经费", "3.00", "2.50"))]
    across = glyphs("对个人和家庭的补助支出总计", 150, 80) + right("4.00", 295, 80)   # a word across two columns
    assert made_up_pages(across)[1:] == [(2, ("公用经费", "3.00", "2.50"))]


# ------------------------------------------------------- a row ruled together with the next table

def test_continued_row_in_next_tables_grid_js_2017_renda():
    """p15: 30312 提租补贴 1,018.01 ends p14's 3-column table, ruled in one grid with the next table's
    5 columns; its figure stays in the third cell instead of moving to the fourth."""
    prev = page(14, glyphs("30311", 82, 661) + glyphs("住房公积金", 150, 661) + right("494.22", 456, 661),
                grid([28, 140, 309, 563], [655, 715]))
    rows = ((((28, 72, 140, 133), (140, 72, 309, 133), None, (309, 72, 563, 133), None)),
            ((28, 133, 567, 253), None, None, None, None),
            ((28, 253, 224, 290), None, (224, 253, 394, 290), None, (394, 253, 567, 290)))
    table = RuledTable((28, 72, 567, 290), rows)
    here = page(15, glyphs("30312", 82, 98) + glyphs("提租补贴", 150, 98) + right("1,018.01", 463, 98)
                + glyphs("财政拨款政府性基金支出预算表", 141, 224) + glyphs("部门：", 122, 267)
                + glyphs("江苏省人大常委会办公厅", 250, 267) + glyphs("单位：万元", 450, 267), table)
    assert row_lines([prev, here]) == [(14, ("30311", "住房公积金", "494.22")),
                                       (15, ("30312", "提租补贴", "1,018.01")),
                                       (15, ("财政拨款政府性基金支出预算表", "", "", "", "")),
                                       (15, ("部门：", "", "江苏省人大常委会办公厅", "", "单位：万元"))]


def test_continued_row_in_next_tables_grid_made_up():
    prev = page(1, glyphs("项目支出", 60, 700) + right("8.00", 395, 700), grid([50, 300, 400], [695, 715]))
    rows = (((50, 90, 300, 110), None, (300, 90, 400, 110)),
            ((50, 110, 150, 130), (150, 110, 350, 130), (350, 110, 400, 130)))
    here = page(2, glyphs("结转下年", 60, 95) + right("1.00", 395, 95)
                + glyphs("科目", 60, 115) + glyphs("名称", 160, 115) + glyphs("金额", 355, 115),
                RuledTable((50, 90, 400, 130), rows))
    assert row_lines([prev, here])[1:] == [(2, ("结转下年", "1.00")), (2, ("科目", "名称", "金额"))]


def test_new_table_at_the_top_of_a_page_keeps_its_grid():
    """Without a plain grid on the page before (its last row has spanned cells), nothing is rearranged."""
    prev_rows = (((50, 695, 300, 715), None, (350, 695, 400, 715)),)
    prev = page(1, glyphs("项目支出", 60, 700) + right("8.00", 395, 700), RuledTable((50, 695, 400, 715), prev_rows))
    rows = (((50, 90, 300, 110), None, (350, 90, 400, 110)),)
    here = page(2, glyphs("结转下年", 60, 95) + right("1.00", 395, 95), RuledTable((50, 90, 400, 110), rows))
    assert row_lines([prev, here])[1:] == [(2, ("结转下年", "", "1.00"))]


# ------------------------------------------------------- a header label wrapped over a ruling

def test_wrapped_header_label_js_2018_jianchayuan():
    """公开03表: 单位预留机动经 | 费, one label split by a rule drawn inside its merged cell."""
    rows = (
        ((85, 137, 197, 148), None, None, (197, 137, 282, 148), None, (282, 137, 353, 148), None, None,
         (353, 137, 359, 174), (359, 137, 422, 155), (422, 137, 428, 174), (428, 137, 508, 148), None),
        ((85, 148, 90, 163), (90, 148, 186, 163), (186, 148, 197, 163), (197, 148, 277, 163), (277, 148, 282, 163),
         (282, 148, 289, 163), (289, 148, 348, 163), (348, 148, 353, 163), None, None, None,
         (428, 148, 433, 163), (433, 148, 508, 163)),
        (None, None, None, None, None, None, None, None, None, (359, 155, 422, 174), None, None, None),
        ((85, 185, 90, 201), (90, 185, 186, 201), (186, 185, 197, 201), (197, 185, 277, 201), (277, 185, 282, 201),
         (282, 185, 289, 201), (289, 185, 348, 201), (348, 185, 353, 201), (353, 185, 359, 201),
         (359, 185, 422, 201), (422, 185, 428, 201), (428, 185, 433, 201), (433, 185, 508, 201)),
    )
    table = RuledTable((85, 137, 508, 201), rows)
    text = (glyphs("单位预留机动经", 358.9, 143.0, 9.0) + glyphs("费", 386.0, 158.6, 9.0)
            + glyphs("合计", 120, 151, 9.0) + glyphs("基本支出", 210, 151, 9.0) + glyphs("项目支出", 300, 151, 9.0)
            + glyphs("结转下年资金", 440, 151, 9.0)
            + right("21,955.35", 185, 189, 9.0) + right("13,994.31", 276, 189, 9.0)
            + right("5,573.00", 347, 189, 9.0) + right("2,388.04", 421, 189, 9.0))
    out, _ = ruled_rows(table, text, 15, 0)
    assert [r.cells[9] for r in out] == ["单位预留机动经费", "", "2,388.04"]
    assert out[1].cells[1] == "合计" and not out[2].header


def wrapped_table(rule_across):
    """项目 | 结转下年 / 资金 | 合计, the middle label wrapped; `rule_across`: the rule under 结转下年 runs the full width."""
    if rule_across:
        rows = (((0, 0, 50, 20), (50, 0, 86, 20), (86, 0, 130, 20)),
                ((0, 20, 50, 40), (50, 20, 86, 40), (86, 20, 130, 40)),
                ((0, 40, 50, 60), (50, 40, 86, 60), (86, 40, 130, 60)))
    else:
        rows = (((0, 0, 50, 40), (50, 0, 86, 20), (86, 0, 130, 40)),
                (None, (50, 20, 86, 40), None),
                ((0, 40, 50, 60), (50, 40, 86, 60), (86, 40, 130, 60)))
    text = (glyphs("项目", 5, 15, 9.0) + glyphs("结转下年", 50, 5, 9.0) + glyphs("资金", 59, 25, 9.0)
            + glyphs("合计", 95, 15, 9.0) + glyphs("其他", 5, 45, 9.0) + right("1.50", 85, 45, 9.0)
            + right("3.00", 129, 45, 9.0))
    out, _ = ruled_rows(RuledTable((0, 0, 130, 60), rows), text, 1, 0)
    return [r.cells for r in out]


def test_wrapped_header_label_made_up():
    assert wrapped_table(rule_across=False) == [("项目", "结转下年资金", "合计"), ("其他", "1.50", "3.00")]


def test_labels_in_rows_of_their_own_stay_apart():
    """Two labels in two real rows (the rule runs across the table) are not one wrapped label."""
    assert wrapped_table(rule_across=True)[:2] == [("", "结转下年", ""), ("项目", "资金", "合计")]

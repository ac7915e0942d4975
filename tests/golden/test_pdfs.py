"""The three 2024 部门决算 PDFs of Shanghai Putuo (issue 5): tables, claim locations and findings.

Every expectation was checked by hand against the PDF (pages read with pdfplumber; the page
numbers are the PDF's own). `caizhengju_scanned` is misnamed: it has a text layer and its
tables DO carry ruling lines; what makes it hard is that every figure of its narrative sits on
a baseline about 5 pt below the Chinese around it.
"""
import pytest

from parser.check import check
from parser.datatypes import Report
from tests.conftest import SHARED

PUTUO = SHARED / "corpus/real/putuo-gbc"
DOCS = {"shehui": "putuo_2024_final_dept_shehuigongzuobu.pdf",
        "guihua": "putuo_2024_final_dept_guihuaziyuanju.pdf",
        "caizheng": "putuo_2024_final_dept_caizhengju_scanned.pdf"}

# (doc, title, unit, rows, page of the first row). rows = header rows + body rows after empty rows are
# dropped; a table running over two pages is one table.
TABLES = [
    ("shehui", "收入支出决算总表", "万元", 32, 5),       # 2 header + 26 expenditure classes + 4 totals
    ("shehui", "收入决算表", "万元", 20, 6),             # 14 on p6 + 6 on p7
    ("shehui", "支出决算表", "万元", 20, 8),
    ("shehui", "财政拨款收入支出决算总表", "万元", 34, 10),  # 17 + 17
    ("shehui", "一般公共预算财政拨款支出决算表", "万元", 20, 12),
    ("shehui", "一般公共预算财政拨款基本支出决算表", "万元", 40, 13),
    ("shehui", "财政拨款“三公”经费支出决算表", "万元", 4, 14),   # header only: 本表无数据
    ("shehui", "政府性基金预算财政拨款收入支出决算表", "万元", 3, 15),
    ("shehui", "国有资本经营预算财政拨款收入支出决算表", "万元", 3, 16),
    ("guihua", "收入支出决算总表", "万元", 30, 7),       # this year's form has 24 classes
    ("guihua", "收入决算表", "万元", 27, 8),             # 14 + 13
    ("guihua", "支出决算表", "万元", 27, 10),
    ("guihua", "财政拨款收入支出决算总表", "万元", 32, 12),  # 17 + 15
    ("guihua", "一般公共预算财政拨款支出决算表", "万元", 27, 14),  # 23 + 4
    ("guihua", "一般公共预算财政拨款基本支出决算表", "万元", 40, 16),
    ("guihua", "财政拨款“三公”经费支出决算表", "万元", 5, 17),
    ("guihua", "政府性基金预算财政拨款收入支出决算表", "万元", 3, 18),
    ("guihua", "国有资本经营预算财政拨款收入支出决算表", "万元", 3, 19),
    ("caizheng", "收入支出决算总表", "万元", 32, 6),     # 29 on p6 + 3 on p7
    ("caizheng", "收入决算表", "万元", 23, 8),           # 18 + 5; the 类/款/项 row merged into one code
    ("caizheng", "支出决算表", "万元", 23, 10),          # 15 + 8
    ("caizheng", "财政拨款收入支出决算总表", "万元", 34, 12),  # 15 + 19 (p14 is an empty ruled frame)
    ("caizheng", "一般公共预算财政拨款支出决算表", "万元", 23, 15),
    ("caizheng", "一般公共预算财政拨款基本支出决算表", "万元", 41, 16),  # 22 + 21, less 类/款 row and an empty row
    ("caizheng", "财政拨款“三公”经费支出决算表", "万元", 5, 18),
    ("caizheng", "政府性基金预算财政拨款收入支出决算表", "万元", 3, 19),
    ("caizheng", "国有资本经营预算财政拨款收入支出决算表", "万元", 3, 20),
]

# (doc, page, quote of the claim, status): narrative claims, where they are and how they check out.
CLAIMS = [
    ("shehui", 17, "占34.30%", "consistent"),                 # 105.58 / 307.82
    ("shehui", 17, "占本年支出合计的100.00%", "consistent"),   # the sentence runs on to p18 in the PDF
    ("shehui", 18, "完成全年预算数的98.69%", "consistent"),     # 51.32 / 52.00
    ("shehui", 20, "完成全年预算数的97.68%", "consistent"),     # 17.70 / 18.12
    ("guihua", 20, "增长12.08%", "consistent"),               # 1062.85 / (9859.38 − 1062.85)
    ("guihua", 20, "增长13.95%", "consistent"),               # 1193.20 / (9746.50 − 1193.20)
    ("guihua", 23, "完成年初预算的88.08%", "consistent"),       # 2739.56 / 3110.14
    ("guihua", 25, "完成预算的13.68%", "consistent"),          # 0.39 / 2.85
    ("guihua", 27, "下降8.65%", "consistent"),                # 13.52 / (142.80 + 13.52)
    ("caizheng", 21, "下降1.87%", "consistent"),              # figures on a lower baseline, rejoined
    ("caizheng", 21, "占79.49%", "consistent"),               # 2336.91 / 2940.05
    ("caizheng", 21, "完成年初预算的98.20%", "consistent"),     # 2940.05 / 2993.92
    ("caizheng", 24, "增长1.40%", "consistent"),              # 2.55 / (184.65 − 2.55)
]

# Contradictions confirmed by hand: (doc, page, rule, substring of the quote).
KNOWN_CONTRADICTIONS = [
    # guihua p24: 一般公共预算财政拨款基本支出 5377.64万元, but the 一般公共预算财政拨款支出决算表 (p15) totals
    # 基本支出 5364.75 (= 9746.50 − 4381.74 + rounding); 5377.64 is the 支出决算表's 基本支出 of all funds.
    ("guihua", 24, "mismatch", "5377.64"),
    # guihua p24: 人员经费4896.98万元; the 基本支出决算表's 人员经费合计 is 4884.09 (p16)
    ("guihua", 24, "mismatch", "4896.98"),
    # caizheng p21: 财政拨款收入支出总计0.3万元; the 财政拨款收入支出决算总表 总计 is 2961.68 (p13)
    ("caizheng", 21, "mismatch", "0.3万元"),
]

# Places where the rules once raised false alarms on these PDFs (the extraction is right).
FALSE_ALARMS = [
    # 一般公共预算财政拨款基本支出决算表 read as a 功能分类 table when classify took the first title
    # contained in the table's title (支出决算表); these PDFs print no 公开NN表 code.
    ("shehui", 13, "sum"), ("guihua", 16, "sum"), ("caizheng", 16, "sum"),
    # t2 (all funds) against t5 (财政拨款 only): different scopes, not one quantity.
    ("caizheng", 13, "mismatch"),
    # 国内公务接待支出0.39万（含外宾接待支出0.00万元）: the 0.00 belongs to 外宾接待 (info at most).
    ("guihua", 26, "mismatch"),
    # the 三公 table alternates 预算数/决算数 per item
    ("guihua", 17, "sum"), ("guihua", 17, "mismatch"),
]

_reports: dict[str, Report] = {}


def report_of(doc):
    path = PUTUO / DOCS[doc]
    if not path.exists():
        pytest.skip(f"real PDF not found beside the repository ({path})")
    if doc not in _reports:
        _reports[doc] = check(path)
    return _reports[doc]


@pytest.mark.parametrize("doc,title,unit,rows,page", TABLES, ids=[f"{d}:{t}" for d, t, *_ in TABLES])
def test_table_found(doc, title, unit, rows, page):
    tables = [t for t in report_of(doc).tables if t.title == title]
    assert len(tables) == 1, [t.title for t in report_of(doc).tables]
    table = tables[0]
    assert (table.unit, len(table.rows), table.page) == (unit, rows, page)


@pytest.mark.parametrize("doc", DOCS)
def test_nine_final_account_tables(doc):
    titled = [t for t in report_of(doc).tables if t.title.endswith("决算表") or t.title.endswith("决算总表")]
    assert len(titled) == 9


@pytest.mark.parametrize("doc", DOCS)
def test_every_cell_has_its_box_on_its_page(doc):
    """Cells with text carry their box (a cell covered by a spanning one has none)."""
    for table in report_of(doc).tables:
        for row in table.rows:
            for cell in (c for c in row if c.text):
                assert cell.page is not None and cell.bbox is not None, (table.title, cell)
                x0, top, x1, bottom = cell.bbox
                assert x0 < x1 and top < bottom


@pytest.mark.parametrize("doc,page,quote,status", CLAIMS, ids=[f"{d}:p{p}:{q}" for d, p, q, _ in CLAIMS])
def test_claim_located(doc, page, quote, status):
    report = report_of(doc)
    claims = [c for c in report.claims if quote in c.text or c.text in quote and c.quantity.surface in quote]
    assert claims, quote
    claim = claims[0]
    assert claim.page == page and claim.status == status
    assert claim.text in report.document.lines[claim.line - 1]


@pytest.mark.parametrize("doc", DOCS)
def test_no_finding_on_the_narrative_from_extraction(doc):
    """Every narrative finding's quote is on its line and the figure is whole (no 307.82 / 万元 split)."""
    report = report_of(doc)
    for finding in report.findings:
        assert finding.quote in report.document.lines[finding.line - 1]
        assert finding.page == report.document.page_of(finding.line)


@pytest.mark.parametrize("doc,page,rule,quote", KNOWN_CONTRADICTIONS)
def test_known_contradiction_found(doc, page, rule, quote):
    findings = [f for f in report_of(doc).findings if f.severity in ("error", "warning")]
    assert any(f.page == page and f.rule == rule and quote in f.quote for f in findings)


@pytest.mark.parametrize("doc,page,rule", FALSE_ALARMS)
def test_false_alarm_gone(doc, page, rule):
    assert not [f for f in report_of(doc).findings
                if f.page == page and f.rule == rule and f.severity in ("error", "warning")]


def test_page_text_has_no_toc_leaders_or_page_numbers():
    for doc in DOCS:
        lines = report_of(doc).document.lines
        assert not [ln for ln in lines if "……" in ln or ln.strip().isdigit()]

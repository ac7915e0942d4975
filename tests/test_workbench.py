"""The HTML workbench page, read as HTML (tests/test_browser.py works in it with a real browser)."""
import json
import re

import pytest
from lxml import html as lxml_html

import parser
from parser.report.html import render_html
from tests.conftest import SHARED, seed

SIFAJU = SHARED / "corpus" / "real" / "putuo-gbc" / "putuo_2026_budget_unit_sifaju.pdf"


@pytest.fixture(scope="module")
def seed_page():
    report = parser.check(seed("000"))
    return report, render_html([report])


def findings_of(page):
    return lxml_html.fromstring(page).xpath("//article[contains(@class, 'finding')]")


def test_summary_counts_every_finding_by_severity_and_rule(seed_page):
    report, page = seed_page
    tree = lxml_html.fromstring(page)
    for severity in ("error", "warning", "info"):
        shown = tree.xpath(f"//td[@id='count-{severity}']/text()")[0]
        assert int(shown) == sum(1 for f in report.findings if f.severity == severity)
    rules = tree.xpath("//button[@class='rulepick']/@data-rule")
    assert set(rules) == {str(f.rule) for f in report.findings}
    assert tree.findtext(".//title").startswith("株洲职业教育科技园管理办公室")     # its own title, not a generic one


def test_filters_and_review_controls_are_there(seed_page):
    _, page = seed_page
    tree = lxml_html.fromstring(page)
    names = set(tree.xpath("//form[@id='filters']//*[@name]/@name"))
    assert {"severity", "rule", "cause", "page", "status", "q", "reviewer"} <= names
    for article in findings_of(page):
        assert article.get("data-severity") in ("error", "warning", "info") and article.get("data-rule")
        assert {i.get("value") for i in article.xpath(".//input[@type='radio']")} == {"confirm", "false_alarm", "unsure"}
        members = json.loads(article.xpath(".//script[@class='members']")[0].text)
        assert all(len(m["sha256"]) == 64 and re.fullmatch(r"f\d+", m["finding_id"]) for m in members)


def test_errors_come_first_then_warnings_then_info(seed_page):
    order = {"error": 0, "warning": 1, "info": 2}
    ranks = [order[a.get("data-severity")] for a in findings_of(seed_page[1])]
    assert ranks == sorted(ranks) and ranks[0] == 0 and ranks[-1] == 2


def test_no_empty_labels_and_no_bare_cell_bars(seed_page):
    _, page = seed_page
    assert "[ /" not in page and "/ ]" not in page and "│" not in page
    tree = lxml_html.fromstring(page)
    for li in tree.xpath("//details[@class='evidence']//li"):
        assert " ×  " not in li.text_content() and "column  =" not in li.text_content()


def test_a_table_finding_shows_its_row_label_and_column_header(seed_page):
    _, page = seed_page
    tree = lxml_html.fromstring(page)
    # seed 000 line 110: 公开01表's 教育支出 row, its 决算数 cell left empty while 公开03表 says 401.4
    place = next(p for p in tree.xpath("//div[@class='place']") if "line 110" in p.text_content())
    assert place.xpath(".//b[@class='rowlabel']")[0].text == "教育支出"
    assert place.xpath(".//b[@class='colheader']")[0].text == "决算数"
    assert place.xpath(".//td[@class='marked']")                 # the cell itself, marked in its row


def test_the_same_slip_in_several_tables_is_one_finding_with_its_places(seed_page):
    report, page = seed_page
    articles = findings_of(page)
    assert len(articles) < len(report.findings)
    grouped = [a for a in articles if len(json.loads(a.xpath(".//script[@class='members']")[0].text)) > 1]
    # 功能分类 code 200503 printed for 20503 in 公开02表, 03表 and 05表 (lines 260, 378, 696)
    slip = next(a for a in grouped if "200503" in a.text_content())
    assert [m["line"] for m in json.loads(slip.xpath(".//script[@class='members']")[0].text)] == [260, 378, 696]
    assert "3 places" in slip.text_content()


def test_consistent_and_unverifiable_claims_are_listed_collapsed(seed_page):
    report, page = seed_page
    tree = lxml_html.fromstring(page)
    details = tree.xpath("//details[@class='claims']")
    assert len(details) == 2 and not any(d.get("open") is not None for d in details)
    consistent = sum(1 for c in report.claims if c.status == "consistent")
    assert len(details[0].xpath(".//li")) == consistent > 0


def test_a_consistent_document_lists_its_claims_and_says_no_contradiction(tmp_path):
    report = parser.check_text("本年支出合计401.4万元，其中：基本支出321.77万元，占80.16%；项目支出79.63万元，占19.84%。")
    page = render_html([report])
    assert "No contradiction found" in page and not findings_of(page)
    assert "consistent claims (" in page and "占80.16%" in page


def test_several_documents_in_one_page():
    page = render_html([parser.check(seed("001")), parser.check(seed("002"))])
    tree = lxml_html.fromstring(page)
    assert len(tree.xpath("//section[@class='document']")) == 2
    assert tree.xpath("//nav[@class='toc']//a/@href") == ["#doc1", "#doc2"]     # a table of contents
    assert "<link" not in page and 'src="http' not in page              # self-contained, works offline


@pytest.mark.skipif(not SIFAJU.exists(), reason="real corpus not beside the repository")
def test_pdf_findings_show_their_page_region_with_the_cells_outlined():
    report = parser.check(SIFAJU)
    page = render_html([report])
    tree = lxml_html.fromstring(page)
    images = tree.xpath("//figure[@class='page']/img/@src")
    assert images and all(src.startswith("data:image/png;base64,") for src in images)
    captions = tree.xpath("//figure[@class='page']/figcaption/text()")
    assert all(re.match(r"page \d+", c) for c in captions)
    pages_with_findings = {f.page for f in report.findings} | {e.page for f in report.findings for e in f.evidence}
    assert {int(re.match(r"page (\d+)", c).group(1)) for c in captions} <= pages_with_findings
    no_pictures = render_html([report], pictures=False)
    assert "data:image/png" not in no_pictures and len(no_pictures) < len(page)

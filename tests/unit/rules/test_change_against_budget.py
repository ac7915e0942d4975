"""A change stated against the budget (`与2021年度预算相比，减少X`) is checked against the item's 预算数 in
a 三公 table laid out one row per item, where the table's 决算数 of the item is the level the text states."""
import pytest

from parser.check import check_document
from tests.conftest import doc_from_text
from tests.unit.layout.test_pipes import W018

TABLE = """2021年度一般公共预算财政拨款“三公”经费支出决算表
单位：万元
项目 | 预算数 | 决算数
合计 | 49.9 | 7.69
公务接待费 | 14.9 | {actual}
公务用车购置及运行维护费 | 15 | 2.48
"""


def findings(text: str):
    return [(f.line, f.code, f.quote) for f in check_document(doc_from_text(text)).findings]


def test_w018_a_reduction_against_the_budget_in_the_table():
    pytest.importorskip("opencc")
    # ../shared/corpus/web/w018.txt line 28: the table's budget is 14.9万元, the text says 减少0.1万元, 下降0.006%
    text = W018 + "\n2.公務接待費支出5.21萬元, 與2021年度預算相比,減少0.1萬元,下降0.006%,下降的原因是厲行節約。"
    report = check_document(doc_from_text(text))
    found = [(f.line, f.code, f.quote, f.expected) for f in report.findings]
    assert found == [(24, "CHANGE_AGAINST_BUDGET", "減少0.1萬元", "9.69万元"),     # 14.9 − 5.21
                     (24, "CHANGE_PERCENT", "下降0.006%", "65.036%")]          # 9.69 / 14.9 (14.9 read ±0.05)
    assert "14.9" in report.findings[0].message


def test_a_change_that_follows_from_the_budget():
    text = TABLE.format(actual="5.21") + "公务接待费支出5.21万元，与2021年度预算相比，减少9.69万元，下降65.03%。"
    report = check_document(doc_from_text(text))
    assert report.findings == ()
    assert {c.text for c in report.claims if c.status == "consistent"} >= {"减少9.69万元", "下降65.03%"}


def test_no_budget_read_where_the_table_states_another_level():
    # the table's 决算数 (6.00) is not the text's 5.21: another scope, so its 预算数 is not the text's budget
    text = TABLE.format(actual="6.00") + "公务接待费支出5.21万元，与2021年度预算相比，减少0.1万元。"
    assert [code for _, code, _ in findings(text)] == ["TEXT_TABLE"]          # the two 决算 figures differ


def test_the_texts_own_change_when_it_agrees_with_the_budget():
    # w007's wording: the budget 1万元 is printed without decimals; the text's 1.14 agrees and is more precise
    table = TABLE.replace("14.9 | {actual}", "1 | 2.14")
    text = table + "公务接待费支出2.14万元，与2021年度预算相比，增加1.14万元，增长1.14%。"
    report = check_document(doc_from_text(text))
    assert [(f.code, f.expected) for f in report.findings] == [("CHANGE_PERCENT", "114.02%")]


def test_a_change_against_last_year_does_not_read_the_budget():
    text = TABLE.format(actual="5.21") + "公务接待费支出5.21万元，与上年相比，减少0.1万元，下降1.88%。"
    assert findings(text) == []

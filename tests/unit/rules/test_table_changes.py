"""Rule `change` inside tables: a row's 增加额 and 增长率 against its 本期 and 上年同期 columns (tables read
from `|` text, as the web excerpts print them)."""
from parser.check import check_document
from parser.rules.table_changes import change_columns
from tests.conftest import doc_from_text

# w023 (株洲市妇幼保健院), as published
REAL = """單位:元 | |||||
項目 | 行號 | 本 期 | 上年同期 | 增加額 | 增長率 |
1、總收入 | 1 | 61625022.26 | 66095039.04 | -4470016.78 | -6.76% |
其中:醫療收入 | 2 | 43245334.20 | 44398351.66 | -1153017.46 | -2.60% |
財政撥款收入 | 3 | 12954900.00 | 11152900.00 | 1802000.00 | 16.16% |
門診次均醫藥費用 | 9 | 299.83 | 361.85 | -62.02 | -17.14% |"""

APART = """单位:万元 | |||||
项目 | 本年数 | 上年数 | 增减额 | 增减率 |
基本支出 | 120.00 | 100.00 | {delta} | {rate} |
项目支出 | 45.00 | 50.00 | -5.00 | -10.00% |"""


def changes(text: str) -> list[tuple[str | None, str, str]]:
    report = check_document(doc_from_text(text))
    assert report.tables, "the table is read"
    return [(f.code, f.quote, f.expected) for f in report.findings if f.rule == "change"]


def test_a_real_table_of_changes_holds():
    assert changes(REAL) == []


def test_a_change_amount_that_is_not_the_difference():
    assert changes(APART.format(delta="25.00", rate="20.00%")) == [("TABLE_CHANGE_AMOUNT", "25.00", "20.00")]


def test_a_rate_that_is_not_the_change_over_last_year():
    assert changes(APART.format(delta="20.00", rate="16.67%")) == [("TABLE_CHANGE_RATE", "16.67%", "20.00%")]


def test_the_columns_are_found_by_their_labels():
    assert change_columns(["项目", "行号", "本期", "上年同期", "增加额", "增长率"]) is not None
    assert change_columns(["项目", "本年数", "增减额", "增减率"]) is None          # no last year: nothing to compare

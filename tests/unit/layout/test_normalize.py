"""Traditional characters, pinyin glosses and spaced digit groups are read; quotes stay the original's."""
import pytest

from parser.check import check_document
from parser.layout.normalize import normalize_line
from tests.conftest import doc_from_text

pytest.importorskip("opencc")


@pytest.mark.parametrize("line,expected", [
    ("一般公共預(yù)算財政撥款支出6.28萬(wàn)元", "一般公共预算财政拨款支出6.28万元"),     # real (mirror-site copy)
    ("收入总计1 129 236万元", "收入总计1129236万元"),
    ("（含均衡性转移支付）", "（含均衡性转移支付）"),                                   # no Latin inside: kept
    ("2023 年收入 15 万元", "2023 年收入 15 万元"),                                     # no digit group
], ids=["pinyin and traditional", "spaced digit groups", "a bracket of Chinese", "spaces around a year"])
def test_normalize_line(line, expected):
    assert normalize_line(line).text == expected


def report_of(text: str):
    return check_document(doc_from_text(text))


def test_quotes_are_the_original_characters():
    # real wording of a traditional-character mirror page
    line = "2019年度“三公”經(jīng)費支出決算5.00萬(wàn)元,比上年增加1.00萬(wàn)元,增長(zhǎng)30%。"
    report = report_of(line)
    assert [(f.rule, f.quote) for f in report.findings] == [("change", "增長(zhǎng)30%")]   # 1/4 = 25%
    assert all(c.text in line and line[c.quantity.span[0]:c.quantity.span[1]] == c.quantity.surface
               for c in report.claims)


def test_spaced_digit_groups_are_one_number():
    report = report_of("收入1 129 236万元，比上年1 000 000万元增加129 236万元，增长12.9%。")
    assert not report.findings
    assert {c.text for c in report.claims if c.status == "consistent"} >= {"增长12.9%"}


def test_share_of_a_total_named_twice_abstains():
    # real construction: 全盟 and 盟本级 totals of one name on one line; the share's whole is either
    text = ("全盟一般公共预算收入累计完成310682万元。\n"
            "盟本级一般公共预算收入累计完成33648万元，旗级一般公共预算收入累计完成277034万元。税收收入累计完成213251万元，"
            "占一般公共预算收入的68.6%。")
    assert not [f for f in report_of(text).findings if f.rule == "share"]

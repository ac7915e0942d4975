from decimal import Decimal

import pytest

from parser.quantity import cell_number, iter_quantities

CASES = [
    ("财政拨款收入401.4元", [("401.4", "元", 1, False)]),
    ("收入401.40万元", [("401.40", "万元", 2, False)]),
    ("实际采购3,651.48万元", [("3651.48", "万元", 2, False)]),
    ("占１００％", [("100", "%", 0, False)]),
    ("总投资1.5亿元", [("1.5", "亿元", 1, False)]),
    ("提供就业岗位超过4.5万个", [("45000.0", "个", 1, True)]),
    ("刊发稿件超800篇", [("800", "篇", 0, True)]),
    ("制作短视频100余条", [("100", "条", 0, True)]),
    ("落实率95%左右", [("95", "%", 0, True)]),
    ("增长0.5个百分点", [("0.5", "个百分点", 1, False)]),
    ("2024年12月31日", []),
    ("≥98%", [("98", "%", 0, True)]),
    ("完成133套多媒体终端更新", [("133", "套", 0, False)]),
    ("结转资金20万元余额", [("20", "万元", 0, False)]),
    ("培训200人次多，", [("200", "人次", 0, True)]),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0] for c in CASES])
def test_quantities(text, expected):
    got = [(str(q.value), q.unit, q.decimals, q.approx) for q in iter_quantities(text)]
    assert got == expected


def test_spans_are_exact_substrings():
    text = "本年收入合计401.4万元，其中：财政拨款收入401.4元，占100%。"
    for q in iter_quantities(text):
        assert text[q.span[0]:q.span[1]] == q.surface


CELLS = [("401.40", (Decimal("401.40"), 2, False)), ("91.90%", (Decimal("91.90"), 2, True)),
         ("#####", None), ("——", None), ("10分", (Decimal("10"), 0, False)), ("　", None),
         ("23,604.79", (Decimal("23604.79"), 2, False))]


@pytest.mark.parametrize("text,expected", CELLS, ids=[c[0] for c in CELLS])
def test_cell_numbers(text, expected):
    assert cell_number(text) == expected

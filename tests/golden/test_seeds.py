"""Findings on the real seed documents, each checked by hand against the document.

Each entry: (seed, line, rule, a substring of the quote). The comment gives the arithmetic.
"""
import pytest

from parser.check import check
from tests.conftest import seed

EXPECTED = [
    # 000: 财政拨款收入401.4元 — 401.4 is 万元 in 公开01/02表 and line 1318
    ("000", 1320, "unit", "401.4元"),
    # 000: 年初预算401.4, 决算401.4 → 100%, not 92.97% (92.97% = 401.4/431.75)
    ("000", 1331, "rate", "92.97%"),
    # 000: 386.4 is 万元 in 支出决算表 row 2059999
    ("000", 1334, "unit", "386.4元"),
    # 000: 63.27 equals the 63.27万元 procurement total (占100%)
    ("000", 1360, "unit", "授予中小企业合同金额63.27元"),
    ("000", 1360, "unit", "授予小微企业合同金额63.27元"),
    # 000: 15 / 79.63 (一般公共预算项目支出, 公开05表) = 18.84%, not 100%
    ("000", 1364, "share", "100%"),
    # 000: 附件3 执行率 64.63/64.64 = 99.98%, table says 99.00%
    ("000", 1864, "rate", "99.00%"),
    # 000: 公开01表 puts 401.4 under 六、科学技术支出; 公开03表 has it under 205 教育支出
    ("000", 117, "mismatch", "401.4"),
    # 000: 附件1 基础数据表 2024年预算数 (全年: its 项目支出 79.64 = 64.64 + 15 of 附件3/4) repeats 2023's
    # 三公 2.69 / 公务接待 0.29, where 公开07表 预算数 and the text (lines 1339, 1341) say 2.48 / 0.08
    ("000", 1472, "mismatch", "2.69"),
    ("000", 1497, "mismatch", "0.29"),
    # 000: 附件1 row 会议费、培训费 (line 1540) gives 2024年决算数 0 (line 1543); 公开06表 30215 会议费 0.1 (line 884), in the
    # same scope (its 公用经费 59.42 equals 06's 公用经费合计; its 水费、电费、差旅费 7.36 = 0.06 + 7.3)
    ("000", 1543, "mismatch", "0"),
    # 000: the same row's 2024年预算数 (line 1542) is 0, where the text budgets 会议费年初预算0.5 + 培训费年初预算0.56 = 1.06
    # (lines 1356, 1357)
    ("000", 1542, "mismatch", "0"),
    # 000: 附件4 职业教育发展专项 spends 上年结转资金 5 (lines 2060-2061) while 公开01表 has no 年初结转和结余 (line 163
    # empty; 本年收入合计 = 本年支出合计 = 401.4) and line 1332 calls the 15 a 追加 of this year
    ("000", 2060, "mismatch", "5"),
    # 000: the same project's report (line 1428) says 上年结转金额为20万元; its 自评表 carries 5 over (line 2060)
    ("000", 1428, "mismatch", "上年结转金额为20万元"),
    # 001: 会议费 决算数1.9385万元 at line 188; 本部门开支会议费1.28万元 at line 121 (and 94)
    ("001", 188, "mismatch", "1.9385万元"),
    # 001: 83.97 / (462.96 − 83.97) = 22.16%; 18.14% = 83.97 / 462.96 (three places)
    ("001", 65, "change", "18.14%"),
    ("001", 73, "change", "18.14%"),
    ("001", 77, "change", "18.14%"),
    # 001: 三公 budget 21.4 at line 97, 23.40 at line 182
    ("001", 182, "mismatch", "23.40"),
    # 001: 基本支出 384.99 ≠ 人员经费 230.26 + 公用经费 150.23 = 380.49 (公用经费 leaves out the 4.50 资本性支出)
    ("001", 94, "sum", "384.99万元"),
    # 001: 三公 items' 预算 (lines 99, 100: 2.95, 16.43, each 100% spent) against their 年初预算 (lines 187, 186: 4.9, 18.5);
    # nothing says the budget was adjusted, so one place is wrong
    ("001", 99, "mismatch", "2.95万元"),
    ("001", 187, "mismatch", "4.9万元"),
    ("001", 100, "mismatch", "16.43万元"),
    ("001", 186, "mismatch", "18.5万元"),
    # 004: 中央无线电管理经费: 受理行政许可8件 (line 3430), 受理、办结行政许可9件 (line 3433), both 2024
    ("004", 3430, "mismatch", "行政许可8件"),
    ("004", 3433, "mismatch", "行政许可9件"),
    # 002: 699 + 9 + 59 = 767 ≠ 724
    ("002", 23, "sum", "724"),
    # 002: 预算整体执行率80.63%: 21245.82 (决算整体支出, line 25) ÷ 23604.79 (年初预算) = 90.01%;
    # the 自评表 says 99.96% (21245.82 ÷ 21255.31); 80.63% = 19032.79 ÷ 23604.79 is no execution rate
    ("002", 29, "rate", "80.63%"),
    # 002: text 公务用车运行维护费4.98 / 公务接待费1.03; the 基础数据表 2024年决算数 column has 6.01 in both rows
    # (lines 168, 184; 6.01 is the 三公 total, typed into both rows)
    ("002", 31, "mismatch", "4.98万元"),
    ("002", 31, "mismatch", "1.03万元"),
    # … and the table cells themselves, since the text's parts add up to its 三公 total (0 + 4.98 + 1.03 + 0 = 6.01)
    ("002", 168, "mismatch", "6.01"),
    ("002", 184, "mismatch", "6.01"),
    # 003: 标准化考点建设 self-evaluation: indicator 分值 add to 100, plus 10 for 执行率 = 110 ≠ 100
    ("003", 511, "sum", "100"),
    # 003: 标准化考点建设 (same table): 产出指标 (50分) rows 5+5+10+10+10+5+5 and the 成本 row 5 (a cell lost, it
    # stands under 产出) = 55; 效益指标 (30分) 5+10+5+5 = 25; 满意度指标 (10分) 10+10 = 20
    ("003", 496, "sum", "产出指标 (50分)"),
    ("003", 504, "sum", "效益指标 (30分)"),
    ("003", 508, "sum", "满意度指标 (10分)"),
    # 003: 直属学校校舍维修: 年中调减 57.44 (lines 67/69) but the 自评表 (line 199) cuts 2000 to 1800, i.e. 200;
    # 57.44 = 2000 − 1942.56 spent
    ("003", 67, "mismatch", "年中调减 57.44"),
    # … and the table's side: its 全年预算数 1800 is less than its own 全年执行数 1942.56 (执行率 107.92%, printed #####)
    ("003", 199, "mismatch", "1800"),
    # 003: 学前教育: 年初调整减少 15 万元, but the 自评表 (line 301) keeps 全年预算数 325 = 年初预算数 (15 = 325 − 310 spent)
    ("003", 102, "mismatch", "年初调整减少 15 万元"),
    # 003: the whole 各类教育内涵发展专项: 年中执行调减 291.06, but its 13 自评表 cut 4700 to 4316 (Σ全年预算数): 384, as
    # line 174 says (年初预算压减了 384 万元); 291.06 = 4700 − 4408.94 spent
    ("003", 63, "mismatch", "291.06"),
    ("003", 57, "mismatch", "291.06"),
    # 003: 教育信息化: 完成 9 所直属高中教室 133 套多媒体终端设备更新购置 (line 154); its 自评表 says 多媒体终端更新台数
    # 56台 (line 533) and 56台教室多媒体终端建设 (line 529); 56 × 2.854 + 112 × 0.7 = 238.22 ≈ the 238.38 spent
    ("003", 154, "mismatch", "133 套"),
    # 002: 毕业生去向落实率 98.25% (line 557) of 去向落实人数 2613 (line 473): no whole number gives it; 2613 ÷ 2660
    # 合格毕业生 (line 464) = 98.23%; the text repeats it (line 70: 顺利就业2613人，初次就业率达98.25%)
    ("002", 557, "rate", "98.25%"),
    ("002", 70, "rate", "98.25%"),
    # 003: one line says 12 所市直学校（除工业学校和幼儿师范学校）网络安全等级保护测评, later 11 所市直学校网络安全等级保护测评;
    # the 自评表 says 12所 (line 534)
    ("003", 154, "mismatch", "11 所"),
]

CONSISTENT = [
    ("000", 1318, "8.66%"), ("000", 1322, "80.16%"), ("000", 1336, "81.53%"), ("000", 1345, "96.77%"),
    ("000", 1341, "0.21万元"), ("000", 1607, "91.90%"),
    ("001", 98, "66.7%"), ("001", 100, "11.2%"), ("001", 119, "0.02%"), ("001", 188, "61.54%"),
    # 000: 会议费 0.19 (all funds: 0.07 + 0.12) vs 0.1 in 公开06表 (财政拨款基本支出 only): scope, info at most
    ("000", 1356, "0.19万元"),
    # 002: 政府采购预算总额4300 is the 2024年预算数 of the 基础数据表 (its 决算数 is 3651.48)
    ("002", 47, "4300万元"),
    # 004: 得分 printed "100%" for 分值 10 — a form slip, 总分 95.2 reconciles with 10 points: info only
    ("004", 253, "100%"),
]

_cache = {}


def report_of(prefix):
    if prefix not in _cache:
        _cache[prefix] = check(seed(prefix))
    return _cache[prefix]


@pytest.mark.parametrize("prefix,line,rule,quote", EXPECTED, ids=[f"{p}:{l}:{r}" for p, l, r, _ in EXPECTED])
def test_known_contradiction_found(prefix, line, rule, quote):
    findings = [f for f in report_of(prefix).findings if f.severity in ("error", "warning")]
    assert any(f.line == line and f.rule == rule and (quote in f.quote or f.quote in quote) for f in findings), \
        [(f.line, f.rule, f.quote) for f in findings if abs(f.line - line) < 3]


@pytest.mark.parametrize("prefix,line,quote", CONSISTENT, ids=[f"{p}:{l}:{q}" for p, l, q in CONSISTENT])
def test_known_consistent_not_flagged(prefix, line, quote):
    findings = [f for f in report_of(prefix).findings if f.severity in ("error", "warning") and f.line == line]
    assert not [f for f in findings if quote in f.quote or f.quote in quote]

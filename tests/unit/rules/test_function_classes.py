"""The same 功能分类 类 amount stated under two headings is one figure: a swap of two adjacent digits between
the two statements is reported, while other names stay compared only under one heading (each project's
report under its own). A name cut by a line break is read whole.

Real sentences from ../shared/corpus/web/w027.txt (quoted as printed), and ones written apart from them.
"""
import pytest

from parser.check import check_document
from parser.lexicon import function_class_names
from tests.conftest import doc_from_text

# ../shared/corpus/web/w027.txt lines 8-15
W027 = ("(四)住房保障支出类科目 418,288.92 元,占支出总预\n"
        "算5.93%,同比增加 288,986.04 元,增长 223.5%。\n"
        "四、财政拨款收支预算情况说明\n"
        "2023 年财政拨款收支总预算 7,057,486.18 元。收入包\n"
        "括:一般公共预算拨款 7,034,418.94 元、上年结转结余\n"
        "23,067.24 元;支出包括:教育支出 5,806,105.16 元、社会\n"
        "保障和就业支出 557,718.56 元、卫生健康支出 275,373.54\n"
        "元、住房保障支出 418,288.92 元。")
APART = ("一、部门预算情况\n本部门支出预算中，教育支出 1,234.56 万元。\n二、财政拨款预算情况\n"
         "财政拨款支出包括：教育支出 1,234.56 万元、住房保障支出 98.76 万元。")


def findings(text: str) -> list[tuple[str, int, str, str | None]]:
    report = check_document(doc_from_text(text))
    return [(f.rule, f.line, f.quote, f.cause) for f in report.findings if f.severity in ("error", "warning")]


def test_the_class_names_are_data():
    assert {"教育支出", "住房保障支出", "社会保障和就业支出"} <= function_class_names()
    assert "项目支出" not in function_class_names() and "其他支出" not in function_class_names()


@pytest.mark.parametrize("text,right,wrong,line", [
    (W027, "元、住房保障支出 418,288.92", "元、住房保障支出 418,288.29", 8),
    (APART, "：教育支出 1,234.56", "：教育支出 1,243.56", 4),
], ids=["real: w027 类科目 X under one heading, 支出包括 … X under 四、", "apart: 教育支出 under 一、 and 二、"])
def test_a_class_amount_swapped_under_another_heading_is_reported(text, right, wrong, line):
    assert findings(text) == []
    mutated = text.replace(right, wrong)
    assert mutated != text
    (found,) = findings(mutated)
    assert found[0] == "mismatch" and found[1] == line and found[3] == "transposed_digits"


def test_a_name_cut_by_the_line_break_is_read_whole():
    # w027 lines 13-14: `…元、社会` / `保障和就业支出 557,718.56 元`, against `(二)社会保障和就业支出类科目`
    text = ("(二)社会保障和就业支出类科目 557,718.56 元。\n二、财政拨款预算情况\n" + W027.split("\n", 5)[5])
    assert findings(text) == []
    (found,) = findings(text.replace("保障和就业支出 557,718.56", "保障和就业支出 557,178.56"))
    assert found[:2] == ("mismatch", 4) and "社会保障和就业支出" in check_document(doc_from_text(
        text.replace("保障和就业支出 557,718.56", "保障和就业支出 557,178.56"))).findings[0].message


def test_a_name_cut_by_the_line_break_is_read_whole_apart():
    text = "本年支出包括：会议费 12.30 万元、宣传印刷\n费支出 34.56 万元。\n宣传印刷费支出 34.56 万元。"
    assert findings(text) == []
    (found,) = findings(text.replace("\n费支出 34.56", "\n费支出 34.65"))
    assert found[0] == "mismatch" and found[3] == "transposed_digits"       # at the later copy: the text cannot tell


def test_other_names_under_two_headings_are_still_two_things():
    text = "一、甲项目\n项目资金支出 1,234.56 万元。\n二、乙项目\n项目资金支出 1,243.56 万元。"
    assert findings(text) == []
    assert findings(text.replace("二、乙项目\n", "")) != []          # under one heading the swap is reported


@pytest.mark.parametrize("text,right,wrong,line,change_line", [
    (W027, "类科目 418,288.92", "类科目 481,288.92", 1, 2),
    ("一、部门预算情况\n本部门支出预算中，教育支出 1,234.56 万元，比上年增加 234.56 万元，增长 23.46%。\n二、财政拨款预算情况\n"
     "财政拨款支出包括：教育支出 1,234.56 万元、住房保障支出 98.76 万元。", "教育支出 1,234.56", "教育支出 1,324.56", 2, 2),
], ids=["real: w027 (四)…类科目 / its change", "apart: 比上年增加…增长"])
def test_of_two_copies_the_one_its_own_change_does_not_follow_from_is_reported(text, right, wrong, line, change_line):
    assert findings(text) == []
    got = [f[:2] for f in findings(text.replace(right, wrong, 1))]
    assert sorted(got) == [("change", change_line), ("mismatch", line)]


def test_a_copy_whose_change_fails_with_either_figure_is_not_blamed():
    # seed 001 lines 77/80: 18.14% is 83.97 ÷ 462.96, the change on the current year (wrong in itself); the later
    # copy's swap 642.96 does not repair it, so the later copy stays the one reported
    text = ("（一）财政拨款支出决算总体情况\n2019 年度财政拨款支出462.96万元，占本年支出合计的 100%，与 2018 年相比，"
            "财政拨款支出增加83.97万元，增加18.14%。\n2019 年度财政拨款支出642.96万元，主要用于以下方面：教育支出422.56万元。")
    got = [f[:2] for f in findings(text)]
    assert ("mismatch", 3) in got and ("mismatch", 2) not in got and ("change", 2) in got

"""Rule `completeness` alone: the contents against the tables, 类 names against the tables' names."""
from parser.rules import completeness
from tests.unit.rules.build import codes, context, table

TABLES = ["一、收入支出决算总表", "项目\t决算数", "本年收入合计\t401.40", "", "二、收入决算表", "项目\t决算数",
          "财政拨款收入\t401.40", "", "三、支出决算表", "科目编码\t科目名称\t决算数", "210\t卫生健康支出\t401.40"]


def test_a_table_the_contents_list_and_the_document_lacks():
    lines = ["目录", "一、收入支出决算总表", "二、收入决算表", "三、支出决算表", "四、国有资本经营预算财政拨款支出决算表",
             "", "一般说明文字。" * 10] + TABLES
    result = completeness.check(context(lines))
    assert codes(result) == ["LISTED_TABLE_MISSING"] and result.findings[0].quote == "四、国有资本经营预算财政拨款支出决算表"


def test_a_class_named_otherwise_than_in_the_tables():
    lines = ["医疗卫生与计划生育支出（210类）401.4万元，主要用于卫生健康。"] + TABLES
    t3 = table("t3", lines, "科目编码\t科目名称\t决算数", kind="expenditure")
    result = completeness.check(context(lines, tables=[t3]))
    assert codes(result) == ["CLASS_NAME"] and result.findings[0].expected == "卫生健康支出"


CONTENTS = ["目录", "一、收入支出决算总表", "二、收入决算表", "三、政府性基金财政拨款支出决算表",
            "四、一般公共预算“三公”经费支出决算表", "", "一般说明文字。" * 10]
PRINTED = TABLES[:8] + ["财政拨款政府性基金支出决算表", "项目\t决算数", "本部门无相关收支项目\t0", "",
                        "一般公共预算“三公”经费支出决算表公开表四", "项目\t决算数", "因公出国（境）费\t70.00"]


def test_a_title_printed_with_its_funds_word_first_or_its_label_stuck_on_is_found():
    # as the 2019 江苏省人大办公厅 预算 prints them: 财政拨款政府性基金支出预算表 for the contents' 政府性基金
    # 财政拨款支出预算表, and `…培训费支出预算表公开表九` with the table's label on the title's line
    assert codes(completeness.check(context(CONTENTS + PRINTED))) == []


def test_moving_the_funds_word_does_not_make_two_funds_one_table():
    contents = CONTENTS[:3] + ["三、国有资本经营预算财政拨款支出决算表"] + CONTENTS[4:]
    lines = contents + PRINTED[:8] + ["一般公共预算财政拨款支出决算表", "项目\t决算数", "本年支出合计\t0", ""] + PRINTED[12:]
    result = completeness.check(context(lines))
    assert codes(result) == ["LISTED_TABLE_MISSING"] and "国有资本经营" in (result.findings[0].quote or "")

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

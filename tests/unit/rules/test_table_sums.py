"""Rule `sum` inside tables alone: row totals across columns, wholes and parts read as facts."""
from parser.rules import table_sums
from tests.unit.rules.build import codes, context, fact, table


def expenditure(total: str):
    lines = ["支出决算表", "科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出",
             f"\t合计\t{total}\t321.77\t79.63", "205\t教育支出\t401.40\t321.77\t79.63"]
    return context(lines, tables=[table("t1", lines, lines[1], kind="expenditure", title="支出决算表")])


def test_a_row_total_that_is_the_sum_of_its_columns():
    assert table_sums.check(expenditure("401.40")).findings == ()


def test_a_row_total_that_is_not():
    result = table_sums.check(expenditure("410.40"))
    assert codes(result) == ["ROW_IDENTITY"] and result.claims == ()
    assert (result.findings[0].line, result.findings[0].expected) == (3, "401.40")


def test_a_whole_and_its_parts_read_from_one_table():
    lines = ["“三公”经费支出决算表", "合计\t因公出国（境）费\t公务用车购置及运行费\t公务接待费", "10.00\t2.00\t5.00\t2.00"]
    t1 = table("t1", lines, lines[1], kind="three_public")
    facts = [fact(m, v, "t1", 3, row=r, cell=(1, i)) for i, (m, v, r) in enumerate([
        ("three_public", "10.00", "合计"), ("overseas_travel", "2.00", "因公出国（境）费"),
        ("official_vehicle", "5.00", "公务用车购置及运行费"), ("official_reception", "2.00", "公务接待费")])]
    result = table_sums.check(context(lines, facts=facts, tables=[t1]))
    assert codes(result) == ["PARTITION_SUM"] and result.findings[0].expected == "9.00"

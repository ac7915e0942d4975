"""Rule `sum` inside tables: row totals across columns and 经济分类 class totals."""
import pytest

EXPENDITURE = """支出决算表
公开03表
单位：万元
科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出
\t合计\t{total}\t321.77\t79.63
205\t教育支出\t401.4\t321.77\t79.63"""

BASIC = """一般公共预算财政拨款基本支出决算表
公开06表
单位：万元
经济分类科目编码\t科目名称\t决算数\t经济分类科目编码\t科目名称\t决算数
301\t工资福利支出\t{wages}\t302\t商品和服务支出\t56.11
30101\t基本工资\t72.12\t30201\t办公费\t4.24
30102\t奖金\t181.38\t30299\t其他商品和服务支出\t51.87
303\t对个人和家庭的补助\t8.85\t310\t资本性支出\t3.31
30305\t生活补助\t8.85\t31007\t信息网络及软件购置更新\t3.31
人员经费合计\t{personnel}\t公用经费合计\t59.42"""


def sum_findings(report):
    return [(f.line, f.stated, f.expected) for f in report.findings if f.rule == "sum"]


@pytest.mark.parametrize("total,expected", [("401.4", []), ("401.40", []), ("410.4", [(5, "410.4", "401.40")])],
                         ids=["401.4 = 321.77+79.63", "trailing zero", "410.4: transposed"])
def test_row_total_against_its_parts(run, total, expected):
    assert sum_findings(run(EXPENDITURE.format(total=total))) == expected


@pytest.mark.parametrize("wages,personnel,expected", [
    ("253.5", "262.35", []),
    ("253.5", "226.35", [(10, "226.35", "262.35")]),
    ("235.5", "244.35", [(5, "235.5", "253.50")]),
], ids=["consistent", "人员经费合计 ≠ 301+303", "301 ≠ Σ its items"])
def test_economic_class_totals(run, wages, personnel, expected):
    assert sum_findings(run(BASIC.format(wages=wages, personnel=personnel))) == expected


BASIC_DATA = """2024年度部门（单位）整体支出绩效评价基础数据表
单位：万元
项目\t2023年决算数\t2024年预算数\t2024年决算数
三公经费\t2.69\t2.48\t{total}
因公出国（境）费\t0\t0\t0
公务用车购置及运行费\t2.4\t2.4\t2.4
公务接待费\t0.29\t0.08\t0.05"""


@pytest.mark.parametrize("total,expected", [("2.45", []), ("2.54", [(4, "2.54", "2.45")])], ids=["2.45", "2.54"])
def test_whole_and_parts_read_from_one_table(run, total, expected):
    assert sum_findings(run(BASIC_DATA.format(total=total))) == expected


def test_tables_in_yuan_and_wanyuan_state_the_same_figure(run):
    text = ("收入支出决算总表\n公开01表\n单位：元\n项目\t决算数\t项目\t决算数\n本年收入合计\t7315.00\t本年支出合计\t7315.00\n"
            "\n收入决算表\n公开02表\n单位：万元\n科目编码\t科目名称\t本年收入合计\t财政拨款收入\n\t合计\t0.73\t0.73")
    assert [f.message for f in run(text).findings if f.rule == "mismatch"] == []

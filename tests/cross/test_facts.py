from decimal import Decimal

from parser.cross.facts import cross_facts


def stated(report):
    return {(f.metric, f.how): f for f in cross_facts(report) if f.role == "stated"}


def test_a_change_states_last_years_figure(jia_reports):
    facts = stated(jia_reports[1])
    total = facts[("revenue_total", "change")]
    assert (total.year_offset, total.base_kind, total.value, total.unit) == (-1, None, "1000.00", "万元")
    assert total.yuan == Decimal("10000000.00")
    # 1100.00 − 100.00, each exact to ±0.005万元 = ±50元
    assert (total.lo, total.hi) == (Decimal("9999900.00"), Decimal("10000100.00"))
    assert facts[("code:一般公共服务", "change")].value == "810.00"          # 880.00 − 70.00
    assert facts[("official_reception", "change")].value == "10.00"          # 9.00 + 1.00 (减少)


def test_no_change_states_the_same_figure_with_its_base_word(jia_reports):
    fact = stated(jia_reports[1])[("overseas_travel", "no_change")]
    assert (fact.value, fact.base_kind, fact.quote) == ("20.00", "预算", "20.00万元，与上年预算数一致")


def test_own_figures_carry_their_section_basis(jia_reports):
    own = {f.metric: f for f in cross_facts(jia_reports[1]) if f.role == "own"}
    assert own["code:住房保障"].basis == "fiscal" and own["revenue_total"].basis == "all_funds"
    assert own["code:住房保障"].quote == "2．住房保障（类）支出220.00万元"


def test_an_execution_figure_is_stated_with_its_kind(yi_reports):
    fact = stated(yi_reports[1])[("code:一般公共服务", "explicit")]
    assert (fact.year_ref, fact.base_kind, fact.value) == (2018, "执行", "280.00")


def test_a_scope_change_the_text_explains_is_marked(yi_reports):
    fact = stated(yi_reports[1])[("agency_operating_costs", "change")]
    assert fact.explained and fact.value == "100.00"


def test_less_than_last_year_by_d(jia_reports):
    fact = stated(jia_reports[1])[("meeting_fees", "change")]
    assert (fact.value, fact.base_kind, fact.quote) == ("5.00", "预算", "4.00万元，本年数小于上年预算数 1.00万元")


def test_a_change_of_another_figure_after_the_cue_is_not_this_ones():
    import parser
    from parser.datatypes import Document
    text = ("乙局2019年度部门预算\n一、收支预算总体情况\n"
            "乙局2019年度支出预算总计500.00万元，与上年相比，其中基本支出增加20.00万元。")
    lines = tuple(text.split("\n"))
    import hashlib
    report = parser.check_document(Document(path="t.txt", sha256=hashlib.sha256(text.encode()).hexdigest(),
                                            format="txt", lines=lines))
    assert [f for f in cross_facts(report) if f.role == "stated"] == []

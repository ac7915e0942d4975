"""Rule `year` alone: a year that is not the document's where the text speaks of its own year."""
from parser.datatypes import Meta
from parser.rules import year
from tests.unit.rules.build import codes, context

META = Meta(title="某局2024年度部门决算", department="某局", year=2024, kind="决算")


def lines(heading_year: int, total_year: int) -> list[str]:
    return ["某局2024年度部门决算", "", f"一、{heading_year}年度部门决算情况说明",
            f"某局{total_year}年度收入、支出总计均为401.4万元。"]


def test_the_documents_own_year():
    assert year.check(context(lines(2024, 2024), meta=META)).findings == ()


def test_another_year_in_a_heading_and_a_grand_total():
    result = year.check(context(lines(2023, 2022), meta=META))
    assert codes(result) == ["WRONG_YEAR", "WRONG_YEAR"] and result.claims == ()
    assert [(f.line, f.stated, f.expected) for f in result.findings] == [(3, "2023年", "2024年"), (4, "2022年", "2024年")]


def test_a_cover_naming_two_years_has_no_own_year():
    two = ["某局2023年度部门决算和2024年度部门预算"] + lines(2023, 2022)[1:]
    assert year.check(context(two, meta=META)).findings == ()

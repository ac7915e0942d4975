"""Rule `template` alone: text left from a template, a slip of typing."""
from parser.datatypes import Meta
from parser.rules import template
from tests.unit.rules.build import codes, context


def test_placeholders_and_repeated_punctuation():
    lines = ["XX局2024年度收入401.4万元。。", "本单位主要原因是。"]
    assert sorted(codes(template.check(context(lines)))) == ["EMPTY_CLAUSE", "PLACEHOLDER", "REPEATED_PUNCTUATION"]


def test_unpaired_quotes_and_another_body_name():
    lines = ["某区司法局2024年部门决算", "“三公”经费“支出增加。", "编制部门：某区教育局"]
    meta = Meta(title="某区司法局2024年部门决算", department="某区司法局", year=2024, kind="决算")
    assert sorted(codes(template.check(context(lines, meta=meta)))) == ["BODY_NAME", "UNPAIRED_QUOTES"]


def test_clean_text():
    assert template.check(context(["某局2024年度收入401.4万元。"])).findings == ()

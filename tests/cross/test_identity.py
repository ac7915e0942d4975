import json

import pytest

from parser.cross.identity import Identity, MetaFileError, corrected, identify, normalise_body, read_meta_file, units_of


@pytest.mark.parametrize("name, key", [
    ("中国共产党江苏省委员会办公厅", "江苏省委办公厅"),
    ("中共江苏省委办公厅", "江苏省委办公厅"),
    ("江苏省人大 常务委员会办公厅", "江苏省人大常委会办公厅"),
    ("上海市普陀区人民政府石泉路街道办事处（本级）", "上海市普陀区人民政府石泉路街道办事处"),
], ids=lambda v: v)
def test_normalise_body(name, key):
    assert normalise_body(name) == key


def test_identity_of_a_department_and_its_unit(jia_reports):
    dept, unit = identify(jia_reports[1]), identify(jia_reports[2])
    assert dept == Identity(body="甲市测试局", scope="部门", kind="预算", year=2018, units=1)
    assert (unit.body, unit.scope, unit.year, unit.units) == ("甲市测试局", "单位", 2018, None)


def test_units_counts_the_units_budgeted_apart():
    lines = ["部门预算是包括本部以及下属3家预算单位的综合收支计划。", "2.甲中心不单列预算，并入本部。", "3.乙中心", "4.丙中心"]
    assert units_of(lines) == 3
    assert units_of(["没有单位构成的说明"]) is None


def test_meta_file_tsv_and_json(tmp_path):
    tsv = tmp_path / "meta.tsv"
    tsv.write_text("key\tbody\tyear\na.pdf\t中国共产党甲市委员会办公厅\t2019\n", encoding="utf-8")
    assert read_meta_file(str(tsv)) == {"a.pdf": {"body": "甲市委办公厅", "year": 2019}}
    js = tmp_path / "meta.json"
    js.write_text(json.dumps({"abc": {"scope": "单位"}}), encoding="utf-8")
    overrides = read_meta_file(str(js))
    fixed = corrected(Identity("甲局", "部门", "预算", 2018), "/x/b.pdf", "abc", overrides)
    assert fixed.scope == "单位" and fixed.body == "甲局"


@pytest.mark.parametrize("text", ["key\tcolour\na\tred\n", "path\tbody\na\tb\n", "key\tyear\na\tnext\n", "{bad json",
                                  "key\tscope\na\t处室\n", '{"a": {"kind": "budget"}}'],
                         ids=["unknown field", "no key column", "year not a number", "broken json", "bad scope",
                              "bad kind"])
def test_bad_meta_file_is_a_typed_error(tmp_path, text):
    path = tmp_path / "meta.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MetaFileError):
        read_meta_file(str(path))


def test_missing_meta_file_is_a_typed_error(tmp_path):
    with pytest.raises(MetaFileError, match="cannot read"):
        read_meta_file(str(tmp_path / "none.tsv"))

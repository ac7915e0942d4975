"""`gouji eval --mutate`: sites, one injected error per copy, reproducible draws, judging and the command."""
import json
from decimal import Decimal

import pytest

from parser.check import check_document
from parser.cli import main
from parser.datatypes import Cell, Document, Evidence, Finding, Meta, Report, Table
from parser.evaluate.mutate import (
    Site,
    judge,
    mutant,
    named_twice,
    narrative_amounts,
    plan,
    run_dict,
    run_mutants,
    stated_twice,
    table_amounts,
)
from parser.load import load

# 401.40 is stated three times (two sites for unit on line 3, one on line 5); 财政拨款收入 401.40 twice (the
# transposed sites: 支出总计 of the same size is another thing); 20.00 is round, 12.35 and 1.25 stated once.
# 20.00 ÷ 381.40 = 5.24% and 1.25 ÷ 13.60 = 9.19%: both percentages
# are recomputed from their own sentence's two amounts.
DOCUMENT = """某某局2024年度部门决算说明
一、收入支出决算总体情况
2024年度财政拨款收入401.40万元，支出总计401.40万元。
二、财政拨款收入情况
本年财政拨款收入401.40万元，比上年增加20.00万元，增长5.24%。
三、“三公”经费情况
“三公”经费支出12.35万元，比上年减少1.25万元，下降9.19%。
"""


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    path = tmp_path_factory.mktemp("docs") / "d1.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    return check_document(load(path))


def one_changed_place(old: str, new: str) -> tuple[str, str]:
    """The single differing stretch of two strings, as (old part, new part)."""
    start = next(i for i, (a, b) in enumerate(zip(old, new)) if a != b)
    end = 0
    while end < min(len(old), len(new)) - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    return old[start:len(old) - end], new[start:len(new) - end]


def test_sites_of_each_kind(original):
    sites = plan(original, seed=0, per_doc=10)
    by_kind = {kind: sorted((s.line, s.before, s.after) for s in sites if s.kind == kind)
               for kind in ("unit", "transposed", "percent")}
    assert sites == plan(original, seed=0, per_doc=None)                        # --per-doc all: every site
    assert by_kind["unit"] == [(3, "401.40万元", "401.40元")] * 2 + [(5, "401.40万元", "401.40元")]
    assert [(line, before) for line, before, _ in by_kind["transposed"]] == [(3, "401.40万元"), (5, "401.40万元")]
    assert all(after in ("410.40万元", "401.04万元") for _, _, after in by_kind["transposed"])
    assert [(line, before) for line, before, _ in by_kind["percent"]] == [(5, "5.24%"), (7, "9.19%")]
    assert all(abs(Decimal(after[:-1]) - Decimal(before[:-1])) == Decimal("1.3")
               for _, before, after in by_kind["percent"])


def test_each_mutant_differs_from_its_document_in_exactly_one_place(original):
    document = original.document
    for site in plan(original, seed=3, per_doc=10):
        copy = mutant(document, site)
        changed = [n for n, (a, b) in enumerate(zip(document.lines, copy.lines), 1) if a != b]
        assert changed == [site.line] and len(copy.lines) == len(document.lines)
        old, new = one_changed_place(document.lines[site.line - 1], copy.lines[site.line - 1])
        assert old in site.before and new in site.after
        if site.kind == "unit":
            assert (old, new) == ("万", "")
        if site.kind == "transposed":
            assert len(old) == len(new) == 2 and old == new[::-1] and old.isdigit() and old[0] != old[1]


def test_draws_are_reproducible_and_depend_on_the_seed(original):
    assert plan(original, seed=7, per_doc=1) == plan(original, seed=7, per_doc=1)
    draws = {tuple(plan(original, seed=seed, per_doc=1)) for seed in range(8)}
    assert len(draws) > 1


def test_amounts_in_a_table_of_the_same_unit_count_as_a_second_statement():
    lines = ("收入合计1,165.08万元，其中财政拨款1165.08万元。", "支出合计321.77万元。", "\t321.77")
    table = Table(id="t1", title="收入支出决算总表", code="", unit="万元", line=3, end_line=3, page=None,
                  rows=((Cell(row=0, col=0, text="321.77", line=3, value=Decimal("321.77"), decimals=2),),))
    amounts = narrative_amounts(lines, skip={3})
    assert [(a.line, a.quantity.surface, n) for a, n in stated_twice(amounts, table_amounts([table]))] == [
        (1, "1,165.08万元", 1), (1, "1165.08万元", 1), (2, "321.77万元", 1)]
    assert [n for _, n in stated_twice(amounts, table_amounts([])) if n] == [1, 1]


@pytest.mark.parametrize("lines, twice", [
    (("本年度我院财政拨款收入共计9,787.85万元，占总收入的35.39%。", "其中：财政拨款收入9,787.85万元。"), [1, 1]),
    (("全年收入合计521.90亿元。", "全年支出合计521.90亿元。"), [0, 0]),
    (("全区债务转贷收入2.67亿元。", "区本级债务转贷收入2.67亿元。"), [0, 0]),
    (("收、支总计462.96万元。", "财政拨款收、支总计462.96万元。"), [0, 0]),
    (("(一)教育支出类科目 5,806,105.16 元", "支出包括：教育支出 5,806,105.16 元"), [1, 1]),
    (("收入总计401.4万元。与上年相比，减少38.05万元。", "财政拨款支出减少38.05万元。"), [0, 0, 0]),
], ids=["w001: one thing in two wordings", "a balanced budget's two totals", "全区 and 区本级",
        "all funds and 财政拨款", "a 类 named with and without 类科目", "two things' changes of one size"])
def test_a_second_statement_names_the_same_thing(lines, twice):
    amounts = narrative_amounts(lines, set())
    assert [n for _, n in named_twice(lines, amounts, table_amounts([]))] == twice


def test_a_table_cell_of_the_same_unit_is_a_second_statement():
    lines = ("财政拨款收入321.77万元，事业收入321.77万元。", "\t321.77")
    cell = Cell(row=0, col=1, text="321.77", line=2, value=Decimal("321.77"), decimals=2)
    table = Table(id="t1", title="收入支出决算总表", code="", unit="万元", line=2, end_line=2, page=None, rows=((cell,),))
    assert [n for _, n in named_twice(lines, narrative_amounts(lines, {2}), table_amounts([table]))] == [1, 1]
    assert [n for _, n in named_twice(lines, narrative_amounts(lines, {2}), table_amounts([]))] == [0, 0]


def report(lines, findings):
    document = Document(path="x.txt", sha256="0", format="txt", lines=tuple(lines))
    return Report(document=document, meta=Meta(), tables=(), claims=(), findings=tuple(findings))


def finding(line, quote, rule="mismatch", evidence=(), severity="error"):
    return Finding(rule=rule, severity=severity, message="", cause=None, line=line, page=None, quote=quote,
                   stated="", expected="", evidence=tuple(evidence))


def test_judge_sorts_new_findings_into_caught_elsewhere_and_cited():
    site = Site("transposed", 1, 4, 14, "1165.08万元", "1615.08万元")
    lines = ["本年收入1615.08万元。", "收入1165.08万元。", "支出合计9万元。", "合计3万元。"]
    old = finding(4, "合计3万元", rule="sum")
    at_site = finding(1, "收入1615.08万元")
    beside = finding(1, "本年", rule="change")                                  # on the line, not on the figure
    twin = finding(2, "收入1165.08万元", evidence=[Evidence(type="claim", line=1, value="1615.08")])
    other = finding(3, "支出合计9万元", rule="sum")
    total = finding(3, "支出合计9万元", rule="sum", evidence=[Evidence(type="claim", line=1, value="1615.08")])
    info = finding(3, "支出合计9万元", rule="share", severity="info")
    outcome = judge("x.txt", site, report(lines, [old]),
                    report(lines, [at_site, beside, twin, other, total, old, info]))
    assert outcome.caught == (at_site, twin)      # twin: at the other copy, quoting it, citing the mutated one
    assert outcome.elsewhere == (other, total)
    assert outcome.cited == (total,)


def test_a_finding_naming_both_copies_at_the_other_one_is_a_catch():
    """w002: `项目支出 53700 元` on lines 6 and 13; 6 mutated, text_vs_text reports the later copy naming both."""
    site = Site("transposed", 1, 4, 11, "53700 元", "57300 元")
    lines = ["项目支出57300 元。", "项目支出 53700 元。"]
    twin = finding(2, "项目支出 53700 元", evidence=[Evidence(type="claim", line=1, value="57300")])
    outcome = judge("w002.txt", site, report(lines, []), report(lines, [twin]))
    assert (outcome.caught, outcome.elsewhere, outcome.cited) == ((twin,), (), ())
    unrelated = finding(2, "项目支出 53700 元")                                  # no evidence naming the mutant
    assert judge("w002.txt", site, report(lines, []), report(lines, [unrelated])).caught == ()


def test_a_change_on_the_line_the_mutated_sentence_runs_on_to_is_a_catch():
    """w027: `(一)教育支出类科目 5,806,105.16 元,占支出总预算` / `82.27%,同比增加 …,增长 154.06%。`: the change of
    the wrapped sentence, recomputed from the mutated level, stands on the line after it."""
    site = Site("transposed", 1, 11, 23, "5,806,105.16", "5,086,105.16")
    lines = ["(一)教育支出类科目 5,086,105.16 元,占支出总预算", "82.27%,同比增加 3,520,772.45 元,增长 154.06%。",
             "(二)其他 1 元。", "增长 154.06%。"]
    change = finding(2, "增长 154.06%", rule="change", evidence=[Evidence(type="claim", line=1, value="5086105.16")])
    outcome = judge("w027.txt", site, report(lines, []), report(lines, [change]))
    assert (outcome.caught, outcome.elsewhere, outcome.cited) == ((change,), (), ())
    ended = [lines[0] + "。"] + lines[1:]                       # the sentence ends on its line: another statement
    outcome = judge("w027.txt", site, report(ended, []), report(ended, [change]))
    assert (outcome.caught, outcome.elsewhere, outcome.cited) == ((), (change,), (change,))


def test_a_folder_without_labels_and_the_command(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "d1.txt").write_text(DOCUMENT, encoding="utf-8")
    run = run_mutants([str(folder)], seed=0, per_doc=1)
    assert run.documents == ("d1.txt",) and sorted(o.site.kind for o in run.outcomes) == ["percent", "transposed", "unit"]
    unit = next(o for o in run.outcomes if o.site.kind == "unit")
    assert [f.rule for f in unit.caught] == ["unit"] and not unit.crash

    out = tmp_path / "mutants"
    assert main(["eval", "--mutate", str(folder), str(folder / "d1.txt"), "--per-doc", "1", "--json",
                 "--out", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == ["d1.txt", "d1.txt"] and data["kinds"]["all"]["mutants"] == 6
    assert data["mutants"][:3] == run_dict(run)["mutants"]                  # the same draws again
    written = [json.loads(line) for line in (out / "mutants.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(written) == 6
    for w in written:
        copy = (out / w["file"]).read_text(encoding="utf-8").splitlines()
        assert [n for n, (a, b) in enumerate(zip(DOCUMENT.splitlines(), copy), 1) if a != b] == [w["line"]]


@pytest.mark.parametrize("argv, message", [
    (["eval", "--mutate", "no/such/folder"], "no such file or folder"),
    (["eval", "--mutate", "{folder}/binary.txt"], "binary"),
    (["eval", "{folder}", "--out", "x"], "--out belongs to --mutate"),
], ids=["missing", "binary text", "--out without --mutate"])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, argv, message):
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)      # GBK text is read since the workbench merge
    assert main([a.format(folder=tmp_path) for a in argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("gouji: ") and err.count("\n") == 1


@pytest.mark.parametrize("value", ["0", "-2", "some"])
def test_per_doc_is_a_positive_count_or_all(capsys, value):
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", "--mutate", "x", "--per-doc", value])
    assert exit_info.value.code == 2
    assert "--per-doc: must be a count of 1 or more, or all" in capsys.readouterr().err

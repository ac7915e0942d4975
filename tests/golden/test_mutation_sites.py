"""The transposed-digit mutants of `gouji eval --mutate` stand where the same amount of the same thing is stated
twice. Every amount of the web corpus the earlier site rule took (the same number stated twice, whatever it
named) was read by hand (mutation_site_verdicts.jsonl: `same_thing`); the rule now in use takes the sites
in `mutator_site`: it leaves out every pair of two things of one size but two (the department's 项目支出 and
one item's 项目支出 split, w002) and, to be safe, 12 sites that name one thing in two wordings."""
import json
from pathlib import Path

import pytest

from parser.check import check_document
from parser.evaluate.mutate import distinctive, named_twice, narrative_amounts, table_amounts, table_lines
from parser.load import load
from tests.conftest import SHARED

WEB = SHARED / "corpus" / "web"
VERDICTS = [json.loads(line) for line in
            (Path(__file__).parent / "mutation_site_verdicts.jsonl").read_text(encoding="utf-8").splitlines()]


def test_the_hand_verdicts_and_the_rule_mostly_agree():
    wrong = [v for v in VERDICTS if v["mutator_site"] and not v["same_thing"]]
    assert len(VERDICTS) == 115 and len(wrong) == 2 and {v["doc"] for v in wrong} == {"w002.txt"}
    assert sum(v["same_thing"] == v["mutator_site"] for v in VERDICTS) == 101


@pytest.mark.skipif(not WEB.exists(), reason="the shared web corpus is not here")
@pytest.mark.parametrize("doc", sorted({v["doc"] for v in VERDICTS}))
def test_the_mutator_takes_the_recorded_sites(doc):
    document = load(WEB / doc)
    report = check_document(document)
    amounts = narrative_amounts(document.lines, table_lines(report.tables))
    taken = {(a.line, a.quantity.span[0]) for a, others in named_twice(document.lines, amounts, table_amounts(report.tables))
             if others and distinctive(document.lines[a.line - 1], a)}
    for v in (v for v in VERDICTS if v["doc"] == doc):
        assert ((v["line"], v["start"]) in taken) == v["mutator_site"], v

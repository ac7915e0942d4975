"""The rules are pure: run in any order on the same frozen context, they give the same report."""
import json
import random
import sys

import pytest

from parser import rules
from parser.check import check_document
from parser.report.serialize import to_dict
from tests.conftest import doc_from_text, seed

ORDERS = {"reversed": tuple(reversed(rules.RULES)),
          "shuffled": tuple(random.Random(12).sample(rules.RULES, len(rules.RULES)))}


def report_of(path) -> str:
    data = to_dict(check_document(doc_from_text(path.read_text(encoding="utf-8"))))
    data["stats"].pop("seconds")
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_the_seeds_reports_do_not_depend_on_the_order_of_the_rules(monkeypatch, prefix):
    path = seed(prefix)
    expected = report_of(path)
    assert '"code"' in expected or '"findings": []' in expected
    for name, order in ORDERS.items():
        monkeypatch.setattr(sys.modules["parser.check"], "run", lambda ctx, order=order: rules.run(ctx, order))
        assert report_of(path) == expected, name


def test_each_rule_runs_once_and_results_merge_with_contradiction_winning():
    from parser.narrative.relations import Relation
    from tests.unit.rules.build import claim, context
    lines = ["本年支出500万元，上年支出400万元，增长20%。"]
    own = [claim("c1", lines, "本年支出500万元", metric="expenditure_total"),
           claim("c2", lines, "上年支出400万元", metric="expenditure_total", role="prior_year"),
           claim("c3", lines, "增长20%", kind="change_percent")]
    ctx = context(lines, own, [Relation("change", "c3", {"current": "c1", "prior": "c2"})])
    forward, backward = rules.run(ctx), rules.run(ctx, ORDERS["reversed"])
    assert forward == backward and forward.claims["c3"] == "contradicted"
    assert [f.code for f in forward.findings] == ["CHANGE_PERCENT"]

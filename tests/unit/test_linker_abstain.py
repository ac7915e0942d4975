"""Where the rules abstain (training/linker_abstain.py): the abstentions found, their true inputs, the linker's
decisions and the threshold chosen out of family."""
import pytest

pytest.importorskip("sklearn")

from training import linker_abstain as abstain  # noqa: E402

# the rules take no prior from `从X变为Y` (变为 is not a change verb): the change stays unverifiable, its inputs both in the sentence
TEXT = "普通高中生均经费从24586.43元变为27100.44元,增长10.23%。\n"


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    path = tmp_path_factory.mktemp("abstain") / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    return abstain.document_records("web/doc.txt", path, None, [])


def test_an_unverifiable_change_is_an_abstention_with_its_true_input(records):
    found = [r for r in records if r["type"] == "abstained"]
    assert len(found) == 1
    record = found[0]
    assert record["text"].endswith("10.23%") and record["slots"] == ["current", "prior"] and not record["has_relation"]
    texts = {c["id"]: c for c in record["candidates"]["current"]}
    truth = record["labels"]["arithmetic"]
    assert set(truth) == {"current", "prior"} and truth["current"] in texts and truth["prior"] in texts
    assert record["agreement"][abstain.assignment_key(truth)] is True
    assert record["agreement"][abstain.assignment_key({"current": truth["prior"], "prior": truth["current"]})] is False


class Fixed:
    """A scorer whose probabilities are given per candidate id."""

    def __init__(self, p):
        self.p = p

    def probabilities(self, candidates):
        return [self.p.get(c["id"], 0.1) for c in candidates]


def test_a_decision_fills_each_slot_with_a_distinct_candidate():
    record = {"slots": ["part", "whole"], "fixed": {},
              "candidates": {"part": [{"id": "c1"}, {"id": "c2"}], "whole": [{"id": "c1"}, {"id": "c2"}]}}
    assignment, lowest = abstain.decision(record, Fixed({"c1": 0.9}))
    assert assignment in ({"part": "c1", "whole": "c2"}, {"part": "c2", "whole": "c1"}) and lowest == 0.1


def test_the_threshold_stays_at_one_when_a_confident_decision_raises_a_finding():
    right = {"labels": {"arithmetic": {"current": "c1", "prior": "c2"}}, "agreement": {}}
    false_alarm = {"labels": {}, "agreement": {"current=c3;prior=c4": False}}
    decided = [(right, {"current": "c1", "prior": "c2"}, 0.995), (false_alarm, {"current": "c3", "prior": "c4"}, 0.999)]
    assert abstain.choose_threshold(decided) == 1.0
    assert abstain.choose_threshold(decided[:1]) == abstain.THRESHOLDS[0]


def test_linking_seen_records_the_rules_relations_and_may_replace_them():
    from parser.check import check_document
    from tests.conftest import doc_from_text

    document = doc_from_text("部门收入合计500万元，比上年增加50万元，增长11.1%。")
    with abstain.linking_seen({}) as seen:
        kept = check_document(document, use_model=False)
    assert {r.kind for r in seen["relations"]} == {"change"} and seen["lines"]
    with abstain.linking_seen({}, lambda relations: []):
        emptied = check_document(document, use_model=False)
    assert [c.status for c in kept.claims].count("consistent") == 3
    assert {c.status for c in emptied.claims} == {"unverifiable"}

"""The held-out split of the classifier's training: no document (or dept/unit pair) on both sides."""
from pathlib import Path

import pytest

from training.train import FAMILIES, body_group, document_group, family, folds

ROOT = Path(__file__).resolve().parents[2]


def test_folds_never_put_a_document_on_both_sides():
    pytest.importorskip("datasets")
    from training.train import gold_records, to_dataset

    records, _ = gold_records([ROOT / "annotations"])
    dataset = to_dataset(records).to_list()
    seen = []
    for group in (document_group, body_group, family):
        for train, test in folds(dataset, group):
            train_docs = {dataset[i]["doc"] for i in train}
            test_docs = {dataset[i]["doc"] for i in test}
            assert train_docs.isdisjoint(test_docs)
            assert {group(d) for d in train_docs}.isdisjoint({group(d) for d in test_docs})
            seen.extend(test)
        assert sorted(seen) == list(range(len(dataset)))       # every row held out exactly once
        seen = []


def test_dept_and_unit_budget_of_one_body_and_year_are_one_group():
    assert document_group("putuo_2026_budget_dept_sifaju.pdf") == document_group("putuo_2026_budget_unit_sifaju.pdf")
    assert document_group("putuo_2025_budget_dept_wanlijiedao.pdf") != document_group("putuo_2024_budget_dept_wanlijiedao.pdf")
    assert body_group("putuo_2025_budget_dept_wanlijiedao.pdf") == body_group("putuo_2024_budget_dept_wanlijiedao.pdf")
    assert body_group("js_2017_budget_gaoyuan.pdf") != body_group("js_2017_budget_zhengxie.pdf")


def test_source_families_split_the_annotated_documents_three_ways():
    pytest.importorskip("datasets")
    from training.train import gold_records, to_dataset

    records, _ = gold_records([ROOT / "annotations"])
    dataset = to_dataset(records).to_list()
    assert {family(row["doc"]) for row in dataset} == set(FAMILIES)
    assert family("004_8322ac4f40ca5a9f") == "seeds" and family("putuo_2026_budget_unit_shiquanlu_pagetext.json") == "putuo"
    assert all(row["kind"] != "percent" for row in dataset)              # folded into other for the model
    assert all((row["role"] != "other") == row["is_claim"] for row in dataset)   # why is_claim is no target

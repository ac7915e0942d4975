"""The linker's training loop: arithmetic labels, the JSON it writes, and a Label Studio round trip on links."""
import json

import pytest

pytest.importorskip("sklearn")

from parser.narrative.linker import parse_model  # noqa: E402
from training import linker as training  # noqa: E402
from training.linker_studio import LinkImportError, export_tasks, import_links  # noqa: E402

# a 其中 part with its own change: 1311 ÷ (22407 − 1311) = 6.2% picks the part, not the total before it
STATEMENTS = [
    "部门支出合计{t}万元，其中：培训费支出{p}万元，同比增加{d}万元，增长{g}%。",
    "本年收入{t}万元。其中:基本收入{p}万元,比上年增加{d}万元,增长{g}%。",
]
FIGURES = [(880, 64, 16), (912.5, 300, 20), (1200, 410, 35), (5000, 820, 90), (760, 120, 8), (3300, 900, 60)]
CORRECTED = "部门收支总额4000.00万元；会议费支出500.00万元，同比增加40.00万元，增长8.70%。"


def write_document(path, statements):
    lines = []
    for i, (total, part, delta) in enumerate(FIGURES):
        growth = f"{delta / (part - delta) * 100:.2f}"
        lines.append(statements[i % len(statements)].format(t=f"{total:.2f}", p=f"{part:.2f}", d=f"{delta:.2f}", g=growth))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    folder = tmp_path_factory.mktemp("linker")
    out = []
    for n in range(3):
        path = folder / f"doc{n}.txt"
        write_document(path, STATEMENTS[n % 2:] + STATEMENTS[:n % 2])
        out += training.document_records(f"web/doc{n}.txt", path, [])
    corrected = folder / "corrected.txt"
    corrected.write_text(CORRECTED + "\n", encoding="utf-8")
    out += training.document_records("web/corrected.txt", corrected, [])
    return out


def test_arithmetic_labels_name_the_one_candidate_that_agrees(records):
    labelled = [r for r in records if r["labels"].get("arithmetic")]
    assert len(labelled) >= len(FIGURES) * 3
    for r in labelled:
        chosen = next(c for c in r["candidates"] if c["id"] == r["labels"]["arithmetic"])
        assert "支出合计" not in chosen["text"] and "收入" not in chosen["text"][:2] and r["labels"]["arithmetic"] == r["rules"]


def test_the_written_model_is_one_the_checker_accepts(records):
    data = training.model_json(training.fit(records), {"test": True})
    assert parse_model(json.loads(json.dumps(data))).weights


def test_a_link_corrected_in_label_studio_is_predicted_as_corrected_after_retraining(records):
    before = training.fit(records).model()
    tasks = export_tasks(records, before)
    index = next(i for i, r in enumerate(records) if r["doc"] == "web/corrected.txt" and r["slot"] == "current")
    task = tasks[index]
    relation = next(x for x in task["predictions"][0]["result"] if x.get("type") == "relation")
    rules = next(i for i, c in enumerate(records[index]["candidates"]) if c["id"] == records[index]["rules"])
    assert relation["to_id"] == f"c{rules}"                 # the model agrees with the rules: the part 500
    other = f"c{1 - rules}"                                  # the annotator links the total 4000 instead
    total_at = task["data"]["candidates"][other]
    text = task["data"]["text"]
    region = next(x for x in task["predictions"][0]["result"] if x.get("id") == other)
    assert text[region["value"]["start"]:region["value"]["end"]].startswith("4000.00")
    task["annotations"] = [{"completed_by": {"email": "a@b"},
                            "result": [{"type": "relation", "from_id": "t", "to_id": other, "labels": ["current"]}]}]
    human = import_links(json.loads(json.dumps([task])))
    assert human == [{"doc": "web/corrected.txt", "target_at": task["data"]["target_at"], "slot": "current",
                      "chosen_at": total_at, "source": "human", "annotator": "labelstudio:a@b"}]
    retrained = training.fit(training.add_human(records, human)).model()
    after = export_tasks([records[index]], retrained)[0]
    relation = next(x for x in after["predictions"][0]["result"] if x.get("type") == "relation")
    assert relation["to_id"] == other and after["predictions"][0]["score"] > 0.5


@pytest.mark.parametrize("tasks", [{"a": 1}, [{"data": {}}], [{"data": {"doc": "d", "slot": "part", "target_at": [1, [0, 1]],
                                    "candidates": {"c0": [1, [2, 3]]}}, "annotations": [{"result": []}]}]],
                         ids=["not-a-list", "not-a-linker-task", "no-relation"])
def test_an_export_of_the_wrong_shape_is_refused(tasks):
    with pytest.raises(LinkImportError):
        import_links(tasks)


def test_the_labelling_config_in_annotations_is_the_one_the_tasks_are_made_for():
    from pathlib import Path

    from training.linker_studio import LABEL_CONFIG
    path = Path(__file__).resolve().parents[2] / "annotations" / "label_studio_links.xml"
    assert path.read_text(encoding="utf-8") == LABEL_CONFIG


def test_uncertain_lists_first_the_links_the_model_prefers_another_candidate_for(records):
    model = training.fit(records).model()
    ranked = training.doubted(records, model)
    assert [d for d, _, _ in ranked] == sorted(d for d, _, _ in ranked) and len(ranked) == len(records)
    corrected = next(r for r in records if r["doc"] == "web/corrected.txt")
    human = [{"doc": corrected["doc"], "target_at": corrected["target_at"], "slot": corrected["slot"],
              "chosen_at": next(c["at"] for c in corrected["candidates"] if c["id"] != corrected["rules"])}]
    retrained = training.fit(training.add_human(records, human)).model()
    first = training.doubted(records, retrained)[0]
    assert first[1] is corrected and first[0] < 0

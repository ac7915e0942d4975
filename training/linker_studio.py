"""The linker's Label Studio round trip: candidate links out as relations between spans, reviewed links back.

One task per slot (a derived figure and the figures that could fill its part / whole / current /
budget / actual): the text shown is the sentences holding the figure and its candidates; the derived
figure is the region `t` (label `derived`), each candidate a region `c0`, `c1`… (label `input`); the
pre-annotation is a relation from `t` to the model's best candidate, labelled with the slot, scored
with its calibrated probability (Label Studio sorts by it). An annotator moves the relation to
the right candidate; `import_links` turns each completed task into a `human` record
({doc, target_at, slot, chosen_at}) that training.linker.add_human joins to the training records.
"""
from __future__ import annotations

from typing import Optional

from parser.narrative.linker import LinkerModel

TEXT = "text"
SPAN = "figure"
SLOT_NAMES = ("part", "whole", "current", "budget", "actual", "total")

LABEL_CONFIG = f"""<View>
  <Relations>{''.join(f'<Relation value="{s}"/>' for s in SLOT_NAMES)}</Relations>
  <Labels name="{SPAN}" toName="{TEXT}"><Label value="derived"/><Label value="input"/></Labels>
  <Text name="{TEXT}" value="${TEXT}"/>
</View>
"""


class LinkImportError(ValueError):
    """A Label Studio export that is not one of linker tasks."""


def shown_text(record: dict) -> tuple[str, dict]:
    """The text of a task (the distinct sentences of the figure and its candidates, in reading order, one
    per line) and each region's (start, end) in it."""
    figures = [("t", record["target_at"], record["sentence"], record["local"])]
    figures += [(f"c{i}", c["at"], c["sentence"], c["local"]) for i, c in enumerate(record["candidates"])]
    sentences: list[tuple[int, str]] = []
    for _, at, sentence, _ in figures:
        if (at[0], sentence) not in sentences:
            sentences.append((at[0], sentence))
    sentences.sort(key=lambda s: s[0])
    offsets, text = {}, ""
    for key in sentences:
        offsets[key] = len(text) + (1 if text else 0)
        text = text + "\n" + key[1] if text else key[1]
    regions = {rid: (offsets[(at[0], sentence)] + local[0], offsets[(at[0], sentence)] + local[1])
               for rid, at, sentence, local in figures}
    return text, regions


def to_task(record: dict, model: Optional[LinkerModel]) -> dict:
    """A Label Studio task for one slot, with the linker's choice as a relation (the pre-annotation)."""
    from training.linker import as_group

    text, regions = shown_text(record)
    group = as_group(record)
    best, score = predicted(group, model)
    chosen = next(i for i, c in enumerate(record["candidates"]) if c["id"] == best)
    result = [{"id": rid, "from_name": SPAN, "to_name": TEXT, "type": "labels",
               "value": {"start": a, "end": b, "text": text[a:b], "labels": ["derived" if rid == "t" else "input"]}}
              for rid, (a, b) in regions.items()]
    result.append({"type": "relation", "from_id": "t", "to_id": f"c{chosen}", "direction": "right",
                   "labels": [record["slot"]]})
    return {
        "data": {TEXT: text, "doc": record["doc"], "slot": record["slot"], "relation": record["relation"],
                 "target_at": record["target_at"], "candidates": {f"c{i}": c["at"] for i, c in enumerate(record["candidates"])}},
        "predictions": [{"model_version": "gouji-linker" if model else "gouji-rules",
                         "score": round(score, 4),
                         "result": result}],
    }


def predicted(group, model: Optional[LinkerModel]) -> tuple[str, float]:
    """The model's best candidate and its calibrated probability (the rules' choice and 1.0 without a model).
    The checker itself takes it only above the model's threshold (parser.narrative.linker.decide); a
    reviewer sees the model's own guess."""
    if model is None:
        return group.rules_choice, 1.0
    return max(((c.id, model.probability(c.features)) for c in group.candidates), key=lambda x: x[1])


def export_tasks(records: list[dict], model: Optional[LinkerModel]) -> list[dict]:
    return [to_task(r, model) for r in records]


def import_links(tasks) -> list[dict]:
    """`human` records from a Label Studio export of linker tasks; LinkImportError naming the first task
    of the wrong shape (nothing is imported then)."""
    if not isinstance(tasks, list):
        raise LinkImportError("a Label Studio export is a list of tasks")
    out = []
    for number, task in enumerate(tasks, 1):
        where = f"task {number}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise LinkImportError(f"{where}: a task must be an object with data")
        data = task["data"]
        candidates = data.get("candidates")
        if not isinstance(candidates, dict) or not isinstance(data.get("slot"), str) \
                or not isinstance(data.get("doc"), str) or not isinstance(data.get("target_at"), list):
            raise LinkImportError(f"{where}: not a linker task (doc, slot, target_at, candidates)")
        annotations = task.get("annotations") or []
        if not isinstance(annotations, list) or not all(isinstance(a, dict) for a in annotations):
            raise LinkImportError(f"{where}: annotations must be a list of objects")
        done = [a for a in annotations if not a.get("was_cancelled")]
        if not done:
            continue
        result = done[-1].get("result") or []
        if not isinstance(result, list) or not all(isinstance(r, dict) for r in result):
            raise LinkImportError(f"{where}: result must be a list of objects")
        links = [r for r in result if r.get("type") == "relation" and r.get("from_id") == "t"]
        if len(links) != 1 or links[0].get("to_id") not in candidates:
            raise LinkImportError(f"{where}: exactly one relation from the derived figure to a candidate is needed")
        annotator = done[-1].get("completed_by")
        if isinstance(annotator, dict):
            annotator = annotator.get("email") or annotator.get("id")
        out.append({"doc": data["doc"], "target_at": data["target_at"], "slot": data["slot"],
                    "chosen_at": candidates[links[0]["to_id"]], "source": "human",
                    "annotator": f"labelstudio:{annotator}"})
    return out

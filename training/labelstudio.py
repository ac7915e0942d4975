"""The annotators' loop: documents → mentions with predictions → Label Studio tasks, and back.

One Label Studio task per mention. `data` holds the sentence (shown, with the mention
as a pre-annotated span) and where it comes from; `predictions` hold the model's (or
the rules') labels; a Label Studio export carries the annotator's `annotations`,
which `import_export` turns into validated annotation records with source "human".
The labelling config to paste into Label Studio is annotations/label_studio_config.xml.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from parser.check import read_claims
from parser.load import load
from parser.narrative.classifier import Prediction, features_for, get_model, predict
from training.annotations import LABEL_FIELDS, AnnotationError, Problem, Validation, labels_dict, mention_id, validate
from training.mentions import KINDS, ROLES, Labels, Mention, label_mentions

TEXT = "text"                    # the <Text name=…> of the labelling config
SPAN = "mention"                 # <Labels name=…>: the number itself
CHOICES = ("kind", "role", "is_claim")
METRIC = "metric"                # <TextArea name=…>


@dataclass(frozen=True)
class Scored:
    """A mention of a document with the rules' labels and the model's prediction (None without a model)."""
    doc: str
    path: str
    page: Optional[int]
    mention: Mention
    rule: Labels
    prediction: Optional[Prediction]
    context: Optional[dict] = None      # doc_kind, doc_year, rule_confidence: the model's inputs besides the text

    @property
    def certainty(self) -> float:
        """How sure the model is of all three labels (the lowest of them); 1.0 without a model."""
        p = self.prediction
        if p is None:
            return 1.0
        return min(p.p_kind, p.p_role, max(p.p_claim, 1 - p.p_claim))

    @property
    def labels(self) -> Labels:
        p = self.prediction
        if p is None:
            return self.rule
        return Labels(kind=p.kind, role=p.role, metric=self.rule.metric, is_claim=p.is_claim)


def document_id(path: str, fmt: str) -> str:
    """Seed text files are named by stem, other formats by file name.

    >>> document_id("../shared/seeds/000_f8e7.txt", "txt"), document_id("x/a.pdf", "pdf")
    ('000_f8e7', 'a.pdf')
    """
    p = Path(path)
    return p.stem if fmt == "txt" else p.name


def score_file(path: str) -> list[Scored]:
    """Every narrative mention of a file, with rules' labels and the model's prediction."""
    document = load(path)
    meta, layout, extraction = read_claims(document)
    labelled = label_mentions(layout.paragraphs, extraction.claims)
    doc = document_id(path, document.format)
    contexts: list[dict[str, Any]] = [{"doc_kind": meta.kind, "doc_year": meta.year, "rule_confidence": None if c is None else c.confidence}
                for _, _, c in labelled]
    models = get_model()
    predictions: list[Optional[Prediction]] = [None] * len(labelled)
    if models is not None:
        rows = [features_for(m.sentence.text, *m.local, r.kind, r.role, r.is_claim, **ctx)
                for (m, r, _), ctx in zip(labelled, contexts)]
        predictions = list(predict(models, rows))
    return [Scored(doc, path, document.page_of(m.line), m, r, p, ctx)
            for (m, r, _), p, ctx in zip(labelled, predictions, contexts)]


def to_task(item: Scored) -> dict:
    """A Label Studio task for one mention, with its pre-annotation."""
    m, labels = item.mention, item.labels
    start, end = m.local
    result = [
        {"id": "m", "from_name": SPAN, "to_name": TEXT, "type": "labels",
         "value": {"start": start, "end": end, "text": m.text, "labels": ["number"]}},
        {"id": "m", "from_name": "kind", "to_name": TEXT, "type": "choices", "value": {"choices": [labels.kind]}},
        {"id": "m", "from_name": "role", "to_name": TEXT, "type": "choices", "value": {"choices": [labels.role]}},
        {"id": "m", "from_name": "is_claim", "to_name": TEXT, "type": "choices",
         "value": {"choices": ["true" if labels.is_claim else "false"]}},
        {"id": "m", "from_name": METRIC, "to_name": TEXT, "type": "textarea",
         "value": {"text": [labels.metric or ""]}},
    ]
    version = "gouji-rules" if item.prediction is None else "gouji-claim-classifier"
    return {
        "data": {TEXT: m.sentence.text, "mention_id": mention_id(item.doc, item.page, m.line, m.span),
                 "doc": item.doc, "path": item.path, "page": item.page, "line": m.line,
                 "span": list(m.span), "sentence_span": list(m.sentence.span), "mention": m.text,
                 "rule": labels_dict(item.rule), "context": item.context},
        "predictions": [{"model_version": version, "score": round(item.certainty, 4), "result": result}],
    }


def export_tasks(paths: list[str]) -> list[dict]:
    return [to_task(item) for path in paths for item in score_file(path)]


def result_labels(result: list[dict], fallback: dict) -> dict:
    """The four labels read from one annotation's `result`; a control left empty keeps `fallback`'s value."""
    labels = dict(fallback)
    for item in result:
        name, value = item.get("from_name"), item.get("value", {})
        if name in CHOICES and value.get("choices"):
            choice = value["choices"][0]
            labels[name] = {"true": True, "false": False}.get(choice, choice) if name == "is_claim" else choice
        elif name == METRIC and value.get("text") is not None:
            text = (value["text"][0] if value["text"] else "").strip()
            labels[METRIC] = text or None
    return labels


def import_export(tasks: list, where: str = "export") -> Validation:
    """Records (source "human") from a Label Studio JSON export, validated; a task of the wrong shape is rejected."""
    pairs, rejected = [], []
    for number, task in enumerate(tasks, 1):
        place = f"{where}: task {task.get('id', number) if isinstance(task, dict) else number}"
        problem = task_problem(task)
        if problem:
            rejected.append(Problem(place, problem))
            continue
        data = task.get("data") or {}
        done = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        if not done:
            continue
        annotation = done[-1]
        prior = task.get("predictions") or [{}]
        fallback = result_labels(prior[-1].get("result") or [], data.get("rule") or {})
        labels = result_labels(annotation.get("result") or [], fallback)
        annotator = annotation.get("completed_by")
        if isinstance(annotator, dict):
            annotator = annotator.get("email") or annotator.get("id")
        record = {
            "id": data.get("mention_id"), "doc": data.get("doc"), "page": data.get("page"), "line": data.get("line"),
            "span": data.get("span"), "text": data.get("mention"), "sentence": data.get(TEXT),
            "sentence_span": data.get("sentence_span"),
            "labels": {k: labels.get(k) for k in LABEL_FIELDS},
            "sources": {k: "human" for k in LABEL_FIELDS},
            "annotator": f"labelstudio:{annotator}", "rule": data.get("rule"),
        }
        if data.get("context"):
            record["context"] = data["context"]
        pairs.append((place, record))
    result = validate(pairs)
    result.rejected[:0] = rejected
    return result


def task_problem(task) -> str:
    """What makes a task of an export unreadable ('' when its shape is right): the types of the parts
    import_export reads (data, annotations, their results and values, predictions).

    >>> task_problem(3), task_problem({"data": None, "annotations": [{"result": [{"value": []}]}]})
    ('a task must be a JSON object, not int', 'annotations[0].result[0].value must be an object, not list')
    >>> task_problem({"data": {}, "annotations": [{"result": [{"from_name": "kind", "value": {"choices": ["rate"]}}]}]})
    ''
    """
    if not isinstance(task, dict):
        return f"a task must be a JSON object, not {json_type(task)}"
    if not isinstance(task.get("data"), (dict, type(None))):
        return f"data must be an object, not {json_type(task['data'])}"
    for key in ("rule", "context"):
        if not isinstance((task.get("data") or {}).get(key), (dict, type(None))):
            return f"data.{key} must be an object, not {json_type(task['data'][key])}"
    for group in ("annotations", "predictions"):
        items = task.get(group)
        if not isinstance(items, (list, type(None))):
            return f"{group} must be a list, not {json_type(items)}"
        for i, item in enumerate(items or []):
            if problem := item_problem(item, f"{group}[{i}]"):
                return problem
    return ""


def item_problem(item, where: str) -> str:
    """What is wrong with the shape of one annotation or prediction of a task ('' when nothing).

    >>> item_problem({"result": [{"value": {"choices": "rate"}, "from_name": "kind"}]}, "annotations[0]")
    'annotations[0].result[0].value.choices must be a list of strings'
    """
    if not isinstance(item, dict):
        return f"{where} must be an object, not {json_type(item)}"
    if not isinstance(item.get("completed_by"), (dict, str, int, type(None))):
        return f"{where}.completed_by must be an object, a name or an id"
    results = item.get("result")
    if not isinstance(results, (list, type(None))):
        return f"{where}.result must be a list, not {json_type(results)}"
    for j, entry in enumerate(results or []):
        if problem := result_problem(entry, f"{where}.result[{j}]"):
            return problem
    return ""


def result_problem(entry, where: str) -> str:
    """What is wrong with the shape of one result of an annotation ('' when nothing)."""
    if not isinstance(entry, dict):
        return f"{where} must be an object, not {json_type(entry)}"
    value = entry.get("value", {})
    if not isinstance(value, dict):
        return f"{where}.value must be an object, not {json_type(value)}"
    value_key = {**dict.fromkeys(CHOICES, "choices"), METRIC: "text"}.get(entry.get("from_name") or "")
    if value_key in value and value[value_key] is not None and not (
            isinstance(value[value_key], list) and all(isinstance(v, str) for v in value[value_key])):
        return f"{where}.value.{value_key} must be a list of strings"
    return ""


def json_type(value) -> str:
    """A Python value's JSON type name.

    >>> json_type(None), json_type([1]), json_type(True)
    ('null', 'list', 'bool')
    """
    return "null" if value is None else type(value).__name__


def read_export(path: Path) -> list:
    """The tasks of a Label Studio JSON export (AnnotationError when it is not one)."""
    try:
        tasks = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise AnnotationError(f"{path}: cannot be read ({type(err).__name__}: {getattr(err, 'strerror', None) or err})") from None
    except RecursionError:
        raise AnnotationError(f"{path}: not a Label Studio JSON export (nested too deeply)") from None
    except ValueError as err:
        raise AnnotationError(f"{path}: not a Label Studio JSON export (not JSON: {err})") from None
    if not isinstance(tasks, list):
        raise AnnotationError(f"{path}: not a Label Studio JSON export (a list of tasks, not {json_type(tasks)})")
    return tasks


LABEL_CONFIG = f"""<View>
  <Text name="{TEXT}" value="${TEXT}"/>
  <Labels name="{SPAN}" toName="{TEXT}"><Label value="number"/></Labels>
  <Header value="kind"/>
  <Choices name="kind" toName="{TEXT}" choice="single">{''.join(f'<Choice value="{k}"/>' for k in KINDS)}</Choices>
  <Header value="role"/>
  <Choices name="role" toName="{TEXT}" choice="single">{''.join(f'<Choice value="{r}"/>' for r in ROLES)}</Choices>
  <Header value="a claim to check?"/>
  <Choices name="is_claim" toName="{TEXT}" choice="single"><Choice value="true"/><Choice value="false"/></Choices>
  <Header value="metric id (data/metrics.jsonl, item:NAME, or empty)"/>
  <TextArea name="{METRIC}" toName="{TEXT}" maxSubmissions="1"/>
</View>
"""

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
from typing import Optional

from training.annotations import LABEL_FIELDS, Validation, labels_dict, mention_id, validate
from parser.check import read_claims
from parser.narrative.classifier import Prediction, features_for, get_model, predict
from parser.load import load
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
    contexts = [{"doc_kind": meta.kind, "doc_year": meta.year, "rule_confidence": None if c is None else c.confidence}
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


def import_export(tasks: list[dict], where: str = "export") -> Validation:
    """Records (source "human") from a Label Studio JSON export, validated."""
    pairs = []
    for number, task in enumerate(tasks, 1):
        data = task.get("data", {}) if isinstance(task, dict) else {}
        done = [a for a in task.get("annotations", []) if not a.get("was_cancelled")] if isinstance(task, dict) else []
        if not done:
            continue
        annotation = done[-1]
        prior = task.get("predictions") or [{}]
        fallback = result_labels(prior[-1].get("result", []), data.get("rule") or {})
        labels = result_labels(annotation.get("result", []), fallback)
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
        pairs.append((f"{where}: task {task.get('id', number)}", record))
    return validate(pairs)


def read_export(path: Path) -> list[dict]:
    tasks = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(tasks, list):
        raise ValueError("a Label Studio JSON export is a list of tasks")
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

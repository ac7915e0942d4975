"""Models that never saw a source family, for measuring the classifier end to end on held-out documents.

`family_models` fits, for each family (seeds / Putuo / Jiangsu), the shipped candidate on the other
two families and writes it as a model file (with its policy, chosen on the other families' rows of
predictions made with each family held out in turn). `document_paths` finds the annotated documents
under ../shared (the seeds by stem, the real corpus by file name; a `*_tables.pdf` beside a narrative
is its tables file, as `scripts/compare_reports.py` reads it). Used by scripts/relabel_findings.py and
scripts/eval_uncertain.py.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from parser.narrative.classifier import CARD_NAME, MODEL_NAME, default_model_path
from training import train as training

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def chosen_candidate() -> str:
    """The candidate of the shipped model card (the default when there is no card)."""
    card = default_model_path().with_name(CARD_NAME)
    try:
        return json.loads(card.read_text(encoding="utf-8"))["candidates"]["chosen"]
    except (OSError, ValueError, KeyError, TypeError):
        return training.DEFAULT_CANDIDATE


def family_models(out_dir: Path, annotations: Optional[list[Path]] = None, candidate: Optional[str] = None
                  ) -> tuple[dict, list[dict]]:
    """({family: model file fitted without it}, the training rows)."""
    from threadpoolctl import threadpool_limits

    from training.export import export_model, write_model

    candidate = candidate or chosen_candidate()
    records, _ = training.gold_records(annotations or [ROOT / "annotations"])
    dataset = training.to_dataset(records).to_list()
    features = [training.row_features(row) for row in dataset]
    with threadpool_limits(1):
        matrix = training.hash_features(features)
        held = training.guesses(training.held_out_proba(dataset, matrix, candidate, training.family))
        paths = {}
        for fam in training.FAMILIES:
            others = [i for i, row in enumerate(dataset) if training.family(row["doc"]) != fam]
            policy = training.choose_policy(dataset, held, others)
            fitted = training.fit(features, dataset, others, candidate)
            path = out_dir / fam / MODEL_NAME
            path.parent.mkdir(parents=True, exist_ok=True)
            write_model(path, export_model(fitted, f"held out: {fam} ({candidate})", policy=policy))
            paths[fam] = path
    return paths, dataset


def document_paths(docs: list[str]) -> dict[str, tuple[Path, Optional[Path]]]:
    """{annotation doc id: (narrative path, tables path or None)} of the documents found under ../shared."""
    real = {p.name: p for p in (SHARED / "corpus" / "real").rglob("*") if p.is_file()}
    out = {}
    for doc in docs:
        path = SHARED / "seeds" / f"{doc}.txt" if training.family(doc) == "seeds" else real.get(doc)
        if path is not None and path.exists():
            tables = path.with_name(path.stem + "_tables.pdf")
            out[doc] = (path, tables if tables.exists() else None)
    return out

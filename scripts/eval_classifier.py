#!/usr/bin/env python3
"""End-to-end effect of the claim classifier on the seeds: contradiction recall with and without it.

Recall is measured on the hand-checked contradictions of tests/golden/seed_contradictions.jsonl;
the script also prints how many error/warning findings each mode gives and how many claims the
classifier relabelled. Three modes: the rules alone, the shipped model, and (`--held-out`, needs
the `train` extra) each seed checked by a model fitted without that seed's annotations (same
candidate and policy as the shipped card), so no seed is judged by a model that saw it.

    scripts/eval_classifier.py [--held-out]
"""
import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parser.check import check_document  # noqa: E402
from parser.narrative import classifier as classify  # noqa: E402
from parser.sources import load_source  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
EXPECTED = [(r["seed"], r["line"], r["rule"], r["quote"])
            for r in map(json.loads, (ROOT / "tests" / "golden" / "seed_contradictions.jsonl")
                         .read_text(encoding="utf-8").splitlines()) if r]


def check(path):
    """The seed checked with the (retired, off by default) relabeller on."""
    return check_document(load_source(str(path)), relabel=True)


def found(report, line, rule, quote):
    return any(f.line == line and f.rule == rule and (quote in f.quote or f.quote in quote)
               for f in report.findings if f.severity in ("error", "warning"))


def use_model(path):
    if path is None:
        os.environ.pop(classify.MODEL_ENV, None)
    else:
        os.environ[classify.MODEL_ENV] = str(path)
    classify.cached_model.cache_clear()


def score(reports):
    hits = sum(found(reports[p], line, rule, quote) for p, line, rule, quote in EXPECTED)
    flagged = sum(1 for r in reports.values() for f in r.findings if f.severity in ("error", "warning"))
    return hits, flagged


def held_out_reports(seeds):
    """Each seed checked by a model fitted on every annotation except that seed's."""
    from training import train as training

    card_file = classify.card_path(classify.default_model_path())
    card = json.loads(card_file.read_text(encoding="utf-8"))
    candidate = card.get("candidates", {}).get("chosen", training.DEFAULT_CANDIDATE)
    records, _ = training.gold_records([ROOT / "annotations"])
    dataset = training.to_dataset(records).to_list()
    features = [training.row_features(row) for row in dataset]
    reports = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in seeds:
            rows = [i for i, row in enumerate(dataset) if row["doc"] != path.stem]
            models = training.fit(features, dataset, rows, candidate)
            out = Path(tmp) / path.stem
            out.mkdir()
            from training.export import export_model, write_model
            write_model(out / classify.MODEL_NAME, export_model(models, "held out", policy=card["policy"]))
            shutil.copy(card_file, out / classify.CARD_NAME)
            use_model(out / classify.MODEL_NAME)
            reports[path.name[:3]] = check(path)
    return reports


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--held-out", action="store_true", help="also check each seed with a model fitted without it")
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)
    seeds = sorted(SEEDS.glob("*.txt"))
    use_model(ROOT / "models" / "absent.model.json")
    base = {p.name[:3]: check(p) for p in seeds}
    use_model(None)
    shipped = {p.name[:3]: check(p) for p in seeds}
    modes = [("rules only", base), ("with classifier", shipped)]
    if args.held_out:
        modes.append(("held-out model", held_out_reports(seeds)))
        use_model(None)
    n = len(EXPECTED)
    print(f"contradiction recall on the seeds ({n} hand-checked contradictions)")
    for name, reports in modes:
        hits, flagged = score(reports)
        changed = "" if reports is base else ", " + str(sum(
            1 for k in base for a, b in zip(base[k].claims, reports[k].claims) if (a.kind, a.role) != (b.kind, b.role))) \
            + " claims relabelled"
        print(f"  {name + ':':<17}{hits}/{n} = {hits / n:.3f}   ({flagged} error/warning findings{changed})")


if __name__ == "__main__":
    main()

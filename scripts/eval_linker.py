#!/usr/bin/env python3
"""The linker's held-out figures: link accuracy by source family, against the rules' own choice.

    scripts/eval_linker.py [--rounds 1000] [--json]

For each source family (seeds, Putuo, Jiangsu, web) a model is fitted on the three others and scored on
its slots whose true input lies in the window (labelled: one candidate makes the stated figure agree —
or a hand-checked label names it). Printed per family and pooled: slots, the rules' accuracy, the
linker's (its model where confident, else the rules'), the model's own best candidate, and a 95%
bootstrap interval (documents resampled) of the linker's accuracy and of its gain over the rules.
Then the same against the hand-checked links of ../shared/corpus/web/labels.jsonl only.
Records are read once and cached under build/linker (needs the `train` extra).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from training.linker import bootstrap, build_records, gold, held_out, totals  # noqa: E402


def calibration(results: dict, bins: int = 10) -> dict:
    """Brier score and expected calibration error of the held-out models' candidate probabilities."""
    pairs = []
    for r in results.values():
        model = r["model"]
        for record in r["records"]:
            label, _ = gold(record)
            if label:
                pairs += [(model.probability(c["features"]), int(c["id"] == label)) for c in record["candidates"]]
    if not pairs:
        return {"candidates": 0}
    brier = sum((p - y) ** 2 for p, y in pairs) / len(pairs)
    ece = 0.0
    for b in range(bins):
        inside = [(p, y) for p, y in pairs if b / bins <= p < (b + 1) / bins or (b == bins - 1 and p == 1.0)]
        if inside:
            ece += len(inside) / len(pairs) * abs(sum(p for p, _ in inside) / len(inside)
                                                   - sum(y for _, y in inside) / len(inside))
    return {"candidates": len(pairs), "brier": brier, "ece": ece}


def doubt_ranking(results: dict, top: int = 50) -> dict:
    """How well the held-out model's doubt finds the rules' wrong links: the rules' errors among the `top`
    labelled slots where its best other candidate comes closest to (or beats) the rules' choice, against the
    rate over all slots."""
    ranked = []
    for r in results.values():
        model = r["model"]
        for record in r["records"]:
            label, _ = gold(record)
            if label:
                scores = {c["id"]: model.probability(c["features"]) for c in record["candidates"]}
                other = max(p for cid, p in scores.items() if cid != record["rules"])
                ranked.append((scores[record["rules"]] - other, record["rules"] != label))
    ranked.sort(key=lambda x: x[0])
    errors = sum(e for _, e in ranked)
    return {"slots": len(ranked), "errors": errors, "top": top, "errors_in_top": sum(e for _, e in ranked[:top])}


def row(name: str, per_doc: dict, rounds: int) -> dict:
    n, rules, linker, model = totals(per_doc)
    if not n:
        return {"set": name, "slots": 0}
    (lo, hi), (dlo, dhi) = bootstrap(per_doc, rounds)
    return {"set": name, "documents": len(per_doc), "slots": n, "rules": rules / n, "linker": linker / n,
            "model_argmax": model / n, "linker_ci": [lo, hi], "gain_ci": [dlo, dhi]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=1000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    records = build_records(log=lambda m: print(m, file=sys.stderr))
    results = held_out(records)
    rows = [row(f, r["per_doc"], args.rounds) for f, r in results.items()]
    pooled = {f"{f}/{d}": v for f, r in results.items() for d, v in r["per_doc"].items()}
    rows.append(row("all (each family held out)", pooled, args.rounds))
    review = {f"{f}/{d}": v for f, r in results.items() for d, v in r["review"].items()}
    rows.append(row("hand-checked web links", review, args.rounds))
    labelled = sum(1 for r in records if r["labels"])
    summary: dict = {"slots": len(records), "labelled": labelled,
               "by_source": {s: sum(1 for r in records if s in r["labels"]) for s in ("arithmetic", "review", "human")},
               "thresholds": {f: r["model"].threshold for f, r in results.items()}, "rows": rows,
               "calibration": calibration(results), "doubt": doubt_ranking(results)}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
        return 0
    print(f"slots {len(records)}, labelled {labelled} {summary['by_source']}; "
          f"thresholds by held-out family {summary['thresholds']}")
    print(f"{'held out':30} {'docs':>4} {'slots':>5} {'rules':>6} {'linker':>6} {'argmax':>6}  linker 95% CI    gain 95% CI")
    for r in rows:
        if not r["slots"]:
            print(f"{r['set']:30}    0     0")
            continue
        print(f"{r['set']:30} {r['documents']:4} {r['slots']:5} {r['rules']:6.3f} {r['linker']:6.3f} "
              f"{r['model_argmax']:6.3f}  [{r['linker_ci'][0]:.3f}, {r['linker_ci'][1]:.3f}]  "
              f"[{r['gain_ci'][0]:+.3f}, {r['gain_ci'][1]:+.3f}]")
    cal = summary["calibration"]
    if cal["candidates"]:
        print(f"calibration of held-out probabilities ({cal['candidates']} candidates): "
              f"Brier {cal['brier']:.4f}, ECE {cal['ece']:.4f}")
    d = summary["doubt"]
    if d["slots"]:
        print(f"the {d['top']} links the held-out model doubts most hold {d['errors_in_top']} of the rules' "
              f"{d['errors']} wrong links (error rate {d['errors_in_top'] / min(d['top'], d['slots']):.3f} "
              f"against {d['errors'] / d['slots']:.3f} over all {d['slots']} labelled slots)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Can the linker decide where the rules abstain? Held out by source family (issue 11, second way).

    scripts/eval_abstain.py [--rounds 1000] [--json] [-v]
    scripts/eval_abstain.py --end-to-end THRESHOLD [--reports DIR]

An abstention is a share, change or completion/execution/overrun rate the rules leave `unverifiable` (no
relation, or a share without its whole); its open slots are filled by the linker's most probable
candidates of the window when the lowest of their calibrated probabilities reaches a threshold chosen
out of family (training/linker_abstain.py). Printed per held-out family and pooled: abstentions, those
with a true input in the window (hand-checked `why` of ../shared/corpus/web/labels.jsonl, else the one
assignment that makes the figure agree), the threshold, the decisions taken (right, wrong; on figures
without a true input: agreeing, raising a finding, not checkable) and the share right of those with a
true input with a 95% bootstrap interval (documents resampled). The rules decide none of them (0).
Records are read once and cached under build/linker (needs the `train` extra).

--end-to-end THRESHOLD: what the decisions would change. Each document is checked by the rules, then again
with the relations the linker decides for its abstentions at THRESHOLD (each family by the scorer fitted
without it); printed: `gouji eval ../shared/corpus/web`, `gouji eval --mutate --per-doc all` on the web
corpus and on the seeds, and every decision taken with what the report then says of its figure;
`--reports DIR` also writes the 113 reports of scripts/compare_reports.py (to diff against a rules-only
`scripts/compare_reports.py write`).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from training import linker as linked_records  # noqa: E402
from training.linker_abstain import (  # noqa: E402
    FAMILIES,
    SHARED,
    THRESHOLDS,
    Scorer,
    assignment_key,
    bootstrap,
    build_records,
    deciding_check,
    held_out,
    outcome,
    truth_of,
)

OUTCOMES = ("right", "wrong", "agrees", "disagrees", "unknown")


def row(name: str, decided: list, threshold, rounds: int, hand_only: bool = False) -> dict:
    """The figures of one set of scored abstentions at `threshold` (None: each its family's)."""
    records = [(r, a, p, t) for r, a, p, t in decided if not hand_only or "review" in r["labels"]]
    labelled = [x for x in records if truth_of(x[0]) is not None]
    counts = {k: 0 for k in OUTCOMES}
    per_doc: dict = {}
    argmax_right = 0
    for r, a, p, t in records:
        taken = a is not None and p >= t
        said = outcome(r, a)
        if taken:
            counts[said] += 1
        if truth_of(r) is not None:
            per_doc.setdefault(r["doc"], []).append(int(taken and said == "right"))
            argmax_right += said == "right"
    lo, hi = bootstrap(per_doc, rounds) if per_doc else (0.0, 0.0)
    n = len(labelled)
    return {"set": name, "abstentions": len(records), "with_true_input": n,
            "hand_checked": sum(1 for r, *_ in labelled if "review" in r["labels"]),
            "threshold": threshold, **counts, "linker": counts["right"] / n if n else None,
            "ci": [lo, hi], "argmax": argmax_right / n if n else None}


def inner_counts(decided: list, threshold: float) -> dict:
    kept = [outcome(r, a) for r, a, p in decided if a is not None and p >= threshold]
    return {"right": kept.count("right"), "bad": kept.count("wrong") + kept.count("disagrees")}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=1000)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every abstention with a true input and "
                                                                 "every decision taken")
    ap.add_argument("--end-to-end", type=float, metavar="THRESHOLD", help="check the corpora with the decisions "
                                                                          "taken at THRESHOLD")
    ap.add_argument("--reports", type=Path, metavar="DIR", help="--end-to-end: also write the 113 reports here")
    args = ap.parse_args(argv)
    log = lambda m: print(m, file=sys.stderr)  # noqa: E731
    linked = linked_records.build_records(log=log)
    records = build_records(log=log)
    if args.end_to_end is not None:
        return end_to_end(linked, records, args.end_to_end, args.reports)
    abstained = [r for r in records if r.get("type") != "filled"]
    results = held_out(linked, records)
    rows, pooled, inner_pooled = [], [], []
    for family in FAMILIES:
        res = results[family]
        tagged = [(r, a, p, res["threshold"]) for r, a, p in res["decided"]]
        rows.append(row(family, tagged, res["threshold"], args.rounds))
        pooled += tagged
        inner_pooled += [(r, a, p, res["threshold"]) for r, a, p in res["inner"]]
    rows.append(row("all (each family held out)", pooled, None, args.rounds))
    rows.append(row("hand-checked web links", pooled, None, args.rounds, hand_only=True))
    for threshold in (0.5, 0.8, 0.9, 0.95, 0.99):
        rows.append(row(f"all, threshold {threshold}", [(r, a, p, threshold) for r, a, p, _ in pooled], threshold,
                        args.rounds))
    choice = {f: {str(t): inner_counts(results[f]["inner"], t) for t in THRESHOLDS} for f in FAMILIES}
    summary = {"abstentions": len(abstained), "threshold_choice": choice, "prior_slot_records": len(records) - len(abstained),
               "linked_records": len(linked), "rows": rows}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
        return 0
    print(f"{len(abstained)} abstentions (training: {len(linked)} linker slots, "
          f"{summary['prior_slot_records']} prior slots of the rules' changes)")
    print(f"{'held out':28} {'abst':>4} {'true':>4} {'hand':>4} {'thr':>5} {'right':>5} {'wrong':>5} "
          f"{'agree':>5} {'find':>5} {'n/a':>4} {'linker':>6} {'argmax':>6}  95% CI")
    for r in rows:
        thr = "fam" if r["threshold"] is None else f"{r['threshold']:.2f}"
        lk = f"{r['linker']:.3f}" if r["linker"] is not None else "  -  "
        am = f"{r['argmax']:.3f}" if r["argmax"] is not None else "  -  "
        print(f"{r['set']:28} {r['abstentions']:4} {r['with_true_input']:4} {r['hand_checked']:4} {thr:>5} "
              f"{r['right']:5} {r['wrong']:5} {r['agrees']:5} {r['disagrees']:5} {r['unknown']:4} {lk:>6} {am:>6}  "
              f"[{r['ci'][0]:.3f}, {r['ci'][1]:.3f}]")
    print("threshold chosen out of family (decisions on the other families' abstentions, each scored without "
          "its own family: right / wrong or raising a finding where no input agrees):")
    for family, by_t in choice.items():
        print(f"  {family:8} " + "  ".join(f"{t}: {c['right']}/{c['bad']}" for t, c in by_t.items())
              + f"  -> {results[family]['threshold']}")
    print("rules: 0 of the abstentions decided (they abstain); `find`: decisions that would raise a finding on "
          "a figure no input of its window makes agree")
    if args.verbose:
        for r, a, p, t in pooled:
            said = outcome(r, a)
            if truth_of(r) is not None or (a is not None and p >= t):
                print(f"  {r['doc']}:{r['line']} {r['text'][:24]} p={p:.3f} thr={t} {said:9} "
                      f"chosen {assignment_key(a) if a else '-'} true {assignment_key(truth_of(r)) if truth_of(r) else '-'}")
    return 0


def end_to_end(linked: list[dict], records: list[dict], threshold: float, reports) -> int:
    """The web labels' score, the mutation runs and (optionally) the 113 reports with the decisions taken."""
    import importlib
    import importlib.util

    from parser.evaluate import labels, mutate

    check_module = importlib.import_module("parser.check")     # `parser.check` is also the package's function

    scorers = {f: Scorer([r for r in linked if r["family"] != f], [r for r in records if r["family"] != f])
               for f in FAMILIES}
    taken: list = []
    rules_check = check_module.check_document
    vars(check_module)["check_document"] = deciding_check(scorers, threshold, rules_check, taken)  # what every check calls
    print(f"== decisions at threshold {threshold} (each family by the scorer fitted without it)")
    print(labels.render_text(labels.score_folder(SHARED / "corpus" / "web"), verbose=True))
    for folder in (SHARED / "corpus" / "web", SHARED / "seeds"):
        run = mutate.run_mutants([str(folder)], per_doc=None)
        print(f"== gouji eval --mutate {folder.name} --per-doc all")
        print(mutate.render_text(run))
    if reports is not None:
        spec = importlib.util.spec_from_file_location("compare_reports", Path(__file__).with_name("compare_reports.py"))
        assert spec is not None and spec.loader is not None
        compare = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(compare)
        taken.clear()
        compare.write(reports)
        print(f"== {len(taken)} decisions in the 113 reports (written to {reports})")
        for path, record, assignment, p in taken:
            print(f"  {Path(path).name}:{record['line']} {record['text'][:30]} p={p:.3f} {assignment_key(assignment)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

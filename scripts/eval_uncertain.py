#!/usr/bin/env python3
"""Are the mentions `gouji annotate uncertain` lists first really the ones the model gets wrong?

Each source family's annotated documents are scored as `gouji annotate uncertain` scores them
(training.labelstudio.score_file), by a model fitted on the other two families (training/heldout.py),
so every figure is on held-out documents. A mention is an error when the model's kind or role is not
the annotated one (is-a-claim is role ≠ other). Printed: the error rate of the 50 least certain
mentions, and of 50 mentions drawn at random (the mean over many draws, and one seeded draw).

    scripts/eval_uncertain.py [-n 50] [--draws 1000]      # needs the train extra (scikit-learn, datasets)
"""
from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parser.narrative import classifier  # noqa: E402
from training.annotations import mention_id  # noqa: E402
from training.heldout import document_paths, family_models  # noqa: E402
from training.labelstudio import score_file  # noqa: E402
from training.train import FAMILIES, family  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=50, help="how many mentions at the top and at random (default 50)")
    ap.add_argument("--draws", type=int, default=1000, help="random draws averaged (default 1000)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)
    scored = []                                           # (certainty, error, family, doc, mention, model, gold)
    with tempfile.TemporaryDirectory() as tmp:
        models, dataset = family_models(Path(tmp))
        gold = {row["id"]: row for row in dataset}
        paths = document_paths(sorted({row["doc"] for row in dataset}))
        for fam in FAMILIES:
            os.environ[classifier.MODEL_ENV] = str(models[fam])
            classifier.cached_model.cache_clear()
            for doc, (path, _) in sorted(paths.items()):
                if family(doc) != fam:
                    continue
                for item in score_file(str(path)):
                    row = gold.get(mention_id(item.doc, item.page, item.mention.line, item.mention.span))
                    if row is None or item.prediction is None:
                        continue
                    p = item.prediction
                    error = (p.kind, p.role) != (row["kind"], row["role"])
                    scored.append((item.certainty, error, fam, doc, item.mention.text, f"{p.kind}/{p.role}",
                                   f"{row['kind']}/{row['role']}"))
    if len(scored) < 2 * args.n:
        print(f"only {len(scored)} annotated mentions matched; nothing to measure")
        return 1
    top = sorted(scored, key=lambda s: s[0])[:args.n]
    top_rate = sum(s[1] for s in top) / args.n
    rng = random.Random(0)
    draws = [sum(s[1] for s in rng.sample(scored, args.n)) / args.n for _ in range(args.draws)]
    one = draws[0]
    overall = sum(s[1] for s in scored) / len(scored)
    print(f"{len(scored)} annotated mentions of held-out documents scored ({len(gold)} annotated in all); "
          f"model errors (kind or role): {sum(s[1] for s in scored)} = {overall:.3f}")
    print(f"top {args.n} least certain: {sum(s[1] for s in top)} errors = {top_rate:.3f} "
          f"(certainty {top[0][0]:.3f}–{top[-1][0]:.3f})")
    print(f"{args.n} drawn at random: {one:.3f} (one draw, seed 0); mean of {args.draws} draws {sum(draws) / len(draws):.3f}")
    ratio = top_rate / overall if overall else float("inf")
    print(f"ratio top / random (mean): {ratio:.1f}×  (target ≥ 3×: {'met' if ratio >= 3 else 'not met'})")
    by_family = {f: [s for s in top if s[2] == f] for f in FAMILIES}
    print("top by family: " + ", ".join(f"{f} {len(v)} ({sum(s[1] for s in v)} errors)" for f, v in by_family.items()))
    for s in top[:15]:
        print(f"  {s[0]:.3f}\t{'ERROR' if s[1] else 'ok'}\t{s[3]}\t{s[4]}\tmodel {s[5]}\tgold {s[6]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

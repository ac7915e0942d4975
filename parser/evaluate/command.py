"""`gouji eval`: thin glue between the command line and the scoring (labels) and mutation (mutate) runs."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from parser.errors import GoujiError

EXIT_OK, EXIT_INPUT = 0, 2


def register(sub) -> None:
    """`gouji eval FOLDER...` and `gouji eval --mutate FOLDER|FILE...`."""
    ev = sub.add_parser(
        "eval", help="score this build: against FOLDER/labels.jsonl, or (--mutate) on injected errors",
        description="Score the checker. Without --mutate: against the hand-checked statements of "
                    "FOLDER/labels.jsonl (recall of contradictions, false alarms on consistent statements, "
                    "findings on unlabelled statements per 500 lines). With --mutate: on copies of each text "
                    "document with one injected error (unit, transposed digits, percentage moved 1.3 points).")
    ev.add_argument("folders", nargs="+", metavar="FOLDER",
                    help="a folder of documents with labels.jsonl (or a labels .jsonl file); with --mutate also "
                         "folders without labels (their *.txt files) and single text files")
    ev.add_argument("-v", "--verbose", action="store_true",
                    help="list every missed contradiction, false alarm and unexplained finding (with --mutate: "
                         "every mutant and the findings it adds elsewhere)")
    ev.add_argument("--json", action="store_true", help="print one JSON object per FOLDER (with --mutate: one in all)")
    ev.add_argument("--mutate", action="store_true", help="inject one error per copy and measure recall per kind")
    ev.add_argument("--seed", type=int, default=0, help="--mutate: seed of the site draws (default 0)")
    ev.add_argument("--per-doc", type=per_doc, default=5, metavar="K",
                    help="--mutate: at most K mutants of each kind per document (default 5; `all`: every site once)")
    ev.add_argument("--out", metavar="DIR",
                    help="--mutate: also write every mutant as a text file and DIR/mutants.jsonl describing them")
    ev.set_defaults(handler=run_eval)


def per_doc(text: str):
    """`--per-doc`: a positive count, or `all` (None: every site).

    >>> per_doc("3"), per_doc("all")
    (3, None)
    """
    if text.strip().lower() == "all":
        return None
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a count of 1 or more, or all, not {text!r}")
    return value


def fail(message: str) -> int:
    print(f"gouji: {message}", file=sys.stderr)
    return EXIT_INPUT


def run_eval(args) -> int:
    try:
        if args.mutate:
            return run_mutate(args)
        if args.out:
            return fail("--out belongs to --mutate")
        return run_labels(args)
    except GoujiError as err:
        return fail(str(err))
    except BrokenPipeError:
        return EXIT_OK


def run_labels(args) -> int:
    from parser.evaluate.labels import render_text, score_dict, score_folder

    for folder in args.folders:
        score = score_folder(Path(folder))
        if args.json:
            print(json.dumps(score_dict(score), ensure_ascii=False))
        else:
            print(render_text(score, verbose=args.verbose))
    return EXIT_OK


def run_mutate(args) -> int:
    from parser.evaluate.mutate import render_text, run_dict, run_mutants

    written = []
    out = Path(args.out) if args.out else None
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            return fail(f"{out}: cannot create the folder ({err.strerror})")

    def keep(outcome, document) -> None:
        assert out is not None                     # keep is passed only with --out
        site = outcome.site
        name = f"{Path(outcome.doc).stem}.{site.kind}.{site.line}.{site.start}.txt"
        (out / name).write_text("\n".join(document.lines) + "\n", encoding="utf-8")
        written.append({"file": name, "doc": outcome.doc, "kind": site.kind, "line": site.line, "start": site.start,
                        "before": site.before, "after": site.after, "caught": bool(outcome.caught)})

    run = run_mutants(args.folders, seed=args.seed, per_doc=args.per_doc, on_mutant=keep if out else None)
    if out is not None:
        (out / "mutants.jsonl").write_text("".join(json.dumps(w, ensure_ascii=False) + "\n" for w in written),
                                           encoding="utf-8")
    if args.json:
        print(json.dumps(run_dict(run), ensure_ascii=False))
    else:
        print(render_text(run, verbose=args.verbose))
    return EXIT_OK

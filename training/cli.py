"""`gouji annotate …` and `gouji train`: thin glue between the command line and the annotation loop."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from parser.errors import GoujiError, printable
from training.annotations import AnnotationError, write_jsonl

EXIT_OK, EXIT_INPUT = 0, 2


def register(sub) -> None:
    """`gouji annotate export|import|uncertain` and `gouji train` (the claim classifier's loop)."""
    annotate = sub.add_parser("annotate", help="Label Studio round trip and the mentions the classifier is unsure of",
                              description="The annotators' loop for the claim classifier (annotations/GUIDE.md).")
    steps = annotate.add_subparsers(dest="step", required=True)
    annotate.set_defaults(handler=run_annotate)
    export = steps.add_parser("export", help="write Label Studio import JSON with the model's pre-annotations")
    export.add_argument("files", nargs="+", metavar="FILE", help="documents whose mentions become Label Studio tasks")
    export.add_argument("--out", metavar="PATH", required=True, help="tasks JSON to import into Label Studio")
    imp = steps.add_parser("import", help="turn a Label Studio JSON export into validated annotation records")
    imp.add_argument("export", metavar="EXPORT_JSON", help="a JSON export of a Label Studio project")
    imp.add_argument("--out", metavar="PATH", help="records file (default annotations/imported/<export name>.jsonl)")
    unsure = steps.add_parser("uncertain", help="list the mentions the model is least sure about")
    unsure.add_argument("files", nargs="+", metavar="FILE", help="documents whose mentions the model reads")
    unsure.add_argument("-n", type=int, default=50, help="how many (default 50)")
    train = sub.add_parser("train", help="retrain the claim classifier from annotations/ and print before/after metrics",
                           description="Retrain the claim classifier (needs the `train` extra: pip install -e '.[train]').")
    train.add_argument("--annotations", metavar="DIR", nargs="+", default=["annotations"],
                       help="annotation files or folders (default annotations)")
    train.add_argument("--out", metavar="DIR", default=None, help="where to write the model (default models/ of the source tree)")
    train.set_defaults(handler=run_train)


def fail(message: str) -> int:
    print(f"gouji: {printable(message)}", file=sys.stderr)
    return EXIT_INPUT


def run_annotate(args) -> int:
    from training import labelstudio

    try:
        if args.step == "export":
            tasks = labelstudio.export_tasks(args.files)
            Path(args.out).write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"{len(tasks)} tasks → {args.out} (labelling config: annotations/label_studio_config.xml)")
            return EXIT_OK
        if args.step == "import":
            tasks = labelstudio.read_export(Path(args.export))
            result = labelstudio.import_export(tasks, args.export)
            if result.rejected:                        # one line, nothing written
                others = len(result.rejected) - 1
                return fail(f"rejected {result.rejected[0]}" + (f" (and {others} more)" if others else ""))
            if not result.records:
                return fail(f"{args.export}: no completed annotation in {len(tasks)} task(s); nothing imported")
            for conflict in result.conflicts:
                print(f"gouji: conflict {conflict}", file=sys.stderr)
            out = Path(args.out) if args.out else Path("annotations") / "imported" / (Path(args.export).stem + ".jsonl")
            write_jsonl(out, result.records)
            print(f"{len(result.records)} annotated mentions → {out}")
            return EXIT_OK
        items = sorted((item for path in args.files for item in labelstudio.score_file(path)),
                       key=lambda item: item.certainty)
        if items and items[0].prediction is None:
            return fail("no usable claim classifier (see the warning above); nothing to rank")
        for item in items[:args.n]:
            m, p = item.mention, item.prediction
            assert p is not None                        # all have one when the first (least certain) has
            page = f"p{item.page}:" if item.page else ""
            print(f"{item.certainty:.2f}\t{item.path}:{page}{m.line}\t{m.text}\t{p.kind} {p.p_kind:.2f}\t"
                  f"{p.role} {p.p_role:.2f}\tclaim {p.p_claim:.2f}\trules {item.rule.kind}/{item.rule.role}\t"
                  f"{m.sentence.text.strip()[:60]}")
        return EXIT_OK
    except (GoujiError, AnnotationError) as err:
        return fail(str(err))


def run_train(args) -> int:
    try:
        from training.train import format_report, train
    except ImportError as err:
        return fail(f"training needs the `train` extra ({err.name} missing): pip install -e '.[train]'")
    from parser.narrative.classifier import CARD_NAME, default_model_path

    out = Path(args.out) if args.out else default_model_path().parent
    before = None
    card = out / CARD_NAME
    if card.exists():
        try:
            before = json.loads(card.read_text(encoding="utf-8")).get("evaluation")
        except ValueError:
            before = None
    try:
        result = train([Path(p) for p in args.annotations], out)
    except (AnnotationError, OSError) as err:
        return fail(str(err))
    print(format_report(result, before))
    print(f"\nmodel → {out}")
    return EXIT_OK

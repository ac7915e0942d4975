#!/usr/bin/env python3
"""Does the claim relabeller change findings for the better on documents of a family it never saw?

For each source family (seeds / Putuo / Jiangsu), a model fitted on the other two (training/heldout.py)
checks every annotated document of the family; the same document is checked with the rules alone
(use_model=False). The script prints how many error/warning findings each gives and every finding
that one has and the other has not, with its line and quote, to be read against the document; then
the same for the crosscheck of the family's documents with each other (`gouji check … --cross`), which
reads the claims' kind and role too.

With `--web`, the documents of ../shared/corpus/web (never annotated, never trained on) are checked
with the shipped model instead.

    scripts/relabel_findings.py [--web] [--json OUT]      # needs the train extra (scikit-learn, datasets)
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parser.check import check_document  # noqa: E402
from parser.cross.check import crosscheck_reports  # noqa: E402
from parser.load.joined import join_documents  # noqa: E402
from parser.narrative import classifier  # noqa: E402
from parser.sources import load_source  # noqa: E402
from training.heldout import document_paths, family_models  # noqa: E402
from training.train import FAMILIES, family  # noqa: E402


def key(f) -> tuple:
    return (f.rule, f.severity, f.line, f.quote, f.stated, f.expected)


def use(path: Path) -> None:
    os.environ[classifier.MODEL_ENV] = str(path)
    classifier.cached_model.cache_clear()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", metavar="OUT", help="also write the differing findings as JSON")
    ap.add_argument("--web", action="store_true", help="the web corpus with the shipped model")
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)
    out: list[dict] = []
    if args.web:
        web = sorted((ROOT.parent / "shared" / "corpus" / "web").glob("*.txt"))
        totals = {"web": compare(web, out)}
        return report(totals, out, args.json)
    with tempfile.TemporaryDirectory() as tmp:
        models, dataset = family_models(Path(tmp))
        paths = document_paths(sorted({row["doc"] for row in dataset}))
        totals = {}
        for fam in FAMILIES:
            use(models[fam])
            totals[fam] = compare([(doc, path, tables) for doc, (path, tables) in sorted(paths.items())
                                   if family(doc) == fam], out, fam)
    return report(totals, out, args.json)


def compare(documents, out: list, fam: str = "web") -> tuple[int, int, int]:
    """(error/warning findings with the rules alone, with the relabeller, claims relabelled) of the documents
    (paths, or (doc, path, tables) triples); the findings that differ are appended to `out` and printed."""
    rules_n = model_n = relabelled = 0
    plains, models = [], []
    for item in documents:
        doc, path, tables = item if isinstance(item, tuple) else (item.name, item, None)
        document = load_source(str(path))
        if tables is not None:
            document = join_documents(document, load_source(str(tables)))
        plain, with_model = check_document(document, use_model=False), check_document(document, relabel=True)
        plains.append(plain)
        models.append(with_model)
        relabelled += sum((a.kind, a.role) != (b.kind, b.role) for a, b in zip(plain.claims, with_model.claims))
        a = {key(f): f for f in plain.findings if f.severity in ("error", "warning")}
        b = {key(f): f for f in with_model.findings if f.severity in ("error", "warning")}
        rules_n, model_n = rules_n + len(a), model_n + len(b)
        for mode, only in (("rules only", a.keys() - b.keys()), ("with model only", b.keys() - a.keys())):
            for k in sorted(only, key=lambda k: k[2]):
                f = (a if mode == "rules only" else b)[k]
                out.append({"family": fam, "doc": doc, "in": mode, "rule": f.rule, "severity": f.severity,
                            "line": f.line, "quote": f.quote, "message": f.message})
                print(f"{fam}\t{doc}\t{mode}\t{f.rule}/{f.severity}\tline {f.line}\t{f.quote}\t{f.message}")
    cross = [crosscheck_reports(reports) for reports in (plains, models)]
    keys = [{(f["path"], f["line"], f["metric"], f["stated"], f["expected"]): f for f in c.findings} for c in cross]
    compared = [sum(p[10] for p in c.pairs) for c in cross]
    print(f"{fam}\tcrosscheck: {len(keys[0])} → {len(keys[1])} findings; facts compared {compared[0]} → "
          f"{compared[1]}")
    for mode, only, source in (("rules only", keys[0].keys() - keys[1].keys(), keys[0]),
                               ("with model only", keys[1].keys() - keys[0].keys(), keys[1])):
        for k in sorted(only, key=str):
            cf = source[k]
            out.append({"family": fam, "doc": cf["path"], "in": mode, "rule": "crosscheck", "severity": cf["severity"],
                        "line": cf["line"], "quote": cf.get("quote"), "message": cf.get("message")})
            print(f"{fam}\tcrosscheck\t{mode}\t{cf['path']}\tline {cf['line']}\t{cf['metric']}\t{cf['stated']} vs "
                  f"{cf['expected']}")
    return rules_n, model_n, relabelled


def report(totals: dict, out: list, json_out) -> int:
    print("\nerror/warning findings on held-out documents (rules only → with the relabeller; claims relabelled):")
    for fam, (rules_n, model_n, relabelled) in totals.items():
        print(f"  {fam:<6} {rules_n} → {model_n}   ({relabelled} claims relabelled)")
    print(f"  findings that differ: {len(out)}")
    if json_out:
        Path(json_out).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line of the crosscheck: `gouji crosscheck DB`, and the `--cross` options of `check` and `scan`."""
from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from parser.errors import GoujiError

if TYPE_CHECKING:
    from parser.cross.check import CrossResult

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
SCHEMA = "gouji.cross/1"


def register(sub) -> None:
    """Add the `crosscheck` command to gouji's sub-command parser."""
    cross = sub.add_parser(
        "crosscheck", help="compare the documents of each body in a scan database with each other",
        description="Compare what each document of a scan database states about another year or scope (比上年增加D, "
                    "与上年一致, 上年决算数, a 单位 against its 部门) with that document's own figures; store the "
                    "findings in the cross_findings table and print them with the series and pairs compared. "
                    "Exit 0: no contradiction; 1: at least one error or warning; 2: usage or database error.")
    cross.add_argument("db", metavar="DB", help="a database made by `gouji scan`")
    cross.add_argument("--meta", metavar="FILE", help="corrections of documents' identity: TSV (key, body, scope, kind, "
                                                      "year; key = path, file name or SHA-256) or JSON")
    cross.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people (default); json: one gouji.cross/1 object")
    cross.add_argument("--explain", action="store_true", help="also print DuckDB's plan of the comparison join")
    cross.set_defaults(handler=run_crosscheck)


def add_options(parser, *, scan: bool = False) -> None:
    """`--cross` (and `--meta`) for `gouji check` and `gouji scan`."""
    parser.add_argument("--cross", action="store_true",
                        help="also compare the documents of each body with each other (gouji crosscheck)"
                        if scan else "also compare the FILEs with each other (years, 部门/单位 of one body)")
    parser.add_argument("--meta", metavar="FILE", help="with --cross: corrections of documents' body, scope, kind, year")


def load_overrides(path):
    from parser.cross.identity import read_meta_file
    return read_meta_file(path) if path else {}


def run_crosscheck(args) -> int:
    import os

    import duckdb

    from parser.cross.check import crosscheck, explain
    from parser.scan.store import connect
    try:
        overrides = load_overrides(args.meta)
        if not os.path.exists(args.db):
            raise GoujiError(f"{args.db}: no such database (make one with `gouji scan PATH... --db {args.db}`)")
        con = connect(args.db)
    except GoujiError as err:
        print(f"gouji: {err}", file=sys.stderr)
        return EXIT_INPUT
    try:
        result = crosscheck(con, overrides=overrides)
        plan = explain(con) if args.explain else ""
    except duckdb.Error as err:
        print(f"gouji: {args.db}: database error: {' '.join(str(err).split())}", file=sys.stderr)
        return EXIT_INPUT
    finally:
        con.close()
    sys.stdout.write(render(result, args.format))
    if plan:
        sys.stdout.write(plan + "\n")
    return exit_status(result)


def exit_status(result) -> int:
    return EXIT_FINDINGS if any(f["severity"] in ("error", "warning") for f in result.findings) else EXIT_OK


def finding_dict(row: dict) -> dict:
    """A cross finding as CONTRACT.md's finding object plus `other_source` (and `source`, `source_line`)."""
    return {"id": row["id"], "rule": row["rule"], "severity": row["severity"], "message": row["message"],
            "cause": row["cause"], "line": row["line"], "page": row["page"], "quote": row["quote"],
            "stated": row["stated"], "expected": row["expected"], "evidence": json.loads(row["evidence"]),
            "claims": list(row["claims"] or []), "confidence": row["confidence"],
            "source": row["source_path"], "source_line": row["source_line"],
            "other_source": json.loads(row["other_source"])}


def render(result, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(as_dict(result), ensure_ascii=False, default=str) + "\n"
    return render_text(result)


def as_dict(result) -> dict:
    return {"schema": SCHEMA,
            "findings": [finding_dict(f) for f in result.findings],
            "pairs": [dict(zip(("body", "scope", "year", "kind", "path", "other_scope", "other_year", "other_kind",
                                "other_path", "relation", "compared", "agreeing"), p)) for p in result.pairs],
            "unlinked": [dict(zip(("body", "scope", "year", "kind", "why", "facts", "metrics"), u))
                         for u in result.unlinked],
            "series": [dict(zip(("body", "scope", "kind", "years", "documents", "own_facts", "stated_facts"), s))
                       for s in result.series]}


def render_text(result) -> str:
    out = ["Cross-document check", "", "Series (body, scope, kind: years; documents, own figures, figures about others)"]
    out += [f"  {body} {scope} {kind}: {', '.join(map(str, years))}; {docs} documents, {own} own, {stated} stated"
            for body, scope, kind, years, docs, own, stated in result.series]
    out += ["", "Pairs compared (facts compared, agreeing)"]
    out += [f"  {body} {year}{scope}{kind} → {oyear}{oscope}{okind} ({relation}): {n} compared, {ok} agree"
            f"   {name(path)} ↔ {name(opath)}"
            for body, scope, year, kind, path, oscope, oyear, okind, opath, relation, n, ok in result.pairs]
    if not result.pairs:
        out.append("  none: no two documents of one body state the same figure")
    out += ["", "Not linked (figures about a document that is not here, or that it does not state)"]
    out += [f"  {body} {scope} {year} {kind}: {why}, {n} figure(s): {metrics}"
            for body, scope, year, kind, why, n, metrics in result.unlinked]
    if result.no_facts:
        out.append(f"  {result.no_facts} document(s) have no identity or facts (scanned by an earlier gouji): "
                   "scan them again with --force")
    out += ["", f"Findings ({len(result.findings)})"]
    for f in result.findings:
        out.append(f"  [{f['severity']}] {f['message']}")
        out.append(f"      {name(f['source_path'] or f['path'])}:{f['source_line'] or f['line']}"
                   f"{' p' + str(f['page']) if f['page'] else ''}  {f['quote']}")
        out.append(f"      {name(f['other_source_path'] or f['other_path'])}:{f['other_source_line'] or f['other_line']}"
                   f"{' p' + str(f['other_page']) if f['other_page'] else ''}  {f['other_quote']}")
    if not result.findings:
        out.append("  no contradiction between documents")
    return "\n".join(out) + "\n"


def name(path) -> str:
    import os
    return os.path.basename(path or "")


def cross_of_reports(reports, meta_path) -> tuple[CrossResult, int]:
    """`gouji check … --cross`: the crosscheck of the reports, as (result, exit status); raises GoujiError."""
    from parser.cross.check import crosscheck_reports
    result = crosscheck_reports(reports, overrides=load_overrides(meta_path))
    return result, exit_status(result)


def cross_of_database(db: str, meta_path) -> tuple[object, int]:
    """`gouji scan … --cross`: crosscheck the database just scanned."""
    from parser.cross.check import crosscheck
    from parser.scan.store import connect
    overrides = load_overrides(meta_path)
    con = connect(db)
    try:
        result = crosscheck(con, overrides=overrides)
    finally:
        con.close()
    return result, exit_status(result)


def render_html_section(result) -> str:
    """The cross findings as an HTML section: the two documents' quotes side by side."""
    from html import escape
    out = ["<h1>Between documents (rule cross)</h1>"]
    for f in result.findings:
        out.append(f'<div class="finding {escape(f["severity"])}"><span class="sev">{escape(f["severity"])}</span>'
                   f'{escape(f["message"])}<table style="width:100%;table-layout:fixed"><tr>')
        for path, line, page, quote in ((f["source_path"] or f["path"], f["source_line"] or f["line"], f["page"],
                                         f["quote"]),
                                        (f["other_source_path"] or f["other_path"],
                                         f["other_source_line"] or f["other_line"], f["other_page"], f["other_quote"])):
            where = f"{name(path)}:{line}" + (f" p{page}" if page else "")
            out.append(f'<td style="vertical-align:top"><div class="muted">{escape(where)}</div>'
                       f'<div class="line"><mark>{escape(quote or "")}</mark></div></td>')
        out.append("</tr></table></div>")
    if not result.findings:
        out.append('<p class="muted">No contradiction between the documents.</p>')
    out.append(f'<p class="muted">{len(result.pairs)} pair(s) of documents compared, '
               f'{sum(p[10] for p in result.pairs)} figures.</p>')
    return "\n".join(out)

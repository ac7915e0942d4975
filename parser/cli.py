"""Command line: thin — parse arguments, call the library, print, set the exit code."""
from __future__ import annotations

import argparse
import json
import os
import sys

from parser import limits
from parser.errors import Errors, GoujiError, printable

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
PLUGIN_GROUP = "gouji.commands"
MIN_CHECK_MEMORY_MB = 1024            # the cap also bounds the libraries loaded after it (readers, jieba's words)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gouji",
        description="勾稽: find the numeric claims in Chinese fiscal disclosures (部门决算/预算, 绩效自评) "
                    "and reconcile them with the document's own tables and text.")
    from parser import __version__
    parser.add_argument("--version", action="version", version=f"gouji {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="check documents; exit 0 = consistent, 1 = findings, 2 = input error",
                           description="Check documents. Exit 0: no contradiction; 1: at least one error or "
                                       "warning; 2: usage or input error.")
    check.add_argument("files", nargs="+", metavar="FILE",
                       help="documents, recognised by content: text (UTF-8, GBK, …), PDF, DOCX, HTML (UTF-8 or GBK), "
                            "XLSX/XLS, page-text JSON; - reads one document from standard input")
    check.add_argument("--format", choices=("json", "text", "html"), default="text",
                       help="json: one report object per file (JSON Lines for several); text: for people "
                            "(default); html: one self-contained page for all files")
    check.add_argument("--out", metavar="PATH", help="write the output to PATH instead of standard output")
    limits.add_arguments(check)
    check.add_argument("-v", "--verbose", action="store_true",
                       help="show the warnings of the libraries that read files (pdfminer, openpyxl …) and which "
                            "trained model is used")
    check.add_argument("--no-model", action="store_true",
                       help="use no trained model: the rules' labels alone (models/README.md)")
    check.add_argument("--tables", metavar="TABLES", action="append",
                       help="the tables of the (one) FILE, published as a separate file: both are read as one "
                            "document, findings name the file (source) and its line (source_line); repeatable")
    from parser.cross import cli as cli_cross
    cli_cross.add_options(check)                      # gouji check … --cross [--meta FILE]
    text = sub.add_parser("text", help="print the text that line numbers refer to",
                          description="Print the document's text as gouji reads and numbers it: the `line` of every "
                                      "finding, claim and table is a line of this text (for a PDF, `page` is the "
                                      "page of that line). Table rows are TAB-separated cells.")
    text.add_argument("file", metavar="FILE", help="a document (any format `gouji check` reads); - for standard input")
    text.add_argument("--tables", metavar="TABLES", action="append",
                      help="a separate tables file: print the joined text `check FILE --tables TABLES` numbers")
    text.add_argument("--numbers", action="store_true",
                      help="prefix each line with its number (and, for a PDF, pN: its page)")
    from parser import review
    from parser.scan import cli as cli_scan
    review.register(sub)                              # gouji review import
    cli_scan.register(sub)                            # gouji scan, gouji report
    cli_cross.register(sub)                           # gouji crosscheck
    from parser.evaluate import command as eval_command
    eval_command.register(sub)                        # gouji eval
    for register in plugin_commands():                # gouji annotate, gouji train (training/)
        register(sub)
    return parser


def plugin_commands():
    """The `register(subparsers)` functions of the `gouji.commands` entry points.

    The training package adds `annotate` and `train` this way (pyproject.toml), so the checker never
    imports it; a plugin that fails to import is skipped with a warning."""
    import logging
    from importlib.metadata import entry_points
    for entry in sorted(entry_points(group=PLUGIN_GROUP), key=lambda e: e.name):
        try:
            yield entry.load()
        except Exception as err:                      # a broken plugin must not take the checker down
            logging.getLogger(__name__).warning("gouji: command plugin %s not loaded (%s)", entry.name, err)


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if hasattr(args, "handler"):                      # commands registered by other modules
        return args.handler(args)
    quiet_libraries(getattr(args, "verbose", False))
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")        # the model is tiny; a thread pool per core only costs memory

    try:
        if args.command == "check":
            return run_check(args)
        return run_text(args)
    except BrokenPipeError:
        return EXIT_OK


def run_check(args) -> int:
    if args.tables and len(args.files) != 1:
        print("gouji: --tables belongs to one narrative FILE; check other documents in another run", file=sys.stderr)
        return EXIT_INPUT
    if args.files.count("-") > 1:
        print("gouji: - (standard input) can be given once", file=sys.stderr)
        return EXIT_INPUT
    bounds = limits.from_arguments(args)
    if bounds.memory_mb < MIN_CHECK_MEMORY_MB:
        print(f"gouji: --memory-mb must be at least {MIN_CHECK_MEMORY_MB} for check: it bounds the whole process, "
              "the libraries it loads while reading included", file=sys.stderr)
        return EXIT_INPUT
    previous_cap = limits.cap_memory(bounds.memory_mb)
    try:
        reports, outputs, status = check_all(args, bounds)
    finally:
        limits.restore_memory(previous_cap)            # in-process callers (tests, notebooks) are not left capped
    return finish_check(args, reports, outputs, status)


def check_all(args, bounds):
    """Check each FILE within the limits: (reports, outputs, exit status)."""
    from parser.check import check
    from parser.report.serialize import render_text, to_dict

    outputs, reports, status = [], [], EXIT_OK
    for path in args.files:
        try:
            with limits.deadline(bounds.timeout):
                source = read_stdin(bounds.max_mb) if path == "-" else path
                report = check(source, tables=args.tables, limits=bounds, name="<stdin>" if path == "-" else None,
                               use_model=not args.no_model)
        except GoujiError as err:
            print(f"gouji: {one_line(str(err))}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        except limits.Overtime:
            print(f"gouji: {printable(path)}: {Errors.E_TIMEOUT.format(limit=bounds.timeout)}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        except MemoryError:
            print(f"gouji: {printable(path)}: {Errors.E_MEMORY.format(limit=bounds.memory_mb)}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        reports.append(report)
        if args.format == "json":
            outputs.append(json.dumps(to_dict(report), ensure_ascii=False))
        elif args.format == "text":
            outputs.append(render_text(report))
        if status != EXIT_INPUT and any(f.severity in ("error", "warning") for f in report.findings):
            status = EXIT_FINDINGS
    return reports, outputs, status


def finish_check(args, reports, outputs, status) -> int:
    """The HTML page and the crosscheck of the reports, then the output written."""
    from parser.report.html import render_html

    if args.format == "html" and reports:
        outputs.append(render_html(reports).rstrip("\n"))
    if args.cross and reports:
        from parser.cross.cli import cross_of_reports, render
        try:
            result, cross_status = cross_of_reports(reports, args.meta)
        except GoujiError as err:
            print(f"gouji: {err}", file=sys.stderr)
            return EXIT_INPUT
        if args.format == "html":
            from parser.cross.cli import render_html_section
            page = outputs.pop() if outputs else ""
            outputs.append(page.replace("\n</body>", "\n" + render_html_section(result) + "\n</body>", 1))
        else:
            outputs.append(render(result, "json" if args.format == "json" else "text").rstrip("\n"))
        status = max(status, cross_status) if status != EXIT_INPUT else status
    text = "\n".join(outputs) + ("\n" if outputs else "")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return status


def read_stdin(max_mb: float) -> bytes:
    """Standard input's bytes (at most one over the size limit: the reader refuses it then)."""
    return sys.stdin.buffer.read(int(max_mb * 1024 * 1024) + 1)


def run_text(args) -> int:
    from parser.load import DEFAULT_MAX_MB, load, load_bytes
    from parser.load.joined import join_documents
    try:
        first = load_bytes(read_stdin(DEFAULT_MAX_MB), "<stdin>") if args.file == "-" else load(args.file)
        document = join_documents(first, *(load(t) for t in args.tables or ()))
    except GoujiError as err:
        print(f"gouji: {one_line(str(err))}", file=sys.stderr)
        return EXIT_INPUT
    for number, line in enumerate(document.lines, 1):
        page = document.page_of(number)
        prefix = f"{number}\t" if args.numbers else ""
        sys.stdout.write(f"{prefix}{line}\n" if page is None or not args.numbers else f"{number}\tp{page}\t{line}\n")
    return EXIT_OK


def one_line(text: str) -> str:
    """A message on one line whatever it quotes.

    >>> one_line("a.txt: bad\\nthing")
    'a.txt: bad thing'
    """
    return " ".join(text.split("\n"))


LIBRARY_LOGGERS = ("pdfminer", "pdfplumber", "PIL", "docx", "openpyxl", "xlrd", "olefile", "jieba")


def quiet_libraries(verbose: bool) -> None:
    """Keep third-party warnings (pdfminer on a damaged PDF, openpyxl on unknown extensions) off stderr,
    so that an input error stays one line; `-v` shows them."""
    import logging
    import warnings
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
        return
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", module=r"(pdfminer|pdfplumber|PIL|docx|openpyxl|xlrd|olefile|jieba|spacy)")


if __name__ == "__main__":
    sys.exit(main())

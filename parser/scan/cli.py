"""Command line of bulk scans: `gouji scan` and `gouji report` (registered by parser/cli.py)."""
from __future__ import annotations

import logging
import os
import sys

from parser import limits
from parser.errors import GoujiError
from parser.load import DEFAULT_MAX_MB
from parser.scan.worker import one_line_text

EXIT_OK, EXIT_INPUT, EXIT_INTERRUPTED = 0, 2, 130
DEFAULT_DB = "gouji.duckdb"


def register(sub) -> None:
    """Add the `scan` and `report` commands to gouji's sub-command parser."""
    from parser.scan.worker import Limits
    defaults = Limits()
    scan = sub.add_parser(
        "scan", help="check many files in parallel into a DuckDB database (resumable)",
        description="Check every file under the given folders, globs and paths (formats are recognised by content; "
                    "files with the same SHA-256 are checked once) and store documents, tables, claims and findings "
                    "in a DuckDB database, one transaction per document. Run it again to resume an interrupted scan: "
                    "documents already checked by this gouji version and rule set are skipped. Exit 0 when the scan "
                    "completes (whatever the documents hold), 2 on a usage or database error, 130 when interrupted.")
    scan.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (walked recursively) or globs")
    scan.add_argument("--db", default=DEFAULT_DB, metavar="FILE",
                      help=f"the DuckDB database to create or resume (default {DEFAULT_DB})")
    scan.add_argument("--jobs", "-j", type=positive_int, default=os.cpu_count() or 1,
                      help="worker processes, or workers of the local Dask cluster (default: the number of CPUs)")
    scan.add_argument("--engine", choices=("local", "dask"), default="local",
                      help="local worker processes (default) or a Dask distributed cluster")
    scan.add_argument("--scheduler", metavar="ADDRESS",
                      help="Dask scheduler address (tcp://host:8786); a local cluster of --jobs workers when absent")
    scan.add_argument("--timeout", type=positive_float, default=defaults.timeout,
                      help=f"seconds allowed per document (default {defaults.timeout:g}); then its status is timeout")
    scan.add_argument("--memory-mb", type=positive_int, default=defaults.memory_mb,
                      help=f"memory a document may take in its worker, MB (default {defaults.memory_mb})")
    scan.add_argument("--max-mb", type=positive_float, default=DEFAULT_MAX_MB,
                      help=f"refuse files larger than this, MB (default {DEFAULT_MAX_MB})")
    limits.add_arguments(scan, skip=("max_mb", "timeout", "memory_mb"))
    scan.add_argument("--force", action="store_true", help="check again documents that are already in the database")
    scan.add_argument("--no-model", action="store_true",
                      help="use no trained model: the rules' labels alone (recorded with the rule set)")
    scan.add_argument("--parquet", metavar="DIR", help="also export every table to DIR/NAME.parquet at the end")
    scan.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary line")
    scan.add_argument("--verbose", "-v", action="count", default=0,
                      help="log each committed document on stderr (-vv: debugging detail)")
    from parser.cross.cli import add_options
    add_options(scan, scan=True)                     # --cross, --meta: gouji crosscheck after the scan
    scan.set_defaults(handler=run_scan)

    report = sub.add_parser(
        "report", help="summarise a scan database; export it as CSV, XLSX or Parquet",
        description="Print documents by status, findings by rule and severity, and the departments and years with "
                    "most findings; optionally export the tables.")
    report.add_argument("db", metavar="DB", nargs="?", default=DEFAULT_DB,
                        help=f"a database made by `gouji scan` (default {DEFAULT_DB})")
    report.add_argument("--top", type=positive_int, default=10, help="rows in each ranking (default 10)")
    report.add_argument("--csv", metavar="DIR", help="write every table and view to DIR/NAME.csv")
    report.add_argument("--xlsx", metavar="FILE", help="write the summary, documents, findings and files to FILE")
    report.add_argument("--parquet", metavar="DIR", help="write every table and view to DIR/NAME.parquet")
    report.set_defaults(handler=run_report)


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise ValueError(text)
    return value


def one_line(err: BaseException) -> str:
    return one_line_text(str(err))


def failure(err: Exception, db: str) -> int:
    """One line on stderr for a scan or crosscheck that stopped on its input or its database; exit status 2."""
    import duckdb
    if isinstance(err, duckdb.Error):
        print(f"gouji: {db}: database error: {one_line(err)}", file=sys.stderr)
    else:
        print(f"gouji: {err}", file=sys.stderr)
    return EXIT_INPUT


def run_scan(args) -> int:
    import duckdb

    from parser.scan import scan
    from parser.scan.store import connect, export

    logging.basicConfig(level={0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG),
                        format="gouji: %(message)s", stream=sys.stderr)
    if args.engine == "dask":
        quiet_dask(args.verbose)
    if args.scheduler and args.engine != "dask":
        print("gouji: --scheduler needs --engine dask", file=sys.stderr)
        return EXIT_INPUT
    bounds = limits.from_arguments(args, timeout=args.timeout, memory_mb=args.memory_mb, max_mb=args.max_mb)
    show = not args.quiet and sys.stderr.isatty()
    try:
        summary = scan(args.paths, args.db, jobs=args.jobs, engine=args.engine, scheduler=args.scheduler,
                       limits=bounds, force=args.force, progress=show, args=sys.argv[1:], use_model=not args.no_model)
        if args.parquet:
            con = connect(args.db, read_only=True)
            try:
                export(con, args.parquet, "parquet")
            finally:
                con.close()
    except (GoujiError, duckdb.Error) as err:
        return failure(err, args.db)
    except KeyboardInterrupt:
        print(f"gouji: interrupted; run the same command again to resume ({args.db} keeps every finished "
              "document)", file=sys.stderr)
        return EXIT_INTERRUPTED
    if getattr(args, "cross", False):
        from parser.cross.cli import cross_of_database, render
        try:
            result, _ = cross_of_database(args.db, args.meta)
        except (GoujiError, duckdb.Error) as err:
            return failure(err, args.db)
        sys.stdout.write(render(result, "text"))
    if not args.quiet:
        statuses = ", ".join(f"{s} {n}" for s, n in sorted(summary.statuses.items()))
        stored = stored_findings(args.db)
        found = f"{summary.findings} findings" if stored is None else \
            f"{stored} findings in the database ({summary.findings} from this run)"
        print(f"gouji: {summary.files} files, {summary.documents} documents ({summary.duplicates} duplicate files); "
              f"checked {summary.checked} ({statuses or 'none'}), {summary.skipped} already done; "
              f"{found}; {summary.seconds:.1f} s → {args.db}", file=sys.stderr)
    return EXIT_OK


def stored_findings(db: str):
    """Findings of the documents the database holds (a resumed scan's own run finds only the new ones)."""
    import duckdb

    from parser.scan.store import connect
    try:
        con = connect(db, read_only=True)
    except GoujiError:
        return None
    try:
        return con.execute("SELECT count(*) FROM findings").fetchone()[0]
    except duckdb.Error:
        return None
    finally:
        con.close()


DASK_LOGGERS = ("distributed", "dask", "tornado", "bokeh")


def quiet_dask(verbose: int) -> None:
    """Dask's own logs (scheduler and worker start/stop, some 30 lines a run) only with -v."""
    level = "info" if verbose else "error"
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", level)       # read by the cluster's worker processes
    try:
        import dask
        dask.config.set({"logging.distributed": level})
    except ImportError:
        return
    for name in DASK_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO if verbose else logging.ERROR)


def run_report(args) -> int:
    import duckdb

    from parser.scan.summary import export_csv, export_parquet, export_xlsx, open_database, render, summarise

    try:
        con = open_database(args.db)
    except GoujiError as err:
        print(f"gouji: {err}", file=sys.stderr)
        return EXIT_INPUT
    try:
        summary = summarise(con, top=args.top)
        text = render(summary, args.db)
        sys.stdout.write(text)
        if args.csv:
            export_csv(con, args.csv)
            print(f"gouji: wrote CSV files to {args.csv}", file=sys.stderr)
        if args.parquet:
            export_parquet(con, args.parquet)
            print(f"gouji: wrote Parquet files to {args.parquet}", file=sys.stderr)
        if args.xlsx:
            counts = export_xlsx(con, summary, args.xlsx, args.db)
            print(f"gouji: wrote {args.xlsx} ({', '.join(f'{k} {v}' for k, v in counts.items())} rows)",
                  file=sys.stderr)
    except (OSError, duckdb.Error) as err:
        print(f"gouji: cannot write the export: {one_line(err)}", file=sys.stderr)
        return EXIT_INPUT
    finally:
        con.close()
    return EXIT_OK

"""`gouji report`: what a scan database holds, as a text summary, CSV, XLSX or Parquet."""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

from parser.errors import ScanError
from parser.scan.schema import FINAL_STATUSES
from parser.scan.store import connect, export

SEVERITIES = ("error", "warning", "info")
XLSX_MAX_ROWS = 1_048_575                      # Excel's sheet size less the header
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Summary:
    files: int
    documents: int
    duplicates: int
    by_status: list[tuple[str, int]]
    messages: list[tuple[str, str, int]]                 # status, message, documents
    by_rule: list[tuple[str, int, int, int]]             # rule, errors, warnings, infos
    departments: list[tuple[str, int, int]]              # department, findings, documents
    years: list[tuple[int, int, int]]                    # year, findings, documents
    runs: list[tuple]                                    # run_id, started, finished, version, ruleset, checked


def open_database(path: str):
    if not os.path.exists(path):
        raise ScanError(f"{path}: no such database (make one with `gouji scan PATH... --db {path}`)")
    con = connect(path, read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "documents" not in tables:
        raise ScanError(f"{path}: not a gouji scan database (no documents table)")
    return con


def summarise(con, top: int = 10) -> Summary:
    """The figures `gouji report` prints."""
    q = lambda sql, *params: con.execute(sql, list(params)).fetchall()       # noqa: E731
    files = q("SELECT count(*) FROM files")[0][0]
    documents = q("SELECT count(*) FROM documents")[0][0]
    duplicates = q("SELECT count(*) FROM file_results WHERE duplicate")[0][0]
    status_counts = dict(q("SELECT status, count(*) FROM documents GROUP BY status"))
    unreadable = q("SELECT count(*) FROM files WHERE sha256 IS NULL")[0][0]
    if unreadable:
        status_counts["error"] = status_counts.get("error", 0) + unreadable
    by_status = [(s, status_counts.pop(s, 0)) for s in FINAL_STATUSES] + sorted(status_counts.items())
    messages = q("SELECT status, message, count(*) n FROM documents WHERE status <> 'ok' "
                 "GROUP BY ALL ORDER BY n DESC, status, message LIMIT ?", top)
    by_rule = q("SELECT rule, count(*) FILTER (severity = 'error'), count(*) FILTER (severity = 'warning'), "
                "count(*) FILTER (severity = 'info') FROM findings GROUP BY rule ORDER BY count(*) DESC, rule")
    departments = q("SELECT coalesce(department, '(unknown)') d, sum(n_findings) n, count(*) FROM documents "
                    "WHERE status = 'ok' GROUP BY d ORDER BY n DESC, d LIMIT ?", top)
    years = q("SELECT year, sum(n_findings) n, count(*) FROM documents WHERE status = 'ok' "
              "GROUP BY year ORDER BY n DESC, year LIMIT ?", top)
    runs = q("SELECT run_id, started_at, finished_at, gouji_version, ruleset, checked FROM runs ORDER BY run_id")
    return Summary(files=files, documents=documents, duplicates=duplicates, by_status=by_status,
                   messages=messages, by_rule=by_rule, departments=departments, years=years, runs=runs)


def render(summary: Summary, path: str) -> str:
    """The summary as text for people."""
    out = [f"{path}: {summary.files} files, {summary.documents} distinct documents, "
           f"{summary.duplicates} duplicate files"]
    if summary.runs:
        last = summary.runs[-1]
        state = "finished" if last[2] else "interrupted or running"
        out.append(f"  {len(summary.runs)} scan run(s); last: #{last[0]} {state}, gouji {last[3]}, rules {last[4]}")
    out += ["", "Documents by status"]
    out += [f"  {status:10} {count:8d}" for status, count in summary.by_status]
    if summary.messages:
        out += ["", "Most frequent problems"]
        out += [f"  {n:6d}  {status:9} {message}" for status, message, n in summary.messages]
    out += ["", f"Findings by rule      {'error':>8} {'warning':>8} {'info':>8} {'total':>8}"]
    for rule, errors, warnings, infos in summary.by_rule:
        out.append(f"  {rule:19} {errors:8d} {warnings:8d} {infos:8d} {errors + warnings + infos:8d}")
    if not summary.by_rule:
        out.append("  no findings")
    else:
        totals = [sum(r[i] for r in summary.by_rule) for i in (1, 2, 3)]
        out.append(f"  {'all':19} {totals[0]:8d} {totals[1]:8d} {totals[2]:8d} {sum(totals):8d}")
    out += ["", f"Departments with most findings {'findings':>10} {'documents':>10}"]
    out += [f"  {pad(dept, 28)}{n or 0:10d} {docs:10d}" for dept, n, docs in summary.departments]
    out += ["", f"Years with most findings {'findings':>10} {'documents':>10}"]
    out += [f"  {pad(str(year) if year is not None else '(unknown)', 22)}{n or 0:10d} {docs:10d}"
            for year, n, docs in summary.years]
    return "\n".join(out) + "\n"


def pad(text: str, width: int) -> str:
    """Pad to a width in terminal columns, a Chinese character taking two.

    >>> pad("财政局", 8) + "|"
    '财政局  |'
    """
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(1, width - used) if used < width else text + " "


def export_xlsx(con, summary_text: str, target: str) -> dict[str, int]:
    """One workbook: the summary, documents, findings with their document, and every file's status."""
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    sheet = book.create_sheet("summary")
    for line in summary_text.splitlines():
        sheet.append([line])
    counts = {}
    for name, sql in (("documents", "SELECT * EXCLUDE (run_id) FROM documents ORDER BY path"),
                      ("findings", "SELECT * EXCLUDE (sha256) FROM finding_details ORDER BY path, line, id"),
                      ("files", "SELECT * FROM file_results ORDER BY path")):
        cursor = con.execute(sql + f" LIMIT {XLSX_MAX_ROWS}")
        sheet = book.create_sheet(name)
        sheet.append([d[0] for d in cursor.description])
        counts[name] = 0
        while batch := cursor.fetchmany(10000):
            for row in batch:
                sheet.append([cell_value(v) for v in row])
            counts[name] += len(batch)
    book.save(target)
    return counts


def cell_value(value):
    """A database value as an XLSX cell: lists as text, control characters (which XLSX refuses) dropped.

    >>> cell_value(["c1", "c2"]), cell_value(3), cell_value("表\\x0c1")
    ('c1, c2', 3, '表1')
    """
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = str(value)
    if isinstance(value, str):
        return CONTROL.sub("", value)
    return value


def export_csv(con, folder: str) -> list[str]:
    return export(con, folder, "csv")


def export_parquet(con, folder: str) -> list[str]:
    return export(con, folder, "parquet")

"""`gouji report`: what a scan database holds, as a text summary, CSV, XLSX or Parquet."""
from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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
    cross: Sequence[tuple] = ()                            # severity, message, path, line, other path, other line


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
    tables = {r[0] for r in q("SELECT table_name FROM information_schema.tables")}
    found = "findings" + (" UNION ALL SELECT rule, severity FROM cross_findings" if "cross_findings" in tables else "")
    by_rule = q("SELECT rule, count(*) FILTER (severity = 'error'), count(*) FILTER (severity = 'warning'), "
                f"count(*) FILTER (severity = 'info') FROM (SELECT rule, severity FROM {found}) "
                "GROUP BY rule ORDER BY count(*) DESC, rule")
    departments = q("SELECT coalesce(department, '(unknown)') d, sum(n_findings) n, count(*) FROM documents "
                    "WHERE status = 'ok' GROUP BY d ORDER BY n DESC, d LIMIT ?", top)
    years = q("SELECT year, sum(n_findings) n, count(*) FROM documents WHERE status = 'ok' "
              "GROUP BY year ORDER BY n DESC, year LIMIT ?", top)
    runs = q("SELECT run_id, started_at, finished_at, gouji_version, ruleset, checked FROM runs ORDER BY run_id")
    cross = q("SELECT severity, message, path, coalesce(source_line, line), other_path, "
              "coalesce(other_source_line, other_line) FROM cross_findings ORDER BY CASE severity WHEN 'error' THEN 0 "
              "WHEN 'warning' THEN 1 ELSE 2 END, path, line LIMIT ?", top) if "cross_findings" in tables else []
    return Summary(files=files, documents=documents, duplicates=duplicates, by_status=by_status,
                   messages=messages, by_rule=by_rule, departments=departments, years=years, runs=runs,
                   cross=cross)


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
        totals = [sum(r[1] for r in summary.by_rule), sum(r[2] for r in summary.by_rule),
                  sum(r[3] for r in summary.by_rule)]
        out.append(f"  {'all':19} {totals[0]:8d} {totals[1]:8d} {totals[2]:8d} {sum(totals):8d}")
    out += [""] + ranking("Departments with most findings", [(d, n, docs) for d, n, docs in summary.departments])
    out += [""] + ranking("Years with most findings",
                          [(str(y) if y is not None else "(unknown)", n, docs) for y, n, docs in summary.years])
    if summary.cross:
        out += ["", "Findings between documents (gouji crosscheck; all rows in the cross_findings table)"]
        for severity, message, path, line, other, other_line in summary.cross:
            out.append(f"  [{severity}] {message}")
            out.append(f"      {os.path.basename(path)}:{line} ↔ {os.path.basename(other)}:{other_line}")
    return "\n".join(out) + "\n"


LABEL_MAX = 40                     # terminal columns of a ranking's names; longer ones are cut with …


def ranking(title: str, rows: list[tuple[str, int, int]]) -> list[str]:
    """A title line and rows whose figures stand under its column names, whatever the width of the names
    (a Chinese character takes two columns).

    >>> print("\\n".join(ranking("Who", [("财政局", 3, 1), ("x", 12, 2)])))
    Who       findings  documents
      财政局         3          1
      x             12          2
    """
    width = min(LABEL_MAX, max([columns(title) - 2] + [columns(label) for label, _, _ in rows]))
    lines = [f"{pad(title, width + 2)}{'findings':>10} {'documents':>10}"]
    lines += [f"  {pad(cut(label, width), width)}{n or 0:10d} {docs:10d}" for label, n, docs in rows]
    return lines


def columns(text: str) -> int:
    """Terminal columns of a text, a wide (Chinese) character taking two.

    >>> columns("财政局a")
    7
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cut(text: str, width: int) -> str:
    """The text cut with … to fit `width` columns.

    >>> cut("上海市普陀区人民政府办公室", 10), cut("财政局", 10)
    ('上海市普…', '财政局')
    """
    if columns(text) <= width:
        return text
    out = ""
    for char in text:
        if columns(out + char) > width - 1:
            break
        out += char
    return out + "…"


def pad(text: str, width: int) -> str:
    """Pad to a width in terminal columns, a Chinese character taking two.

    >>> pad("财政局", 8) + "|"
    '财政局  |'
    """
    used = columns(text)
    return text + " " * (width - used) if used < width else text


def export_xlsx(con, summary: Summary, target: str, name: str = "") -> dict[str, int]:
    """One workbook: a summary sheet of tables, then documents, findings with their document, and every file's
    status; each data sheet with a frozen header row, an autofilter and column widths fitted to its content."""
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    write_summary(book.create_sheet("summary"), summary, name)
    counts = {}
    for sheet_name, sql in (("documents", "SELECT * EXCLUDE (run_id) FROM documents ORDER BY path"),
                            ("findings", "SELECT * EXCLUDE (sha256) FROM finding_details ORDER BY path, line, id"),
                            ("files", "SELECT * FROM file_results ORDER BY path")):
        cursor = con.execute(sql + f" LIMIT {XLSX_MAX_ROWS}")
        header = [d[0] for d in cursor.description]
        first = [[cell_value(v) for v in row] for row in cursor.fetchmany(XLSX_SAMPLE_ROWS)]
        sheet = book.create_sheet(sheet_name)
        for letter, width in zip(column_letters(len(header)), fitted_widths(header, first)):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
        sheet.append([bold(sheet, h) for h in header])
        for row in first:
            sheet.append(row)
        counts[sheet_name] = len(first)
        while batch := cursor.fetchmany(10000):
            for row in batch:
                sheet.append([cell_value(v) for v in row])
            counts[sheet_name] += len(batch)
        sheet.auto_filter.ref = f"A1:{column_letters(len(header))[-1]}{counts[sheet_name] + 1}"
    book.save(target)
    return counts


XLSX_SAMPLE_ROWS = 2000            # rows read before a sheet's column widths are fixed
MIN_WIDTH, MAX_WIDTH = 6, 60


def write_summary(sheet, summary: Summary, name: str) -> None:
    """The summary as tables a spreadsheet can sort and sum: one block per ranking, figures as numbers."""
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 14
    for letter in "CDEF":
        sheet.column_dimensions[letter].width = 12
    sheet.append([bold(sheet, "gouji scan database"), name])
    sheet.append(["files", summary.files])
    sheet.append(["distinct documents", summary.documents])
    sheet.append(["duplicate files", summary.duplicates])
    if summary.runs:
        last = summary.runs[-1]
        sheet.append(["scan runs", len(summary.runs)])
        sheet.append(["last run", f"#{last[0]}", "finished" if last[2] else "interrupted or running",
                      f"gouji {last[3]}", last[4]])
    blocks: list[tuple[str, list[str], list[list[Any]]]]
    blocks = [("Documents by status", ["status", "documents"], [list(r) for r in summary.by_status]),
              ("Most frequent problems", ["status", "message", "documents"], [list(r) for r in summary.messages]),
              ("Findings by rule", ["rule", "error", "warning", "info", "total"],
               [[r, e, w, i, e + w + i] for r, e, w, i in summary.by_rule]),
              ("Departments with most findings", ["department", "findings", "documents"],
               [[d or "(unknown)", n or 0, docs] for d, n, docs in summary.departments]),
              ("Years with most findings", ["year", "findings", "documents"],
               [[y if y is not None else "(unknown)", n or 0, docs] for y, n, docs in summary.years])]
    for title, header, rows in blocks:
        if not rows and title == "Most frequent problems":
            continue
        sheet.append([])
        sheet.append([bold(sheet, title)])
        sheet.append([bold(sheet, h) for h in header])
        for row in rows:
            sheet.append([cell_value(v) for v in row])
        if title == "Findings by rule" and rows:
            sheet.append(["all", *[sum(r[i] for r in rows) for i in range(1, 5)]])


def bold(sheet, value):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def column_letters(n: int) -> list[str]:
    """
    >>> column_letters(3), column_letters(28)[-1]
    (['A', 'B', 'C'], 'AB')
    """
    from openpyxl.utils import get_column_letter
    return [get_column_letter(i) for i in range(1, n + 1)]


def fitted_widths(header: list[str], rows: list[list]) -> list[float]:
    """Each column's width: its widest header or value (a Chinese character counting two), within bounds.

    >>> fitted_widths(["path", "n"], [["上海市普陀区司法局.pdf", 3]])
    [24, 6]
    """
    out: list[float] = []
    for i, name in enumerate(header):
        widest = max([columns(str(name))] + [columns(str(r[i])) for r in rows if r[i] is not None])
        out.append(max(MIN_WIDTH, min(MAX_WIDTH, widest + 2)))
    return out


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


UTF8_BOM = b"\xef\xbb\xbf"


def export_csv(con, folder: str) -> list[str]:
    """Every table and view as CSV, UTF-8 with a BOM (so that Excel on a Chinese Windows reads it as UTF-8)."""
    written = export(con, folder, "csv")
    for path in written:
        with_bom(path)
    return written


def with_bom(path: str) -> None:
    """Put a UTF-8 BOM at the start of a file (copied through a temporary file beside it, in blocks)."""
    import shutil
    temporary = path + ".bom.tmp"
    with open(path, "rb") as source, open(temporary, "wb") as target:
        target.write(UTF8_BOM)
        shutil.copyfileobj(source, target, 1 << 20)
    os.replace(temporary, path)


def export_parquet(con, folder: str) -> list[str]:
    return export(con, folder, "parquet")

"""The scan database (DuckDB): schema, what is already done, one transaction per document.

Only the scanning process writes; workers hand their outcomes back to it. A
document's row is committed together with its tables, claims and findings and
with the paths of every file holding its bytes, so that a scan killed at any
moment leaves whole documents only, and a new scan starts where it stopped.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Optional

from parser.errors import ScanError
from parser.scan.rows import outcome_rows
from parser.scan.schema import COLUMNS, FINAL_STATUSES, RESULT_TABLES, create_statements
from parser.scan.walk import Candidate

log = logging.getLogger(__name__)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def connect(path: str, *, read_only: bool = False):
    """Open (and, for writing, create) a scan database."""
    import duckdb
    refuse_other_files(path)
    try:
        con = duckdb.connect(path, read_only=read_only)
    except (duckdb.Error, OSError) as err:
        raise ScanError(f"{path}: cannot open the database ({' '.join(str(err).split())})") from None
    if not read_only:
        for statement in create_statements():
            con.execute(statement)
    return con


DUCKDB_MAGIC = b"DUCK"             # at offset 8 of every DuckDB database file


def refuse_other_files(path: str) -> None:
    """A ScanError, in words, for a path that is a folder or a file but not a DuckDB database."""
    import os
    if os.path.isdir(path):
        raise ScanError(f"{path}: is a folder; give a database file (for example {os.path.join(path, 'gouji.duckdb')})")
    try:
        with open(path, "rb") as handle:
            head = handle.read(12)
    except FileNotFoundError:
        return
    except OSError as err:
        raise ScanError(f"{path}: cannot read ({err.strerror or err})") from None
    if head and head[8:12] != DUCKDB_MAGIC:
        raise ScanError(f"{path}: not a DuckDB database but a file of another kind; name a new file or a "
                        "database made by `gouji scan`")


def cast_of(sql_type: str) -> str:
    """
    >>> cast_of("VARCHAR[]"), cast_of("DECIMAL(38,6)")
    ('VARCHAR[][]', 'DECIMAL(38,6)[]')
    """
    return sql_type + "[]"


FEW_ROWS = 8


def insert_rows(con, table: str, rows: list[tuple]) -> None:
    """Insert rows in one statement: a VALUES list for a few, else one list parameter per column, unnested
    (for hundreds of rows that is some 20 times faster than VALUES or executemany)."""
    if not rows:
        return
    cols = COLUMNS[table]
    if len(rows) <= FEW_ROWS:
        one = "(" + ", ".join("?" for _ in cols) + ")"
        con.execute(f"INSERT INTO {table} VALUES " + ", ".join([one] * len(rows)), [v for row in rows for v in row])
        return
    select = ", ".join(f"unnest(?::{cast_of(t)}) AS {c}" for c, t in cols)
    con.execute(f"INSERT INTO {table} SELECT {select}", [list(column) for column in zip(*rows)])


@dataclass
class Plan:
    """What a scan has to do: documents to check and the files of each."""
    tasks: list[tuple[str, str]] = field(default_factory=list)          # (sha256, first path)
    paths: dict[str, list[Candidate]] = field(default_factory=dict)     # sha256 → its files
    skipped: int = 0                                                     # documents already done
    unreadable: int = 0
    files: int = 0


class Store:
    """The writer's handle on a scan database."""

    def __init__(self, path: str, identity: dict):
        self.path = path
        self.con = connect(path)
        self.con.execute("SET threads = 1")          # the workers need the CPUs; writes here are small
        self.identity = identity
        self.run_id: Optional[int] = None
        self.stored_paths: set[str] = set()           # paths the files table holds (filled by plan)

    def close(self) -> None:
        self.con.close()

    def start_run(self, engine: str, jobs: int, args: list[str]) -> int:
        self.run_id = self.con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0]
        insert_rows(self.con, "runs", [(self.run_id, utcnow(), None, None, self.identity["gouji_version"],
                                        self.identity["ruleset"], engine, jobs, json.dumps(args, ensure_ascii=False),
                                        None, None, None, 0, True)])
        return self.run_id

    def update_run(self, **values) -> None:
        sets = ", ".join(f"{k} = ?" for k in values)
        self.con.execute(f"UPDATE runs SET {sets} WHERE run_id = ?", [*values.values(), self.run_id])

    def done(self) -> set[str]:
        """Documents already checked to a final status by this gouji version and rule set."""
        rows = self.con.execute(
            f"SELECT sha256 FROM documents WHERE gouji_version = ? AND ruleset = ? AND status IN "
            f"({', '.join('?' * len(FINAL_STATUSES))})",
            [self.identity["gouji_version"], self.identity["ruleset"], *FINAL_STATUSES]).fetchall()
        return {r[0] for r in rows}

    def plan(self, found: Iterable[Candidate], *, force: bool) -> Plan:
        """Group the files by content; record at once those whose document is done or unreadable."""
        plan = Plan()
        unreadable = []
        for cand in found:
            plan.files += 1
            if cand.sha256 is None:
                unreadable.append(cand)
            else:
                plan.paths.setdefault(cand.sha256, []).append(cand)
        self.stored_paths = {r[0] for r in self.con.execute("SELECT path FROM files").fetchall()}
        done = set() if force else self.done()
        settled = []
        for sha, group in plan.paths.items():
            if sha in done:
                plan.skipped += 1
                settled.extend(group)
            else:
                plan.tasks.append((sha, group[0].path))
        # Biggest first: the long documents start early and the last minutes stay busy on every worker.
        plan.tasks.sort(key=lambda t: (-plan.paths[t[0]][0].size, t[1]))
        plan.unreadable = len(unreadable)
        self.con.execute("BEGIN TRANSACTION")
        self.replace_files(settled + unreadable)
        self.con.execute("COMMIT")
        return plan

    def replace_files(self, files: list[Candidate]) -> None:
        """Point each path at its present content; drop documents no path holds any more."""
        if not files:
            return
        paths = [f.path for f in files]
        now = utcnow()
        rows = [(f.path, f.sha256, f.size, f.error or None, self.run_id, now) for f in files]
        if not self.stored_paths.intersection(paths):            # new paths: nothing to replace
            insert_rows(self.con, "files", rows)
            self.stored_paths.update(paths)
            return
        old = {r[0] for r in self.con.execute(
            "SELECT DISTINCT sha256 FROM files WHERE path IN (SELECT unnest(?::VARCHAR[])) AND sha256 IS NOT NULL",
            [paths]).fetchall()}
        self.con.execute("DELETE FROM files WHERE path IN (SELECT unnest(?::VARCHAR[]))", [paths])
        insert_rows(self.con, "files", rows)
        self.stored_paths.update(paths)
        old -= {f.sha256 for f in files}
        if old:
            orphans = [r[0] for r in self.con.execute(
                "SELECT s FROM (SELECT unnest(?::VARCHAR[]) AS s) WHERE s NOT IN (SELECT sha256 FROM files "
                "WHERE sha256 IS NOT NULL)", [sorted(old)]).fetchall()]
            if orphans:
                log.info("dropping %d document(s) no scanned path holds any more", len(orphans))
                self.delete_results(orphans)

    def delete_results(self, shas: list[str]) -> None:
        for table in RESULT_TABLES:
            self.con.execute(f"DELETE FROM {table} WHERE sha256 IN (SELECT unnest(?::VARCHAR[]))", [shas])

    def commit(self, outcome: dict, files: list[Candidate], existing: bool) -> None:
        """Store one document's results and its files in one transaction."""
        assert self.run_id is not None, "start_run() first"
        rows = outcome_rows(outcome, files[0].size, self.identity, self.run_id, utcnow())
        self.con.execute("BEGIN TRANSACTION")
        try:
            if existing:
                self.delete_results([outcome["sha256"]])
            for table, table_rows in rows.items():
                insert_rows(self.con, table, table_rows)
            self.replace_files(files)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def known(self) -> set[str]:
        """Every document stored, whatever produced it."""
        return {r[0] for r in self.con.execute("SELECT sha256 FROM documents").fetchall()}

    def export_parquet(self, folder: str) -> list[str]:
        """Write every table as FOLDER/NAME.parquet."""
        return export(self.con, folder, "parquet")


def export(con, folder: str, fmt: str) -> list[str]:
    """Write each table (and the two views) to FOLDER/NAME.{parquet,csv}; return the paths written."""
    import os
    os.makedirs(folder, exist_ok=True)
    written = []
    names = [n for n in COLUMNS] + ["file_results", "finding_details"]
    options = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"
    for name in names:
        target = os.path.join(folder, f"{name}.{fmt}")
        con.execute(f"COPY (SELECT * FROM {name}) TO '{escape(target)}' {options}")
        written.append(target)
    return written


def escape(text: str) -> str:
    """A string for a single-quoted SQL literal.

    >>> escape("it's")
    "it''s"
    """
    return text.replace("'", "''")

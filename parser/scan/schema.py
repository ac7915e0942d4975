"""The scan database's tables: one list of (column, SQL type) per table, in insert order.

Money and other figures keep the contract's exact decimal strings (`value`);
`yuan` is also given as DECIMAL(38,6) so that SQL can add amounts up.
Evidence is JSON text. Every result row carries the gouji version and rule set
that produced it.
"""
from __future__ import annotations

IDENTITY = [("gouji_version", "VARCHAR"), ("ruleset", "VARCHAR")]

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("sha256", "VARCHAR"), ("path", "VARCHAR"), ("size", "BIGINT"), ("format", "VARCHAR"),
        ("status", "VARCHAR"), ("message", "VARCHAR"),
        ("title", "VARCHAR"), ("department", "VARCHAR"), ("year", "INTEGER"), ("kind", "VARCHAR"),
        ("lines", "INTEGER"), ("pages", "INTEGER"), ("n_tables", "INTEGER"), ("n_claims", "INTEGER"),
        ("n_checked", "INTEGER"), ("n_consistent", "INTEGER"), ("n_unverifiable", "INTEGER"),
        ("n_findings", "INTEGER"), ("n_errors", "INTEGER"), ("n_warnings", "INTEGER"),
        ("seconds", "DOUBLE"), ("peak_rss_mb", "DOUBLE"),
        *IDENTITY, ("run_id", "INTEGER"), ("checked_at", "TIMESTAMP"),
        # added for the crosscheck (parser/cross): last, so ALTER TABLE appends them
        ("body", "VARCHAR"), ("scope", "VARCHAR"), ("units", "INTEGER"),
    ],
    "tables": [
        ("sha256", "VARCHAR"), ("id", "VARCHAR"), ("title", "VARCHAR"), ("code", "VARCHAR"),
        ("unit", "VARCHAR"), ("kind", "VARCHAR"), ("line", "INTEGER"), ("page", "INTEGER"),
        ("n_rows", "INTEGER"), ("n_cols", "INTEGER"), ("notes", "JSON"), *IDENTITY,
    ],
    "claims": [
        ("sha256", "VARCHAR"), ("id", "VARCHAR"), ("text", "VARCHAR"), ("subject", "VARCHAR"),
        ("metric", "VARCHAR"), ("kind", "VARCHAR"), ("role", "VARCHAR"), ("year", "INTEGER"),
        ("value", "VARCHAR"), ("unit", "VARCHAR"), ("yuan", "DECIMAL(38,6)"), ("approx", "BOOLEAN"),
        ("line", "INTEGER"), ("page", "INTEGER"), ("span_start", "INTEGER"), ("span_end", "INTEGER"),
        ("status", "VARCHAR"), ("reason", "VARCHAR"), ("confidence", "DOUBLE"), *IDENTITY,
        ("origin", "VARCHAR"),                   # added after the first release: last, so ALTER TABLE appends it
    ],
    "findings": [
        ("sha256", "VARCHAR"), ("id", "VARCHAR"), ("rule", "VARCHAR"), ("severity", "VARCHAR"),
        ("message", "VARCHAR"), ("cause", "VARCHAR"), ("line", "INTEGER"), ("page", "INTEGER"),
        ("quote", "VARCHAR"), ("stated", "VARCHAR"), ("expected", "VARCHAR"), ("evidence", "JSON"),
        ("claims", "VARCHAR[]"), ("confidence", "DOUBLE"), *IDENTITY,
        ("code", "VARCHAR"),                     # the message's code (parser/rules/messages.py): last, so ALTER TABLE appends it
    ],
    # The figures each document states about its own year and about other documents (parser/cross/facts.py).
    "cross_facts": [
        ("sha256", "VARCHAR"), ("fact_id", "INTEGER"), ("role", "VARCHAR"), ("how", "VARCHAR"),
        ("year_offset", "INTEGER"), ("year_ref", "INTEGER"), ("base_kind", "VARCHAR"), ("metric", "VARCHAR"),
        ("basis", "VARCHAR"), ("value", "VARCHAR"), ("unit", "VARCHAR"), ("yuan", "DECIMAL(38,6)"),
        ("lo", "DECIMAL(38,6)"), ("hi", "DECIMAL(38,6)"), ("step", "DECIMAL(38,6)"), ("line", "INTEGER"),
        ("page", "INTEGER"), ("quote", "VARCHAR"), ("source_path", "VARCHAR"), ("source_line", "INTEGER"),
        ("explained", "BOOLEAN"), ("text", "VARCHAR"), *IDENTITY, ("claim", "VARCHAR"),
    ],
    # Findings between documents of one body (gouji crosscheck), rebuilt by every crosscheck.
    "cross_findings": [
        ("sha256", "VARCHAR"), ("path", "VARCHAR"), ("id", "VARCHAR"), ("rule", "VARCHAR"), ("severity", "VARCHAR"),
        ("message", "VARCHAR"), ("cause", "VARCHAR"), ("line", "INTEGER"), ("page", "INTEGER"),
        ("quote", "VARCHAR"), ("stated", "VARCHAR"), ("expected", "VARCHAR"), ("evidence", "JSON"),
        ("claims", "VARCHAR[]"), ("confidence", "DOUBLE"), ("other_source", "JSON"),
        ("other_sha256", "VARCHAR"), ("other_path", "VARCHAR"), ("other_line", "INTEGER"), ("other_page", "INTEGER"),
        ("other_quote", "VARCHAR"), ("body", "VARCHAR"), ("scope", "VARCHAR"), ("year", "INTEGER"),
        ("kind", "VARCHAR"), ("metric", "VARCHAR"), ("basis", "VARCHAR"), ("how", "VARCHAR"),
        ("source_path", "VARCHAR"), ("source_line", "INTEGER"), ("other_source_path", "VARCHAR"),
        ("other_source_line", "INTEGER"), *IDENTITY,
    ],
    "files": [
        ("path", "VARCHAR"), ("sha256", "VARCHAR"), ("size", "BIGINT"), ("error", "VARCHAR"),
        ("run_id", "INTEGER"), ("seen_at", "TIMESTAMP"),
    ],
    "runs": [
        ("run_id", "INTEGER"), ("started_at", "TIMESTAMP"), ("ready_at", "TIMESTAMP"),
        ("finished_at", "TIMESTAMP"), *IDENTITY, ("engine", "VARCHAR"), ("jobs", "INTEGER"),
        ("args", "VARCHAR"), ("files", "INTEGER"), ("documents", "INTEGER"), ("to_check", "INTEGER"),
        ("checked", "INTEGER"), ("interrupted", "BOOLEAN"),
    ],
}

# Tables holding one document's results, replaced together in one transaction.
RESULT_TABLES = ("documents", "tables", "claims", "findings", "cross_facts")

# Columns that differ between two runs over the same files (when and how fast), left out of comparisons.
VOLATILE = {"run_id", "checked_at", "seconds", "peak_rss_mb", "seen_at"}

FINAL_STATUSES = ("ok", "error", "needs_ocr", "timeout")

VIEWS = {
    # Every file scanned, with the status of the document it holds (an unreadable file is an error).
    "file_results": """
        SELECT f.path, f.sha256, f.size, coalesce(d.status, 'error') AS status,
               coalesce(d.message, f.error) AS message, d.format, d.department, d.year, d.kind, d.scope,
               d.n_findings,
               f.sha256 IS NOT NULL AND d.path IS DISTINCT FROM f.path AS duplicate
        FROM files f LEFT JOIN documents d USING (sha256)""",
    # Findings with the document they were found in; the document's columns named as in `documents`
    # (document_kind: the earlier name of kind, kept for queries written before).
    "finding_details": """
        SELECT d.path, d.department, d.year, d.kind, d.scope, d.title, f.*, d.kind AS document_kind
        FROM findings f JOIN documents d USING (sha256)""",
}


def create_statements() -> list[str]:
    """CREATE TABLE / VIEW statements for a new or existing database.

    >>> create_statements()[0].startswith("CREATE TABLE IF NOT EXISTS documents (sha256 VARCHAR")
    True
    """
    out = [f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(f'{c} {t}' for c, t in cols)})"
           for name, cols in COLUMNS.items()]
    out += [f"ALTER TABLE {name} ADD COLUMN IF NOT EXISTS {c} {t}"      # a database made by an earlier release
            for name, cols in COLUMNS.items() for c, t in cols]
    out += [f"CREATE OR REPLACE VIEW {name} AS {sql.strip()}" for name, sql in VIEWS.items()]
    return out

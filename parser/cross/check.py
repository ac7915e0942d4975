"""The crosscheck: the facts of all documents of one body compared in DuckDB SQL.

Two joins over the `cross_facts` table (hash joins on the body, scope, year, kind, metric and basis key,
no Python loop over pairs of documents):

- a figure one document states about another year (`与上年相比增加D` after X: last year's X − D; a
  `与上年一致`; an explicit `上年决算数为X`) against the other document's own figure;
- a 单位 document's own figures against its 部门 document of the same year: where the 部门 adds up one
  budget unit only (`不单列预算，并入本部`) the figures must be the same; where it adds up several, the
  unit's totals must not exceed the department's.

A stated figure agrees when the interval its printed inputs allow meets the other figure's rounding or
truncation interval (CONTRACT.md); a figure stated twice in the other document agrees when one of them does.
Agreements are not reported. A miss of about one last printed unit is a `warning` (rounding), a larger
one an `error`; where the stating sentence says the 口径 changed, `info` (scope). Statements about a
document of the body that is not in the database (another year, a 预算执行数 that no document states) are
listed as series that could not be linked.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Optional

from parser.cross.identity import wording

log = logging.getLogger(__name__)

# The documents and facts of one body, each fact with the year and kind of document it is about.
KEYED = """
CREATE OR REPLACE TEMP VIEW cross_keyed AS
SELECT f.*, d.path, d.body, coalesce(d.scope, '部门') AS scope, d.kind AS doc_kind, d.year AS doc_year, d.units,
       coalesce(f.year_ref, d.year + f.year_offset) AS fact_year,
       coalesce(f.base_kind, d.kind) AS fact_kind,
       regexp_replace(f.metric, '^code:(.*/)?', '') AS leaf      -- a 项 named with or without its 款
FROM cross_facts f JOIN documents d USING (sha256)
WHERE d.status = 'ok' AND coalesce(d.body, '') <> '' AND d.year IS NOT NULL
"""

# Every comparison made: a stated fact against each own fact of another document under its key.
PAIRS = """
CREATE OR REPLACE TEMP TABLE cross_pairs AS
SELECT s.sha256, s.fact_id, o.sha256 AS other_sha256, o.fact_id AS other_fact_id, o.how = 'table' AS other_table,
       'stated' AS relation,
       (s.lo <= o.yuan + o.step AND s.hi >= o.yuan - o.step / 2) AS agree,
       (CASE WHEN o.yuan < s.lo THEN s.lo - o.yuan - o.step / 2 ELSE o.yuan - s.hi - o.step END) / o.step AS miss
FROM cross_keyed s JOIN cross_keyed o
  ON o.body = s.body AND o.scope = s.scope AND o.doc_year = s.fact_year AND o.doc_kind = s.fact_kind
 AND o.leaf = s.leaf AND o.basis = s.basis AND o.sha256 <> s.sha256
 AND (o.metric = s.metric OR NOT contains(o.metric, '/') OR NOT contains(s.metric, '/'))
WHERE s.role = 'stated' AND o.role = 'own'
UNION ALL
SELECT u.sha256, u.fact_id, p.sha256, p.fact_id, p.how = 'table', 'unit_of_department',
       abs(u.yuan - p.yuan) <= (u.step + p.step) / 2,
       (abs(u.yuan - p.yuan) - (u.step + p.step) / 2) / greatest(u.step, p.step)
FROM cross_keyed u JOIN cross_keyed p
  ON p.body = u.body AND p.doc_year = u.doc_year AND p.doc_kind = u.doc_kind
 AND p.metric = u.metric AND p.basis = u.basis AND p.sha256 <> u.sha256
WHERE u.role = 'own' AND p.role = 'own' AND u.scope = '单位' AND p.scope = '部门' AND p.units = 1
UNION ALL
SELECT u.sha256, u.fact_id, p.sha256, p.fact_id, p.how = 'table', 'unit_within_department',
       u.lo <= p.hi,
       (u.lo - p.hi) / greatest(u.step, p.step)
FROM cross_keyed u JOIN cross_keyed p
  ON p.body = u.body AND p.doc_year = u.doc_year AND p.doc_kind = u.doc_kind
 AND p.metric = u.metric AND p.basis = u.basis AND p.sha256 <> u.sha256
WHERE u.role = 'own' AND p.role = 'own' AND u.scope = '单位' AND p.scope = '部门' AND p.units > 1
  AND u.metric IN (SELECT unnest(?::VARCHAR[]))
"""

# One finding per stated fact that no figure of the other document agrees with; the nearest as evidence.
FINDINGS = """
INSERT INTO cross_findings
WITH judged AS (
    SELECT sha256, fact_id, other_sha256, relation, bool_or(agree) AS agree,
           arg_min(other_fact_id, abs(miss) + CASE WHEN other_table THEN 1e-6 ELSE 0 END) AS other_fact_id,
           min(abs(miss)) AS miss                     -- the nearest figure as evidence, the text's before a cell
    FROM cross_pairs GROUP BY sha256, fact_id, other_sha256, relation
), wrong AS (
    SELECT j.relation, j.miss, s.*, o.sha256 AS o_sha, o.path AS o_path, o.line AS o_line, o.page AS o_page,
           o.quote AS o_quote, o.value AS o_value, o.unit AS o_unit, o.doc_year AS o_year, o.doc_kind AS o_kind,
           o.scope AS o_scope, o.source_path AS o_source_path, o.source_line AS o_source_line
    FROM judged j
    JOIN cross_keyed s ON s.sha256 = j.sha256 AND s.fact_id = j.fact_id
    JOIN cross_keyed o ON o.sha256 = j.other_sha256 AND o.fact_id = j.other_fact_id
    WHERE NOT j.agree
)
SELECT sha256, path, 'x' || row_number() OVER (ORDER BY path, line, fact_id, o_path), 'cross',
       CASE WHEN explained THEN 'info' WHEN miss <= 1 THEN 'warning' ELSE 'error' END,
       CASE WHEN relation = 'stated'
            THEN doc_year || '年' || scope || doc_kind || '所述' || fact_year || '年' || fact_kind || '数'
                 || value || unit || '（' || CASE how WHEN 'change' THEN '本年数减去所述增减额'
                                                  WHEN 'no_change' THEN '与本年持平' WHEN 'budget' THEN '决算所列年初预算'
                                                  WHEN 'table_budget' THEN '决算表的预算数' ELSE '原文' END
                 || '），与' || o_year || '年' || o_scope || o_kind || '本身所列' || o_value || o_unit || '不符'
                 || CASE WHEN explained THEN '（文中说明口径变化）' ELSE '' END
            WHEN relation = 'unit_of_department'
            THEN doc_year || '年单位' || doc_kind || '所列' || value || unit || '，与同年部门' || o_kind
                 || '所列' || o_value || o_unit || '不符（部门只含一个预算单位，二者应相同）'
            ELSE doc_year || '年单位' || doc_kind || '所列' || value || unit || '，大于同年部门' || o_kind
                 || '所列' || o_value || o_unit || '（单位是部门的一部分）' END,
       CASE WHEN explained THEN 'scope' WHEN miss <= 1 THEN 'rounding' ELSE NULL END,
       line, page, quote, value || unit, o_value || o_unit,
       to_json([{'type': 'claim', 'source': source_path, 'source_line': source_line, 'line': line, 'page': page,
                 'text': quote, 'value': value, 'unit': unit},
                {'type': 'other_document', 'source': o_path, 'source_line': o_source_line, 'line': o_line,
                 'page': o_page, 'text': o_quote, 'value': o_value, 'unit': o_unit, 'sha256': o_sha}]),
       CASE WHEN coalesce(claim, '') = '' THEN []::VARCHAR[] ELSE [claim] END,
       CASE WHEN explained THEN 0.5 WHEN miss <= 1 THEN 0.7 ELSE 0.9 END,
       to_json({'path': o_path, 'sha256': o_sha, 'line': o_line, 'page': o_page, 'quote': o_quote,
                'source_path': o_source_path, 'source_line': o_source_line}),
       o_sha, o_path, o_line, o_page, o_quote, body, scope, fact_year, fact_kind, metric, basis, how,
       source_path, source_line, o_source_path, o_source_line, gouji_version, ruleset
FROM wrong
"""

# Per pair of documents: facts compared, agreeing, reported.
PAIR_COUNTS = """
SELECT k.body, k.scope, k.doc_year, k.doc_kind, k.path, o.scope, o.doc_year, o.doc_kind, o.path, p.relation,
       count(DISTINCT p.fact_id) AS compared,
       count(DISTINCT p.fact_id) FILTER (WHERE p.agree) AS agreeing
FROM cross_pairs p
JOIN (SELECT DISTINCT sha256, path, body, scope, doc_year, doc_kind FROM cross_keyed) k ON k.sha256 = p.sha256
JOIN (SELECT DISTINCT sha256, path, scope, doc_year, doc_kind FROM cross_keyed) o ON o.sha256 = p.other_sha256
GROUP BY ALL ORDER BY k.body, k.doc_year, k.scope, o.doc_year, o.scope
"""

# Stated facts that could not be compared: no document of that year and kind, or none states the metric.
UNLINKED = """
WITH docs AS (SELECT DISTINCT body, scope, doc_year, doc_kind FROM cross_keyed),
stated AS (SELECT * FROM cross_keyed s WHERE role = 'stated'
           AND NOT EXISTS (SELECT 1 FROM cross_pairs p WHERE p.sha256 = s.sha256 AND p.fact_id = s.fact_id))
SELECT s.body, s.scope, s.fact_year, s.fact_kind,
       CASE WHEN d.body IS NULL THEN 'no document' ELSE 'not stated there' END AS why,
       count(*) AS facts, string_agg(DISTINCT s.metric, ', ' ORDER BY s.metric) AS metrics
FROM stated s LEFT JOIN docs d
  ON d.body = s.body AND d.scope = s.scope AND d.doc_year = s.fact_year AND d.doc_kind = s.fact_kind
GROUP BY ALL ORDER BY s.body, s.scope, s.fact_year, s.fact_kind, why
"""

SERIES = """
SELECT body, scope, doc_kind, list(DISTINCT doc_year ORDER BY doc_year), count(DISTINCT sha256),
       count(*) FILTER (WHERE role = 'own'), count(*) FILTER (WHERE role = 'stated')
FROM cross_keyed GROUP BY ALL ORDER BY body, scope, doc_kind
"""


@dataclass
class CrossResult:
    """What one crosscheck found and compared (the findings are also in the `cross_findings` table)."""
    findings: list[dict] = field(default_factory=list)
    pairs: list[tuple] = field(default_factory=list)       # see PAIR_COUNTS
    unlinked: list[tuple] = field(default_factory=list)    # see UNLINKED
    series: list[tuple] = field(default_factory=list)      # see SERIES
    no_facts: int = 0                                      # documents scanned before facts were stored
    seconds: float = 0.0


def crosscheck(con, *, overrides: Optional[dict] = None) -> CrossResult:
    """Compare the facts of every body's documents; replace the `cross_findings` table's rows."""
    import time
    started = time.perf_counter()
    if overrides:
        apply_overrides(con, overrides)
    con.execute(KEYED)
    con.execute(PAIRS, [wording()["within_department_metrics"]])
    con.execute("DELETE FROM cross_findings")
    con.execute(FINDINGS)
    result = CrossResult()
    cursor = con.execute("SELECT * FROM cross_findings ORDER BY path, line, id")
    names = [d[0] for d in cursor.description]
    result.findings = [dict(zip(names, row)) for row in cursor.fetchall()]
    result.pairs = con.execute(PAIR_COUNTS).fetchall()
    result.unlinked = con.execute(UNLINKED).fetchall()
    result.series = con.execute(SERIES).fetchall()
    result.no_facts = con.execute(
        "SELECT count(*) FROM documents d WHERE status = 'ok' AND scope IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM cross_facts f WHERE f.sha256 = d.sha256)").fetchone()[0]
    result.seconds = time.perf_counter() - started
    return result


def apply_overrides(con, overrides: dict[str, dict]) -> int:
    """Write --meta corrections into the documents' identity columns; return the documents changed."""
    import os
    changed = 0
    rows = con.execute("SELECT sha256, path FROM documents").fetchall()
    for sha, path in rows:
        fields = overrides.get(sha) or overrides.get(path) or overrides.get(os.path.basename(path or "")) or {}
        if not fields:
            continue
        sets = ", ".join(f"{k} = ?" for k in fields)
        con.execute(f"UPDATE documents SET {sets} WHERE sha256 = ?", [*fields.values(), sha])
        changed += 1
    return changed


def explain(con) -> str:
    """DuckDB's plan of the comparison join (after `crosscheck` made the view)."""
    con.execute(KEYED)
    body = PAIRS.split(" AS\n", 1)[1]
    plan = con.execute("EXPLAIN " + body, [wording()["within_department_metrics"]]).fetchall()
    return "\n".join(row[1] for row in plan)


def crosscheck_reports(reports, *, overrides: Optional[dict] = None) -> CrossResult:
    """The crosscheck of documents checked together (`gouji check A B --cross`), in an in-memory database."""
    import duckdb

    from parser.cross.facts import cross_facts
    from parser.cross.identity import corrected, identify
    from parser.scan.identity import gouji_version, ruleset
    from parser.scan.schema import COLUMNS, create_statements
    from parser.scan.store import insert_rows

    con = duckdb.connect(":memory:")
    try:
        for statement in create_statements():
            con.execute(statement)
        stamp = {"gouji_version": gouji_version(), "ruleset": ruleset()}
        fact_cols = [c for c, _ in COLUMNS["cross_facts"]]
        for report in reports:
            doc = report.document
            who = corrected(identify(report), doc.path, doc.sha256, overrides or {})
            con.execute("INSERT INTO documents (sha256, path, status, body, scope, kind, year, units) "
                        "VALUES (?, ?, 'ok', ?, ?, ?, ?, ?)",
                        [doc.sha256, doc.path, who.body or None, who.scope, who.kind, who.year, who.units])
            rows = [{**f.as_row(), "sha256": doc.sha256, "fact_id": i, **stamp}
                    for i, f in enumerate(cross_facts(report), 1)]
            insert_rows(con, "cross_facts", [tuple(r[c] for c in fact_cols) for r in rows])
        return crosscheck(con)
    finally:
        con.close()

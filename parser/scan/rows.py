"""One checked document (the worker's outcome) → rows of the scan database's tables.

The outcome is a plain dict made by `parser.scan.worker.check_one`: the file's
status and message, and for a document that was read, the report object of
CONTRACT.md (`parser.report.serialize.to_dict`).
"""
from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from parser.scan.schema import COLUMNS


def count_severity(findings: list[dict], severity: str) -> int:
    """
    >>> count_severity([{"severity": "error"}, {"severity": "info"}], "error")
    1
    """
    return sum(1 for f in findings if f["severity"] == severity)


def as_json(value: Any) -> str:
    """
    >>> as_json([{"type": "cell", "value": "401.4"}])
    '[{"type": "cell", "value": "401.4"}]'
    """
    return json.dumps(value, ensure_ascii=False)


SCOPE = re.compile(r"(部门|单位)(?:整体)?(?:预算|决算|支出)")


def document_scope(title: str) -> Optional[str]:
    """部门 for a department's consolidated disclosure, 单位 for one unit's, from the title; None otherwise.

    >>> document_scope("上海市普陀区2026年区级单位预算"), document_scope("某局2024年部门决算"), document_scope("绩效自评")
    ('单位', '部门', None)
    """
    found = SCOPE.search(title)
    return found.group(1) if found else None


def document_row(outcome: dict, size: int, identity: dict, run_id: int, now) -> tuple:
    """The `documents` row of an outcome, in COLUMNS order."""
    report: Optional[dict] = outcome.get("report")
    meta = report["meta"] if report else {}
    stats = report["stats"] if report else {}
    findings = report["findings"] if report else []
    source = report["source"] if report else {}
    row = {
        "sha256": outcome["sha256"], "path": outcome["path"], "size": size,
        "format": source.get("format") or outcome.get("format"), "status": outcome["status"],
        "message": outcome.get("message") or None,
        "title": meta.get("title"), "department": meta.get("department") or None, "year": meta.get("year"),
        "kind": meta.get("kind"), "lines": stats.get("lines"), "pages": source.get("pages"),
        "n_tables": stats.get("tables"), "n_claims": stats.get("claims"), "n_checked": stats.get("checked"),
        "n_consistent": stats.get("consistent"), "n_unverifiable": stats.get("unverifiable"),
        "n_findings": stats.get("findings"),
        "n_errors": count_severity(findings, "error") if report else None,
        "n_warnings": count_severity(findings, "warning") if report else None,
        "seconds": outcome.get("seconds"), "peak_rss_mb": outcome.get("peak_rss_mb"),
        **identity, "run_id": run_id, "checked_at": now,
        **cross_identity(outcome),
    }
    row["scope"] = row["scope"] or document_scope(meta.get("title") or "")   # the title's word where not read
    return tuple(row[c] for c, _ in COLUMNS["documents"])


def table_rows(sha256: str, report: dict, identity: dict) -> list[tuple]:
    return [(sha256, t["id"], t["title"], t["code"], t["unit"], t.get("kind"), t["line"], t["page"], t["rows"],
             t["cols"], as_json(t.get("notes", [])), identity["gouji_version"], identity["ruleset"])
            for t in report["tables"]]


def decimal_column(value):
    """A figure for the DECIMAL(38,6) column, or None when it does not fit (the exact text stays in `value`).

    >>> decimal_column("401.4"), decimal_column("9" * 40), decimal_column(None)
    ('401.4', None, None)
    """
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return value if number.is_finite() and abs(number) < DECIMAL_LIMIT else None


DECIMAL_LIMIT = Decimal(10) ** 32                       # DECIMAL(38,6): 32 digits before the point


def claim_rows(sha256: str, report: dict, identity: dict) -> list[tuple]:
    return [(sha256, c["id"], c["text"], c["subject"], c["metric"], c["kind"], c["role"], c["year"], c["value"],
             c["unit"], decimal_column(c["yuan"]), c["approx"], c["line"], c["page"], c["span"][0], c["span"][1], c["status"],
             c.get("reason"), c["confidence"], identity["gouji_version"], identity["ruleset"], c.get("origin", "text"))
            for c in report["claims"]]


def finding_rows(sha256: str, report: dict, identity: dict) -> list[tuple]:
    return [(sha256, f["id"], f["rule"], f["severity"], f["message"], f["cause"], f["line"], f["page"], f["quote"],
             f["stated"], f["expected"], as_json(f["evidence"]), list(f["claims"]), f["confidence"],
             identity["gouji_version"], identity["ruleset"], f.get("code"))
            for f in report["findings"]]


def cross_identity(outcome: dict) -> dict:
    """The body, scope and units the crosscheck reads (parser/cross/identity.py), None when not read.

    >>> cross_identity({"cross": {"identity": {"body": "甲局", "scope": "部门", "units": 1}}})
    {'body': '甲局', 'scope': '部门', 'units': 1}
    """
    found = (outcome.get("cross") or {}).get("identity") or {}
    return {"body": found.get("body") or None, "scope": found.get("scope"), "units": found.get("units")}


def cross_fact_rows(sha256: str, outcome: dict, identity: dict) -> list[tuple]:
    facts = (outcome.get("cross") or {}).get("facts") or []
    cols = [c for c, _ in COLUMNS["cross_facts"]]
    extra = {"sha256": sha256, **identity}
    return [tuple(extra[c] if c in extra else (i if c == "fact_id" else f[c]) for c in cols)
            for i, f in enumerate(facts, 1)]


def outcome_rows(outcome: dict, size: int, identity: dict, run_id: int, now) -> dict[str, list[tuple]]:
    """All rows of one document, by table."""
    report = outcome.get("report")
    sha = outcome["sha256"]
    return {
        "documents": [document_row(outcome, size, identity, run_id, now)],
        "tables": table_rows(sha, report, identity) if report else [],
        "claims": claim_rows(sha, report, identity) if report else [],
        "findings": finding_rows(sha, report, identity) if report else [],
        "cross_facts": cross_fact_rows(sha, outcome, identity),
    }

"""Report → the JSON object of CONTRACT.md, or a text page for people."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict
from typing import Any, Optional

from parser.datatypes import Claim, Document, Finding, Report, Table

SCHEMA = "gouji.report/1"
# CONTRACT.md names five source formats; readers beyond them report the nearest one and their own name in `reader`
CONTRACT_FORMAT = {"xls": "xlsx", "json": "txt"}
RULE_TITLES = {"unit": "金额单位 unit", "share": "占比 share", "change": "增减 change", "rate": "完成率/执行率 rate",
               "sum": "合计 sum", "mismatch": "前后不一 mismatch", "wording": "比较用语 wording", "year": "年份 year",
               "template": "模板残留与笔误 template", "completeness": "表格完整性 completeness"}


def source_of(document: Optional[Document], line: Optional[int]) -> dict[str, Any]:
    """For a document joined from several files: the file a line comes from and its line in that file.

    >>> from parser.load.joined import join_documents
    >>> d = join_documents(Document("n.txt", "a", "txt", ("x", "y")), Document("t.txt", "b", "txt", ("z",)))
    >>> source_of(d, 3), source_of(d, None), source_of(None, 3)
    ({'source': 't.txt', 'source_line': 1}, {}, {})
    """
    if document is None or not document.parts or not line:
        return {}
    part = document.part_of(line)
    return {} if part is None else {"source": part.path, "source_line": line - part.first_line + 1}


def table_dict(table: Table, document: Optional[Document] = None) -> dict[str, Any]:
    return {"id": table.id, "title": table.title, "code": table.code, "unit": table.unit, "line": table.line,
            "page": table.page, "rows": len(table.rows), "cols": table.n_cols, "kind": table.kind,
            "notes": list(table.notes), **source_of(document, table.line)}


def claim_dict(claim: Claim, document: Optional[Document] = None) -> dict[str, Any]:
    q = claim.quantity
    yuan = q.yuan
    return {"id": claim.id, "text": claim.text, "subject": claim.subject, "metric": claim.metric,
            "kind": claim.kind, "role": claim.role, "year": claim.year, "value": str(q.value), "unit": q.unit,
            "yuan": None if yuan is None else plain(yuan),
            "approx": q.approx, "line": claim.line, "page": claim.page, "span": list(q.span),
            "status": claim.status, "reason": claim.reason or None, "confidence": claim.confidence,
            "origin": claim.origin, **source_of(document, claim.line)}


def plain(value) -> str:
    """A Decimal as a plain numeral, integral values without trailing zeros.

    >>> from decimal import Decimal
    >>> plain(Decimal("15") * 10000), plain(Decimal("401.4") * 1), plain(Decimal("3.10") * 10000)
    ('150000', '401.4', '31000')
    """
    if value == value.to_integral():
        return format(value.to_integral(), "f")
    return format(value, "f")


def finding_dict(finding: Finding, document: Optional[Document] = None) -> dict[str, Any]:
    return {"id": finding.id, "rule": str(finding.rule), "severity": str(finding.severity), "message": finding.message,
            "cause": None if finding.cause is None else str(finding.cause), "line": finding.line, "page": finding.page,
            "quote": finding.quote,
            "stated": finding.stated, "expected": finding.expected,
            "evidence": [{**{k: v for k, v in asdict(e).items() if v is not None},
                          **source_of(document, getattr(e, "line", None))} for e in finding.evidence],
            "claims": list(finding.claims), "confidence": finding.confidence,
            **({"code": finding.code} if finding.code else {}), **source_of(document, finding.line)}


def source_dict(doc: Document) -> dict[str, Any]:
    out: dict[str, Any] = {"path": doc.path, "sha256": doc.sha256, "format": CONTRACT_FORMAT.get(doc.format, doc.format),
           "reader": doc.format, "pages": doc.page_count}
    if doc.parts:
        out["parts"] = [{"path": p.path, "sha256": p.sha256, "format": CONTRACT_FORMAT.get(p.format, p.format),
                         "reader": p.format, "pages": p.page_count,
                         "first_line": p.first_line, "lines": p.line_count} for p in doc.parts]
    return out


NOT_FISCAL = "nothing fiscal recognised (no table, no amount, no figure of a known budget item, no 决算/预算/绩效 title)"


def is_fiscal(report: Report) -> bool:
    """Whether anything fiscal was recognised: a table, an amount or a known metric, or a fiscal kind of title.

    A text that is no fiscal disclosure gives no finding, and this says why (`stats.fiscal`)."""
    return bool(report.tables or report.meta.kind != "other"
                or any(c.metric or c.quantity.yuan is not None for c in report.claims))


def to_dict(report: Report) -> dict[str, Any]:
    doc = report.document
    statuses = Counter(c.status for c in report.claims)
    reasons = Counter(c.reason for c in report.claims if c.status == "unverifiable")
    return {
        "schema": SCHEMA,
        "source": source_dict(doc),
        "meta": {"title": report.meta.title, "department": report.meta.department, "year": report.meta.year,
                 "kind": report.meta.kind},
        "stats": {"lines": len(doc.lines), "tables": len(report.tables), "claims": len(report.claims),
                  "checked": statuses["consistent"] + statuses["contradicted"], "consistent": statuses["consistent"],
                  "findings": len(report.findings), "unverifiable": statuses["unverifiable"],
                  "unverifiable_reasons": dict(reasons), "seconds": report.seconds,
                  "fiscal": is_fiscal(report)},
        "tables": [table_dict(t, doc) for t in report.tables],
        "claims": [claim_dict(c, doc) for c in report.claims],
        "findings": [finding_dict(f, doc) for f in report.findings],
    }


def render_text(report: Report) -> str:
    """A page for people: findings grouped by rule, each quoting its line."""
    doc = report.document
    data = to_dict(report)
    s = data["stats"]
    out = [" + ".join(p.path for p in doc.parts) if doc.parts else f"{doc.path}",
           f"  {report.meta.kind} {report.meta.year or ''} {report.meta.department}".rstrip(),
           f"  {s['lines']} lines, {s['tables']} tables, {s['claims']} claims: {s['consistent']} consistent, "
           f"{s['findings']} findings, {s['unverifiable']} unverifiable ({s['seconds']} s)"]
    grouped = defaultdict(list)
    for finding in report.findings:
        grouped[finding.rule].append(finding)
    if not s["fiscal"]:
        out.append(f"  note: {NOT_FISCAL}")
    if not report.findings:
        out.append("  no contradiction found")
    for rule in RULE_TITLES:
        if rule not in grouped:
            continue
        out.append("")
        out.append(f"== {RULE_TITLES[rule]} ({len(grouped[rule])})")
        for f in grouped[rule]:
            where = f"line {f.line}" + (f", page {f.page}" if f.page else "")
            if (part := doc.part_of(f.line)) is not None:
                where = f"{part.path} line {f.line - part.first_line + 1}" + (f", page {f.page}" if f.page else "")
            out.append(f"  [{f.severity}] {where}: {f.message}")
            line_text = doc.lines[f.line - 1].strip() if 0 < f.line <= len(doc.lines) else ""
            out.append(f"      | {shorten(line_text, f.quote)}")
            out.append(f"      stated {f.stated}, expected {f.expected}" + (f", likely cause: {f.cause}" if f.cause else ""))
            for e in f.evidence[:4]:
                if e.type == "cell":
                    at = source_of(doc, e.line)
                    where_e = f"{at['source']} line {at['source_line']}" if at else f"line {e.line}"
                    out.append(f"      evidence: table {e.table} {where_e} {cell_place(e.row, e.col)}= {e.value}")
                else:
                    out.append(f"      evidence: line {e.line}: {e.text}")
    return "\n".join(out)


def cell_place(row: Optional[str], col: Optional[str]) -> str:
    """A cell's row and column in brackets, an empty one left out (no `[ / 年初结转和结余]`).

    >>> cell_place("合计", "财政拨款收入"), cell_place("", "年初结转和结余"), cell_place(None, None)
    ('[合计 / 财政拨款收入] ', '[column 年初结转和结余] ', '')
    """
    if row and col:
        return f"[{row} / {col}] "
    if col:
        return f"[column {col}] "
    if row:
        return f"[row {row}] "
    return ""


def shorten(line: str, quote: str, width: int = 90) -> str:
    """The part of a long line around the quote."""
    if len(line) <= width:
        return line
    at = max(line.find(quote), 0)
    start = max(0, at - (width - len(quote)) // 2)
    return ("…" if start else "") + line[start:start + width] + ("…" if start + width < len(line) else "")

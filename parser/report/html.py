"""Reports → one self-contained HTML page for auditors (no scripts, no external assets).

Each finding shows the line it quotes with the figure highlighted, what was
stated and expected, the likely cause, and every piece of evidence with the
text of the line it points to.
"""
from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Iterable

from parser.datatypes import Finding, Report
from parser.report.serialize import RULE_TITLES, to_dict

RULE_ORDER = ("unit", "share", "change", "rate", "sum", "mismatch")

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;max-width:70em;color:#222}
h1{font-size:1.4em} h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em} h3{font-size:1.05em}
.finding{border-left:4px solid #999;padding:.3em .8em;margin:.8em 0;background:#fafafa}
.error{border-color:#c62828} .warning{border-color:#ef6c00} .info{border-color:#1565c0}
.sev{font-weight:bold;text-transform:uppercase;font-size:.8em;margin-right:.5em}
.line{font-family:monospace;white-space:pre-wrap;background:#fff;border:1px solid #eee;padding:.2em .4em}
mark{background:#ffe082} table.stats td{padding:0 1em 0 0} .muted{color:#777}
"""


def render_html(reports: Iterable[Report]) -> str:
    """One page for all reports, a section per document."""
    sections = [document_section(r) for r in reports]
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>gouji 勾稽 report</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(sections) + "\n</body></html>\n")


def document_section(report: Report) -> str:
    data = to_dict(report)
    stats, meta = data["stats"], data["meta"]
    out = [f"<h1>{escape(report.document.path)}</h1>",
           f"<p>{escape(meta['kind'])} {meta['year'] or ''} {escape(meta['department'])} "
           f"<span class=\"muted\">sha256 {report.document.sha256[:12]}…</span></p>",
           "<table class=\"stats\"><tr>" + "".join(
               f"<td>{escape(name)}: <b>{stats[key]}</b></td>" for name, key in (
                   ("lines", "lines"), ("tables", "tables"), ("claims", "claims"), ("consistent", "consistent"),
                   ("findings", "findings"), ("unverifiable", "unverifiable"))) + "</tr></table>"]
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        grouped[finding.rule].append(finding)
    if not report.findings:
        out.append("<p>No contradiction found.</p>")
    for rule in RULE_ORDER:
        if grouped.get(rule):
            out.append(f"<h2>{escape(RULE_TITLES[rule])} ({len(grouped[rule])})</h2>")
            out.extend(finding_block(report, f) for f in grouped[rule])
    return "<section>\n" + "\n".join(out) + "\n</section>"


def finding_block(report: Report, finding: Finding) -> str:
    where = f"line {finding.line}" + (f", page {finding.page}" if finding.page else "")
    cause = f"; likely cause: <b>{escape(finding.cause)}</b>" if finding.cause else ""
    parts = [f"<div class=\"finding {finding.severity}\" id=\"{escape(finding.id)}\">",
             f"<p><span class=\"sev\">{finding.severity}</span>{escape(where)} — {escape(finding.message)}</p>",
             f"<div class=\"line\">{highlight(raw_line(report, finding.line), finding.quote, quote_end(report, finding))}"
             "</div>",
             f"<p>stated <b>{escape(finding.stated)}</b>, expected <b>{escape(finding.expected)}</b>{cause}</p>"]
    if finding.evidence:
        parts.append("<ul>")
        for e in finding.evidence:
            if e.type == "cell":
                label = f"table {e.table}, [{e.row or ''} / {e.col or ''}] = {e.value} {e.unit or ''}"
            else:
                label = e.text or e.id or e.type
            page = f", page {e.page}" if e.page else ""
            quoted = line_text(report, e.line)
            parts.append(f"<li>line {e.line}{page}: {escape(label)}"
                         + (f"<div class=\"line\">{escape(quoted)}</div>" if quoted else "") + "</li>")
        parts.append("</ul>")
    parts.append("</div>")
    return "\n".join(parts)


def raw_line(report: Report, line: int) -> str:
    lines = report.document.lines
    return lines[line - 1] if 0 < line <= len(lines) else ""


def line_text(report: Report, line: int) -> str:
    return show(raw_line(report, line)).strip()


def quote_end(report: Report, finding: Finding) -> int | None:
    """Where the finding's quote ends in its line: the end of its first claim's figure."""
    claim = next((c for c in report.claims if finding.claims and c.id == finding.claims[0]), None)
    return claim.quantity.span[1] if claim is not None and claim.line == finding.line else None


def show(text: str) -> str:
    """Escaped text with table cell breaks drawn as │."""
    return escape(text).replace("\t", " │ ")


def highlight(text: str, quote: str, end: int | None = None) -> str:
    """Escape `text`, marking `quote` — the one ending at `end`, else its first occurrence.

    >>> highlight("收入<合计>100万元", "100万元")
    '收入&lt;合计&gt;<mark>100万元</mark>'
    >>> highlight("占2%；占2%", "占2%", 7)
    '占2%；<mark>占2%</mark>'
    """
    at = end - len(quote) if end is not None and text[end - len(quote):end] == quote else text.find(quote)
    if not quote or at < 0:
        return show(text)
    return show(text[:at]) + f"<mark>{show(quote)}</mark>" + show(text[at + len(quote):])

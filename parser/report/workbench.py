"""Reports → the auditor's workbench: one self-contained, offline HTML page for a run (Jinja2 templates in
parser/templates/).

The page holds a summary by severity and rule, filters (severity, rule, cause, page, review status, text),
each finding with its quoted line or its table row under the column headers, the picture of its PDF page
region, its evidence, the same slip repeated in several places as one finding, the consistent and
unverifiable claims (collapsed), keyboard navigation, and review decisions kept in the browser and
exported as JSON Lines (read back by `gouji review import`).
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Optional

from parser.datatypes import Cell, Evidence, Finding, Report, Table
from parser.report.page_images import Mark, PageRenderer
from parser.report.serialize import NOT_FISCAL, RULE_TITLES, is_fiscal

SEVERITIES = ("error", "warning", "info")
RULE_ORDER = ("unit", "share", "change", "rate", "sum", "mismatch", "wording", "year", "template", "completeness",
              "cross")
MAX_PICTURES = 40                 # per run
MAX_CLAIMS_LISTED = 600           # per document and status
MAX_HEADER_ROWS = 4
DECISIONS = ("confirm", "false_alarm", "unsure")


@dataclass
class Budget:
    """What is left of the run's picture allowance."""
    pictures: int = MAX_PICTURES


def render_workbench(reports: Iterable[Report], *, version: str = "", pictures: bool = True) -> str:
    """The workbench page for all reports."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    reports = list(reports)
    budget = Budget(MAX_PICTURES if pictures else 0)
    documents = [document_view(i, r, budget) for i, r in enumerate(reports, 1)]
    env = Environment(loader=PackageLoader("parser", "templates"), autoescape=select_autoescape(("html", "j2")),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["tojson_script"] = script_json
    template = env.get_template("workbench.html.j2")
    summary = run_summary(reports)
    title = page_title(reports)
    return template.render(title=title, documents=documents, summary=summary, version=version,
                           generated=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                           severities=SEVERITIES, decisions=DECISIONS,
                           style=resource("workbench.css"), script=resource("workbench.js"),
                           rules=[(r, RULE_TITLES.get(r, r)) for r in RULE_ORDER if summary["by_rule"].get(r)],
                           causes=sorted({f.cause for r in reports for f in r.findings if f.cause}),
                           pages=sorted({f.page for r in reports for f in r.findings if f.page}))


def resource(name: str) -> str:
    from importlib.resources import files
    return (files("parser") / "templates" / name).read_text(encoding="utf-8")


def script_json(value) -> str:
    """JSON safe inside a <script> element.

    >>> script_json({"q": "</script>"})
    '{"q": "<\\\\/script>"}'
    """
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")


def page_title(reports: Sequence[Report]) -> str:
    """The <title>: the document's own title (or file name), with the count of findings.

    >>> from parser.datatypes import Document, Meta
    >>> r = Report(Document("a/b.txt", "0" * 64, "txt", ("x",)), Meta(title="某局2024年部门决算"), (), (), ())
    >>> page_title([r]), page_title([r, r])
    ('某局2024年部门决算 — gouji 0 findings', 'gouji: 2 documents, 0 findings')
    """
    n = sum(len(r.findings) for r in reports)
    if len(reports) == 1:
        return f"{document_name(reports[0])} — gouji {n} findings"
    return f"gouji: {len(reports)} documents, {n} findings"


def document_name(report: Report) -> str:
    """The document's title when it reads as one (short, no sentence), else its body, year and kind, else its
    file name.

    >>> from parser.datatypes import Document, Meta
    >>> d = Document("x/seed.txt", "0" * 64, "txt", ("x",))
    >>> document_name(Report(d, Meta(title="（二）决算单位构成。本单位无独立核算的下属单位。", department="某办", year=2024,
    ...                             kind="决算"), (), (), ()))
    '某办 2024 决算'
    >>> document_name(Report(d, Meta(), (), (), ()))
    'seed.txt'
    """
    title = report.meta.title.strip()
    if 4 <= len(title) <= 60 and "。" not in title:
        return title
    parts = [report.meta.department, str(report.meta.year or ""), report.meta.kind if report.meta.kind != "other" else ""]
    named = " ".join(p for p in parts if p)
    return named if report.meta.department else report.document.path.replace("\\", "/").rsplit("/", 1)[-1]


def run_summary(reports: Sequence[Report]) -> dict:
    by_severity = Counter(str(f.severity) for r in reports for f in r.findings)
    by_rule: dict[str, Counter] = defaultdict(Counter)
    for r in reports:
        for f in r.findings:
            by_rule[str(f.rule)][str(f.severity)] += 1
    return {"by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
            "by_rule": {rule: {s: c.get(s, 0) for s in SEVERITIES} | {"total": sum(c.values())}
                        for rule, c in sorted(by_rule.items(), key=lambda kv: rule_rank(kv[0]))},
            "total": sum(by_severity.values())}


def rule_rank(rule: str) -> int:
    return RULE_ORDER.index(rule) if rule in RULE_ORDER else len(RULE_ORDER)


# ------------------------------------------------------------------ one document


def document_view(index: int, report: Report, budget: Budget) -> dict:
    from parser.report.serialize import to_dict
    data = to_dict(report)
    renderer = PageRenderer(report.document) if budget.pictures > 0 else None
    try:
        groups = group_findings(report.findings)
        findings = [finding_view(index, report, group, renderer, budget) for group in groups]
    finally:
        if renderer is not None:
            renderer.close()
    claims = {status: [claim_view(c) for c in report.claims if c.status == status][:MAX_CLAIMS_LISTED]
              for status in ("consistent", "unverifiable")}
    counts = Counter(c.status for c in report.claims)
    return {"index": index, "path": report.document.path, "sha256": report.document.sha256,
            "format": data["source"]["format"], "pages": report.document.page_count, "meta": data["meta"],
            "stats": data["stats"], "findings": findings, "n_findings": len(report.findings),
            "claims": claims, "claim_counts": {s: counts.get(s, 0) for s in ("consistent", "unverifiable")},
            "fiscal": is_fiscal(report), "not_fiscal": NOT_FISCAL, "name": document_name(report)}


def group_findings(findings: Sequence[Finding]) -> list[list[Finding]]:
    """The same slip in several places as one group: same rule, severity, cause, stated and expected figure;
    errors first, then warnings, then info notes, each by line.

    >>> f = lambda line, stated: Finding("unit", "error", "m", "unit_slip", line, None, stated, stated, "1万元")
    >>> [[x.line for x in g] for g in group_findings([f(3, "1元"), f(9, "2元"), f(12, "1元")])]
    [[3, 12], [9]]
    """
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        key = (str(f.rule), str(f.severity), f.cause, f.stated, f.expected)
        groups.setdefault(key, []).append(f)
    return sorted(groups.values(), key=lambda g: (SEVERITIES.index(str(g[0].severity))
                                                  if str(g[0].severity) in SEVERITIES else 3, g[0].line))


def finding_view(index: int, report: Report, group: list[Finding], renderer: Optional[PageRenderer],
                 budget: Budget) -> dict:
    first = group[0]
    places = [place_view(report, f) for f in group]
    evidence, seen_lines = [], {f.line for f in group}
    for f in group:
        for e in f.evidence:
            evidence.append(evidence_view(report, e, seen_lines))
    evidence = dedupe_evidence(evidence)
    pictures = []
    if renderer is not None and renderer.pdf is not None:
        for page, marks in marks_by_page(report, group, renderer):
            if budget.pictures <= 0:
                break
            picture = renderer.picture(page, marks)
            if picture is not None:
                budget.pictures -= 1
                pictures.append(picture)
            if len(pictures) >= 2:
                break
    members = [{"finding_id": f.id, "sha256": report.document.sha256, "path": report.document.path,
                "rule": str(f.rule), "severity": str(f.severity), "line": f.line, "page": f.page, "quote": f.quote,
                "stated": f.stated, "expected": f.expected, "cause": None if f.cause is None else str(f.cause)}
               for f in group]
    pages = sorted({p["page"] for p in places if p["page"]} | {e["page"] for e in evidence if e["page"]})
    search = " ".join([first.message, first.stated, first.expected, str(first.rule), str(first.cause or "")]
                      + [p["quote"] for p in places] + [p.get("row_label", "") + " " + p.get("col_header", "")
                                                        for p in places] + [e["label"] for e in evidence])
    return {"uid": f"d{index}-{first.id}", "key": f"{report.document.sha256}:{first.id}", "id": first.id,
            "ids": [f.id for f in group], "severity": str(first.severity), "rule": str(first.rule),
            "rule_title": RULE_TITLES.get(str(first.rule), str(first.rule)),
            "cause": str(first.cause) if first.cause else "", "message": first.message, "stated": first.stated,
            "expected": first.expected, "confidence": first.confidence, "places": places, "evidence": evidence,
            "pictures": pictures, "pages": pages, "members": members, "search": search.lower()}


def place_view(report: Report, finding: Finding) -> dict:
    """Where a finding stands: its line (the figure marked), or its table row under the column headers."""
    table = table_at(report.tables, finding.line)
    view = {"id": finding.id, "line": finding.line, "page": finding.page, "quote": finding.quote,
            "source": source_label(report, finding.line)}
    cells = row_cells(table, finding.line) if table is not None else ()
    hit = cell_for(cells, finding.quote, finding.line) if cells else None
    if table is not None and hit is not None:
        headers = header_rows(table)
        own = next((e for e in finding.evidence if e.type == "cell" and e.line == finding.line and e.table == table.id),
                   None)                          # the rules' own reading of the cell, when they cite it
        view.update(kind="table", table=table_label(table),
                    row_label=(own.row if own and own.row else row_label(cells, hit.col)),
                    col_header=(own.col if own and own.col else column_header(headers, hit.col)),
                    grid=grid_view(headers, cells, hit.col, table.n_cols))
    else:
        end = quote_end(report, finding)
        view.update(kind="text", html=highlight(raw_line(report, finding.line), finding.quote, end))
    return view


def source_label(report: Report, line: int) -> str:
    part = report.document.part_of(line)
    return "" if part is None else f"{part.path} line {line - part.first_line + 1}"


def evidence_view(report: Report, e: Evidence, seen_lines: set[int]) -> dict:
    """One piece of evidence: a readable label, and the text of its line the first time that line is cited."""
    if e.type == "cell":
        table = next((t for t in report.tables if t.id == e.table), None)
        row, col = e.row or "", e.col or ""
        hit = evidence_cell(report, e)
        if table is not None and hit is not None and (not row or not col):
            row = row or row_label(row_cells(table, e.line), hit.col)
            col = col or column_header(header_rows(table), hit.col)
        label = cell_label(table_label(table) if table else (e.table or "table"), row, col, e.value, e.unit)
        text = ""
    else:
        label = e.text or e.id or e.type
        text = ""
    if e.line not in seen_lines and e.type != "cell":
        seen_lines.add(e.line)
        text = line_text(report, e.line)
    return {"type": e.type, "label": label, "line": e.line, "page": e.page, "text": text,
            "source": source_label(report, e.line)}


def evidence_cell(report: Report, e: Evidence) -> Optional[Cell]:
    """The table cell a piece of evidence cites: on its line, with its figure, under its column if it names one."""
    table = next((t for t in report.tables if t.id == e.table), None)
    if table is None or e.type != "cell":
        return None
    cells = [c for c in row_cells(table, e.line) if c.line == e.line]
    if e.value is None:
        return cells[0] if len(cells) == 1 else None
    same = [c for c in cells if figure_text(c.text) == figure_text(e.value)]
    if len(same) > 1 and e.col:
        headers = header_rows(table)
        named = [c for c in same if e.col in column_header(headers, c.col) or column_header(headers, c.col) in e.col]
        same = named or same
    if same:
        return same[0]
    return cells[0] if len(cells) == 1 else None


def cell_label(table: str, row: str, col: str, value: Optional[str], unit: Optional[str]) -> str:
    """A cell named by what is known of it, empty labels left out.

    >>> cell_label("t2 收入支出决算总表", "", "年初结转和结余", "12.5", "万元")
    't2 收入支出决算总表 · column 年初结转和结余 = 12.5 万元'
    >>> cell_label("t2", "合计", "财政拨款收入", "401.4", None)
    't2 · 合计 × 财政拨款收入 = 401.4'
    """
    if row and col:
        where = f"{row} × {col}"
    elif col:
        where = f"column {col}"
    elif row:
        where = f"row {row}"
    else:
        where = "a cell"
    figure = f" = {value}" + (f" {unit}" if unit else "") if value is not None else ""
    return f"{table} · {where}{figure}"


def dedupe_evidence(evidence: list[dict]) -> list[dict]:
    seen, out = set(), []
    for e in evidence:
        key = (e["type"], e["label"], e["line"])
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def claim_view(claim) -> dict:
    return {"id": claim.id, "text": claim.text, "line": claim.line, "page": claim.page, "metric": claim.metric or "",
            "reason": claim.reason, "origin": claim.origin}


# ------------------------------------------------------------------ tables


def table_at(tables: Sequence[Table], line: int) -> Optional[Table]:
    return next((t for t in tables if t.line <= line <= t.end_line and row_cells(t, line)), None)


def table_label(table: Table) -> str:
    return " ".join(x for x in (table.id, table.code, table.title) if x)


def row_cells(table: Table, line: int) -> tuple[Cell, ...]:
    """The table row with a cell on `line` (a row may run over several lines: one cell per line)."""
    return next((row for row in table.rows if any(c.line == line for c in row)), ())


def cell_for(cells: Sequence[Cell], quote: str, line: Optional[int] = None) -> Optional[Cell]:
    """The cell a quote stands for: the cell equal to it, else the first cell with a figure holding it; for an
    empty quote (an empty cell), the only cell of the row on `line`.

    >>> row = (Cell(0, 0, "教育支出", 7), Cell(0, 1, "", 8), Cell(0, 2, "401.4", 9))
    >>> cell_for(row, "401.4").col, cell_for(row, "", 8).col, cell_for(row, "")
    (2, 1, None)
    """
    quote = quote.strip()
    on_line = [c for c in cells if line is None or c.line == line] or list(cells)
    if not quote:
        alone = [c for c in cells if c.line == line]
        return alone[0] if line is not None and len(alone) == 1 else None
    exact = next((c for c in on_line if c.text.strip() == quote), None)
    if exact is not None:
        return exact
    return next((c for c in on_line if c.value is not None and (quote in c.text or c.text.strip() in quote)
                 and c.text.strip()), None)


def header_rows(table: Table) -> list[tuple[Cell, ...]]:
    """The rows above the first row holding a figure (at most MAX_HEADER_ROWS, the last ones)."""
    out = []
    for row in table.rows:
        if any(c.value is not None for c in row):
            break
        out.append(row)
    return out[-MAX_HEADER_ROWS:]


def column_header(headers: Sequence[Sequence[Cell]], col: int) -> str:
    """The column's header texts from the top down; a merged header cell (written at its first column) covers
    the empty cells to its right, except in the last header row.

    >>> c = lambda col, text: Cell(0, col, text, 1)
    >>> column_header([[c(0, "项目"), c(1, "本年支出"), c(2, "")], [c(0, ""), c(1, "基本支出"), c(2, "项目支出")]], 2)
    '本年支出 / 项目支出'
    """
    parts = []
    for depth, row in enumerate(headers):
        texts = {cell.col: cell.text.strip() for cell in row}
        text = texts.get(col, "")
        if not text and depth < len(headers) - 1:
            text = next((texts[k] for k in range(col - 1, -1, -1) if texts.get(k)), "")
        if text and text not in parts:
            parts.append(text)
    return " / ".join(parts)


def row_label(cells: Sequence[Cell], col: int) -> str:
    """The words of a row before the cell (codes and names), or the first words of the row.

    >>> c = lambda col, text, v=None: Cell(0, col, text, 1, value=v)
    >>> row_label([c(0, "2010101"), c(1, "行政运行"), c(2, "12.5", 1)], 2), row_label([c(0, ""), c(1, "3", 3)], 1)
    ('2010101 行政运行', '')
    """
    words = [c.text.strip() for c in cells if c.col < col and c.value is None and c.text.strip()]
    if not words:
        words = [c.text.strip() for c in cells if c.value is None and c.text.strip()][:2]
    return " ".join(words)


def grid_view(headers: Sequence[Sequence[Cell]], cells: Sequence[Cell], col: int, width: int) -> dict:
    """The table's header rows and the finding's row as a small grid, the cited cell marked."""
    def texts(row):
        by_col = {c.col: c.text for c in row}
        return [by_col.get(i, "") for i in range(width)]
    return {"headers": [texts(r) for r in headers], "row": texts(cells), "marked": col}


# ------------------------------------------------------------------ pictures


def marks_by_page(report: Report, group: Sequence[Finding], renderer: PageRenderer) -> list[tuple[int, list[Mark]]]:
    """For each page a finding of the group or its evidence points to, the boxes to outline there."""
    doc = report.document
    pages: dict[int, list[Mark]] = defaultdict(list)
    for f in group:
        if f.page:
            table = table_at(report.tables, f.line)
            own = cell_for(row_cells(table, f.line), f.quote, f.line) if table is not None else None
            box = (own.bbox if own is not None else None) or cell_box(doc, f.line, f.quote) \
                or renderer.find(f.page, f.quote) or renderer.find(f.page, f.stated.strip())
            if box is not None:
                pages[f.page].append(Mark(f.page, box, "figure"))
        for e in f.evidence:
            if not e.page:
                continue
            cell = evidence_cell(report, e)
            box = (cell.bbox if cell is not None else None) or (cell_box(doc, e.line, e.value or "")
                                                                 if e.type == "cell" else None)
            if box is None and e.type != "cell" and e.text:
                box = renderer.find(e.page, e.text[:30])
            if box is not None:
                pages[e.page].append(Mark(e.page, box, "evidence"))
    first = group[0].page
    ordered = sorted(pages.items(), key=lambda kv: (kv[0] != first, kv[0]))
    return [(page, marks) for page, marks in ordered if marks]


def cell_box(doc, line: int, text: str):
    """The box of the TAB cell of a PDF table line that holds `text`."""
    if doc.cell_boxes is None or not text or not 1 <= line <= len(doc.lines):
        return None
    cells = [figure_text(c) for c in doc.lines[line - 1].split("\t")]
    text = figure_text(text)
    for col, cell in enumerate(cells):
        if cell == text:
            return doc.box_of(line, col)
    for col, cell in enumerate(cells):
        if cell and text in cell:
            return doc.box_of(line, col)
    return None


def figure_text(text: str) -> str:
    """A cell's text compared without spaces and thousands separators.

    >>> figure_text(" 561,240.00 ")
    '561240.00'
    """
    return "".join(text.split()).replace(",", "").replace("，", "")


# ------------------------------------------------------------------ text


def raw_line(report: Report, line: int) -> str:
    lines = report.document.lines
    return lines[line - 1] if 0 < line <= len(lines) else ""


def line_text(report: Report, line: int) -> str:
    return " ".join(c for c in raw_line(report, line).split("\t") if c.strip()).strip()


def quote_end(report: Report, finding: Finding) -> Optional[int]:
    """Where the finding's quote ends in its line: the end of its first claim's figure."""
    claim = next((c for c in report.claims if finding.claims and c.id == finding.claims[0]), None)
    return claim.quantity.span[1] if claim is not None and claim.line == finding.line else None


def show(text: str) -> str:
    """Escaped text; a table line's cells separated by wide spaces, empty cells dropped (no bare │).

    >>> show("合计\\t\\t<1>")
    '合计 · &lt;1&gt;'
    """
    if "\t" not in text:
        return escape(text)
    return " · ".join(escape(c) for c in text.split("\t") if c.strip())


def highlight(text: str, quote: str, end: Optional[int] = None) -> str:
    """Escape `text`, marking `quote` — the one ending at `end`, else its first occurrence.

    >>> highlight("收入<合计>100万元", "100万元")
    '收入&lt;合计&gt;<mark>100万元</mark>'
    >>> highlight("占2%；占2%", "占2%", 7)
    '占2%；<mark>占2%</mark>'
    >>> highlight("合计\\t\\t2.69", "2.69")
    '合计 · <mark>2.69</mark>'
    """
    if "\t" in text:
        cells = [c for c in text.split("\t") if c.strip()]
        hit = next((i for i, c in enumerate(cells) if quote and c.strip() == quote.strip()), None)
        if hit is None:
            hit = next((i for i, c in enumerate(cells) if quote and quote.strip() in c), None)
        return " · ".join(f"<mark>{escape(c)}</mark>" if i == hit else escape(c) for i, c in enumerate(cells))
    at = end - len(quote) if end is not None and text[end - len(quote):end] == quote else text.find(quote)
    if not quote or at < 0:
        return show(text)
    return escape(text[:at]) + f"<mark>{escape(quote)}</mark>" + escape(text[at + len(quote):])

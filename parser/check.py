"""The pipeline: path → Document → layout → Tables + Claims → Facts → Findings → Report."""
from __future__ import annotations

import logging
import os
import time
from dataclasses import replace
from typing import Optional

from parser.narrative.claims import Extraction, extract_claims
from parser.narrative.classifier import relabel
from parser.tabular.facts import classify, extract_facts
from parser.limits import Limits
from parser.load import load
from parser.load.joined import join_documents
from parser.layout.meta import detect_meta
from parser.datatypes import Claim, Document, Fact, Meta, Report
from parser.rules import RULES
from parser.rules.common import Context
from parser.layout.segment import Layout, segment
from parser.tabular.table_claims import table_claims
from parser.layout.tables import build_tables

log = logging.getLogger(__name__)

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def check_document(document: Document) -> Report:
    """Check one loaded document."""
    started = time.perf_counter()
    meta, layout, extraction = read_claims(document)
    budget = meta.kind == "预算"
    tables = tuple(replace(t, kind=classify(t, budget=budget)) for t in build_tables(layout.regions, document))
    facts = extract_facts(tables, meta.year, budget=budget)
    if budget:
        facts = budget_facts(facts)
    extraction = replace(extraction, claims=relabel(extraction.claims, (s for p in layout.paragraphs for s in p.sentences),
                                                    doc_kind=meta.kind, doc_year=meta.year))
    ctx = Context(document=document, year=meta.year, tables=tables, claims=extraction.claims,
                  relations=extraction.relations, facts=facts, paragraphs=layout.paragraphs)
    findings = []
    for rule in RULES:
        findings.extend(rule(ctx))
    findings = [anchored(f, document) for f in dedupe(findings)]
    findings.sort(key=lambda f: (f.line, SEVERITY_ORDER[f.severity], f.rule))
    findings = [replace(f, id=f"f{i}") for i, f in enumerate(findings, 1)]
    claims = tuple(with_status(c, ctx.checked.get(c.id)) for c in extraction.claims)
    claims += tuple(table_claims(ctx.evaluations, tables, document, meta.year, ctx.cell_status, len(claims) + 1))
    return Report(document=document, meta=meta, tables=tables, claims=claims, findings=tuple(findings),
                  seconds=round(time.perf_counter() - started, 3))


def read_claims(document: Document) -> tuple[Meta, Layout, Extraction]:
    """The rules' reading of the text: meta, layout and claims (in a 预算 document with budget roles).

    These are the labels the claim classifier sees and may correct (parser.narrative.classifier.relabel)."""
    meta = detect_meta(document)
    layout = segment(document)
    extraction = extract_claims(layout.paragraphs, meta.year, document.page_of)
    if meta.kind == "预算":
        extraction = budget_claims(extraction, meta.year)
    return meta, layout, extraction


# In a 预算 document the year's figures are budgets: `预算安排X`, a bare `X万元` and the tables'
# amounts all state the same thing, so they share the role budget_final.

def budget_claims(extraction: Extraction, year: Optional[int]) -> Extraction:
    def this_year(claim: Claim) -> bool:
        return claim.year is None or year is None or claim.year == year

    return replace(extraction, claims=tuple(replace(c, role="budget_final") if c.role == "actual" and this_year(c)
                                            else c for c in extraction.claims))


def budget_facts(facts: list[Fact]) -> list[Fact]:
    return [replace(f, role="budget_final") if f.role == "actual" else f for f in facts]


def with_status(claim: Claim, status: Optional[str]) -> Claim:
    if status:
        return replace(claim, status=status)
    return replace(claim, status="unverifiable", reason=unverifiable_reason(claim))


def unverifiable_reason(claim: Claim) -> str:
    if claim.quantity.approx:
        return "approximate figure"
    if claim.kind in ("count", "other"):
        return "no figure to compare with"
    if claim.metric is None:
        return "subject not recognised"
    return "no other statement of the same figure"


def anchored(finding, document: Document):
    """The finding with a quote that is an exact substring of its line (a cell spanning lines is quoted by
    the part on its first line)."""
    if not 1 <= finding.line <= len(document.lines):
        return finding
    line = document.lines[finding.line - 1]
    quote = finding.quote
    if quote in line:
        return finding
    pieces = [p for p in quote.splitlines() if p.strip() and p.strip() in line]
    longest = max(pieces, key=len, default="")
    while not longest and quote:
        quote = quote[:-1]
        longest = quote if quote.strip() and quote in line else ""
    return replace(finding, quote=longest.strip())


def dedupe(findings):
    """One finding per place, rule and expected figure (two cells of one row line may both read `0`, each
    wrong against a different figure); a unit slip silences other rules on the same quote."""
    seen, out = set(), []
    slips = {(f.line, f.quote) for f in findings if f.rule == "unit"}
    for f in findings:
        key = (f.rule, f.line, f.quote, f.expected)
        if key in seen or (f.rule != "unit" and (f.line, f.quote) in slips):
            continue
        seen.add(key)
        out.append(f)
    return out


def check(path, *, max_mb: Optional[float] = None, tables=None, limits: Optional[Limits] = None) -> Report:
    """Check the document at `path` and return its Report.

    `tables`: a file holding the document's tables, published apart from its narrative (or several
    such files); they are read as one document after the narrative's lines. `limits` (parser.limits)
    bound what reading may cost; a breach raises LimitError. Wall time and memory are the caller's to
    bound (`gouji check` does, with `deadline` and `cap_memory`).
    """
    document = load(path, max_mb=max_mb, limits=limits)
    if tables:
        extra = [tables] if isinstance(tables, (str, os.PathLike)) else list(tables)
        document = join_documents(document, *(load(t, max_mb=max_mb, limits=limits) for t in extra))
    return check_document(document)

"""The pipeline: path → Document → layout → Tables + Claims → Facts → Findings → Report."""
from __future__ import annotations

import logging
import os
import time
from dataclasses import replace
from typing import Optional

from parser.datatypes import Claim, Document, Fact, Meta, Report
from parser.enums import Cause, Rule, Severity
from parser.errors import GoujiError, InternalError
from parser.layout.meta import detect_meta
from parser.layout.normalize import Normalized, normalize_document
from parser.layout.segment import Layout, segment
from parser.layout.tables import build_tables
from parser.limits import Limits
from parser.load.joined import join_documents
from parser.narrative.claims import Extraction, extract_claims
from parser.narrative.classifier import relabel as relabelled
from parser.rules import run
from parser.rules.prepass import prepare
from parser.tabular.facts import classify, extract_facts
from parser.tabular.table_claims import table_claims

log = logging.getLogger(__name__)

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def check_document(document: Document, *, use_model: bool = True, relabel: bool = False) -> Report:
    """Check one loaded document; `use_model=False` turns every trained model off (the rules alone): today
    the linker's model (parser.narrative.linker), which chooses a relation's input where it is confident.

    `relabel=True` lets the retired claim relabeller (parser.narrative.classifier) correct the rules' kind
    and role: on held-out documents it changed no finding (models/README.md), so it is off by default."""
    started = time.perf_counter()
    original, normalized = document, normalize_document(document)
    if normalized is not None:                         # traditional characters, pinyin glosses, spaced digits
        document = normalized.document
    meta, layout, extraction = read_claims(document, use_model=use_model)
    budget = meta.kind == "预算"
    tables = tuple(replace(t, kind=classify(t, budget=budget)) for t in build_tables(layout.regions, document))
    facts = extract_facts(tables, meta.year, budget=budget)
    if budget:
        facts = budget_facts(facts)
    if use_model and relabel:
        extraction = replace(extraction, claims=relabelled(extraction.claims,
                                                        (s for p in layout.paragraphs for s in p.sentences),
                                                        doc_kind=meta.kind, doc_year=meta.year))
    ctx = prepare(document, meta, tables, extraction.claims, extraction.relations, facts, layout.paragraphs)
    verdicts = run(ctx)
    findings = list(verdicts.findings)
    if normalized is not None:
        findings = [restored_finding(f, normalized) for f in findings]
    findings = [anchored(f, original) for f in dedupe(findings)]
    findings.sort(key=lambda f: (f.line, SEVERITY_ORDER[f.severity], f.rule))
    findings = [replace(f, id=f"f{i}", rule=Rule.coerce(f.rule), severity=Severity.coerce(f.severity),
                        cause=Cause.coerce(f.cause)) for i, f in enumerate(findings, 1)]
    claims = tuple(with_status(c, verdicts.claims.get(c.id)) for c in extraction.claims)
    claims += tuple(table_claims(list(ctx.evaluations), tables, document, meta.year, verdicts.cells, len(claims) + 1))
    if normalized is not None:
        claims = tuple(restored_claim(c, normalized, original) for c in claims)
    return Report(document=original, meta=meta, tables=tables, claims=claims, findings=tuple(findings),
                  seconds=round(time.perf_counter() - started, 3))


def read_claims(document: Document, *, use_model: bool = True) -> tuple[Meta, Layout, Extraction]:
    """The rules' reading of the text: meta, layout and claims (in a 预算 document with budget roles).

    These are the labels the claim classifier sees and may correct (parser.narrative.classifier.relabel)."""
    meta = detect_meta(document)
    layout = segment(document)
    extraction = extract_claims(layout.paragraphs, meta.year, document.page_of, use_model=use_model)
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


def restored_finding(finding, normalized: Normalized):
    """A finding read on normalised text, quoting the original characters of its line."""
    mapped = normalized.lines.get(finding.line)
    at = mapped.text.find(finding.quote) if mapped and finding.quote else -1
    if mapped is None or at < 0:
        return finding
    start, end = mapped.original_span(at, at + len(finding.quote))
    return replace(finding, quote=normalized.original_document_lines[finding.line - 1][start:end])


def restored_claim(claim: Claim, normalized: Normalized, original: Document) -> Claim:
    """A claim read on normalised text, with the quote, span and surface of the original line."""
    mapped = normalized.lines.get(claim.line)
    if mapped is None or claim.origin != "text":
        return claim
    line = original.lines[claim.line - 1]
    q = claim.quantity
    span = mapped.original_span(*q.span)
    quote = mapped.original_span(max(0, q.span[1] - len(claim.text)), q.span[1])
    return replace(claim, text=line[quote[0]:quote[1]], quantity=replace(q, span=span, surface=line[span[0]:span[1]]))


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


def check(source, *, max_mb: Optional[float] = None, tables=None, name: Optional[str] = None,
          limits: Optional[Limits] = None, use_model: bool = True) -> Report:
    """Check a document and return its Report.

    `source`: a path, the document's bytes, or a binary file object (format sniffed from the bytes; `name`
    names bytes and streams in the report). `tables`: a file holding the document's tables, published apart
    from its narrative (or several such files); they are read as one document after the narrative's lines.
    `limits` (parser.limits) bound what reading may cost; a breach raises LimitError. Wall time and memory
    are the caller's to bound (`gouji check` does, with `deadline` and `cap_memory`). `use_model=False`: no
    trained model is used (the rules' labels alone, as `gouji check --no-model`).
    Every failure is a GoujiError (InputError for a document that cannot be read).
    """
    from parser.sources import load_source
    document = load_source(source, name=name, max_mb=max_mb, limits=limits)
    if tables:
        extra = [tables] if isinstance(tables, (str, os.PathLike, bytes)) else list(tables)
        document = join_documents(document, *(load_source(t, max_mb=max_mb, limits=limits) for t in extra))
    return guarded(document, use_model=use_model)


def check_text(text: str, *, name: str = "<text>", max_mb: Optional[float] = None, use_model: bool = True) -> Report:
    """Check a document given as text (numbered as the same text saved as a UTF-8 file)."""
    from parser.sources import text_document
    return guarded(text_document(text, name, max_mb=max_mb), use_model=use_model)


def guarded(document: Document, *, use_model: bool = True) -> Report:
    """check_document, an unexpected exception turned into an InternalError naming the document."""
    try:
        return check_document(document, use_model=use_model)
    except GoujiError:
        raise
    except RecursionError as err:
        raise InternalError(f"{document.path}: RecursionError: {err}") from err
    except Exception as err:                          # noqa: BLE001 - the library's promise: only GoujiError
        raise InternalError(f"{document.path}: {type(err).__name__}: {' '.join(str(err).split())[:200]}") from err

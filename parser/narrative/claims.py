"""Paragraphs → Claims, and the relations between them that make them checkable.

The pipeline of this stage: parser.narrative.drafts reads each sentence's numbers,
this module numbers them and turns them into Claims, parser.narrative.relations links them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

from parser.datatypes import Claim, Paragraph
from parser.narrative.balance import balance_relations, line_text, year_end_relations
from parser.narrative.drafts import Draft, draft_sentence, function_items
from parser.narrative.linker import LinkGroup, link
from parser.narrative.lists import item_lists
from parser.narrative.nlp import metric_mentions
from parser.narrative.relations import (
    MAX_LINE_FIGURES,
    Relation,
    document_partitions,
    list_heads,
    overall_execution_relations,
    partition_relations,
    relate,
    sum_relations,
)
from parser.patterns import BLANK_CHARS, CLAUSE_BREAK, YEAR

BOOKMARK = regex.compile(r"\[bookmark:[^\]]*\]")


@dataclass(frozen=True)
class Extraction:
    claims: tuple[Claim, ...]
    relations: tuple[Relation, ...]
    links: tuple[LinkGroup, ...] = ()    # the linker's slots (parser.narrative.linker), for training and review


def extract_claims(paragraphs: tuple[Paragraph, ...], doc_year: Optional[int], page_of, *,
                   use_model: bool = True) -> Extraction:
    """Every number of the narrative as a Claim, with the relations among them. `use_model`: let the
    linker's model replace the rules' choice of a relation's input where it is confident."""
    sentences = [s for p in paragraphs for s in p.sentences]
    carried = carried_years(paragraphs)
    with_numbers = [s for s in sentences if any(ch.isdigit() for ch in s.text)]
    leads = cut_leads(paragraphs)
    mentions = metric_mentions([s.text for s in with_numbers], [leads.get((s.line, s.span), "") for s in with_numbers])
    drafts_by_sentence: list[list[Draft]] = []
    previous_item = None
    for sentence, found in zip(with_numbers, mentions):
        item = function_items(sentence.text)
        drafts = draft_sentence(sentence, found, doc_year, previous_item,
                                default_year=carried.get((sentence.line, sentence.span)))
        if item:
            previous_item = item[-1]
        elif not sentence.text.startswith(("年初预算", "支出决算")):
            previous_item = None
        drafts_by_sentence.append(drafts)
    claims: list[Claim] = []
    relations: list[Relation] = []
    counter = 0
    by_line: dict[int, list[Draft]] = {}
    clause_base: dict[int, int] = {}
    for drafts in drafts_by_sentence:
        for draft in drafts:
            counter += 1
            draft.id = f"c{counter}"
        relations.extend(sum_relations(drafts))
        if drafts:
            line = drafts[0].sentence.line
            base = clause_base.get(line, 0)
            for draft in drafts:
                draft.clause += base
            clause_base[line] = max(d.clause for d in drafts) + 1
            by_line.setdefault(line, []).extend(drafts)
        claims.extend(to_claim(d, page_of) for d in drafts)
    listed = {r.target for r in relations}
    previous: list[Draft] = []
    heads = list_heads(line_texts(paragraphs), by_line)
    for line, drafts in by_line.items():
        relations.extend(relate(drafts, previous, heads.get(line)))
        previous = drafts
        relations.extend(partition_relations(drafts, listed))
        if len(drafts) <= MAX_LINE_FIGURES:         # (more is no balance statement or list, and costs figures × chars)
            text = line_text(drafts)
            relations.extend(balance_relations(drafts, text, listed))
            relations.extend(item_lists(drafts, text, listed))
    relations.extend(overall_execution_relations(list(by_line.values()), {r.target for r in relations}))
    relations.extend(year_end_relations(list(by_line.values())))
    relations, links = link(relations, by_line.values(), use_model=use_model)
    relations.extend(document_partitions([d for drafts in by_line.values() for d in drafts],
                                         {r.target for r in relations if r.kind == "sum"}))
    return Extraction(tuple(claims), tuple(relations), links)


def line_texts(paragraphs: tuple[Paragraph, ...]) -> dict[int, str]:
    """Line → its narrative text (its sentences joined)."""
    out: dict[int, str] = {}
    for paragraph in paragraphs:
        for sentence in paragraph.sentences:
            out[sentence.line] = out.get(sentence.line, "") + sentence.text
    return out


def cut_leads(paragraphs: tuple[Paragraph, ...]) -> dict:
    """(line, span) → the words of the clause a line break cut before a sentence (the last clause of the line
    before, when that line's last sentence runs on into it): `…;公务用车购` / `置及运行费支出决算3.98万元`.

    >>> from parser.datatypes import Sentence
    >>> first = Sentence("因公出国(境)费支出决算 0万元;公务用车购", 2, (0, 22), (), continuation="置及运行费支出决算3.98万元;")
    >>> cut_leads((Paragraph(2, "", (first, Sentence("置及运行费支出决算3.98万元;", 3, (0, 16), ())), ()),))
    {(3, (0, 16)): '公务用车购'}
    """
    out = {}
    for paragraph in paragraphs:
        for before, sentence in zip(paragraph.sentences, paragraph.sentences[1:]):
            if before.continuation and sentence.line > before.line:
                out[(sentence.line, sentence.span)] = CLAUSE_BREAK.split(before.text)[-1].strip(BLANK_CHARS)
    return out


def carried_years(paragraphs: tuple[Paragraph, ...]) -> dict:
    """(line, span) → the year a sentence continues from the line before it, where a line break cut one
    sentence in two (`截至2025年8月31日…共有车辆2辆，其中：…` / `…其他用车2辆；`)."""
    out = {}
    for paragraph in paragraphs:
        year = None
        for sentence in paragraph.sentences:
            if year is not None:
                out[(sentence.line, sentence.span)] = year
            named = YEAR.findall(sentence.text)
            year = (int(named[-1]) if named else year) if sentence.continuation else None
    return out


def to_claim(draft: Draft, page_of) -> Claim:
    q = draft.quantity
    line_text = draft.sentence.text
    local_start = q.span[0] - draft.sentence.span[0]
    clause_start = local_start - len(draft.prefix)
    quote_start = max(clause_start, local_start - 30)
    enumeration = line_text.rfind("、", quote_start, local_start)
    if enumeration >= 0:                  # `A费4.98万元、B费1.03万元`: B's quote starts after 、
        quote_start = enumeration + 1
    for artefact in BOOKMARK.finditer(line_text, 0, local_start):   # a Word bookmark left in the text
        if artefact.end() > quote_start:
            quote_start = artefact.end()
    while quote_start < local_start and line_text[quote_start] in "其中：:，, 　（(":
        quote_start += 1
    quote = line_text[quote_start:q.span[1] - draft.sentence.span[0]]
    return Claim(id=draft.id, text=quote, subject=draft.subject, metric=draft.metric, kind=draft.kind,
                 role=draft.role, year=draft.year, quantity=q, line=draft.sentence.line,
                 page=page_of(draft.sentence.line), sentence=draft.sentence.text,
                 scope=draft.scope, confidence=0.9 if draft.direct else 0.6)


def by_sentence(claims) -> dict[tuple[int, str], list[Claim]]:
    """Claims grouped by the sentence they stand in, keyed (line, sentence text), in order."""
    out: dict[tuple[int, str], list[Claim]] = {}
    for claim in claims:
        out.setdefault((claim.line, claim.sentence), []).append(claim)
    return out


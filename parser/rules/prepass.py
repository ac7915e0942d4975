"""The pass before the rules: the frozen Context, with what several rules depend on found once.

- the 绩效自评表 read (parser.tabular.self_evaluation), which the rate, sum and project rules check;
- the unit slips (the `unit` rule's reading): every rule computes with the repaired unit;
- what the text alone says of its claims (`text_verdicts`): a unit slip, a total that is or is not the sum
  of its parts (the `sum` rule's reading), a count one line gives twice with two numbers (`mismatch`'s).
  `mismatch` blames a table cell rather than the text where the text's parts add up to their total; a
  count the text itself contradicts is not compared again with a 绩效自评表.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from parser.datatypes import Claim, Document, Fact, Meta, Paragraph, Table
from parser.narrative.relations import Relation
from parser.rules import mismatch, sums, unit
from parser.rules.common import CONTRADICTED, Context, Marks, merged
from parser.tabular.self_evaluation import read_evaluations


def prepare(document: Document, meta: Meta, tables: tuple[Table, ...], claims: tuple[Claim, ...],
            relations: tuple[Relation, ...], facts: Iterable[Fact], paragraphs: tuple[Paragraph, ...] = ()) -> Context:
    """The context every rule reads."""
    ctx = Context(document=document, year=meta.year, tables=tables, claims=claims, relations=relations,
                  facts=tuple(facts), paragraphs=paragraphs, meta=meta, evaluations=tuple(read_evaluations(tables)))
    ctx = replace(ctx, unit_slips=unit.slips(ctx))
    return replace(ctx, text_verdicts=text_verdicts(ctx))


def text_verdicts(ctx: Context) -> dict[str, str]:
    """Claim id → what the text alone says of it (contradicted wins): unit slips, sums, counts given twice."""
    counted = Marks()
    mismatch.repeated_counts(ctx, counted)
    return merged([(cid, CONTRADICTED) for cid in ctx.unit_slips] + list(sums.text_statuses(ctx).items())
                  + list(counted.claims.items()))

"""One module per finding rule of CONTRACT.md; each exposes check(ctx) → RuleResult.

Every rule reads the same frozen Context (parser.rules.prepass builds it: unit slips, the 绩效自评表, the
text's sums are found there, before any rule) and returns its findings and the statuses it gives claims and
cells; `run` merges them. The order of RULES is only the order findings are listed in before check.py
sorts them: the rules may run in any order.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Optional

from parser.datatypes import Finding
from parser.rules import (
    change,
    completeness,
    mismatch,
    project_funds,
    rate,
    share,
    sums,
    table_changes,
    table_sums,
    template,
    unit,
    wording,
    year,
)
from parser.rules.common import CellKey, Context, RuleResult, merged

RuleCheck = Callable[[Context], RuleResult]

RULES: tuple[RuleCheck, ...] = (unit.check, share.check, change.check, rate.check, sums.check, table_sums.check,
                           table_changes.check, mismatch.check, project_funds.check, wording.check, year.check, template.check,
                           completeness.check)


@dataclass(frozen=True)
class Verdicts:
    """The merged results of all rules: findings in the order of RULES, one status per claim and per cell."""
    findings: tuple[Finding, ...]
    claims: dict[str, str]                 # claim id → consistent | contradicted
    cells: dict[CellKey, str]              # cell key → consistent | contradicted


def run(ctx: Context, order: Optional[Iterable[RuleCheck]] = None) -> Verdicts:
    """Every rule on the context, run in `order` (default RULES) and merged as if run in the order of RULES."""
    results = {rule: rule(ctx) for rule in (RULES if order is None else order)}
    listed = [results[rule] for rule in RULES if rule in results]
    return Verdicts(findings=tuple(f for r in listed for f in r.findings),
                    claims=merged(pair for r in listed for pair in r.claims),
                    cells=merged(pair for r in listed for pair in r.cells))

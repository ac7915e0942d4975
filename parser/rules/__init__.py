"""One module per finding rule of CONTRACT.md; each exposes check(ctx) → findings.

Order matters: `unit` runs first so that the others compute with repaired units.
"""
from parser.rules import (
    change,
    completeness,
    mismatch,
    project_funds,
    rate,
    share,
    sums,
    table_sums,
    template,
    unit,
    wording,
    year,
)

RULES = (unit.check, share.check, change.check, rate.check, sums.check, table_sums.check, mismatch.check,
         project_funds.check, wording.check, year.check, template.check, completeness.check)

"""The reviewer's rules (issue 16) on the real corpus, the web texts and the seeds, against verdicts read by hand.

tests/golden/reviewer_verdicts.jsonl holds every finding of the rules wording, year, template and completeness
on ../shared/corpus/real, ../shared/corpus/web and the seeds (`status: reported`), each read against its
document (`verdict` real/false and `why`), and the false alarms seen while building the rules, which were
narrowed away (`status: fixed`). A document's findings of these rules must be exactly its reported records.
A narrative published with its tables in a second file (`X.pdf` + `X_tables.pdf`) is read with them, as
`gouji check X.pdf --tables X_tables.pdf` and scripts/compare_reports.py read it; a `*_tables.pdf` keyed by its
own name is read alone.
"""
import json
from collections import defaultdict
from pathlib import Path

import pytest

from parser.check import check
from tests.conftest import SHARED

RULES = ("wording", "year", "template", "completeness")
VERDICTS = [json.loads(line) for line in
            (Path(__file__).parent / "reviewer_verdicts.jsonl").read_text(encoding="utf-8").splitlines() if line]
BY_DOC = defaultdict(list)
for record in VERDICTS:
    BY_DOC[record["doc"]].append(record)


def tables_of(path: Path) -> Path | None:
    """The tables file published beside a narrative, if any.

    >>> tables_of(Path("x/a.pdf")) is None
    True
    """
    if path.name.endswith("_tables.pdf"):
        return None
    tables = path.with_name(path.stem + "_tables.pdf")
    return tables if tables.exists() else None


def test_nine_in_ten_findings_are_real():
    reported = [r for r in VERDICTS if r["status"] == "reported"]
    real = [r for r in reported if r["verdict"] == "real"]
    assert reported and len(real) >= 0.9 * len(reported), (len(real), len(reported))


def test_every_verdict_says_why():
    assert all(r["why"] for r in VERDICTS)


@pytest.mark.parametrize("doc", sorted(BY_DOC), ids=lambda d: Path(d).name)
def test_findings_are_the_judged_ones(doc):
    path = SHARED / doc
    if not path.exists():
        pytest.skip(f"{path} not found")
    tables = tables_of(path)
    report = check(path, tables=str(tables) if tables else None)
    found = sorted((f.line, f.rule, f.quote) for f in report.findings if f.rule in RULES)
    reported = sorted((r["line"], r["rule"], r["quote"]) for r in BY_DOC[doc] if r["status"] == "reported")
    assert found == reported
    fixed = {(r["line"], r["rule"], r["quote"]) for r in BY_DOC[doc] if r["status"] == "fixed"}
    assert not fixed & set(found)

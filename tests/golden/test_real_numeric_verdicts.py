"""Findings of the real corpus read as false and since fixed stay away (tests/golden/real_numeric_verdicts.jsonl,
lines with "status": "fixed"; each verdict was read against its document, the fix is named in its `fix`)."""
import json
from pathlib import Path

import pytest

from parser.check import check
from tests.conftest import SHARED

FIXED = [v for v in (json.loads(line) for line in (Path(__file__).parent / "real_numeric_verdicts.jsonl")
                     .read_text(encoding="utf-8").splitlines() if line) if v.get("status") == "fixed"]


def test_fixed_verdicts_are_false_ones():
    assert FIXED and all(v["verdict"] == "false" and v["fix"] for v in FIXED)


@pytest.mark.parametrize("verdict", FIXED, ids=[f"{v['doc'].split('__')[-1]}:{v['line']}:{v['rule']}" for v in FIXED])
def test_fixed_false_finding_not_reported(verdict):
    path = SHARED / verdict["doc"].replace("__", "/")
    if not path.exists():
        pytest.skip(f"{path} not found beside the repository")
    findings = [(f.line, f.rule, f.quote) for f in check(path).findings
                if f.severity in ("error", "warning") and f.rule == verdict["rule"] and f.quote == verdict["quote"]]
    assert findings == []

"""The reviewer's rules (issue 16) give the same findings on DOCX, HTML and XLSX copies of a text report.

Seed 000 (a 2024 部门决算) with a closing section holding one slip of each kind, copied to the other formats
by scripts/make_format_fixtures.py.
"""
import sys
from collections import Counter
from pathlib import Path

import pytest

from parser.check import check
from tests.conftest import seed

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from make_format_fixtures import make_fixtures  # noqa: E402

RULES = ("wording", "year", "template", "completeness")
SLIPS = ("十二、其他需要说明的情况",
         "XX局会议费年初预算为5.00万元，支出决算为4.10万元，决算数大于预算数。。",
         "截至2023年12月31日，本部门共有车辆3辆，其中执法执勤用车3辆。",
         "本年支出增加（减少）的主要原因是人员调整。")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reviewer_formats")
    text = seed("000").read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "\n".join(SLIPS) + "\n"
    source = folder / "seed000_slips.txt"
    source.write_text(text, encoding="utf-8")
    copies = make_fixtures(source, folder / "copies")
    out = {kind: check(str(path)) for kind, path in copies.items()}
    out["txt"] = check(str(source))
    return out


def keys(report):
    return Counter((f.rule, f.severity, f.cause, f.quote) for f in report.findings if f.rule in RULES)


def test_text_version_has_each_slip(reports):
    rules = {rule for rule, *_ in keys(reports["txt"])}
    assert {"wording", "year", "template"} <= rules, keys(reports["txt"])


@pytest.mark.parametrize("kind", ["docx", "html", "html-gbk", "xlsx"])
def test_same_findings_in_every_format(reports, kind):
    assert keys(reports[kind]) == keys(reports["txt"])

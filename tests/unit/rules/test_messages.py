"""The message catalogue: one coded template per message, each used by a rule, each finding coded."""
import json
import re
from pathlib import Path

from parser.datatypes import Finding
from parser.report.serialize import finding_dict
from parser.rules import messages
from parser.rules.messages import CATALOGUE, Message, Phrase

RULES_DIR = Path(messages.__file__).parent
SOURCES = "\n".join(p.read_text(encoding="utf-8") for p in RULES_DIR.glob("*.py") if p.name != "messages.py")
PHRASES = {name: v for name, v in vars(messages).items() if isinstance(v, Phrase)}


def test_each_code_is_its_name_and_used_by_a_rule():
    named = {name: m for name, m in vars(messages).items() if isinstance(m, Message)}
    assert {m.code for m in named.values()} == set(named) == set(CATALOGUE)
    unused = [name for name in list(named) + list(PHRASES) if f"messages.{name}(" not in SOURCES]
    assert unused == []


def test_templates_name_their_fields():
    for m in list(CATALOGUE.values()) + list(PHRASES.values()):
        assert "{}" not in m.template and not re.search(r"\{\d", m.template), m


def test_no_rule_writes_a_message_of_its_own():
    # a finding's message is a catalogue template: no f-string with Chinese text passed to a finding builder
    inline = re.findall(r"(?:finding|finding_at|line_finding|cell_finding)\([^)]*?\n?\s*f\"[^\"]*[\u4e00-\u9fff]", SOURCES)
    assert inline == []


def test_a_finding_carries_its_code_into_the_json():
    said = messages.PLACEHOLDER(quote="XX局")
    found = Finding("template", "warning", said.text, "template", 1, None, "XX局", "XX局", "", code=said.code)
    data = finding_dict(found)
    assert data["code"] == "PLACEHOLDER" and data["message"] == "模板文字未替换或未删除：“XX局”。"
    assert "code" not in finding_dict(Finding("cross", "warning", "m", None, 1, None, "q", "s", "e"))
    json.dumps(data, ensure_ascii=False)


def test_the_scan_store_keeps_the_code():
    from parser.scan.rows import finding_rows
    from parser.scan.schema import COLUMNS
    said = messages.PLACEHOLDER(quote="XX局")
    found = Finding("template", "warning", said.text, "template", 1, None, "XX局", "XX局", "", code=said.code)
    (row,) = finding_rows("abc", {"findings": [finding_dict(found)]}, {"gouji_version": "0", "ruleset": "r"})
    assert dict(zip([c for c, _ in COLUMNS["findings"]], row))["code"] == "PLACEHOLDER"

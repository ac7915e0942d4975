"""The workbench in a real headless Chromium (the system's, driven over the DevTools pipe): filter to errors,
mark a finding a false alarm with the keyboard, export the decisions, import them with `gouji review import`.
Skipped when no Chromium is installed (.ci/run installs Debian's)."""
import json
import os
import subprocess
import sys

import pytest

from tests.cdp import Browser, find_chromium
from tests.conftest import seed

CHROMIUM = find_chromium()
GOUJI = [sys.executable, "-m", "parser.cli"]
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (apt-get install chromium)")


@pytest.fixture
def browser(tmp_path):
    b = Browser(CHROMIUM, str(tmp_path / "profile"))
    try:
        yield b
    finally:
        b.close()


def test_filter_mark_export_and_import(tmp_path, browser):
    page_file = tmp_path / "report.html"
    run = subprocess.run(GOUJI + ["check", str(seed("000")), "--format", "html", "--out", str(page_file)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.send("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(downloads), eventsEnabled=True)
    page = browser.open(page_file.as_uri())
    visible = ("Array.from(document.querySelectorAll('article.finding'))"
               ".filter(e => getComputedStyle(e).display !== 'none')")
    everything = page.js(f"{visible}.length")
    errors = page.js("document.querySelectorAll('article.finding[data-severity=error]').length")
    assert 0 < errors < everything

    page.click("button.sevpick[data-severity=error]")             # the summary's "error" heading: errors only
    assert page.js(f"{visible}.map(e => e.dataset.severity)") == ["error"] * errors

    page.key("j")                                                   # first finding shown …
    page.key("j")                                                   # … the second …
    page.key("k")                                                   # … back to the first
    first = page.js(f"{visible}[0].id")
    assert page.js("gouji.current()") == first
    page.key("f")                                                   # false alarm
    assert page.js(f"document.getElementById('{first}').querySelector('input[value=false_alarm]').checked") is True
    page.js("(function(){var c=document.getElementById(%s).querySelector('.comment');c.value='表内即为空';"
            "c.dispatchEvent(new Event('change'));var r=document.querySelector('input[name=reviewer]');"
            "r.value='tester';r.dispatchEvent(new Event('change'));})()" % json.dumps(first))

    choose = ("(function(name, value){var e=document.forms.filters[name];e.value=value;"
              "e.dispatchEvent(new Event('change', {bubbles: true}));})")
    page.js(f"{choose}('status', 'false_alarm')")                    # the status filter: the one decision
    assert page.js(f"{visible}.map(e => e.id)") == [first]
    page.js(f"{choose}('status', 'open')")
    assert page.js(f"{visible}.length") == errors - 1
    page.js(f"{choose}('status', '')")
    page.click("input[name=q]")                                     # the search box, typed into
    page.send("Input.insertText", text="公开03表")
    searched = page.js(f"{visible}.map(e => e.textContent.includes('公开03表'))")
    assert searched and all(searched) and len(searched) < errors
    page.js(f"{choose}('q', '')")

    page.js("location.reload()")                                    # decisions survive a reload (localStorage)
    browser.wait_event(lambda e: e.get("method") == "Page.loadEventFired")
    assert page.js(f"document.getElementById('{first}').querySelector('input[value=false_alarm]').checked") is True

    page.click("#export")
    done = browser.wait_event(lambda e: e.get("method") == "Browser.downloadProgress"
                              and e["params"]["state"] in ("completed", "canceled"))
    assert done["params"]["state"] == "completed"
    exported = [downloads / n for n in os.listdir(downloads) if n.endswith(".jsonl")]
    assert len(exported) == 1
    decisions = [json.loads(line) for line in exported[0].read_text(encoding="utf-8").splitlines()]
    assert decisions and {d["decision"] for d in decisions} == {"false_alarm"}
    assert {d["severity"] for d in decisions} == {"error"} and decisions[0]["comment"] == "表内即为空"
    assert decisions[0]["reviewer"] == "tester" and len(decisions[0]["sha256"]) == 64

    out = tmp_path / "annotations" / "review_decisions.jsonl"
    run = subprocess.run(GOUJI + ["review", "import", str(exported[0]), "--out", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["label"], r["source"], r["annotator"]) for r in records] == [("false_positive", "human", "tester")] * len(
        decisions)

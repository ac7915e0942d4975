#!/usr/bin/env python3
"""Screenshot a workbench page in headless Chromium (docs/): errors only, the first finding marked a false alarm.

    scripts/screenshot_workbench.py REPORT.html OUT.png [--all] [--rule RULE] [--scroll N]
"""
import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.cdp import Browser, find_chromium  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page")
    ap.add_argument("out")
    ap.add_argument("--all", action="store_true", help="keep every severity (default: errors only)")
    ap.add_argument("--rule", help="show this rule's findings only")
    ap.add_argument("--scroll", type=int, default=0, help="scroll down this many pixels first")
    args = ap.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("no chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as profile:
        browser = Browser(chromium, profile)
        try:
            page = browser.open(Path(args.page).resolve().as_uri())
            if not args.all:
                page.click("button.sevpick[data-severity=error]")
            if args.rule:
                page.js(f"(function(){{var s=document.forms.filters.rule;s.value={args.rule!r};"
                        "s.dispatchEvent(new Event('change', {bubbles: true}));})()")
            page.key("j")
            page.key("f")
            page.js(f"window.scrollTo(0, {args.scroll})")
            page.screenshot(args.out)
        finally:
            browser.close()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

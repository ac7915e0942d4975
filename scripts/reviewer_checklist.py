#!/usr/bin/env python3
"""Which items of the two reviewers' checklists gouji reports (issue 16).

Reads `putuo_2026_budget_{dept,unit}_sifaju_REVIEW_CHECKLIST.xlsx` with openpyxl, prints each numbered
remark of the reviewer and, for the numeric-or-wording ones, whether `gouji check` of the matching PDF
has a finding of the rule that covers it at the line the remark is about. The mapping from a remark to
its line was made by reading the remark and the PDF's text (`gouji text`); it is the table below.

    scripts/reviewer_checklist.py [--corpus ../shared/corpus/real/putuo-gbc]
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import openpyxl

from parser.check import check

HERE = Path(__file__).resolve().parents[1]
CORPUS = HERE.parent / "shared" / "corpus" / "real" / "putuo-gbc"

# (checklist, section, remark number) → (kind, [(rule, line), ...] any of which reports it, what it is).
# kind: numeric | wording | layout (layout remarks are about the printed page, not the text).
ITEMS = {
    ("dept", "目录", 1): ("layout", [], "an empty table page after the contents"),
    ("dept", "主要职能", 1): ("layout", [], "characters not displayed in 主要职能"),
    ("dept", "预算编制说明", 1): ("wording", [("year", 58), ("year", 59)], "比2026年预算 ×5 in a 2026 预算"),
    ("dept", "预算编制说明", 2): ("wording", [("template", 60)], "a full stop missing after 工作量增加"),
    ("dept", "预算编制说明", 3): ("wording", [("template", 66)], "。。"),
    ("dept", "预算编制说明", 4): ("numeric", [("change", 67), ("wording", 67)], "43269.3 → 3845.49 stated 增加17.62%"),
    ("dept", "预算编制说明", 5): ("wording", [("completeness", 72)], "医疗卫生与计划生育支出（210类） vs 卫生健康支出"),
    ("dept", "预算编制说明", 6): ("numeric", [("mismatch", 73)], "住房公积金 208.8 vs 201.50"),
    ("dept", "项目经费情况说明", 1): ("wording", [("template", 255)], "an extra closing quotation mark"),
    ("unit", "预算编制说明", 1): ("wording", [("template", 45)], "增加（减少） left from the template"),
    ("unit", "预算编制说明", 2): ("numeric", [("change", 47)], "1690.69 → 1434.89 stated 减少1.10%"),
    ("unit", "预算编制说明", 3): ("numeric", [("mismatch", 53), ("wording", 53)], "56.12 vs 57.8"),
    ("unit", "预算编制说明", 4): ("numeric", [("mismatch", 59), ("change", 59), ("wording", 59)], "207 vs 170.03, 增加21.74%"),
    ("unit", "预算编制说明", 5): ("wording", [("completeness", 57)], "医疗卫生与计划生育支出（210类） vs 卫生健康支出"),
    ("unit", "《单位支出预算总表》", 1): ("numeric", [("sum", 105), ("sum", 106)], "行政运行 row ≠ 基本 + 项目"),
    ("unit", "《单位一般公共预算支出功能分类预算表》", 1): ("numeric", [("sum", 140), ("sum", 141)], "行政运行 row ≠ 基本 + 项目"),
    ("unit", "其他相关说明", 1): ("wording", [("template", 219)], "主要原因是。 cut off"),
    ("unit", "其他相关说明", 2): ("wording", [("template", 229)], "部门预算安排 in a 单位预算"),
}


def remarks(path: Path):
    """(section, number, text) of each numbered remark of a checklist (a row whose 符合要求 is 否)."""
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        cells = [c for c in row if c is not None]
        if "否" not in cells:
            continue
        section = str(cells[1] if len(cells) > 3 else cells[0]).strip()
        text = str(cells[-1])
        numbered: list[str] = []
        for line in text.splitlines():
            if re.match(r"\d+\.", line) or not numbered:
                numbered.append(line)
            else:
                numbered[-1] += line
        for k, part in enumerate(numbered, 1):
            yield section, k, part.strip()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    totals = {"numeric": [0, 0], "wording": [0, 0], "layout": [0, 0]}
    for which in ("dept", "unit"):
        report = check(args.corpus / f"putuo_2026_budget_{which}_sifaju.pdf")
        found = {(f.rule, f.line) for f in report.findings if f.severity in ("error", "warning")}
        print(f"== {which}: putuo_2026_budget_{which}_sifaju_REVIEW_CHECKLIST.xlsx")
        for section, number, text in remarks(args.corpus / f"putuo_2026_budget_{which}_sifaju_REVIEW_CHECKLIST.xlsx"):
            key = next((k for k in ITEMS if k[0] == which and k[1] in section and k[2] == number), None)
            if key is None:
                print(f"  ?       {section} {number}: (not mapped) {text[:60]}")
                continue
            kind, places, what = ITEMS[key]
            hit = [p for p in places if p in found]
            totals[kind][0] += bool(hit)
            totals[kind][1] += 1
            mark = "found  " if hit else ("layout " if kind == "layout" else "MISSED ")
            print(f"  {mark}{kind:8} {section} {number}: {what}  {' '.join(f'{r}@{n}' for r, n in hit)}")
    numeric, wording = totals["numeric"], totals["wording"]
    print(f"numeric items: {numeric[0]}/{numeric[1]}; wording items: {wording[0]}/{wording[1]}; "
          f"numeric-or-wording: {numeric[0] + wording[0]}/{numeric[1] + wording[1]}; "
          f"layout items (not in the text): {totals['layout'][1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

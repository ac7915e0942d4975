#!/usr/bin/env python3
"""Recall of the reviewer's rules (wording, year, template, completeness) on injected errors.

Takes real documents (by default one 部门决算 and two 预算 of different publishers), reads each as gouji
reads it (`gouji text`), and makes one test copy per injected error: at a place drawn at random (seeded)
among the places where an error of that kind can be made, the text is changed the way a slip would change
it (a direction word flipped, a year of a heading or a base changed, a placeholder or a doubled full stop
put in, a clause emptied, a table dropped, doubled, moved or blanked, a 类 renamed). Each copy is checked;
an error counts as found when a finding of its rule appears at its place that the untouched copy did not
have. Any other finding the copy has and the untouched copy has not is counted as new elsewhere.

    scripts/inject_reviewer_errors.py [--seed 16] [--per-op 2] [FILE ...]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from parser.check import check_document
from parser.layout.segment import heading_level
from parser.load import load

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"
DEFAULT = [REAL / "putuo-gbc" / "putuo_2024_final_dept_shehuigongzuobu.pdf",
           REAL / "putuo-gbc" / "putuo_2025_budget_dept_shangwuwei.pdf",
           REAL / "jiangsu-open-budget" / "js_2018_budget_gaoyuan.pdf"]
RULES = ("wording", "year", "template", "completeness")
MAX_SITES = 400


@dataclass
class Injection:
    kind: str                  # the rule that should find it
    op: str
    lines: tuple[str, ...]     # the changed text
    where: frozenset           # lines (1-based, in the changed text) a finding may stand on
    what: str


def prose(lines):
    for i, text in enumerate(lines):
        if "\t" not in text and text.strip():
            yield i, text


def table_blocks(lines):
    """(first index, end index exclusive) of each table: a title line ending in 表 followed by TAB rows (with the
    `公开NN表` code printed on its own line above it), and its unit and note lines."""
    titles = [i for i, t in prose(lines) if len(t.strip()) <= 60 and t.strip().endswith("表") and "。" not in t
              and not re.fullmatch(r"\s*公开\s*\d+\s*表\s*", t) and any("\t" in x.strip() for x in lines[i + 1:i + 5])]
    starts = [i - 1 if i > 0 and re.fullmatch(r"\s*公开\s*\d+\s*表\s*", lines[i - 1]) and i - 1 not in titles else i
              for i in titles]
    blocks = []
    for k, (first, title) in enumerate(zip(starts, titles)):
        limit = starts[k + 1] if k + 1 < len(starts) else len(lines)
        end = title + 1
        while end < limit and ("\t" in lines[end] or not lines[end].strip()
                               or lines[end].strip().startswith(("单位", "编制", "部门：", "金额单位", "注", "说明", "本表"))):
            end += 1
        blocks.append((first, end))
    return blocks


def contents_lines(lines):
    start = next((i for i, t in enumerate(lines[:200]) if re.fullmatch(r"\s*目\s*录\s*", t)), None)
    return set(range(start, start + 60)) if start is not None else set()


def sub_line(lines, i, new):
    out = list(lines)
    out[i] = new
    return tuple(out)


# --- operators: each returns the injection for one site -------------------------------------------

def op_flip_direction(lines, report, rng):
    sites = []
    for i, text in prose(lines):
        for m in re.finditer(r"(比(?:上年|\d{4}年(?:预算执行数|预算数|决算数)?))(增加|减少)"
                             r"|(决算数)(小于|大于)((?:全年|年初)?预算数)", text):
            on_line = [c for c in report.claims if c.line == i + 1 and c.quantity.span[1] <= m.start()
                       and c.kind == "amount"]
            roles = {c.role for c in on_line}
            if m.group(2) and "prior_year" in roles or m.group(4) and roles & {"budget_initial", "budget_final"}:
                sites.append((i, m))
    if not sites:
        return None
    i, m = rng.choice(sites)
    text = lines[i]
    if m.group(2):
        word_at, new = m.start(2), "减少" if m.group(2) == "增加" else "增加"
    else:
        word_at, new = m.start(4), "大于" if m.group(4) == "小于" else "小于"
    changed = text[:word_at] + new + text[word_at + 2:]
    return Injection("wording", "flip_direction", sub_line(lines, i, changed), frozenset({i + 1}),
                     f"line {i + 1}: {text[word_at - 8:word_at + 2]} → {new}")


def op_flat_for_change(lines, report, rng):
    """`决算数小于全年预算数` → `决算数与全年预算数持平`, `比2024年预算执行数增加5%` → `与2024年预算执行数持平` where the
    two levels before it differ."""
    sites = []
    for i, text in prose(lines):
        for m in re.finditer(r"决算数(?:小于|大于)((?:全年|年初)?预算数)|比(\d{4}年(?:当年)?预算执行数)(?:增加|减少)[\d.]+%", text):
            on_line = [c for c in report.claims if c.line == i + 1 and c.quantity.span[1] <= m.start() and c.kind == "amount"]
            values = {c.quantity.value for c in on_line[-2:]}
            if len(on_line) >= 2 and len(values) == 2:
                sites.append((i, m))
    if not sites:
        return None
    i, m = rng.choice(sites)
    text = lines[i]
    new = f"决算数与{m.group(1)}持平" if m.group(1) else f"与{m.group(2)}持平"
    return Injection("wording", "flat_for_change", sub_line(lines, i, text[:m.start()] + new + text[m.end():]),
                     frozenset({i + 1}), f"line {i + 1}: {m.group(0)} → {new}")


def op_flat_beside_change(lines, report, rng):
    sites = [(i, m) for i, t in prose(lines)
             for m in re.finditer(r"(与上年相比|比上年)(增加|减少)(?=[1-9]\d*(?:\.\d+)?万元)", t)]
    if not sites:
        return None
    i, m = rng.choice(sites)
    text = lines[i]
    changed = text[:m.start()] + "与上年持平，" + m.group(2) + text[m.end():]
    return Injection("wording", "flat_beside_change", sub_line(lines, i, changed), frozenset({i + 1}),
                     f"line {i + 1}: {m.group(0)} → 与上年持平，{m.group(2)}")


def year_sites(lines, year, kind):
    patterns = [r"比(%d)年预算(?!执行)" % (year - 1), r"(%d)年(?:当年)?预算执行数" % (year - 1)] if kind == "预算" else \
        [r"截至(%d)年12月31日" % year]
    patterns.append(r"(%d)年度?(?:收入[、和与及]?支出|收支)(?:决算|预算)?总计" % year)
    sites = [(i, m, "base") for i, t in prose(lines) for p in patterns for m in re.finditer(p, t)]
    word = "决算" if kind == "决算" else "预算"
    for i, t in prose(lines):
        stripped = t.strip()
        if (len(stripped) <= 60 and not stripped.endswith(("。", "，", "；")) and word in stripped
                and len(re.findall(r"20\d{2}\s*年", t)) == 1 and "执行" not in t
                and (heading_level(t) is not None or stripped.endswith(("表", "说明", "情况")))):
            m = re.search(r"(%d)\s*年" % year, t)
            if m:
                sites.append((i, m, "heading"))
    return sites


def op_wrong_year(lines, report, rng):
    year, kind = report.meta.year, report.meta.kind
    if year is None:
        return None
    sites = year_sites(lines, year, kind)
    if not sites:
        return None
    i, m, what = rng.choice(sites)
    stated = int(m.group(1))
    new = stated + 1 if what == "base" and kind == "预算" else stated - 1
    text = lines[i]
    changed = text[:m.start(1)] + str(new) + text[m.end(1):]
    return Injection("year", f"wrong_year_{what}", sub_line(lines, i, changed), frozenset({i + 1}),
                     f"line {i + 1}: {m.group(0)} → {new}")


def op_placeholder(lines, report, rng):
    body = report.meta.department
    sites = [(i, t) for i, t in prose(lines) if body and body in t and "。" in t]
    if not sites:
        sites = [(i, t) for i, t in prose(lines) if "本部门" in t]
        body = "本部门"
    if not sites:
        return None
    i, text = rng.choice(sites)
    placeholder = rng.choice(["XX局", "××单位", "【单位名称】", "XXX局"])
    return Injection("template", "placeholder", sub_line(lines, i, text.replace(body, placeholder, 1)),
                     frozenset({i + 1}), f"line {i + 1}: {body} → {placeholder}")


def op_double_stop(lines, report, rng):
    sites = [(i, t) for i, t in prose(lines) if t.count("。") >= 2 and len(t) > 30]
    if not sites:
        return None
    i, text = rng.choice(sites)
    at = rng.choice([k for k, ch in enumerate(text) if ch == "。"])
    return Injection("template", "double_stop", sub_line(lines, i, text[:at] + "。" + text[at:]),
                     frozenset({i + 1}), f"line {i + 1}: 。 → 。。 at {at}")


def op_empty_reason(lines, report, rng):
    sites = [(i, m) for i, t in prose(lines) for m in re.finditer(r"(主要原因是|主要原因为|主要用于)[:：]?[^。；]{2,60}?(?=。)", t)]
    if not sites:
        return None
    i, m = rng.choice(sites)
    text = lines[i]
    return Injection("template", "empty_reason", sub_line(lines, i, text[:m.start()] + m.group(1) + text[m.end():]),
                     frozenset({i + 1}), f"line {i + 1}: {m.group(0)[:20]}… → {m.group(1)}")


def op_cut_off(lines, report, rng):
    sites = []
    for i, t in prose(lines):
        s = t.strip()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if (s.endswith("。") and "，" in s and len(s) > 20 and heading_level(t) is None
                and ("\t" in nxt or heading_level(nxt) is not None) and re.match(r"[\u4e00-\u9fff]", s[-4])):
            sites.append(i)
    if not sites:
        return None
    i = rng.choice(sites)
    text = lines[i].rstrip()
    return Injection("template", "cut_off", sub_line(lines, i, text[:-3]), frozenset({i + 1}),
                     f"line {i + 1}: …{text[-8:]} → …{text[-8:-3]}")


def op_unfilled_alternative(lines, report, rng):
    sites = [(i, m) for i, t in prose(lines) for m in re.finditer(r"增加(?=的主要原因|，主要原因|主要是)", t)]
    if not sites:
        return None
    i, m = rng.choice(sites)
    text = lines[i]
    return Injection("template", "unfilled_alternative", sub_line(lines, i, text[:m.end()] + "（减少）" + text[m.end():]),
                     frozenset({i + 1}), f"line {i + 1}: 增加 → 增加（减少）")


def listed_blocks(lines):
    contents = contents_lines(lines)
    return [(s, e) for s, e in table_blocks(lines) if s not in contents and e - s >= 3]


def op_drop_table(lines, report, rng):
    blocks = listed_blocks(lines)
    contents = contents_lines(lines)
    if not blocks or not contents:
        return None
    start, end = rng.choice(blocks)
    title = lines[start].strip()
    where = frozenset(i + 1 for i in contents) | frozenset(b[0] + 1 for b in blocks)
    return Injection("completeness", "drop_table", tuple(lines[:start] + lines[end:]), where,
                     f"lines {start + 1}-{end}: {title} dropped")


def op_double_table(lines, report, rng):
    blocks = listed_blocks(lines)
    if not blocks:
        return None
    start, end = rng.choice(blocks)
    new = tuple(lines[:end] + lines[start:end] + lines[end:])
    return Injection("completeness", "double_table", new, frozenset(range(end + 1, end + 1 + end - start)),
                     f"lines {start + 1}-{end}: {lines[start].strip()} printed twice")


def op_swap_tables(lines, report, rng):
    blocks = listed_blocks(lines)
    pairs = [(a, b) for a, b in zip(blocks, blocks[1:]) if a[1] == b[0]]
    if not pairs or not contents_lines(lines):
        return None
    (s1, e1), (s2, e2) = rng.choice(pairs)
    new = tuple(lines[:s1] + lines[s2:e2] + lines[s1:e1] + lines[e2:])
    return Injection("completeness", "swap_tables", new, frozenset({s1 + 1, s1 + 1 + (e2 - s2)}),
                     f"{lines[s1].strip()} ↔ {lines[s2].strip()}")


def op_rename_class(lines, report, rng):
    sites = [(i, m) for i, t in prose(lines)
             for m in re.finditer(r"([\u4e00-\u9fff]{3,12}?)(?=[（(](?:2\d{2})?类[）)])", t)
             if m.group(1).endswith("支出") or "（类）" in t[m.end():m.end() + 4]]
    sites = [(i, m) for i, m in sites if "（款）" in lines[i][m.end():m.end() + 30] or re.match(r"[（(]2\d{2}类", lines[i][m.end():])]
    if not sites:
        return None
    i, m = rng.choice(sites)
    other = "医疗卫生与计划生育支出" if "医疗" not in m.group(1) else "一般公共服务支出"
    text = lines[i]
    start = max(text.rfind(p, 0, m.end()) for p in "、：，；。）") + 1
    return Injection("completeness", "rename_class", sub_line(lines, i, text[:start] + other + text[m.end():]),
                     frozenset({i + 1}), f"line {i + 1}: {text[start:m.end()]} → {other}")


def op_blank_three_public(lines, report, rng):
    blocks = [(s, e) for s, e in table_blocks(lines) if "三公" in lines[s] and s not in contents_lines(lines)
              and any(re.search(r"[1-9][\d,]*\.\d+|0\.\d*[1-9]", x) for x in lines[s + 1:e])]
    if not blocks:
        return None
    start, end = rng.choice(blocks)
    out = list(lines)
    for k in range(start + 1, end):
        if "\t" in out[k]:
            out[k] = "\t".join("" if re.fullmatch(r"[\d,]+(\.\d+)?", c.strip()) else c for c in out[k].split("\t"))
    stated = [c.line for c in report.claims if c.metric in ("three_public", "overseas_travel", "official_vehicle",
                                                            "official_reception") and c.quantity.value != 0]
    return Injection("completeness", "blank_three_public", tuple(out), frozenset(stated) | {start + 1},
                     f"lines {start + 1}-{end}: 三公 table blanked")


OPS = (op_flip_direction, op_flat_for_change, op_flat_beside_change, op_wrong_year, op_placeholder, op_double_stop, op_empty_reason,
       op_cut_off, op_unfilled_alternative, op_drop_table, op_double_table, op_swap_tables, op_rename_class,
       op_blank_three_public)


def new_findings(report, baseline: Counter):
    left = Counter(baseline)
    out = []
    for f in report.findings:
        key = (f.rule, f.quote)
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(f)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--per-op", type=int, default=3, help="copies per operator and document")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    elsewhere = 0
    for path in args.files:
        source = load(path)
        lines = tuple(source.lines)
        clean = replace(source, format="txt", pages=None, page_count=None, cell_boxes=None, lines=lines)
        base = check_document(clean)
        baseline = Counter((f.rule, f.quote) for f in base.findings)
        own = sum(1 for f in base.findings if f.rule in RULES)
        print(f"== {path.name}: {base.meta.kind} {base.meta.year}, {len(lines)} lines; "
              f"untouched copy: {own} finding(s) of the four rules")
        for op in OPS:
            made = set()
            for _ in range(args.per_op):
                injection = op(lines, base, rng)
                if injection is None or injection.lines in made:
                    continue
                made.add(injection.lines)
                report = check_document(replace(clean, lines=injection.lines, sha256=str(hash(injection.lines))))
                fresh = new_findings(report, baseline)
                hits = [f for f in fresh if f.rule == injection.kind and f.line in injection.where]
                others = [f for f in fresh if f not in hits and f.rule in RULES]
                total[injection.kind] += 1
                found[injection.kind] += bool(hits)
                elsewhere += len(others)
                mark = "found " if hits else "MISSED"
                print(f"  {mark} {injection.kind:12} {injection.op:22} {injection.what}")
                for f in others:
                    print(f"         new elsewhere: {f.rule} line {f.line} {f.quote[:50]}")
    print("recall per kind:")
    for kind in RULES:
        if total[kind]:
            print(f"  {kind:12} {found[kind]}/{total[kind]} = {found[kind] / total[kind]:.0%}")
    print(f"all: {sum(found.values())}/{sum(total.values())} injected errors found; "
          f"{elsewhere} new finding(s) of the four rules elsewhere")
    return 0


if __name__ == "__main__":
    sys.exit(main())

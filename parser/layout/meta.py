"""Document metadata: title, reporting body, year and kind, read from the document's own wording."""
from __future__ import annotations

from collections import Counter

import regex

from parser.datatypes import Document, Meta
from parser.lexicon import load_cues

YEAR_MENTION = regex.compile(r"(20\d{2})\s*年")
# a budget as a document, not a budget figure reported on (预算执行比例, 一般公共预算收入, 完成预算的)
FUND_NAMES = regex.compile("|".join(map(regex.escape, load_cues()["budget_fund_names"])))
BUDGET_DOCUMENT = regex.compile(r"预算(?!执行|收入|支出|的|比例|完成|数)")
BUDGET_DOCUMENT_NAMED = regex.compile(r"(?:部门|单位)预算|预算(?:公开|草案|编制说明)")
TITLE_YEAR = regex.compile(r"(20\d{2})\s*年[^，。]{0,20}(?:预算|决算)")


def detect_meta(document: Document) -> Meta:
    """Title, department, year and kind of a document, from its wording (the title first)."""
    head = "\n".join(document.lines[:400])
    text = "\n".join(document.lines)
    title = next((line.strip() for line in document.lines if regex.search(r"(决算|预算|自评|评价)", line)
                  and len(line.strip()) <= 60 and "\t" not in line), "")
    years = Counter(int(y) for y in YEAR_MENTION.findall(text))
    title_year = TITLE_YEAR.search(title)
    year = int(title_year.group(1)) if title_year else (years.most_common(1)[0][0] if years else None)
    bare_title = FUND_NAMES.sub("", title)             # 一般公共预算财政拨款… names a fund, not a budget document
    if "绩效自评" in head[:3000] or "绩效评价" in head[:600]:
        kind = "绩效自评"
    elif "决算" in title or (not BUDGET_DOCUMENT.search(bare_title) and "决算" in text):
        kind = "决算"
    elif BUDGET_DOCUMENT.search(bare_title) or BUDGET_DOCUMENT_NAMED.search(head):
        kind = "预算"
    else:
        kind = "other"
    return Meta(title=title, department=detect_department(document.lines), year=year, kind=kind)


DEPARTMENT_LABEL = regex.compile(r"(?:预算主管部门|预算单位|单位名称|部门名称|部门)[:：]\s*"
                                 r"([\u4e00-\u9fa5（）()]{4,40}?)(?=[\s\t]|单位[:：]|$)")
COVER_STOP = regex.compile(r"^(目\s*录|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
COVER_NOISE = regex.compile(r"第[一二三四五六七八九十]+部分|20\d{2}\s*年(?:度)?|"
                            r"(?:区级|省级)?(?:部门|单位)?(?:决算|预算)(?:公开)?(?:报表)?|"
                            r"概况|附件\s*\d*|江苏省财政厅印制|\d{4}年\d{1,2}月\d{1,2}日")


BODY_NAME = regex.compile(r"[\u4e00-\u9fa5（）()]+(局|厅|院|办|委|室|部|处|会|中心|学院|学校|政府|街道|所|站|馆|队|团|办公室)")


def detect_department(lines) -> str:
    """The reporting body: from a 部门：/预算单位： label, else from the cover's first lines.

    >>> detect_department(["上海市普陀区2026年区级单位预算", "预算单位：上海市普陀区司法局", "目录"])
    '上海市普陀区司法局'
    >>> detect_department(["上海市普陀区规划和自然", "资源局", "2024年度部门决算", "目录"])
    '上海市普陀区规划和自然资源局'
    >>> detect_department(["2017年度江苏省高级人民法院部门预算公开", "目录"])
    '江苏省高级人民法院'
    """
    for line in lines[:200]:
        if m := DEPARTMENT_LABEL.search(line):
            return m.group(1)
    cover = []
    for line in lines[:8]:
        text = line.strip()
        if not text:
            continue
        if COVER_STOP.match(text) or "\t" in line or len(text) > 40 or regex.search(r"[。，；]", text):
            break
        cover.append(text)
    name = COVER_NOISE.sub("", "".join(cover)).strip()
    return name if 4 <= len(name) <= 40 and BODY_NAME.fullmatch(name) else ""



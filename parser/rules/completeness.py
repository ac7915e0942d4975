"""Rule `completeness`: the tables a document must publish, read from the document itself.

- a table its contents (目录) list that the document lacks, one published twice, tables out of the
  contents' order;
- of a 部门决算 the nine tables of DOMAIN.md (when the document publishes most of them);
- an empty table without its `无…故本表无数据` note, and an empty table whose figures the text states;
- a 类 name in the text that differs from the table's name for the same 功能分类 code (`医疗卫生与计划生育
  支出（210类）` where the tables say 210 卫生健康支出), by the code or by the 款 the text names under it.
"""
from __future__ import annotations

from typing import Any, Optional

import regex

from parser.datatypes import Finding
from parser.layout.tables import row_label
from parser.lexicon import reviewer_pattern
from parser.rules import messages
from parser.rules.common import Context, RuleResult, claim_evidence
from parser.rules.messages import Said
from parser.rules.textual import checks, line_evidence, line_finding, patterns, prose_lines

TITLE_MAX_CHARS = 60
LONG_TITLE_CHARS = 8             # a listed title this long may be printed with a prefix (财政拨款…)
MIN_TITLE_CHARS = 4              # shorter entries (五、部门预算表 → 预算表) name a part of the document, not a table
TABLE_START_WINDOW = 4           # a title is a table's when a table row follows within this many lines


def normal_title(text: str) -> str:
    """A table title without numbering, year, spaces, quotes, brackets and unit.

    >>> normal_title("5．2026年部门一般公共预算支出功能分类预算表")
    '部门一般公共预算支出功能分类预算表'
    >>> normal_title("七、财政拨款“三公”经费支出决算表")
    '财政拨款三公经费支出决算表'
    """
    return regex.sub(checks("completeness")["title_noise"], "", text.strip())


def loose_title(title: str, body: str = "", *, drop_spending: bool = False) -> str:
    """A title without the body's name and the words publishers add (部门, 单位, 年度); with `drop_spending`
    also without 支出 (政府采购支出预算表 in the contents, 政府采购预算表 over the table).

    >>> loose_title("江苏省高级人民法院部门政府采购支出预算表", "江苏省高级人民法院", drop_spending=True)
    '政府采购预算表'
    >>> loose_title("支出决算表")
    '支出决算表'
    """
    if body:
        title = title.replace(regex.sub(r"[（(][^）)]*[）)]", "", body), "")
    title = funds_first(regex.sub(checks("completeness")["loose_title_noise"], "", title))
    return title.replace("支出", "") if drop_spending else title


def funds_first(title: str) -> str:
    """The title with 财政拨款 moved to its front: publishers write 政府性基金财政拨款支出预算表 in the
    contents and 财政拨款政府性基金支出预算表 over the table (a title without 财政拨款 stays another table).

    >>> funds_first("政府性基金财政拨款支出预算表"), funds_first("一般公共预算支出预算表")
    ('财政拨款政府性基金支出预算表', '一般公共预算支出预算表')
    """
    word = checks("completeness")["funds_first"]
    if word not in title or title.startswith(word):
        return title
    return word + title.replace(word, "", 1)


def same_title(listed: str, printed: str, body: str) -> bool:
    if loose_title(listed, body) == loose_title(printed, body):
        return True
    return len(loose_title(listed, body, drop_spending=True)) >= MIN_TITLE_CHARS and \
        loose_title(listed, body, drop_spending=True) == loose_title(printed, body, drop_spending=True)


def finding_at(ctx: Context, line: int, quote: str, message: Said, cause: Optional[str] = "missing_table",
               evidence: tuple = (), confidence: float = 0.8, expected: str = "") -> Finding:
    return line_finding(ctx, "completeness", "warning", message, cause, line, quote, evidence=evidence,
                        confidence=confidence, expected=expected)


def check(ctx: Context) -> RuleResult:
    titles = table_title_lines(ctx)
    out = contents_findings(ctx, titles)
    if ctx.meta.kind == "决算":
        out += required_final_tables(ctx, titles, {f.quote for f in out})
    out += empty_tables(ctx, titles) + class_names(ctx)
    return RuleResult(tuple(out))


def table_title_lines(ctx: Context) -> list[tuple[int, str]]:
    """(line, normalised title) of every line that titles a table: a short line ending in 表 with a table
    row close below it."""
    lines = ctx.document.lines
    ending = patterns("completeness", "table_title")[0]
    out = []
    label = patterns("completeness", "table_label_suffix")[0]
    entries = contents_entries(lines)
    for number, raw in enumerate(lines, 1):
        stripped = label.sub("", raw.strip())           # `…培训费支出预算表公开表九`: the label stuck to the title
        if number in entries or "\t" in stripped or len(stripped) > TITLE_MAX_CHARS or "。" in stripped or not ending.search(stripped):
            continue
        below = lines[number:number + TABLE_START_WINDOW]
        title = normal_title(stripped)
        if len(title) >= MIN_TITLE_CHARS and any("\t" in b.strip() for b in below):   # not `部门：公开07表`
            out.append((number, title))
    return out


def contents_entries(lines) -> set[int]:
    """Line numbers of the numbered entries of every contents list (a 目录 heading, at most two header lines,
    then numbered lines): a tables file published apart opens with its own list, whose last entries stand
    right above the first table and are no printed titles.

    >>> sorted(contents_entries(["目 录", "序号报表名称", "一、收支预算总表", "二、政府采购支出预算表",
    ...                          "收支预算总表", "项目\t金额"]))
    [3, 4]
    """
    heading = patterns("completeness", "contents_heading")[0]
    limit = checks("completeness")["contents_max_lines"]
    out: set[int] = set()
    for start, text in enumerate(lines, 1):
        if not heading.match(text):
            continue
        seen = header = 0
        for number in range(start + 1, min(len(lines), start + limit) + 1):
            entry = lines[number - 1].strip()
            if not entry:
                continue
            if "\t" not in entry and ordinal(entry) is not None:
                out.add(number)
                seen += 1
            elif not seen and header < 2:
                header += 1
            else:
                break
    return out


def contents_block(ctx: Context) -> list[tuple[int, str]]:
    """(line, text) of the contents' entries: the lines after 目录 up to the first repeated entry or prose."""
    conf = checks("completeness")
    heading = patterns("completeness", "contents_heading")[0]
    lines = ctx.document.lines
    start = next((n for n, text in enumerate(lines[:200], 1) if heading.match(text)), None)
    if start is None:
        return []
    entries, seen = [], set()
    for number in range(start + 1, min(len(lines), start + conf["contents_max_lines"]) + 1):
        text = lines[number - 1].strip()
        if not text:
            continue
        key = normal_title(text)
        if "\t" in text or "。" in text.rstrip("。") or len(text) > TITLE_MAX_CHARS or key in seen:
            break
        seen.add(key)
        entries.append((number, text))
    return entries


def contents_findings(ctx: Context, titles: list[tuple[int, str]]) -> list[Finding]:
    """The contents' tables against the tables printed after them. Skipped when fewer than half of them are
    found: the tables are then published in another file or cannot be read (page-text JSON, web text)."""
    entries = [(n, t) for n, t in joined_entries(contents_block(ctx))
               if patterns("completeness", "table_title")[0].search(t)
               and len(loose_title(normal_title(t), ctx.meta.department)) >= MIN_TITLE_CHARS
               and not patterns("completeness", "part_heading")[0].match(t)]
    if not entries:
        return []
    published = [(n, t) for n, t in titles if n > entries[-1][0]]
    body = ctx.meta.department
    located = []
    for number, text in entries:
        key = normal_title(text)
        where = [n for n, t in published if same_title(key, t, body)]
        if not where:               # 财政拨款政府性基金支出预算表 printed for 政府性基金支出预算表, and the reverse
            where = [n for n, t in published if one_ends_other(loose_title(key, body), loose_title(t, body))]
        if not where:               # Jiangsu: the contents' tenth table is 公开10表, whatever its printed title
            where = coded_lines(ctx, ordinal(text), entries[-1][0])
        located.append((number, text, where))
    if sum(1 for *_, where in located if where) * 2 < len(located):
        return []
    out, positions = [], []
    for number, text, where in located:
        if not where:
            out.append(finding_at(ctx, number, text, messages.LISTED_TABLE_MISSING(title=text),
                                  expected="目录所列表格"))
            continue
        if len(where) > 1:
            out.append(finding_at(ctx, where[1], ctx.document.lines[where[1] - 1].strip(),
                                  messages.TABLE_TWICE(title=text, first=where[0], second=where[1]),
                                  evidence=(line_evidence(ctx, where[0]),), expected="只出现一次"))
        positions.append((where[0], number, text))
    for (p1, _, t1), (p2, n2, t2) in zip(positions, positions[1:]):
        if p2 < p1:
            out.append(finding_at(ctx, p2, ctx.document.lines[p2 - 1].strip(),
                                  messages.TABLE_ORDER(later=t2, earlier=t1),
                                  evidence=(line_evidence(ctx, n2),), confidence=0.7, expected="按目录顺序"))
    return out


def one_ends_other(a: str, b: str) -> bool:
    """Whether one title is the other with a scope before it (财政拨款, 一般公共预算: `title_prefixes`), the shorter
    at least LONG_TITLE_CHARS long.

    >>> one_ends_other("一般公共预算三公经费会议费培训费支出预算表", "三公经费会议费培训费支出预算表")
    True
    >>> one_ends_other("财政拨款收支预算总表", "收支预算总表"), one_ends_other("政府性基金财政拨款支出预算表", "财政拨款支出预算表")
    (False, False)
    """
    shorter, longer = sorted((a, b), key=len)
    return (len(shorter) >= LONG_TITLE_CHARS and longer.endswith(shorter)
            and longer[:len(longer) - len(shorter)] in checks("completeness")["title_prefixes"])


NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}


def ordinal(entry: str) -> int | None:
    """The number an entry of the contents carries: 十一、… → 11, 5．… → 5.

    >>> ordinal("十一、政府采购支出预算表"), ordinal("5．2026年部门一般公共预算支出功能分类预算表"), ordinal("收入决算表")
    (11, 5, None)
    """
    m = patterns("completeness", "entry_ordinal")[0].match(entry)
    if m is None:
        return None
    text = m.group("number")
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + NUMERALS.get(text[1:], 0) if len(text) > 1 else 10
    return NUMERALS[text[0]] * 10 + NUMERALS.get(text[2:], 0) if "十" in text else NUMERALS[text]


def coded_lines(ctx: Context, number: int | None, after: int) -> list[int]:
    if number is None:
        return []
    code = reviewer_pattern(checks("completeness")["coded_title"].replace("{number}", str(number)))
    return [n for n, text in enumerate(ctx.document.lines, 1) if n > after and len(text) <= TITLE_MAX_CHARS
            and "。" not in text and code.search(text)]


def joined_entries(entries: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Contents entries with a title broken over two lines joined (`十一、…培训费支` + `出预算表`).

    >>> joined_entries([(20, "十一、“三公”经费、会议费、培训费支"), (21, "出预算表"), (22, "十二、政府采购支出预算表")])
    [(20, '十一、“三公”经费、会议费、培训费支出预算表'), (22, '十二、政府采购支出预算表')]
    """
    out: list[tuple[int, str]] = []
    for number, text in entries:
        if out and not out[-1][1].endswith("表") and not patterns("completeness", "entry_number")[0].match(text):
            out[-1] = (out[-1][0], out[-1][1] + text)
        else:
            out.append((number, text))
    return out


def required_final_tables(ctx: Context, titles: list[tuple[int, str]], reported: set) -> list[Finding]:
    """The nine tables of a 部门决算, when the document publishes at least `final_min_present` of them."""
    conf = checks("completeness")
    present: list[tuple[dict, Any]] = []              # (entry, first line)
    missing: list[tuple[dict, Any]] = []              # (entry, None)
    for entry in conf["final_tables"]:
        keys = [normal_title(t) for t in entry["titles"]]
        code = f"公开{entry['code']}表"
        where = [n for n, t in titles if any(t.endswith(k) for k in keys)]
        where += [t.line for t in ctx.tables if t.code == code]
        (present if where else missing).append((entry, min(where) if where else None))
    if len(present) < conf["final_min_present"] or not missing:
        return []
    out = []
    anchor = min(n for _, n in present)
    for entry, _ in missing:
        title = entry["titles"][0]
        if explained(ctx, title) or any(normal_title(title) in normal_title(q) for q in reported):
            continue
        out.append(finding_at(ctx, anchor, ctx.document.lines[anchor - 1].strip(),
                              messages.REQUIRED_TABLE_MISSING(code=entry['code'], title=title),
                              expected=f"公开{entry['code']}表"))
    return out


def explained(ctx: Context, title: str) -> bool:
    """Whether the text says the table has nothing to show (本部门无政府性基金…)."""
    key = patterns("completeness", "title_kind_words")[0].sub("", normal_title(title))[:5]
    return any(key in text and any(reviewer_pattern(n).search(text) for n in checks("completeness")["empty_notes"])
               for _, text in prose_lines(ctx))


BLOCK_MAX_LINES = 80


def table_block(lines, title_line: int, next_title: int) -> range:
    """The lines of the table under a title (1-based): up to the next title or the first line of prose."""
    end = title_line + 1
    while end < min(next_title, title_line + BLOCK_MAX_LINES, len(lines) + 1):
        text = lines[end - 1].strip()
        if "\t" not in text and len(text) > 30:
            break
        end += 1
    return range(title_line + 1, end)


def amounts_in(lines, block: range) -> list[str]:
    """The non-zero amounts printed in a table's rows (decimals or thousands separators: no codes, no column
    numbers).

    >>> amounts_in(["合计\\t0.00\\t1,200.50", "204\\t公共安全支出\\t\\t"], range(1, 3))
    ['1,200.50']
    """
    found = []
    for number in block:
        text = lines[number - 1]
        if "\t" in text:
            found += [m.group(0) for m in patterns("completeness", "printed_amount")[0].finditer(text)
                      if regex.sub(r"[0.,]", "", m.group(0))]
    return found


def note_near(ctx: Context, block: range) -> bool:
    notes = checks("completeness")["empty_notes"]
    window = checks("template")["note_window_lines"]
    lines = ctx.document.lines[max(0, block.start - 3):min(len(ctx.document.lines), block.stop - 1 + window)]
    return any(reviewer_pattern(n).search(text) for text in lines for n in notes)


def empty_tables(ctx: Context, titles: list[tuple[int, str]]) -> list[Finding]:
    """Tables that may be empty (三公, 政府性基金, 国有资本经营): blank without a note, or blank while the text
    states their figures. `titles`: the document's table titles (table_title_lines)."""
    conf = checks("completeness")
    lines = ctx.document.lines
    out = []
    for k, (number, title) in enumerate(titles):
        kind = next((kind for kind, word in conf["empty_table_keywords"].items() if word in title), None)
        if kind is None:
            continue
        block = table_block(lines, number, titles[k + 1][0] if k + 1 < len(titles) else len(lines) + 1)
        if amounts_in(lines, block):
            continue
        label = lines[number - 1].strip()
        if ctx.meta.kind == "决算" and not note_near(ctx, block) and not explained(ctx, title):
            out.append(finding_at(ctx, number, label, messages.EMPTY_TABLE_NO_NOTE(title=label),
                                  cause="template", confidence=0.7, expected="无…故本表无数据"))
        stated = [c for c in ctx.claims if c.origin == "text" and c.metric in conf["empty_table_metrics"][kind]
                  and c.kind == "amount" and c.quantity.value != 0 and not c.quantity.approx
                  and (c.year is None or c.year == ctx.year) and c.role != "prior_year"]
        if stated:
            claim = stated[0]
            out.append(finding_at(ctx, claim.line, claim.text,
                                  messages.EMPTY_TABLE_STATED(text=claim.text, title=label, line=number),
                                  evidence=(line_evidence(ctx, number, label), claim_evidence(claim)),
                                  confidence=0.8, expected="表中数字"))
    return out


def class_names(ctx: Context) -> list[Finding]:
    """The text's 类 names against the tables' names of the same code."""
    names = coded_names(ctx.tables)
    if not names:
        return []
    by_code = patterns("completeness", "class_mention")[0]
    by_section = patterns("completeness", "section_mention")[0]
    sections: dict[str, set[str]] = {}
    for code, name in names.items():
        if len(code) == 5:
            sections.setdefault(key_name(name), set()).add(code[:3])
    out = []
    for number, text in prose_lines(ctx):
        mentions = [(m, m.group("code")) for m in by_code.finditer(text)]
        for m in by_section.finditer(text):
            codes = sections.get(key_name(m.group("sub")), set())
            if len(codes) == 1:
                mentions.append((m, next(iter(codes))))
        for m, code in mentions:
            table_name = names.get(code)
            written = m.group("name")
            if table_name is None or key_name(table_name) in key_name(written):
                continue
            if not regex.search(r"[\p{Han}]{2,}$", written) or len(key_name(written)) < 2:
                continue
            start = written_start(written)
            out.append(finding_at(ctx, number, written[start:],
                                  messages.CLASS_NAME(written=written[start:], code=code, name=table_name),
                                  cause="template", confidence=0.8, expected=table_name))
    return out


def key_name(name: str) -> str:
    """A class name as compared: no spaces, no trailing 支出 (社会保障和就业 = 社会保障和就业支出).

    >>> key_name("社会保障和就业支出"), key_name(" 卫生健康 ")
    ('社会保障和就业', '卫生健康')
    """
    return regex.sub(r"\s|支出$", "", name.strip())


def written_start(written: str) -> int:
    """Where a class name starts in the words before `（NNN类）`: after the last separator or cue word."""
    noise = patterns("completeness", "name_prefix_noise")[0]
    cut = max(written.rfind("、"), written.rfind("："), written.rfind("于")) + 1
    rest = written[cut:]
    m = noise.match(rest)
    return cut + (m.end() if m else 0)


def coded_names(tables) -> dict[str, str]:
    """功能分类 code (3 or 5 digits) → name, from the tables' coded rows (the first name wins)."""
    names: dict[str, str] = {}
    for table in tables:
        for row in table.rows:
            label = row_label(row)
            if len(label.code) in (3, 5) and label.code.startswith("2") and label.name:
                names.setdefault(label.code, regex.sub(r"\s", "", label.name))
    return names

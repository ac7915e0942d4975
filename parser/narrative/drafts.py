"""One sentence → Drafts: each number with its kind, role, year and subject.

Rules find the numbers (parser.quantity) and the metric phrases (parser.narrative.nlp);
here the words around each number decide what it is. A Draft is mutable while
parser.narrative.claims numbers it and parser.narrative.relations links it; it never leaves them.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Optional

import regex

from parser.datatypes import Quantity, Sentence
from parser.lexicon import load_cues
from parser.narrative.nlp import MetricMention
from parser.patterns import CLAUSE_BREAK, ITEM_BREAK, YEAR
from parser.quantity import iter_quantities_continued

FUNCTION_PATH = regex.compile(
    r"(?:(?P<cls>[\u4e00-\u9fa5]{2,20})[（(](?P<c1>\d{3})?类[)）])?"
    r"(?:(?P<kuan>[\u4e00-\u9fa5]{2,20})[（(](?P<c2>\d{2})?款[)）])?"
    r"(?P<xiang>[\u4e00-\u9fa5、]{2,30}?)[（(](?P<c3>\d{2})?项[)）]")


@dataclass(frozen=True)
class FunctionItem:
    """A 功能分类 项 named in the text, e.g. 公共安全支出（204类）司法（06款）行政运行（01项）."""
    start: int
    end: int
    name: str                        # the 项's own name: 行政运行
    code: str                        # 2040601 when the text gives all three codes, else ''


def function_items(text: str) -> list[FunctionItem]:
    """The 项 named in a sentence, with their 7-digit codes where printed.

    >>> [(i.name, i.code) for i in function_items("1、公共安全支出（204类）司法（06款）行政运行（01项）1434.89万元")]
    [('行政运行', '2040601')]
    >>> [(i.name, i.code) for i in function_items("教育支出（类）职业教育（款）其他职业教育支出（项）")]
    [('其他职业教育支出', '')]
    """
    out = []
    for m in FUNCTION_PATH.finditer(text):
        codes = (m.group("c1"), m.group("c2"), m.group("c3"))
        out.append(FunctionItem(m.start(), m.end("xiang"), m.group("xiang"), "".join(codes) if all(codes) else ""))
    return out
SHARE_PREFIX = regex.compile(r"占(?P<whole>[^，。；,;%\d]{0,30}?)(?:的)?(?:比重|比例|比重为|比例为)?(?:为)?\s*$")


def change_words_pattern(exclude_key: str, suffix: str) -> regex.Pattern:
    """A change verb (cues.json increase_words / decrease_words, less `exclude_key`'s) at the end of a prefix.

    >>> change_words_pattern("amount_only_change_words", "(?:了|为)?").search("比上年同期增收").group("dir")
    '增收'
    """
    cues = load_cues()
    excluded = set(cues[exclude_key])
    words = [w for w in cues["increase_words"] + cues["decrease_words"] if w not in excluded]
    alternatives = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"(?P<dir>{alternatives}){suffix}\s*$")


CHANGE_PCT_PREFIX = change_words_pattern("amount_only_change_words", "(?:了|为|幅度为|幅度|率为|率)?")
CHANGE_AMT_PREFIX = change_words_pattern("percent_only_change_words", "(?:了|为)?")
COMPARATIVE_WORDS: dict[str, str] = load_cues()["comparative_change_words"]
COMPARATIVE_CHANGE = regex.compile(           # 本年数小于上年预算数 1.00万元: D is the change against last year
    "(?<!不)(?P<verb>" + "|".join(map(regex.escape, COMPARATIVE_WORDS)) + ")"
    + load_cues()["comparative_change_base"] + r"(?:为)?\s*$")


def comparative_change(tail: str) -> Optional[str]:
    """The change word (cues.json comparative_change_words) a `小于/大于…上年(预算)数` just before a figure means,
    None when the figure does not follow such a comparison.

    >>> comparative_change("本年数小于上年预算数 "), comparative_change("本年数高于上年数"), comparative_change("大于")
    ('减少', '增加', None)
    >>> comparative_change("增幅不低于上年")            # a floor set, not a change stated
    """
    m = COMPARATIVE_CHANGE.search(tail)
    return COMPARATIVE_WORDS[m.group("verb")] if m else None


def comparative_direction(tail: str, default: int) -> int:
    """+1 or −1 for the comparison just before a figure (`多于上年数`, `低于上年预算数`), else `default`.

    >>> comparative_direction("本年数多于上年数", -1), comparative_direction("本年数低于上年预算数", 1)
    (1, -1)
    >>> comparative_direction("比上年减少", 0)
    0
    """
    word = comparative_change(tail)
    return default if word is None else (1 if word in load_cues()["increase_words"] else -1)


POLICY_CUT = regex.compile(r"(?:统一|一律|按)(?:压减|核减|削减|减少)(?:了)?\s*$")
CHANGE_OF_METRIC = regex.compile(        # 增加基本支出844.15万元: the verb before the metric it changes
    r"(?<!用于|用来|主要)(?:增加|减少|压减|调减|调增|节约|下降|增长)(?:了)?(?![^，。；]*?(?:是|为|的|原因|用于))"
    r"[\u4e00-\u9fa5（）“”]{2,12}$")
COMPLETION_PREFIX = regex.compile(r"(?:完成|为|达到|占)(?P<base>年初|全年|调整后)?预算(?:数)?(?:的)?\s*$")
OVERRUN_PREFIX = regex.compile(r"(?:超出|超过|超|高于|比)(?P<base>年初|全年|调整后)?预算(?:数)?(?:的)?(?:增长|增加)?\s*$")
EXECUTION_PREFIX = regex.compile(r"(?:预算|资金)?(?:执行率|完成率)(?:为|达到|达)?\s*$")
ROLE_ONLY_CLAUSE = regex.compile(
    r"^\s*(?:(?:20\d{2}\s*年(?:度)?)?(?:年初预算|全年预算|调整后预算|预算|支出决算|决算|实际支出|执行)(?:数)?(?:为|是|达到|达)?)\s*$")
PRIOR_CUE = regex.compile(r"(上年|上一年|去年|同比)")
CLASS_HEAD = regex.compile(r"^\s*(?P<name>[\u4e00-\u9fa5]{2,20})[（(]\d{0,3}(?:类|款)[)）]\s*[:：]")
HEADED_TOTALS = {"expenditure_total", "revenue_total"}     # a total under a 类/款 heading is that class's
COMPARED_WITH_PRIOR = regex.compile(r"(与上年(?:度)?相比|比上年|较上年|同比|(?:"
                                    + "|".join(map(regex.escape, COMPARATIVE_WORDS)) + r")(?:上年|上一年|去年))")
NOT_ROLE_WORDS = regex.compile(r"绩效目标")          # 编报绩效目标的项目: a form, not a target
PLAN_WORDS = regex.compile(r"计划|预计|拟")
ANNUAL_GROWTH = regex.compile("(?:" + "|".join(map(regex.escape, load_cues()["annual_growth_words"])) + r")(?:了|为|达)?\s*$")
EXPLANATION = regex.compile("|".join(map(regex.escape, load_cues()["explanation_markers"])))
BASE_YEAR_WORD = regex.compile("(?:" + "|".join(["比", "较", "与", *map(regex.escape, COMPARATIVE_WORDS)]) + r")\s*$")
FUND_NAMES = regex.compile("|".join(map(regex.escape, load_cues()["budget_fund_names"])))
INCREASE = tuple(load_cues()["increase_words"])


def from_to_patterns() -> tuple[regex.Pattern, regex.Pattern]:
    """(the words before X, the words between X and Y) of `由上年的X增加到Y` (cues.json from_to_words)."""
    words = load_cues()["from_to_words"]
    alt = lambda key: "|".join(map(regex.escape, words[key]))  # noqa: E731
    before = regex.compile(rf"(?:{alt('from')})\s*(?:(?:{alt('earlier')})|(?:19|20)\d{{2}}\s*年)?\s*(?:度)?\s*(?:的)?\s*$")
    between = regex.compile(rf"^\s*(?:{alt('verbs')})(?:了)?\s*(?:{alt('to')})\s*(?:(?:19|20)\d{{2}}\s*年(?:末|底|度)?\s*的?)?\s*$")
    return before, between


FROM_BEFORE, FROM_TO_BETWEEN = from_to_patterns()


def rises_from(text: str, earlier: Draft, later_start: int, offset: int) -> bool:
    """`由上年的17916.00元增加到21360.17元`: the figure at `later_start` (a line offset) is what the earlier one
    rose or fell to, in one clause (`offset`: where the sentence `text` starts in its line).

    >>> from decimal import Decimal
    >>> from parser.datatypes import Quantity, Sentence
    >>> t = "普通高中由上年的24586.43元增加到27100.44元"
    >>> q = Quantity(Decimal("24586.43"), "元", 2, False, "24586.43元", (8, 17), "amount")
    >>> x = Draft(q, Sentence(t, 1, (0, len(t)), ()), 0, t[:8])
    >>> rises_from(t, x, 20, 0), rises_from(t.replace("增加到", "，"), x, 18, 0)
    (True, False)
    """
    local_end, local_start = earlier.quantity.span[1] - offset, later_start - offset
    return bool(FROM_TO_BETWEEN.match(text[local_end:local_start])) \
        and bool(FROM_BEFORE.search(text[:earlier.quantity.span[0] - offset]))    # (the cheap test first)


@dataclass
class Draft:
    """A claim being built, with the sentence-level facts the relations need."""
    quantity: Quantity
    sentence: Sentence
    clause: int
    prefix: str
    metric: Optional[str] = None
    subject: str = ""
    kind: str = "amount"
    role: str = "actual"
    year: Optional[int] = None
    id: str = ""
    after_list_marker: bool = False
    nested: bool = False
    explanation: bool = False       # inside 主要原因是…/主要用于…: a figure explaining another, not its level
    relation_hint: str = ""
    base: str = ""
    direct: bool = True
    scope: str = ""                 # the 7-digit 功能分类 code of an item, when printed


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Clauses of a sentence, split at ，；：。.

    >>> t = "本年支出合计401.4万元，其中：基本支出321.77万元"
    >>> [t[a:b] for a, b in clause_spans(t)]
    ['本年支出合计401.4万元，', '其中：', '基本支出321.77万元']
    """
    spans, start = [], 0
    for m in CLAUSE_BREAK.finditer(text):
        if m.start() > 0 and m.start() < len(text) - 1 and text[m.start() - 1].isdigit() and text[m.end()].isdigit():
            continue                                      # 3,651.48 or 1:2 inside a number
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def role_of(prefix: str, metric_text: str, year: Optional[int], doc_year: Optional[int]) -> str:
    """The role a clause gives its figure, from the last cue word before it.

    >>> role_of("公务接待费支出预算为", "", None, None), role_of("支出决算为", "", None, None)
    ('budget_final', 'actual')
    >>> role_of("年初预算为", "", None, None), role_of("2023年决算数", "", 2023, 2024)
    ('budget_initial', 'prior_year')
    >>> role_of("编报绩效目标的项目共", "", None, None)
    'actual'
    """
    if year is not None and doc_year is not None and year < doc_year:
        return "prior_year"
    prefix = regex.sub(r"(数)?(为|是|达到|达|约)?\s*$", "", prefix)
    prefix = FUND_NAMES.sub("", prefix)         # 一般公共预算收入 is a fund's revenue, not a budget figure
    prefix = NOT_ROLE_WORDS.sub("", prefix)
    best, best_key, best_pos = None, (-1, 0), -1
    for cue, role in load_cues()["role_cues"]:
        pos = prefix.rfind(cue)
        if pos >= 0 and (pos + len(cue), len(cue)) > best_key:
            best, best_key, best_pos = role, (pos + len(cue), len(cue)), pos + len(cue)
    if PRIOR_CUE.search(prefix) and (best in (None, "actual") or best_pos < prefix.rfind("上年") + 2):
        if regex.search(r"(上年|上一年|去年)(?:决算|同期|支出)?(?:数|为)?\s*$", prefix) or best is None:
            return "prior_year"
    return best or "actual"


def kind_of(quantity: Quantity, prefix: str) -> tuple[str, str, str]:
    """(claim kind, relation hint, budget base) from the unit and the words just before it."""
    tail = prefix[-16:].rstrip(" \u3000")          # `减少预算 60 万元`: PDF text spaces figures apart
    if quantity.kind == "percent":
        return percent_kind(tail)
    if quantity.kind == "points":
        return "change_percent", "", ""
    if quantity.kind == "amount":
        if CHANGE_AMT_PREFIX.search(tail) or CHANGE_OF_METRIC.search(tail) or comparative_change(tail):
            return "change_amount", "change", ""
        return "amount", "", ""
    if quantity.kind in ("count", "score"):
        return "count", "", ""
    return "other", "", ""


def percent_kind(tail: str) -> tuple[str, str, str]:
    """(claim kind, relation hint, budget base) of a percentage from the words just before it.

    >>> percent_kind("占比"), percent_kind("预算执行率为"), percent_kind("比上年增长")
    (('share', 'share', ''), ('rate', 'execution', ''), ('change_percent', 'change', ''))
    """
    if POLICY_CUT.search(tail):
        return "percent", "", ""          # 统一压减10%: an instruction, not this year against last
    if SHARE_PREFIX.search(tail):
        return "share", "share", ""
    if m := COMPLETION_PREFIX.search(tail):
        return "rate", "completion", m.group("base") or ""
    if m := OVERRUN_PREFIX.search(tail):
        return "rate", "overrun", m.group("base") or ""
    if EXECUTION_PREFIX.search(tail):
        return "rate", "execution", ""
    if ANNUAL_GROWTH.search(tail):
        return "change_percent", "annual", ""
    if CHANGE_PCT_PREFIX.search(tail) or comparative_change(tail):
        return "change_percent", "change", ""
    if regex.search(r"(率|度)(?:为|达到|达)?\s*$", tail):
        return "rate", "", ""
    return "percent", "", ""


def draft_sentence(sentence: Sentence, found: list[MetricMention], doc_year,
                   previous_item: Optional[FunctionItem], *, default_year: Optional[int] = None) -> list[Draft]:
    """`default_year`: the year of a figure whose sentence names none (else the document's year)."""
    text = sentence.text
    clauses = clause_spans(text)
    items = function_items(text)
    drafts: list[Draft] = []
    clause_starts = [a for a, _ in clauses]
    year_marks = [(m.start(), int(m.group(1))) for m in YEAR.finditer(text)]
    for q in iter_quantities_continued(text, sentence.continuation):
        if not is_figure(text, q):
            continue
        clause = bisect_right(clause_starts, q.span[0]) - 1
        a = clauses[clause][0]
        prefix = text[a:q.span[0]]
        clause_years = [int(m.group(1)) for m in YEAR.finditer(prefix)]
        clause_year = clause_years[-1] if clause_years else None
        kind, hint, base = kind_of(q, text[max(0, q.span[0] - 30):q.span[0]])
        year = year_of(text, q, kind, clause_year, year_marks, default_year or doc_year)
        metric, subject, direct, scope = subject_of(q.span[0], a, found, items, drafts, previous_item)
        if metric in HEADED_TOTALS and (head := CLASS_HEAD.match(text)):
            metric, subject = "item:" + head.group("name"), head.group("name")   # `检察（款）：…支出合计X`
        if not direct and drafts and drafts[-1].direct and ROLE_ONLY_CLAUSE.match(prefix):
            direct = True            # `会议费预算数1.2万元，决算数1.9385万元`: the clause names only a role
        role = role_in_clause(prefix, subject, kind, clause_year, doc_year, drafts[-1] if drafts else None)
        if drafts and role == "prior_year" and kind == "amount" and rises_from(text, drafts[-1], q.span[0] + sentence.span[0],
                                                                                 sentence.span[0]):
            role = "actual"          # `由上年的X增加到Y`: Y is this year's (a 预算's becomes budget_final later)
        drafts.append(Draft(quantity=replace(q, span=(q.span[0] + sentence.span[0], q.span[1] + sentence.span[0])),
                            sentence=sentence, clause=clause, prefix=prefix, metric=metric, subject=subject,
                            kind=kind, role=role, year=year, relation_hint=hint, base=base, direct=direct,
                            scope=scope))
    mark_nesting(text, drafts, sentence.span[0])
    mark_explanations(text, drafts, sentence.span[0])
    return drafts


def is_figure(text: str, q: Quantity) -> bool:
    """Whether a quantity of the sentence is a figure to draft: not an enumeration, a 功能分类 code, a bare
    number or a size class.

    >>> from parser.quantity import iter_quantities
    >>> t = "1、支出（204类）合计1434.89万元"
    >>> [q.surface for q in iter_quantities(t) if is_figure(t, q)]
    ['1434.89万元']
    """
    return not (is_list_marker(text, q) or is_classification_code(text, q) or q.kind == "number" and not q.approx
                or is_threshold(text, q))


def year_of(text: str, q: Quantity, kind: str, clause_year: Optional[int], year_marks: list[tuple[int, int]],
            default_year) -> Optional[int]:
    """The year of a figure: the last year of its clause, else of its sentence before it, else the default;
    a change takes the last year before it that is not its base (`比2017年`).

    >>> t = "2018年支出比2017年减少5万元"
    >>> q = next(x for x in iter_quantities_continued(t) if x.unit == "万元")
    >>> year_of(t, q, "change_amount", 2017, [(0, 2018), (8, 2017)], 2020), year_of(t, q, "amount", None, [], 2020)
    (2018, 2020)
    """
    years = [y for at, y in year_marks if at < q.span[0]]
    year = clause_year if clause_year is not None else (years[-1] if years else default_year)
    if kind.startswith("change") and (own := [y for at, y in year_marks if at < q.span[0]
                                               and not BASE_YEAR_WORD.search(text[max(0, at - 3):at])]):
        year = own[-1]           # `2018年X比2017年减少D，减幅P`: the change is 2018's; 2017 is its base
    return year


def role_in_clause(prefix: str, subject: str, kind: str, clause_year: Optional[int], doc_year,
                   last: Optional[Draft]) -> str:
    """The role of a figure from the words of its clause before it (its subject left out), the figure
    before it in the sentence (`预算数X，Y`: an amount after a budget amount without a role of its own)
    and its kind."""
    bare_prefix = prefix.replace(subject, "") if subject else prefix
    role = role_of(bare_prefix, subject, clause_year, doc_year)
    if not has_role_cue(bare_prefix) and last is not None and last.role.startswith("budget") \
            and last.kind == "amount" and kind == "amount":
        role = last.role
    if kind in ("share", "change_percent", "rate"):
        role = "actual" if role not in ("prior_year",) else role
    elif kind == "change_amount" and role == "prior_year" and COMPARED_WITH_PRIOR.search(bare_prefix):
        role = "actual"          # `与上年相比增加X`: the base is the change's relation, not its role
    elif kind == "count" and role in ("actual", "budget_final") and PLAN_WORDS.search(prefix):
        role = "target"          # `全年计划召开全体会议1次`: a planned volume
    return role


def has_role_cue(prefix: str) -> bool:
    return any(cue in prefix for cue, _ in load_cues()["role_cues"] if cue not in ("支出",))


def is_threshold(text: str, q: Quantity) -> bool:
    """`单价100万元（含）以上设备`: a size class of the form, not a figure.

    >>> from parser.quantity import iter_quantities
    >>> t = "单价100万元（含）以上设备（不含车辆）0台（套）"
    >>> [q.surface for q in iter_quantities(t) if not is_threshold(t, q)]
    ['0台（套）']
    """
    return text[max(0, q.span[0] - 3):q.span[0]].endswith(("单价", "单价为", "单价在")) and bool(
        regex.match(r"\s*(?:[（(]含[)）])?\s*以[上下]", text[q.span[1]:]) or q.surface.endswith(("以上", "以下")))


def is_classification_code(text: str, q: Quantity) -> bool:
    """`（204类）` `（06款）` `（01项）` are 功能分类 codes, not counts.

    >>> from parser.quantity import iter_quantities
    >>> t = "司法（06款）行政运行（01项）1434.89万元"
    >>> [q.surface for q in iter_quantities(t) if not is_classification_code(t, q)]
    ['1434.89万元']
    """
    return text[max(0, q.span[0] - 1):q.span[0]] in ("（", "(") and bool(
        regex.match(r"\d+\s*[类款项]\s*[)）]", text[q.span[0]:q.span[1] + 2]))


def is_list_marker(text: str, q: Quantity) -> bool:
    """`1、` `（2）` at a clause start are enumerations, not figures."""
    after = text[q.span[1]:q.span[1] + 1]
    before = text[max(0, q.span[0] - 1):q.span[0]]
    return q.kind == "number" and (after in ("、", ".", "．", "）", ")") and (before in ("", "（", "(", "，", "；", "：", " ", "。")))


def subject_of(position: int, clause_start: int, found: list[MetricMention], items: list[FunctionItem],
               drafts: list[Draft], previous_item: Optional[FunctionItem]) -> tuple[Optional[str], str, bool, str]:
    """Metric id, subject text, whether the subject is in the figure's own clause, and the 项 code (scope)."""
    before = [m for m in found if m.end <= position]
    item_before = [it for it in items if it.end <= position]
    if item_before and (not before or item_before[-1].end >= before[-1].end):
        item = item_before[-1]
        return "item:" + item.name, item.name, item.start >= clause_start, item.code
    in_clause = [m for m in before if m.start >= clause_start]
    if in_clause:
        return in_clause[-1].metric, in_clause[-1].text, True, ""
    if drafts and drafts[-1].metric:
        heading_item = previous_item is not None and drafts[-1].metric == "item:" + previous_item.name
        return drafts[-1].metric, drafts[-1].subject, heading_item, drafts[-1].scope
    if before:
        return before[-1].metric, before[-1].text, False, ""
    if previous_item:                # `N、X（类）Y（款）Z（项）。` heads the sentences that follow it
        return "item:" + previous_item.name, previous_item.name, True, previous_item.code
    return None, "", False, ""


def mark_nesting(text: str, drafts: list[Draft], offset: int) -> None:
    """Flag figures inside a 主要包括/主要用于 sub-list (after such a cue, before the next ；or 。): parts of a part."""
    cues = load_cues()
    breaks = sorted(m.start() for m in ITEM_BREAK.finditer(text))
    markers = sorted(m.start() for m in regex.finditer("|".join(map(regex.escape, cues["nested_markers"])), text))
    for draft in drafts:
        local = draft.quantity.span[0] - offset
        last_break = breaks[bisect_right(breaks, local - 1) - 1] if breaks and breaks[0] < local else -1
        marker = markers[bisect_right(markers, local - 1) - 1] if markers and markers[0] < local else -1
        draft.nested = marker >= 0 and marker > last_break


def mark_explanations(text: str, drafts: list[Draft], offset: int) -> None:
    """Flag figures after an explanation cue (主要原因是, 主要用于 …) up to the next ；or 。: they explain
    the statement before them and are not its level.

    >>> from parser.datatypes import Sentence
    >>> t = "支出7,234万元，增长53.8%，主要原因是拨付专项资金7,734万元；教育支出100万元"
    >>> ds = draft_sentence(Sentence(text=t, line=1, span=(0, len(t)), section=()), [], None, None)
    >>> [(d.quantity.surface, d.explanation) for d in ds]
    [('7,234万元', False), ('53.8%', False), ('7,734万元', True), ('100万元', False)]
    """
    markers = [m.start() for m in EXPLANATION.finditer(text)]
    breaks = [m.start() for m in ITEM_BREAK.finditer(text)]
    for draft in drafts:
        local = draft.quantity.span[0] - offset
        marker = max((m for m in markers if m < local), default=-1)
        last_break = max((b for b in breaks if b < local), default=-1)
        draft.explanation = marker > last_break

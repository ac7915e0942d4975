"""Sentences → Claims, and the relations between them that make them checkable.

Rules find the numbers (parser.quantity) and the metric phrases (parser.nlp);
here each number gets its kind, role, year and subject, and the wording around
it (占, 增加…增长, 完成年初预算的, 其中) links it to its neighbours.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

import regex

from .lexicon import load_cues
from .model import Claim, Paragraph, Quantity, Sentence
from .nlp import MetricMention, metric_mentions
from .quantity import iter_quantities

CLAUSE_BREAK = regex.compile(r"[，,；;：:。]")
YEAR = regex.compile(r"(20\d{2}|19\d{2})\s*年")
FUNCTION_ITEM = regex.compile(r"([\u4e00-\u9fa5（）()]{2,30}?)[（(]项[)）]")
LIST_MARKER = regex.compile(r"^\s*[（(]?\d{1,2}[)）、.．]")
SHARE_PREFIX = regex.compile(r"占(?P<whole>[^，。；,;%\d]{0,30}?)(?:的)?(?:比重|比例|比重为|比例为)?(?:为)?\s*$")
CHANGE_PCT_PREFIX = regex.compile(r"(?P<dir>增长|增加|上升|提高|增幅|下降|降低|减少|降幅|减|增)(?:了|为|幅度为)?\s*$")
CHANGE_AMT_PREFIX = regex.compile(r"(?P<dir>增加|增长|上升|提高|增|多|减少|下降|降低|减|少|节约|压减|调减|调增)(?:了|为)?\s*$")
COMPLETION_PREFIX = regex.compile(r"(?:完成|为|达到|占)(?P<base>年初|全年|调整后)?预算(?:数)?(?:的)?\s*$")
OVERRUN_PREFIX = regex.compile(r"(?:超出|超过|超|高于|比)(?P<base>年初|全年|调整后)?预算(?:数)?(?:的)?(?:增长|增加)?\s*$")
EXECUTION_PREFIX = regex.compile(r"(?:预算|资金)?(?:执行率|完成率)(?:为|达到|达)?\s*$")
PRIOR_CUE = regex.compile(r"(上年|上一年|去年|同比)")
INCREASE = ("增加", "增长", "上升", "提高", "增", "多", "增幅", "调增")


@dataclass(frozen=True)
class Relation:
    """How a stated figure follows from others: what a rule recomputes."""
    kind: str                       # share | change | completion | overrun | sum | adjust
    target: str                     # id of the claim stating the derived figure
    inputs: dict = field(default_factory=dict)   # role name → claim id (or tuple of ids)
    whole_metric: Optional[str] = None
    whole_text: str = ""
    direction: int = 1
    exhaustive: bool = False
    base: str = ""


@dataclass(frozen=True)
class Extraction:
    claims: tuple[Claim, ...]
    relations: tuple[Relation, ...]


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
    relation_hint: str = ""
    base: str = ""
    direct: bool = True


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
    """
    if year is not None and doc_year is not None and year < doc_year:
        return "prior_year"
    prefix = regex.sub(r"(数)?(为|是|达到|达|约)?\s*$", "", prefix)
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
    tail = prefix[-16:]
    if quantity.kind == "percent":
        if SHARE_PREFIX.search(tail):
            return "share", "share", ""
        if m := COMPLETION_PREFIX.search(tail):
            return "rate", "completion", m.group("base") or ""
        if m := OVERRUN_PREFIX.search(tail):
            return "rate", "overrun", m.group("base") or ""
        if EXECUTION_PREFIX.search(tail):
            return "rate", "execution", ""
        if CHANGE_PCT_PREFIX.search(tail):
            return "change_percent", "change", ""
        if regex.search(r"(率|度)(?:为|达到|达)?\s*$", tail):
            return "rate", "", ""
        return "percent", "", ""
    if quantity.kind == "points":
        return "change_percent", "", ""
    if quantity.kind == "amount":
        if CHANGE_AMT_PREFIX.search(tail):
            return "change_amount", "change", ""
        return "amount", "", ""
    if quantity.kind in ("count", "score"):
        return "count", "", ""
    return "other", "", ""


def extract_claims(paragraphs: tuple[Paragraph, ...], doc_year: Optional[int], page_of) -> Extraction:
    """Every number of the narrative as a Claim, with the relations among them."""
    sentences = [s for p in paragraphs for s in p.sentences]
    with_numbers = [s for s in sentences if any(ch.isdigit() for ch in s.text)]
    mentions = metric_mentions([s.text for s in with_numbers])
    drafts_by_sentence: list[list[Draft]] = []
    previous_item = ""
    for sentence, found in zip(with_numbers, mentions):
        item = FUNCTION_ITEM.findall(sentence.text)
        drafts = draft_sentence(sentence, found, doc_year, previous_item)
        if item:
            previous_item = item[-1]
        elif not sentence.text.startswith(("年初预算", "支出决算")):
            previous_item = ""
        drafts_by_sentence.append(drafts)
    claims: list[Claim] = []
    relations: list[Relation] = []
    counter = 0
    by_line: dict[int, list[Draft]] = {}
    clause_base: dict[int, int] = {}
    for drafts in drafts_by_sentence:
        for draft in drafts:
            counter += 1
            draft.id = f"c{counter}"
        relations.extend(sum_relations(drafts))
        if drafts:
            line = drafts[0].sentence.line
            base = clause_base.get(line, 0)
            for draft in drafts:
                draft.clause += base
            clause_base[line] = max(d.clause for d in drafts) + 1
            by_line.setdefault(line, []).extend(drafts)
        claims.extend(to_claim(d, page_of) for d in drafts)
    for drafts in by_line.values():
        relations.extend(relate(drafts))
    return Extraction(tuple(claims), tuple(relations))


def draft_sentence(sentence: Sentence, found: list[MetricMention], doc_year, previous_item: str) -> list[Draft]:
    text = sentence.text
    clauses = clause_spans(text)
    items = [(m.start(1), m.end(1), m.group(1)) for m in FUNCTION_ITEM.finditer(text)]
    drafts: list[Draft] = []
    for q in iter_quantities(text):
        if is_list_marker(text, q) or q.kind == "number" and not q.approx:
            continue
        clause = next(i for i, (a, b) in enumerate(clauses) if a <= q.span[0] < b)
        a = clauses[clause][0]
        prefix = text[a:q.span[0]]
        years = [int(m.group(1)) for m in YEAR.finditer(text[:q.span[0]])]
        clause_years = [int(m.group(1)) for m in YEAR.finditer(prefix)]
        year = clause_years[-1] if clause_years else (years[-1] if years else doc_year)
        kind, hint, base = kind_of(q, text[max(0, q.span[0] - 30):q.span[0]])
        metric, subject, direct = subject_of(q.span[0], a, found, items, drafts, previous_item)
        bare_prefix = prefix.replace(subject, "") if subject else prefix
        role = role_of(bare_prefix, subject, clause_years[-1] if clause_years else None, doc_year)
        if not has_role_cue(bare_prefix) and drafts and drafts[-1].role.startswith("budget") \
                and drafts[-1].kind == "amount" and kind == "amount":
            role = drafts[-1].role
        if kind in ("share", "change_percent", "rate"):
            role = "actual" if role not in ("prior_year",) else role
        drafts.append(Draft(quantity=replace(q, span=(q.span[0] + sentence.span[0], q.span[1] + sentence.span[0])),
                            sentence=sentence, clause=clause, prefix=prefix, metric=metric, subject=subject,
                            kind=kind, role=role, year=year, relation_hint=hint, base=base, direct=direct))
    mark_nesting(text, drafts, sentence.span[0])
    return drafts


def has_role_cue(prefix: str) -> bool:
    return any(cue in prefix for cue, _ in load_cues()["role_cues"] if cue not in ("支出",))


def is_list_marker(text: str, q: Quantity) -> bool:
    """`1、` `（2）` at a clause start are enumerations, not figures."""
    after = text[q.span[1]:q.span[1] + 1]
    before = text[max(0, q.span[0] - 1):q.span[0]]
    return q.kind == "number" and (after in ("、", ".", "．", "）", ")") and (before in ("", "（", "(", "，", "；", "：", " ", "。")))


def subject_of(position: int, clause_start: int, found: list[MetricMention], items, drafts: list[Draft],
               previous_item: str) -> tuple[Optional[str], str, bool]:
    """Metric id and subject text of the figure at `position`."""
    before = [m for m in found if m.end <= position]
    item_before = [it for it in items if it[1] <= position]
    if item_before and (not before or item_before[-1][1] >= before[-1].end):
        return "item:" + item_before[-1][2], item_before[-1][2], item_before[-1][0] >= clause_start
    in_clause = [m for m in before if m.start >= clause_start]
    if in_clause:
        return in_clause[-1].metric, in_clause[-1].text, True
    if drafts and drafts[-1].metric:
        return drafts[-1].metric, drafts[-1].subject, False
    if before:
        return before[-1].metric, before[-1].text, False
    if previous_item:
        return "item:" + previous_item, previous_item, False
    return None, "", False


def mark_nesting(text: str, drafts: list[Draft], offset: int) -> None:
    """Flag figures inside a 主要包括/主要用于 sub-list, which are parts of a part."""
    cues = load_cues()
    nested_from = None
    for draft in drafts:
        local = draft.quantity.span[0] - offset
        before = text[:local]
        last_break = max(before.rfind("；"), before.rfind(";"), before.rfind("。"))
        marker = max((before.rfind(w) for w in cues["nested_markers"]), default=-1)
        if marker > last_break and marker >= 0:
            nested_from = marker
        draft.nested = nested_from is not None and marker > last_break


def to_claim(draft: Draft, page_of) -> Claim:
    q = draft.quantity
    line_text = draft.sentence.text
    local_start = q.span[0] - draft.sentence.span[0]
    clause_start = local_start - len(draft.prefix)
    quote_start = max(clause_start, local_start - 30)
    while quote_start < local_start and line_text[quote_start] in "其中：:，, 　（(":
        quote_start += 1
    quote = line_text[quote_start:q.span[1] - draft.sentence.span[0]]
    return Claim(id=draft.id, text=quote, subject=draft.subject, metric=draft.metric, kind=draft.kind,
                 role=draft.role, year=draft.year, quantity=q, line=draft.sentence.line,
                 page=page_of(draft.sentence.line), sentence=draft.sentence.text,
                 confidence=0.9 if draft.direct else 0.6)


# ---------------------------------------------------------------- relations


def relate(drafts: list[Draft]) -> list[Relation]:
    out: list[Relation] = []
    for i, draft in enumerate(drafts):
        hint = draft.relation_hint
        if hint == "share":
            rel = share_relation(drafts, i)
        elif hint == "change":
            rel = change_relation(drafts, i)
        elif hint in ("completion", "overrun", "execution"):
            rel = rate_relation(drafts, i)
        else:
            rel = None
        if rel is not None:
            out.append(rel)
    return out


def is_level(d: Draft) -> bool:
    return d.kind in ("amount", "count")


def share_relation(drafts: list[Draft], i: int) -> Optional[Relation]:
    pct = drafts[i]
    local = pct.quantity.span[0] - pct.sentence.span[0]
    window = pct.sentence.text[max(0, local - 34):local]
    m = SHARE_PREFIX.search(window)
    whole_text = (m.group("whole") if m else "").strip()
    parts = [d for d in drafts[:i] if is_level(d)]
    if not parts:
        return None
    part = parts[-1]
    if pct.clause - part.clause > 2:
        return None
    whole_metric = None
    if whole_text:
        found = metric_mentions([whole_text])[0]
        whole_metric = found[-1].metric if found else None
        if whole_metric is None:
            return None
    same_sentence = [d for d in drafts[:drafts.index(part)] if is_level(d) and d.sentence is pct.sentence
                     and d.quantity.kind == part.quantity.kind]
    text = pct.sentence.text
    offset = pct.sentence.span[0]
    marker = text.find("其中")
    totals = [d for d in same_sentence if marker >= 0 and d.quantity.span[1] - offset <= marker]
    whole = None
    if whole_metric:
        same = [d for d in same_sentence if d.metric == whole_metric]
        labelled = [d for d in totals if d.subject.endswith(whole_text) or whole_text.endswith(d.subject or "\0")]
        whole = same[-1] if same else (labelled[-1] if labelled else None)
    elif totals:
        whole = totals[-1]
    inputs = {"part": part.id}
    if whole is not None:
        inputs["whole"] = whole.id
    elif whole_metric is None:
        first = first_metric_of_sentence(pct)
        if first is None or first == part.metric:
            return None
        whole_metric = first
    return Relation("share", pct.id, inputs, whole_metric=whole_metric, whole_text=whole_text)


def first_metric_of_sentence(draft: Draft) -> Optional[str]:
    found = metric_mentions([draft.sentence.text])[0]
    return found[0].metric if found else None


def change_relation(drafts: list[Draft], i: int) -> Optional[Relation]:
    target = drafts[i]
    local = target.quantity.span[0] - target.sentence.span[0]
    window = target.sentence.text[max(0, local - 8):local]
    pattern = CHANGE_PCT_PREFIX if target.kind == "change_percent" else CHANGE_AMT_PREFIX
    direction = change_direction(pattern, window, -1)
    inputs: dict = {}
    earlier = drafts[:i]
    if target.kind == "change_percent":
        deltas = [d for d in earlier if d.kind == "change_amount" and target.clause - d.clause <= 2]
        if deltas:
            inputs["delta"] = deltas[-1].id
            direction = change_direction(CHANGE_AMT_PREFIX, deltas[-1].prefix[-6:], direction)
    levels = [d for d in earlier if is_level(d) and d.kind == "amount" or (is_level(d) and target.quantity.kind != "amount")]
    priors = [d for d in levels if d.role == "prior_year"]
    currents = [d for d in levels if d.role != "prior_year"]
    base = "prior_year"
    if regex.search(r"(比|较)(年初)?预算", target.sentence.text[:local]):
        base = "budget"
        budgets = [d for d in levels if d.role.startswith("budget")]
        actuals = [d for d in levels if not d.role.startswith("budget")]
        if budgets:
            priors = budgets
        currents = actuals
    if not currents:
        return None
    actual = [d for d in currents if d.role == "actual"]
    inputs["current"] = (actual or currents)[-1].id if base == "budget" or priors or target.kind == "change_amount" \
        else (actual or currents)[0].id
    if priors:
        inputs["prior"] = priors[-1].id
    if "delta" not in inputs and "prior" not in inputs and target.kind == "change_percent":
        return None
    return Relation("change", target.id, inputs, direction=direction, base=base)


def change_direction(pattern, window: str, default: int) -> int:
    """+1 for 增加/增长…, −1 for 减少/下降…, `default` when the window names neither."""
    m = pattern.search(window)
    if m is None:
        return default
    return 1 if m.group("dir") in INCREASE else -1


def rate_relation(drafts: list[Draft], i: int) -> Optional[Relation]:
    rate = drafts[i]
    earlier = [d for d in drafts[:i] if d.kind == "amount"]
    budgets = [d for d in earlier if d.role.startswith("budget")]
    actuals = [d for d in earlier if d.role == "actual"]
    if not budgets or not actuals:
        return None
    budget = budgets[-1]
    if rate.base == "年初":
        initial = [d for d in budgets if d.role == "budget_initial"]
        budget = initial[-1] if initial else budget
    return Relation(rate.relation_hint, rate.id, {"budget": budget.id, "actual": actuals[-1].id}, base=rate.base)


def sum_relations(drafts: list[Draft]) -> list[Relation]:
    """`X，其中：A，B，C` and `X（含A、B、C）`: the parts of a total."""
    if not drafts:
        return []
    text = drafts[0].sentence.text
    offset = drafts[0].sentence.span[0]
    out = []
    for marker in ("其中", "（含", "(含"):
        pos = text.find(marker)
        if pos < 0:
            continue
        totals = [d for d in drafts if is_level(d) and d.quantity.span[1] - offset <= pos]
        if not totals:
            continue
        total_draft = totals[-1]
        second = text.find("其中", pos + 2)
        end = second if second > 0 else len(text)
        if marker != "其中":
            close = text.find("）", pos)
            end = close if close > 0 else end
        stop = regex.search(r"(20\d{2}\s*年|涉及|；|;)", text[pos:end])
        end = pos + stop.start() if stop else end
        parts = [d for d in drafts if is_level(d) and pos < d.quantity.span[0] - offset < end
                 and not d.nested and same_measure(d, total_draft)
                 and d.role.startswith("budget") == total_draft.role.startswith("budget")
                 and (d.role == "prior_year") == (total_draft.role == "prior_year")]
        if len(parts) < 2:
            continue
        exhaustive = "分别为" in text[pos:end] or marker != "其中"
        out.append(Relation("sum", total_draft.id, {"parts": tuple(p.id for p in parts)}, exhaustive=exhaustive))
    return out


def same_measure(a: Draft, b: Draft) -> bool:
    if a.quantity.kind == "amount" and b.quantity.kind == "amount":
        return True
    return a.quantity.kind == b.quantity.kind == "count" and a.quantity.unit in ("人", "名") and b.quantity.unit in ("人", "名")

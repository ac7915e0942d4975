"""A checked document → the figures it states about itself and about other documents of its body.

Each fact is keyed by what it is about — year (absolute, or relative to the document's: 上年 = −1), base
kind (预算, 决算, 执行: the word after 比/与 names it; none means the document's own kind), metric and basis
(the 口径: the section the sentence stands in, 收支预算总体 vs 财政拨款 …) — so that the crosscheck can
join them with the documents of the same body (parser/cross/check.py). The body, scope and the
document's own year and kind come from its Identity and are joined in SQL, so a `--meta` correction
needs no re-reading.

- `own`: a figure of the document's year (`公共安全（类）支出26200.88万元`).
- `stated` by `change`: `与上年相比增加D万元` after X states last year's X − D; `减少D` states X + D.
- `stated` by `no_change`: `与上年一致`, `比2024年预算持平` state last year's X.
- `stated` by `explicit`: `2023年当年预算执行数为60.13万元`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Optional

import regex

from parser.cross.identity import wording
from parser.datatypes import Claim, Report
from parser.layout.segment import heading_level
from parser.lexicon import unit_factors
from parser.tolerance import unit_of

MONEY = unit_factors()               # 元 per amount unit (units.tsv)
HEADING_LOOKBACK = 400               # lines searched upwards for a fact's section heading
CUE_GAP = 14                         # characters allowed between 比上年 and its direction word
AMOUNT_GAP = 7                       # characters allowed between the direction word and D (`增加（减少）`)
CODE_LABEL = regex.compile(r"([\p{Han}、]+?)[（(]\s*\d*\s*(类|款|项)\s*[)）]")


@dataclass(frozen=True)
class CrossFact:
    """One figure a document states, keyed for the crosscheck."""
    role: str                        # own | stated
    how: str                         # own | change | no_change | explicit | budget (a 决算's 年初预算) | table | table_budget
    year_offset: Optional[int]       # relative to the document's year (上年: −1; own: 0), or None
    year_ref: Optional[int]          # an absolute year (比2017年), or None
    base_kind: Optional[str]         # 预算 | 决算 | 执行, None: the document's own kind
    metric: str
    basis: str
    value: str                       # the figure in `unit`, exact decimal text
    unit: str
    yuan: Decimal
    lo: Decimal                      # the values in 元 the printed figures allow
    hi: Decimal
    step: Decimal                    # one last printed unit, in 元
    line: int
    page: Optional[int]
    quote: str                       # an exact substring of the line
    source_path: str
    source_line: int
    explained: bool = False          # the sentence says the 口径 changed
    text: str = ""                   # the line, for people
    claim: str = ""                  # the id of the claim holding the figure (the report's claims), if any

    def as_row(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=1)
def patterns() -> dict:
    """The compiled wording of cross.json."""
    w = wording()
    words = lambda key: "|".join(sorted(map(regex.escape, w[key]), key=len, reverse=True))   # noqa: E731
    return {
        "compare": regex.compile(w["compare"]),
        "explicit": regex.compile(w["explicit_prior"] + r"\s*$"),
        "direction": regex.compile(rf"({words('increase')}|{words('decrease')}|{words('no_change')})"),
        "increase": set(w["increase"]), "decrease": set(w["decrease"]), "no_change": set(w["no_change"]),
        "scope_change": regex.compile("|".join(map(regex.escape, w["scope_change"]))),
        "gap_stop": regex.compile("|".join(map(regex.escape, w["gap_stops"]))),
    }


def base_kind_of(word: str) -> Optional[str]:
    """The kind of document a base word names (None: the comparing document's own kind).

    >>> base_kind_of("预算执行数"), base_kind_of("年初预算"), base_kind_of("决算数"), base_kind_of("数")
    ('执行', '预算', '决算', None)
    """
    return next((kind for w, kind in wording()["base_kinds"] if w in (word or "")), None)


def basis_of_heading(heading: str) -> str:
    """The 口径 a section heading names, by the first keyword of cross.json it holds.

    >>> basis_of_heading("四、财政拨款收支预算总体情况"), basis_of_heading("一、收支预算总体情况")
    ('fiscal', 'all_funds')
    """
    for word, basis in wording()["bases"]:
        if word in heading:
            return basis
    return ""


def section_bases(lines: tuple[str, ...]) -> list[str]:
    """The basis of every line: that of the nearest heading (levels 1–3) above it naming one."""
    out, current = [], ""
    for line in lines:
        level = heading_level(line)
        if level is not None and level <= 3:
            current = basis_of_heading(line) or (current if level == 3 else "")
        out.append(current)
    return out


def code_key(prefix: str) -> str:
    """The 类/款/项 names before a figure, as a metric key (款/项 when a 项 is named).

    >>> code_key("1．法院（款）行政运行（项）支出")
    'code:法院/行政运行'
    >>> code_key("1.“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”")
    'code:统计信息事务/专项普查活动'
    >>> code_key("2．社会保障和就业（类）支出"), code_key("基本支出")
    ('code:社会保障和就业', '')
    """
    found = {level: name for name, level in CODE_LABEL.findall(prefix)}
    clean = lambda name: regex.sub(r"^[\d．.、“”\s]+|支出$", "", name)      # noqa: E731
    if "项" in found:
        return "code:" + "/".join(clean(found[k]) for k in ("款", "项") if k in found)
    if "款" in found:
        return "code:" + clean(found["款"])
    if "类" in found:
        return "code:" + clean(found["类"])
    return ""


def metric_key(claim: Claim, line_text: str) -> str:
    """What a figure is of: its 类/款/项 names, else the claim's metric, else its subject."""
    start = claim.quantity.span[0]
    return code_key(line_text[:start]) or claim.metric or (f"subject:{claim.subject}" if claim.subject else "")


def money(claim: Claim) -> Optional[tuple[Decimal, Decimal]]:
    """(value in 元, one printed unit in 元) of an amount claim, None for other figures."""
    factor = MONEY.get(claim.quantity.unit)
    if factor is None or claim.quantity.approx:
        return None
    return claim.quantity.value * factor, unit_of(claim.quantity.decimals) * factor


def is_anchor(claim: Claim, year: Optional[int]) -> bool:
    """A figure of the document's own year: an amount, not a change, not another year's."""
    return (claim.origin == "text" and claim.kind == "amount" and money(claim) is not None
            and claim.role not in ("prior_year", "target") and (claim.year is None or year is None or claim.year == year))


def cross_facts(report: Report) -> list[CrossFact]:
    """Every own and stated figure of a report: its narrative's, then its tables'."""
    document = report.document
    bases = section_bases(document.lines)
    by_line: dict[int, list[Claim]] = {}
    for claim in report.claims:
        if claim.origin == "text" and 1 <= claim.line <= len(document.lines):
            by_line.setdefault(claim.line, []).append(claim)
    facts: list[CrossFact] = []
    for line, claims in sorted(by_line.items()):
        claims.sort(key=lambda c: c.quantity.span)
        facts.extend(line_facts(report, line, claims, bases[line - 1]))
    return facts + table_facts(report)


def line_facts(report: Report, line: int, claims: list[Claim], basis: str) -> list[CrossFact]:
    document = report.document
    text = document.lines[line - 1]
    year = report.meta.year
    budget = report.meta.kind == "预算"
    out = []
    for claim in claims:
        if (fact := explicit_fact(report, claim, text, basis)) is not None:
            out.append(fact)
    explicit = {f.claim for f in out}
    anchors = [c for c in claims if is_anchor(c, year) and c.id not in explicit]
    for i, anchor in enumerate(anchors):
        metric = metric_key(anchor, text)
        role, offset, base = table_role(anchor.role, budget, report.meta.kind)
        if not metric or role is None:
            continue
        if role == "stated":                          # a 决算's 年初预算X: the year's 预算 document's figure
            out.append(make_fact(report, "stated", "budget", anchor, None, offset, None, base, metric, basis, text))
            continue
        out.append(make_fact(report, "own", "own", anchor, None, 0, None, None, metric, basis, text))
        end = anchors[i + 1].quantity.span[0] if i + 1 < len(anchors) else len(text)
        window = (anchor.quantity.span[1], end)
        if (stated := change_fact(report, anchor, claims, text, window, metric, basis)) is not None:
            out.append(stated)
    return out


def change_fact(report: Report, anchor: Claim, claims: list[Claim], text: str, window: tuple[int, int],
                metric: str, basis: str) -> Optional[CrossFact]:
    """Last year's figure a `与上年相比增加D` / `与上年一致` after the anchor states, if it does."""
    p = patterns()
    cue = p["compare"].search(text, window[0], window[1])
    if cue is None or not same_sentence(text, window[0], cue.start()):
        return None
    if cue.group("verb"):                             # 本年数小于上年预算数40.05万元: the verb is the direction
        word, direction = wording()["verb_directions"][cue.group("verb")], cue
    else:
        direction = p["direction"].search(text, cue.end(), min(window[1], cue.end() + CUE_GAP))
        if direction is None or p["gap_stop"].search(text, cue.end(), direction.start()):
            return None                               # 与上年相比，其中基本支出增加D: D is another figure's change
        word = direction.group(1)
    year_ref = int(cue.group("year")) if cue.group("year") else None
    offset = None if year_ref else -1
    base = base_kind_of(cue.group("base") or "")
    if year_ref is not None and year_ref == report.meta.year and base in (None, report.meta.kind):
        return None                                   # 2026年预算 比2026年预算增加: a slip of the year, no link
    if word in p["no_change"]:
        return make_fact(report, "stated", "no_change", anchor, None, offset, year_ref, base, metric, basis, text,
                         quote_end=direction.end())
    change = next((c for c in claims if c.kind in ("change_amount", "amount") and money(c) is not None
                   and direction.end() <= c.quantity.span[0] <= direction.end() + AMOUNT_GAP
                   and c.quantity.span[0] < window[1]), None)
    if change is None or cue.group("verb") and p["gap_stop"].search(text, cue.end(), change.quantity.span[0]):
        return None                                   # 本年数大于上年数，主要是增加D: D explains, it is no difference
    sign = -1 if word in p["increase"] else 1              # last year = X − D after 增加, X + D after 减少
    return make_fact(report, "stated", "change", anchor, (change, sign), offset, year_ref, base, metric, basis, text,
                     quote_end=change.quantity.span[1])


def same_sentence(text: str, start: int, cue: int) -> bool:
    """No full stop between the figure and the comparison, unless the comparison opens the next sentence
    (`基本支出预算数为18570.82万元。与上年相比增加1447.63万元`).

    >>> t = "支出为5万元。与上年相比增加1万元"
    >>> same_sentence(t, 4, 7), same_sentence("支出为5万元。主要用于办公。与上年一致", 4, 14)
    (True, False)
    """
    stop = text.find("。", start, cue)
    return stop < 0 or stop == cue - 1 and text.find("。", stop + 1, cue) < 0


def explicit_fact(report: Report, claim: Claim, text: str, basis: str) -> Optional[CrossFact]:
    """`2023年当年预算执行数为60.13万元`, `上年决算数为X`: another year's figure stated outright."""
    if claim.origin != "text" or money(claim) is None or claim.kind != "amount":
        return None
    start = claim.quantity.span[0]
    cue = patterns()["explicit"].search(text[max(0, start - 20):start])
    if cue is None:
        return None
    year_ref = int(cue.group(2)) if cue.group(2) else None
    if year_ref is not None and year_ref == report.meta.year:
        return None
    metric = code_key(text[:start]) or claim.metric or ""
    if not metric:
        return None
    return make_fact(report, "stated", "explicit", claim, None, None if year_ref else -1, year_ref,
                     base_kind_of(cue.group(3)), metric, basis, text, quote_start=start - len(cue.group(0)))


def make_fact(report: Report, role: str, how: str, anchor: Claim, change: Optional[tuple[Claim, int]],
              offset: Optional[int], year_ref: Optional[int], base: Optional[str], metric: str, basis: str,
              text: str, quote_start: Optional[int] = None, quote_end: Optional[int] = None) -> CrossFact:
    document = report.document
    anchor_money = money(anchor)
    assert anchor_money is not None, "an anchor is an amount (is_anchor)"
    yuan, step = anchor_money
    lo, hi = yuan - step / 2, yuan + step / 2
    value = anchor.quantity.value
    if change is not None:
        d_claim, sign = change
        change_money = money(d_claim)
        assert change_money is not None, "a change is an amount (change_of)"
        d_yuan, d_step = change_money
        yuan = yuan + sign * d_yuan
        lo, hi = lo + sign * d_yuan - d_step / 2, hi + sign * d_yuan + d_step / 2
        value = (yuan / MONEY[anchor.quantity.unit]).quantize(
            unit_of(max(anchor.quantity.decimals, d_claim.quantity.decimals)))
        step = max(step, d_step)
    start = anchor.quantity.span[0] if quote_start is None else quote_start
    if quote_start is None and how in ("own", "budget"):
        start = max(text.rfind(p, 0, start) for p in "。；，") + 1
    end = anchor.quantity.span[1] if quote_end is None else quote_end
    part = document.part_of(anchor.line)
    source_path = part.path if part else document.path
    source_line = anchor.line - part.first_line + 1 if part else anchor.line
    explained = bool(patterns()["scope_change"].search(text)) or (
        anchor.line < len(document.lines) and bool(patterns()["scope_change"].search(document.lines[anchor.line])))
    return CrossFact(role=role, how=how, year_offset=offset, year_ref=year_ref, base_kind=base, metric=metric,
                     basis=basis, value=format(value, "f"),
                     unit=anchor.quantity.unit, yuan=yuan, lo=lo, hi=hi, step=step, line=anchor.line, page=anchor.page,
                     quote=text[start:end].strip(), source_path=source_path, source_line=source_line,
                     explained=explained, text=text.strip()[:300], claim=anchor.id)


def table_facts(report: Report) -> list[CrossFact]:
    """The figures of the document's tables (parser.tabular.facts), keyed like the text's: a 功能分类 row by its
    款/项 names (`code:人大事务/人大会议`), the basis by the table's kind (财政拨款支出预算表: fiscal).

    In a 决算 the 预算数 columns state the year's 预算 document's figures (年初预算: `budget_initial`)."""
    from parser.tabular.facts import extract_facts
    bases = wording()["table_bases"]
    budget = report.meta.kind == "预算"
    facts = extract_facts(report.tables, report.meta.year, budget=budget)
    names = {f.scope: f.metric[5:] for f in facts if f.metric.startswith("item:") and f.scope}
    tables = {t.id: t for t in report.tables}
    out = []
    for fact in facts:
        table = tables.get(fact.table)
        basis = bases.get(table.kind if table else "", "")
        factor = MONEY.get(fact.unit)
        if not basis or factor is None or fact.metric.startswith("class:"):
            continue
        role, offset, base = table_role(fact.role, budget, report.meta.kind)
        if role is None:
            continue
        metric = table_metric(fact.metric, fact.scope, names)
        step = unit_of(fact.decimals) * factor
        yuan = fact.value * factor
        part = report.document.part_of(fact.line)
        line_text = report.document.lines[fact.line - 1] if 1 <= fact.line <= len(report.document.lines) else ""
        cell_text = next((c for c in line_text.split("\t") if c.strip() and fact_value_text(c) == fact.value), "")
        out.append(CrossFact(
            role=role, how="table" if role == "own" else "table_budget", year_offset=offset, year_ref=None,
            base_kind=base, metric=metric, basis=basis, value=format(fact.value, "f"), unit=fact.unit, yuan=yuan,
            lo=yuan - step / 2, hi=yuan + step / 2, step=step, line=fact.line, page=fact.page,
            quote=cell_text.strip(), source_path=part.path if part else report.document.path,
            source_line=fact.line - part.first_line + 1 if part else fact.line,
            text=f"{table.title if table else ''}：{fact.row} / {fact.col}"[:300]))
    return out


def table_role(role: str, budget: bool, doc_kind: str) -> tuple[Optional[str], Optional[int], Optional[str]]:
    """(own | stated, year offset, base kind) of a table figure's role; (None, …) for one left out.

    >>> table_role("actual", False, "决算"), table_role("budget_initial", False, "决算")
    (('own', 0, None), ('stated', 0, '预算'))
    >>> table_role("budget_final", False, "决算")[0] is None, table_role("budget_final", True, "预算")
    (True, ('own', 0, None))
    """
    if budget and role in ("actual", "budget_final", "budget_initial"):
        return "own", 0, None
    if role == "actual":
        return "own", 0, None
    if role == "budget_initial" and doc_kind == "决算":
        return "stated", 0, "预算"
    if role == "prior_year":
        return "stated", -1, None
    return None, None, None


def table_metric(metric: str, code: str, names: dict[str, str]) -> str:
    """A table fact's metric as the text names it: a coded row by its 款/项 (or 类) names.

    >>> table_metric("item:人大会议", "2010104", {"201": "一般公共服务支出", "20101": "人大事务"})
    'code:人大事务/人大会议'
    >>> table_metric("item:一般公共服务支出", "201", {}), table_metric("overseas_travel", "", {})
    ('code:一般公共服务', 'overseas_travel')
    """
    if not metric.startswith("item:"):
        return metric
    clean = lambda name: regex.sub(r"支出$", "", name)      # noqa: E731
    name = clean(metric[5:])
    if len(code) == 7 and code[:5] in names:
        return f"code:{clean(names[code[:5]])}/{name}"
    return f"code:{name}"


def fact_value_text(cell: str) -> Optional[Decimal]:
    """
    >>> fact_value_text(" 1,305.25 "), fact_value_text("合计")
    (Decimal('1305.25'), None)
    """
    text = cell.strip().replace(",", "")
    try:
        return Decimal(text)
    except ArithmeticError:
        return None

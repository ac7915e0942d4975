"""Inject one known error into a copy of a document and see whether the checker reports it.

Three kinds, each at a site where the document itself holds what shows the error:
- `unit`: `X万元` written `X元`, where X appears elsewhere in the document (text or a 万元 table) in 万元;
- `transposed`: two adjacent different digits of an amount swapped, where the same amount of the same thing
  is stated a second time (in a table of the same unit, or in the text with words naming both that end alike
  in four characters or more and no different fund, level or 财政拨款 scope, so that two equal figures of two
  things — 收入合计 and 支出合计 of a balanced budget, a 类 and its only 项, 全区 and 区本级 — are not taken
  for one figure stated twice), that statement left untouched;
- `percent`: a percentage moved by 1.3 points, where the checker itself found it `consistent` in the
  unmutated document and its own sentence states at least two amounts that recompute it (a ÷ b, or a
  change against b ∓ a) finely enough to tell it from the moved value at their printed precision.

A mutant is caught when an error/warning finding that the original report does not have stands on the
mutated line and quotes the mutated figure (its quote overlaps the figure, or holds it) or names it in its
evidence (a change quoted at its percentage, recomputed from the mutated level; the line the mutated line's
sentence runs on to, cut by a line break, counts as the mutated line for such a finding), or stands at the other
statement of the figure, quoting it as it was, with the mutated figure in its evidence: a finding naming both
copies, at either copy, shows the slip (which copy is wrong the text alone cannot tell). It spills over
when it adds other error/warning findings at other lines. Sites are drawn with `random.Random` seeded by the
seed, the document's file name and the kind, so a run is reproducible and one document's mutants do not
depend on which other documents are in the run.
"""
from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Optional

from parser.datatypes import Document, Finding, Quantity, Report, Table
from parser.errors import InputError
from parser.layout.segment import segment
from parser.lexicon import load_cues, unit_factors
from parser.quantity import iter_quantities, normalise
from parser.tolerance import HUNDRED, agrees, printed, ratio

KINDS = ("unit", "transposed", "percent")
MONEY_UNITS = tuple(unit_factors())
COUNTED_SEVERITIES = ("error", "warning")
PERCENT_STEP = Decimal("1.3")
MIN_SIGNIFICANT_DIGITS = 3         # a less distinctive amount found twice may be two things of one size
MIN_SENTENCE_AMOUNTS = 2           # amounts a percentage's sentence must state to recompute it from
MIN_SHARED_NAME = 4                # characters two statements' names must end alike in to name one thing
NAME_CHAR = re.compile(r"[\u4e00-\u9fff“”‘’\"、]")
LEADING_UNIT = re.compile(r"^(?:万元|亿元|千元|元)[、，,]?")
MAX_FILES = 100_000
NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


@dataclass(frozen=True)
class Site:
    """One injected error: on `line` (1-based), the characters `start:end` (`before`) become `after`."""
    kind: str
    line: int
    start: int
    end: int
    before: str
    after: str

    @property
    def after_span(self) -> tuple[int, int]:
        """Where the new figure stands in the mutated line."""
        return self.start, self.start + len(self.after)

    def apply(self, text: str) -> str:
        """The line with the error injected.

        >>> Site("unit", 1, 4, 11, "401.4万元", "401.4元").apply("财政拨款401.4万元。")
        '财政拨款401.4元。'
        """
        if text[self.start:self.end] != self.before:
            raise ValueError(f"line {self.line} does not hold {self.before!r} at {self.start}")
        return text[:self.start] + self.after + text[self.end:]


@dataclass(frozen=True)
class Amount:
    """A money figure of the narrative and where its digits are."""
    line: int
    quantity: Quantity
    digits: tuple[int, int]          # span of the number (without unit) in the line


@dataclass(frozen=True)
class Outcome:
    """What the checker made of one mutant."""
    doc: str
    site: Site
    caught: tuple[Finding, ...]      # new findings at the site
    elsewhere: tuple[Finding, ...]   # new findings at other lines
    cited: tuple[Finding, ...] = ()  # new findings, not at the site, whose evidence names the mutated figure
    crash: str = ""                  # the checker failed on the mutant: type and message


@dataclass(frozen=True)
class MutationRun:
    seed: int
    per_doc: Optional[int]           # None: every site
    documents: tuple[str, ...]
    outcomes: tuple[Outcome, ...]


# ---- sites ------------------------------------------------------------------------------------------

def number_span(line: str, start: int) -> Optional[tuple[int, int]]:
    """The span of the number printed at `start` of a line (full-width digits read as ASCII).

    >>> number_span("支出1,165.08万元", 2), number_span("支出万元", 2)
    ((2, 10), None)
    """
    m = NUMBER.match(normalise(line), start)
    return (m.start(), m.end()) if m else None


def narrative_amounts(lines: tuple[str, ...], skip: set[int]) -> list[Amount]:
    """Exact money figures of the prose lines (no TAB, not in `skip`, a set of 1-based table lines).

    >>> [(a.line, a.quantity.surface, a.digits) for a in narrative_amounts(("收入401.4万元，约20万元", "合计\\t3万元"), set())]
    [(1, '401.4万元', (2, 7))]
    """
    out = []
    for number, text in enumerate(lines, 1):
        if number in skip or "\t" in text:
            continue
        for q in iter_quantities(text):
            if q.unit not in MONEY_UNITS or q.approx or q.value == 0:
                continue
            digits = number_span(text, q.span[0])
            if digits is not None:
                out.append(Amount(line=number, quantity=q, digits=digits))
    return out


def table_lines(tables: Iterable[Table]) -> set[int]:
    return {n for t in tables for n in range(t.line, t.end_line + 1)}


def table_amounts(tables: Iterable[Table]) -> Counter:
    """(value, unit) → how many cells print it, over the tables whose unit is a money unit."""
    counts: Counter = Counter()
    for table in tables:
        if table.unit not in MONEY_UNITS:
            continue
        counts.update((cell.value, table.unit) for row in table.rows for cell in row
                      if cell.value is not None and not cell.is_percent and cell.value != 0)
    return counts


def stated_twice(amounts: list[Amount], tables: Counter) -> list[tuple[Amount, int]]:
    """Each amount with how many other statements of it in the same unit there are (text and tables)."""
    text = Counter((a.quantity.value, a.quantity.unit) for a in amounts)
    return [(a, text[(a.quantity.value, a.quantity.unit)] - 1 + tables[(a.quantity.value, a.quantity.unit)])
            for a in amounts]


@dataclass(frozen=True)
class Named:
    """What a statement of an amount names: the words before it, whether it is a change or a prior-year
    figure, and the fund, level and scope words of its line before it."""
    name: str
    kind: str                        # level, change or prior
    scope: frozenset                 # fund and level words of the line before it
    funds: frozenset = frozenset()   # fund words of its own name (财政拨款收、支总计)


@lru_cache(maxsize=1)
def fillers() -> tuple[str, ...]:
    """Words ending a name that name nothing (为, 共计, 决算, 类科目 … cues.json amount_label_fillers), longest first."""
    return tuple(sorted(load_cues()["amount_label_fillers"], key=len, reverse=True))


def amount_label(line: str, start: int) -> str:
    """The words right before a figure at `start`, back to the first character that is no part of a name,
    without the verbs and role words that do not name a thing.

    >>> amount_label("①财政拨款收入:本年度我院财政拨款收入共计9,787.85万元", 21)
    '本年度我院财政拨款收入'
    >>> amount_label("(一)教育支出类科目 5,806,105.16 元", 11), amount_label("收、支总计401.4万元", 5)
    ('教育支出', '收、支总计')
    >>> amount_label("元、住房保障支出 418,288.92 元", 9)
    '住房保障支出'
    """
    end = start
    while end > 0 and line[end - 1].isspace():
        end -= 1
    begin = end
    while begin > 0 and NAME_CHAR.match(line[begin - 1]):
        begin -= 1
    label = LEADING_UNIT.sub("", line[begin:end])      # `…275,373.54 元、住房保障支出`: the unit of the figure before
    changed = True
    while changed:
        changed = False
        for word in fillers():
            if label.endswith(word) and len(label) > len(word):
                label, changed = label[:-len(word)], True
                break
    return label


def common_suffix(a: str, b: str) -> int:
    """
    >>> common_suffix("教育事业收入", "本年度我院事业收入"), common_suffix("收入合计", "支出合计")
    (4, 2)
    """
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def scope_words(text: str) -> frozenset:
    """Fund, government-level and 财政拨款 words of a text (cues.json scope_qualifiers and
    mutation_scope_words): 全区 and 区本级, or 收、支总计 and 财政拨款收、支总计, are two figures.

    >>> sorted(scope_words("区本级一般公共预算收入32.20亿元"))
    ['一般公共预算', '区本级', '本级']
    """
    cues = load_cues()
    words = {w for w in (*cues["scope_qualifiers"], *cues["mutation_scope_words"]) if w in text}
    words.update(m.group(0) for p in cues["scope_qualifier_patterns"] for m in re.finditer(p, text))
    return frozenset(words)


def fund_words(name: str) -> frozenset:
    """The scope words of a name that are not government levels: a fund or 财政拨款.

    >>> sorted(fund_words("全市一般公共预算支出")), sorted(fund_words("财政拨款收、支总计"))
    (['一般公共预算'], ['财政拨款'])
    """
    levels = load_cues()["scope_qualifier_patterns"]
    return frozenset(w for w in scope_words(name) if not any(re.fullmatch(p, w) for p in levels))


def named(line: str, amount: Amount, before: Optional[Amount]) -> Named:
    """What a statement names. A change (`减少38.05万元`) names the change of the thing its words name, or
    else of the amount before it on its line (`收、支总计401.4万元。与上年相比，减少38.05万元`).

    >>> line = "收、支总计401.4万元。与上年相比，减少38.05万元"
    >>> a, b = narrative_amounts((line,), set())
    >>> named(line, b, a).name, named(line, b, a).kind
    ('收、支总计', 'change')
    """
    cues = load_cues()
    label = amount_label(line, amount.digits[0])
    scope = scope_words(line[:amount.digits[0]])
    if any(w in label for w in ("上年", "去年", "同期")):
        return Named(label, "prior", scope, fund_words(label))
    changes = sorted((*cues["increase_words"], *cues["decrease_words"]), key=len, reverse=True)
    word = next((w for w in changes if label.endswith(w)), None)
    if word is None:
        return Named(label, "level", scope, fund_words(label))
    subject = label[:-len(word)].rstrip("各")
    if len(subject) < 2 and before is not None:
        subject = amount_label(line, before.digits[0])
    return Named(subject, "change", scope, fund_words(subject))


def same_thing(a: Named, b: Named) -> bool:
    """Whether two statements name one thing: one kind, names ending alike in four characters or more and
    naming the same funds, and neither line naming a scope word before it the other lacks unless one
    holds the other's.

    >>> level = lambda name, *scope: Named(name, "level", frozenset(scope))
    >>> same_thing(level("教育事业收入"), level("本年度我院事业收入")), same_thing(level("收入合计"), level("支出合计"))
    (True, False)
    >>> same_thing(level("债务转贷收入", "全区"), level("债务转贷收入", "区本级"))
    False
    """
    if a.kind != b.kind or common_suffix(a.name, b.name) < MIN_SHARED_NAME or a.funds != b.funds:
        return False
    return a.scope <= b.scope or b.scope <= a.scope


def named_twice(lines: tuple[str, ...], amounts: list[Amount], tables: Counter) -> list[tuple[Amount, int]]:
    """Each amount with how many other statements of the same amount of the same thing there are: in the
    text, those naming the same thing (same_thing); in the tables (`tables`: table_amounts), every cell of
    its unit printing it — a document's tables hold the figures its text reports, each under its own row."""
    previous: dict[int, Optional[Amount]] = {}
    last: dict[int, Amount] = {}
    for a in amounts:
        previous[id(a)] = last.get(a.line)
        last[a.line] = a
    names = {id(a): named(lines[a.line - 1], a, previous[id(a)]) for a in amounts}
    out = []
    for a in amounts:
        key = (a.quantity.value, a.quantity.unit)
        mine = names[id(a)]
        text = sum(1 for b in amounts if b is not a and (b.quantity.value, b.quantity.unit) == key
                   and same_thing(mine, names[id(b)]))
        out.append((a, text + tables[key]))
    return out


def significant_digits(number: str) -> int:
    """How many digits of a printed number tell it apart: leading zeros and an integer's trailing zeros
    do not (4300万元 twice may be two round budgets; 3651.48万元 twice is one amount).

    >>> significant_digits("3,651.48"), significant_digits("4300"), significant_digits("0.41"), significant_digits("60.0")
    (6, 2, 2, 3)
    """
    digits = normalise(number).lstrip("-+").replace(",", "")
    if "." not in digits:
        digits = digits.rstrip("0")
    return sum(c.isdigit() for c in digits.replace(".", "").lstrip("0"))


def distinctive(line: str, amount: Amount) -> bool:
    """Whether an amount is distinctive enough that another statement of it is the same amount."""
    a, b = amount.digits
    return significant_digits(line[a:b]) >= MIN_SIGNIFICANT_DIGITS


def unit_site(line: str, amount: Amount) -> Optional[Site]:
    """`X万元` → `X元`.

    >>> line = "财政拨款收入401.4万元"
    >>> unit_site(line, narrative_amounts((line,), set())[0])
    Site(kind='unit', line=1, start=6, end=13, before='401.4万元', after='401.4元')
    """
    q = amount.quantity
    if q.unit != "万元":
        return None
    at = q.surface.rfind("万")
    if at < 0:
        return None
    return Site("unit", amount.line, q.span[0], q.span[1], q.surface, q.surface[:at] + q.surface[at + 1:])


def transpositions(number: str) -> list[int]:
    """Positions i where swapping characters i and i+1 of a printed number swaps two different digits
    and leaves a number without a leading zero.

    >>> transpositions("1165.08"), transpositions("105"), transpositions("0.53")
    ([1, 2, 5], [1], [2])
    """
    out = []
    for i in range(len(number) - 1):
        a, b = number[i], number[i + 1]
        if not (a.isdigit() and b.isdigit()) or a == b:
            continue
        swapped = number[:i] + b + a + number[i + 2:]
        if re.match(r"[-+]?0\d", swapped):
            continue
        out.append(i)
    return out


def transposed_site(line: str, amount: Amount, rng: random.Random) -> Optional[Site]:
    """Two adjacent digits of the amount swapped (which two: drawn with `rng`).

    >>> line = "支出1165.08万元"
    >>> transposed_site(line, narrative_amounts((line,), set())[0], random.Random(1)).after
    '1615.08万元'
    """
    q = amount.quantity
    a, b = amount.digits
    number = line[a:b]
    places = transpositions(normalise(number))
    if not places:
        return None
    i = rng.choice(places)
    swapped = number[:i] + number[i + 1] + number[i] + number[i + 2:]
    surface = line[q.span[0]:a] + swapped + line[b:q.span[1]]
    return Site("transposed", amount.line, q.span[0], q.span[1], q.surface, surface)


def moved_percent(value: Decimal, decimals: int, up: bool) -> str:
    """A percentage moved by 1.3 points, printed with at least one decimal (down only when it stays
    positive, up only when it stays within 100 unless it was over already).

    >>> moved_percent(Decimal("20.93"), 2, False), moved_percent(Decimal("1"), 0, False), moved_percent(Decimal("100"), 0, True)
    ('19.63', '2.3', '98.7')
    """
    if value - PERCENT_STEP <= 0:
        up = True
    elif value <= 100 < value + PERCENT_STEP:
        up = False
    moved = value + PERCENT_STEP if up else value - PERCENT_STEP
    return f"{moved:.{max(decimals, 1)}f}"


def recomputations(amounts: list[Quantity]):
    """The percentages two amounts of a sentence give, as intervals at their printed precision: a ÷ b, and a
    change a against the prior level b ∓ a (`增加a万元` after the level b). Amounts of one unit only.

    >>> from parser.quantity import iter_quantities
    >>> first = next(recomputations(list(iter_quantities("0.19万元，0.5万元"))))      # 0.185 ÷ 0.55 … 0.195 ÷ 0.45
    >>> first.lo.quantize(Decimal("0.01")), first.hi.quantize(Decimal("0.01"))
    (Decimal('33.64'), Decimal('43.33'))
    """
    for a in amounts:
        for b in amounts:
            if a is b or a.unit != b.unit:
                continue
            x, y = printed(a.value, a.decimals), printed(b.value, b.decimals)
            for whole in (y, y - x, y + x):
                share = ratio(x, whole) if whole.lo > 0 else None
                if share is not None:
                    yield share.scale(HUNDRED)


def shows_the_move(value: Decimal, decimals: int, moved: str, amounts: list[Quantity]) -> bool:
    """Whether the sentence's amounts recompute the percentage and tell it from the moved one: some pair
    gives the stated value at its precision, and none that does also gives the moved one (0.19 ÷ 0.5 =
    38% ± 1.4 points cannot tell 38% from 39.3%).

    >>> from parser.quantity import iter_quantities
    >>> amounts = list(iter_quantities("年初预算0.5万元，支出决算为0.19万元"))
    >>> exact = list(iter_quantities("19.00万元，50.00万元"))
    >>> shows_the_move(Decimal("38"), 0, "39.3", amounts), shows_the_move(Decimal("38"), 0, "36.7", exact)
    (False, True)
    """
    after = Decimal(moved)
    places = max(decimals, 1)
    matching = [r for r in recomputations(amounts) if agrees(value, decimals, r)]
    return bool(matching) and not any(agrees(after, places, r) for r in matching)


def percent_sites(report: Report, rng: random.Random) -> list[Site]:
    """Percentages the checker found consistent in the original, whose sentence states ≥ 2 amounts that
    recompute it finely enough to tell it from the moved one (shows_the_move)."""
    lines = report.document.lines
    out = []
    for claim in report.claims:
        q = claim.quantity
        if claim.origin != "text" or q.unit != "%" or claim.status != "consistent" or q.approx:
            continue
        amounts = [x for x in iter_quantities(claim.sentence) if x.unit in MONEY_UNITS and not x.approx]
        if len(amounts) < MIN_SENTENCE_AMOUNTS or not 1 <= claim.line <= len(lines):
            continue
        text = lines[claim.line - 1]
        same = [x for x in iter_quantities(text) if x.unit == "%" and x.value == q.value and not x.approx]
        found = next((x for x in same if x.span == q.span), same[0] if len(same) == 1 else None)
        if found is None:
            continue
        digits = number_span(text, found.span[0])
        if digits is None:
            continue
        a, b = digits
        moved = moved_percent(found.value, found.decimals, rng.random() < 0.5)
        if not shows_the_move(found.value, found.decimals, moved, amounts):
            continue
        after = text[found.span[0]:a] + moved + text[b:found.span[1]]
        out.append(Site("percent", claim.line, found.span[0], found.span[1], found.surface, after))
    return sorted(set(out), key=lambda s: (s.line, s.start))


def plan(report: Report, seed: int, per_doc: Optional[int], name: Optional[str] = None) -> list[Site]:
    """Up to `per_doc` sites of each kind for one checked document (None: all), drawn reproducibly."""
    document = report.document
    name = name or Path(document.path).name
    amounts = narrative_amounts(document.lines, table_lines(report.tables))
    twice = [a for a, others in stated_twice(amounts, table_amounts(report.tables))
             if others and distinctive(document.lines[a.line - 1], a)]
    same = [a for a, others in named_twice(document.lines, amounts, table_amounts(report.tables))
            if others and distinctive(document.lines[a.line - 1], a)]
    chosen = []
    for kind in KINDS:
        rng = random.Random(f"{seed}:{name}:{kind}")
        candidates: Sequence[Optional[Site]]
        if kind == "unit":
            candidates = [unit_site(document.lines[a.line - 1], a) for a in twice]
        elif kind == "transposed":
            candidates = [transposed_site(document.lines[a.line - 1], a, rng) for a in same]
        else:
            candidates = percent_sites(report, rng)
        sites = [s for s in candidates if s is not None]
        if per_doc is not None:
            sites = rng.sample(sites, min(per_doc, len(sites)))
        chosen.extend(sorted(sites, key=lambda s: (s.line, s.start)))
    return chosen


def mutant(document: Document, site: Site) -> Document:
    """A copy of the document with the site's error injected."""
    lines = list(document.lines)
    lines[site.line - 1] = site.apply(lines[site.line - 1])
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    return replace(document, lines=tuple(lines), sha256=digest,
                   path=f"{document.path}#{site.kind}@{site.line}:{site.start}")


# ---- judging ------------------------------------------------------------------------------------------

def finding_key(finding: Finding) -> tuple:
    return finding.rule, finding.line, finding.quote, finding.stated


def quotes_site(finding: Finding, line: str, site: Site) -> bool:
    """Whether a finding on the mutated line quotes the mutated figure.

    >>> site = Site("unit", 1, 6, 13, "401.4万元", "401.4元")
    >>> f = Finding(rule="unit", severity="error", message="", cause=None, line=1, page=None,
    ...             quote="收入401.4元", stated="401.4元", expected="401.4万元")
    >>> quotes_site(f, "财政拨款收入401.4元。", site), quotes_site(replace(f, quote="财政"), "财政拨款收入401.4元。", site)
    (True, False)
    """
    quote = finding.quote
    if not quote:
        return False
    if site.after in quote:
        return True
    a, b = site.after_span
    at = line.find(quote)
    while at >= 0:
        if at < b and a < at + len(quote):
            return True
        at = line.find(quote, at + 1)
    return False


def cites_site(finding: Finding, site: Site) -> bool:
    """Whether a finding's evidence names the mutated figure at its line (a mismatch reported at the
    other statement, a sum quoting its total).

    >>> from parser.datatypes import Evidence
    >>> f = Finding(rule="mismatch", severity="error", message="", cause=None, line=7, page=None, quote="收入12,037.17万元",
    ...             stated="12037.17", expected="21037.17", evidence=(Evidence(type="claim", line=4, value="21037.17"),))
    >>> cites_site(f, Site("transposed", 4, 0, 11, "12,037.17万元", "21,037.17万元"))
    True
    """
    figure = numbers_in(site.after)
    return any(e.line == site.line and e.value is not None and e.value.replace(",", "") in figure
               for e in finding.evidence)


def names_both_copies(finding: Finding, site: Site) -> bool:
    """Whether a finding stands at another statement of the mutated figure, quoting it as it was, and names
    the mutated one in its evidence (`项目支出在第6行为57300元，在第13行为53700元`, reported at line 13).

    >>> from parser.datatypes import Evidence
    >>> site = Site("transposed", 6, 4, 11, "53700 元", "57300 元")
    >>> f = Finding(rule="mismatch", severity="warning", message="", cause=None, line=13, page=None,
    ...             quote="项目支出 53700 元", stated="53700", expected="57300",
    ...             evidence=(Evidence(type="claim", line=6, value="57300"),))
    >>> names_both_copies(f, site), names_both_copies(replace(f, quote="合计 90000 元"), site)
    (True, False)
    """
    return cites_site(finding, site) and bool(numbers_in(site.before) & numbers_in(finding.quote))


def numbers_in(text: str) -> set[str]:
    """
    >>> sorted(numbers_in("21,037.17万元"))
    ['21037.17']
    """
    return {m.group().replace(",", "").lstrip("+") for m in NUMBER.finditer(normalise(text))}


def run_on_line(document: Document, site: Site) -> Optional[int]:
    """The line the mutated figure's sentence runs on to, when a line break cuts it after the figure (`(一)教育支出
    类科目 5,806,105.16 元,占支出总预算` / `82.27%,同比增加 3,520,772.45 元,增长 154.06%。`): a finding there
    citing the figure (the change recomputed from it) stands on the figure's own statement."""
    for paragraph in segment(document).paragraphs:
        for sentence, following in zip(paragraph.sentences, paragraph.sentences[1:]):
            if sentence.line == site.line and sentence.span[0] <= site.start < sentence.span[1] and sentence.continuation:
                return following.line
    return None


def judge(name: str, site: Site, original: Report, mutated: Report) -> Outcome:
    """Sort the mutant's new error/warning findings: at the site (on its line, quoting the figure or citing it
    in its evidence; or at the figure's other statement naming both copies), elsewhere, and those elsewhere
    citing the site."""
    before = {finding_key(f) for f in original.findings if f.severity in COUNTED_SEVERITIES}
    new = [f for f in mutated.findings if f.severity in COUNTED_SEVERITIES and finding_key(f) not in before]
    line = mutated.document.lines[site.line - 1]
    run_on = run_on_line(mutated.document, site) if any(f.line != site.line and cites_site(f, site) for f in new) else None
    caught = tuple(f for f in new if f.line == site.line and (quotes_site(f, line, site) or cites_site(f, site))
                   or f.line != site.line and names_both_copies(f, site)
                   or f.line == run_on and cites_site(f, site))
    elsewhere = tuple(f for f in new if f.line != site.line and f not in caught)
    cited = tuple(f for f in new if f not in caught and cites_site(f, site))
    return Outcome(doc=name, site=site, caught=caught, elsewhere=elsewhere, cited=cited)


# ---- running ------------------------------------------------------------------------------------------

def text_files(paths: Iterable[str]) -> list[Path]:
    """The documents to mutate: each folder's `*.txt` files (hidden ones skipped), and each file named."""
    out = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.glob("*.txt") if p.is_file() and not p.name.startswith(".")))
        elif path.exists():
            out.append(path)
        else:
            raise InputError(raw, "no such file or folder")
        if len(out) > MAX_FILES:
            raise InputError(raw, f"more than {MAX_FILES} documents")
    if not out:
        raise InputError(" ".join(paths), "no .txt documents to mutate")
    return out


def run_mutants(paths: Iterable[str], *, seed: int = 0, per_doc: Optional[int] = 5,
                check: Optional[Callable[[Document], Report]] = None,
                on_mutant: Optional[Callable[[Outcome, Document], None]] = None) -> MutationRun:
    """Check every document, then each of its mutants, in this process.

    `check` (default `parser.check_document`) turns a Document into a Report; `on_mutant` sees every
    outcome with its mutated document (to write the copies out). InputError for a document that cannot
    be read or is not plain text."""
    from parser.load import load
    if check is None:
        from parser.check import check_document
        check = check_document
    files = text_files(list(paths))
    names, outcomes = [], []
    for path in files:
        document = load(path)
        if document.format != "txt":
            raise InputError(str(path), f"is a {document.format} document; --mutate injects errors into plain text")
        original = check(document)
        name = path.name
        names.append(name)
        for site in plan(original, seed, per_doc, name):
            copy = mutant(document, site)
            try:
                outcome = judge(name, site, original, check(copy))
            except Exception as err:          # a checker crash is a result to report, not a reason to stop
                outcome = Outcome(doc=name, site=site, caught=(), elsewhere=(), crash=f"{type(err).__name__}: {err}")
            if on_mutant is not None:
                on_mutant(outcome, copy)
            outcomes.append(outcome)
    return MutationRun(seed=seed, per_doc=per_doc, documents=tuple(names), outcomes=tuple(outcomes))


# ---- figures ------------------------------------------------------------------------------------------

def tally(run: MutationRun) -> dict[str, dict[str, int]]:
    """Per kind (and `all`): mutants; caught at their line; noticed (caught, or cited by a finding
    elsewhere); adding findings elsewhere, and doing so with a finding that does not cite the mutated
    figure; crashed; documents with a site."""
    keys = ("mutants", "caught", "noticed", "elsewhere", "unrelated", "crashed", "documents")
    rows = {kind: dict.fromkeys(keys, 0) for kind in (*KINDS, "all")}
    docs: dict[str, set] = {kind: set() for kind in rows}
    for o in run.outcomes:
        for kind in (o.site.kind, "all"):
            row = rows[kind]
            row["mutants"] += 1
            row["caught"] += bool(o.caught)
            row["noticed"] += bool(o.caught or o.cited)
            row["elsewhere"] += bool(o.elsewhere)
            row["unrelated"] += any(f not in o.cited for f in o.elsewhere)
            row["crashed"] += bool(o.crash)
            docs[kind].add(o.doc)
    for kind, row in rows.items():
        row["documents"] = len(docs[kind])
    return rows


def percent_text(part: int, whole: int) -> str:
    """
    >>> percent_text(13, 14), percent_text(0, 0)
    ('92.9%', '–')
    """
    return f"{part / whole * 100:.1f}%" if whole else "–"


def render_text(run: MutationRun, verbose: bool = False) -> str:
    """Recall and spill-over per kind; verbose: every mutant with what caught it and what it added."""
    rows = tally(run)
    draw = "every site" if run.per_doc is None else f"up to {run.per_doc} per kind per document"
    out = [f"mutants of {len(run.documents)} documents (seed {run.seed}, {draw})",
           "  (caught: a new finding at the mutated line quotes or cites it; noticed: or a new finding elsewhere cites it;"
           " elsewhere: mutants adding findings at other lines, unrelated: ones not citing it)"]
    for kind, row in rows.items():
        n = row["mutants"]
        crashed = f"; {row['crashed']} crashed the checker" if row["crashed"] else ""
        out.append(f"  {kind:<10} caught {row['caught']}/{n} ({percent_text(row['caught'], n)}); "
                   f"noticed {row['noticed']}/{n} ({percent_text(row['noticed'], n)}); "
                   f"elsewhere {row['elsewhere']} ({percent_text(row['elsewhere'], n)}), unrelated {row['unrelated']}; "
                   f"{row['documents']} documents{crashed}")
    if verbose:
        for o in run.outcomes:
            s = o.site
            state = "crashed" if o.crash else "caught " if o.caught else "cited  " if o.cited else "missed "
            first = (o.caught or o.cited or (None,))[0]
            how = o.crash or (f"<- {first.rule} at {first.line}: {first.message[:60]}" if first else "")
            out.append(f"  {state} {o.doc}:{s.line} {s.kind} {s.before} → {s.after}  {how}".rstrip())
            for f in o.elsewhere:
                tag = "elsewhere (cites it)" if f in o.cited else "elsewhere"
                out.append(f"    {tag} {o.doc}:{f.line} {f.rule} {f.quote[:40]}  {f.message[:60]}")
    return "\n".join(out)


def run_dict(run: MutationRun) -> dict:
    def finding(f: Finding) -> dict:
        return {"rule": f.rule, "severity": f.severity, "line": f.line, "quote": f.quote, "stated": f.stated,
                "expected": f.expected, "message": f.message}

    return {"seed": run.seed, "per_doc": run.per_doc, "documents": list(run.documents), "kinds": tally(run),
            "mutants": [{"doc": o.doc, "kind": o.site.kind, "line": o.site.line, "start": o.site.start,
                         "before": o.site.before, "after": o.site.after, "caught": bool(o.caught),
                         "findings": [finding(f) for f in o.caught], "cited_by": [finding(f) for f in o.cited],
                         "elsewhere": [finding(f) for f in o.elsewhere], "crash": o.crash or None}
                        for o in run.outcomes]}

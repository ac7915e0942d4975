"""Project narratives ↔ their 项目支出绩效自评表: which table a sentence's funds figures speak of.

A 项目支出绩效自评报告 states a project's funds in prose (`X项目年初预算2000万元，年中调减57.44万元，
实际支出1942.56万元`) and again in its self-evaluation table's funds row (年初预算数, 全年预算数,
全年执行数). The table a figure belongs to is found by the project's name: in the words before the
figure, in the sentence that opens with it, in the headings above it, or in the title lines that open
the report it stands in (`行政运行（其他）经费` / `绩效自评报告`). A name shared by several tables as
their 项目支出名称 (each evaluating one 子项目) names all of them: its figures are their sums.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Optional

import regex

from parser.datatypes import Cell, Claim, Paragraph, Sentence, Table
from parser.layout.segment import BLANK_CHARS, SENTENCE_END, heading_level
from parser.layout.tables import label_key
from parser.lexicon import load_cues, unit_factors
from parser.narrative.claims import by_sentence
from parser.tabular.self_evaluation import Evaluation

NAME_MIN_CHARS = 4            # a shorter common run (教育, 专项) names nothing
NAME_MARGIN = 2               # the best name must share this many more characters than the next best
TITLE_MAX_CHARS = 40
HEADING_SHARE = 0.6           # how much of a project's name a heading above the figure must give
TITLE_SHARE = 0.75            # … and a title line opening the report
FIELDS = {"initial": ("funds", "年初预算数"), "final": ("funds", "全年预算数"), "actual": ("funds", "全年执行数"),
          "carried": ("carried", "全年预算数")}        # field → (row of the funds table, column)


@dataclass(frozen=True)
class Project:
    """What the self-evaluation tables say of one project, or of all sub-projects of a parent project."""
    name: str
    evaluations: tuple[Evaluation, ...]

    @property
    def is_parent(self) -> bool:
        return len(self.evaluations) > 1

    def cells(self, column: str, row: str = "funds") -> list[Cell]:
        """The cells of `column` (年初预算数, 全年预算数, 全年执行数) that hold a number, in the 年度资金总额 row
        (`funds`) or the 上年结转资金 row (`carried`, where an empty cell is 0)."""
        cells = [carried_cell(ev, column) if row == "carried" else ev.funds.get(column) for ev in self.evaluations]
        return [c for c in cells if c is not None and c.value is not None]


def carried_cell(ev: Evaluation, column: str) -> Optional[Cell]:
    """A cell of the 上年结转资金 row; left empty, it says nothing was carried over (0)."""
    cell = dict(ev.carried).get(column)
    if cell is not None and cell.value is None and not cell.text:
        return replace(cell, value=Decimal(0))
    return cell


@dataclass(frozen=True)
class FundsStatement:
    """A narrative figure about a project's funds."""
    field: str               # initial | final | actual | carried | cut | raise
    claim: Claim
    project: Project
    via: str                 # where the name was read: clause | sentence | paragraph | heading | title | document
    by_reference: bool = False   # its clause points back to the report's project (此专项实际支出, 本项目预算资金)


def projects(evaluations: Sequence[Evaluation]) -> list[Project]:
    """One Project per evaluated (sub-)project, and one per parent project naming several of them."""
    out = [Project(ev.name, (ev,)) for ev in evaluations if ev.name]
    parents: dict[str, list[Evaluation]] = {}
    for ev in evaluations:
        if ev.parent:
            parents.setdefault(ev.parent, []).append(ev)
    out += [Project(name, tuple(evs)) for name, evs in parents.items() if len(evs) > 1]
    return out


def name_key(text: str) -> str:
    """A name without spaces, quotes and brackets' width differences.

    >>> name_key("年初预算项目“各类教育内涵发展专项” 金额")
    '年初预算项目各类教育内涵发展专项金额'
    """
    return regex.sub(r"[\s\u3000“”\"'‘’《》]", "", label_key(text).replace("(", "（").replace(")", "）"))


@lru_cache(maxsize=65536)
def common_run(a: str, b: str) -> int:
    """Length of the longest run of characters `a` and `b` share.

    >>> common_run("直属学校舍维修项目年初预算", "直属学校校舍维修")
    4
    """
    best = 0
    previous = [0] * (len(b) + 1)
    for ca in a:
        current = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def named_project(text: str, candidates: Sequence[Project], *, share: float = 0.0) -> Optional[Project]:
    """The project `text` names: the one sharing the longest run of characters with it, when that run is
    long enough (at least `share` of the name), and clearly longer than any other project's.

    A figure's own sentence may abbreviate the name (`学前教育专项` for 学前教育与特殊教育发展);
    headings and title lines are further away and must give most of it (`share`).
    """
    key = name_key(text)
    if len(key) < NAME_MIN_CHARS:
        return None
    scored = sorted(((common_run(key, name_key(p.name)), p) for p in candidates), key=lambda x: -x[0])
    if not scored:
        return None
    run, best = scored[0]
    length = len(name_key(best.name))
    if run < min(NAME_MIN_CHARS, length) or run < share * length:
        return None
    if len(scored) > 1 and run - scored[1][0] < NAME_MARGIN and run < length:
        return None
    return best


def field_of(claim: Claim, prefix: str) -> Optional[str]:
    """Which funds figure a claim states, from the words just before it in its clause."""
    cues = load_cues()["project_funds"]
    prefix = prefix.rstrip(BLANK_CHARS)
    if claim.quantity.approx or claim.quantity.unit not in unit_factors():
        return None
    if claim.kind == "change_amount":
        if not regex.search(cues["cut_context"], prefix):
            return None
        if regex.search(cues["cut"], prefix):
            return "cut"
        if regex.search(cues["raise"], prefix):
            return "raise"
        return None
    if claim.kind != "amount":
        return None
    if regex.search(cues["carried"], prefix):
        return "carried"
    if claim.role == "budget_initial" and regex.search(cues["initial"], prefix):
        return "initial"
    if claim.role != "prior_year" and regex.search(cues["final"], prefix):
        return "final"                       # (`2024年预算收入20万元` reads as actual to the role rules)
    if claim.role == "actual" and regex.search(cues["actual"], prefix):
        return "actual"
    return None


@dataclass(frozen=True)
class SentenceScope:
    """A sentence's figures and the project they speak of (None when no project is named)."""
    sentence: Sentence
    claims: tuple[Claim, ...]
    project: Optional[Project]
    via: str
    candidates: tuple[Project, ...]


def sentence_scopes(claims: tuple[Claim, ...], paragraphs: tuple[Paragraph, ...], evaluations: Sequence[Evaluation],
                    tables: tuple[Table, ...], lines: tuple[str, ...]) -> list[SentenceScope]:
    """Each sentence with figures, with the project named in it, where its paragraph opens, in the headings
    above it or in the title lines of its report; a sentence naming none but pointing back to the project
    (此专项, 本项目) speaks of the project its report's title names; in a report whose tables all evaluate
    sub-projects of one project, a sentence naming none speaks of that project."""
    candidates = tuple(projects(evaluations))
    if not candidates:
        return []
    grouped = by_sentence(claims)
    ends = sorted(t.end_line for t in tables if t.kind == "self_evaluation")
    whole = next((p for p in candidates if p.is_parent and len(p.evaluations) == len(evaluations)), None)
    pointer = regex.compile(load_cues()["project_funds"]["self_reference"])
    report: Optional[tuple[Project, int]] = None     # the project the report a line stands in is on, and where read
    out: list[SentenceScope] = []
    for paragraph in paragraphs:
        opening = None                       # the project named where the paragraph opens
        for k, sentence in enumerate(paragraph.sentences):
            members = grouped.get((sentence.line, sentence.text))
            if not members:
                continue
            named = named_project(sentence.text[:first_figure(members, sentence)], candidates)
            if k == 0 or opening is None and named is not None:
                opening = named
            project, via = (named, "sentence") if named else (opening, "paragraph") if opening else \
                context_project(sentence.line, paragraph.section, lines, ends, candidates)
            if via == "title" and project is not None:
                report = (project, sentence.line)
            elif project is None and report is not None and pointer.search(sentence.text) \
                    and not any(report[1] < end < sentence.line for end in ends):
                project, via = report[0], "title"    # `此专项实际支出7.03万元` further down its report
            if project is None and whole is not None:
                project, via = whole, "document"     # a report on one project and its sub-projects
            out.append(SentenceScope(sentence, tuple(members), project, via, candidates))
    return out


def funds_statements(scopes: list[SentenceScope]) -> list[FundsStatement]:
    """The narrative's statements of project funds, each with the project it speaks of.

    In each sentence the first figure of each kind (年初预算, 全年预算, 实际支出, a cut) is the project's;
    figures after them (其中…) are its parts. An actual-spending figure counts only where the project is
    named in its clause or sentence, or beside a budget figure of the project, or where its clause points back
    to the project the report is on (`此专项实际支出7.03万元`, cues.json project_funds.self_reference):
    `该项支出6.9万元` is none of these.
    """
    out: list[FundsStatement] = []
    for scope in scopes:
        out += sentence_statements(scope.sentence.text, scope.sentence.span[0], list(scope.claims), scope.project,
                                   scope.via, scope.candidates)
    return out


def first_figure(members: list[Claim], sentence) -> int:
    return min(c.quantity.span[0] for c in members) - sentence.span[0]


def sentence_statements(text: str, offset: int, members: list[Claim], project: Optional[Project], via: str,
                        candidates: Sequence[Project]) -> list[FundsStatement]:
    taken: set[tuple[str, str]] = set()
    found: list[FundsStatement] = []
    previous_end = 0
    for claim in sorted(members, key=lambda c: c.quantity.span[0]):
        start = claim.quantity.span[0] - offset
        clause = text[previous_end:start]
        previous_end = claim.quantity.span[1] - offset
        field = field_of(claim, clause_before(text, start))
        if field is None:
            continue
        own = named_project(clause, candidates) if field == "actual" else None
        chosen = own or project
        if chosen is None or (field, chosen.name) in taken:
            continue
        taken.add((field, chosen.name))
        referred = own is None and regex.search(load_cues()["project_funds"]["self_reference"],
                                                clause_before(text, start)) is not None
        found.append(FundsStatement(field, claim, chosen, "clause" if own else via, referred))
    budgets = any(s.field != "actual" for s in found)
    return [s for s in found if s.field != "actual" or s.via in ("clause", "sentence") or budgets or s.by_reference]


def clause_before(sentence: str, start: int) -> str:
    """The words of the figure's clause before it (from the last ，；：。 up to the figure)."""
    head = sentence[:start]
    m = regex.search(r"[^，,；;：:。]*$", head)
    return m.group(0) if m else head


def context_project(line: int, section: tuple[str, ...], lines: tuple[str, ...], table_ends: list[int],
                    candidates: Sequence[Project]) -> tuple[Optional[Project], str]:
    """The project named by the headings above a sentence, else by the title lines opening its report:
    the short lines above it, up to the previous body text or self-evaluation table."""
    for heading in reversed(section):
        if project := named_project(heading, candidates, share=HEADING_SHARE):
            return project, "heading"
    start = max((end for end in table_ends if end < line), default=0)
    run = ""                                 # a title broken over lines is read whole
    for number in range(line - 1, start, -1):
        text = lines[number - 1].strip(BLANK_CHARS)
        if not text or heading_level(text) is not None:
            run = ""
            continue
        if not is_title_line(text):
            break
        run = text + run
        if project := named_project(run, candidates, share=TITLE_SHARE):
            return project, "title"
    return None, ""


def is_title_line(text: str) -> bool:
    """A short line naming something: not a table row, not a sentence, not a numbered heading."""
    return bool(text) and len(text) <= TITLE_MAX_CHARS and "\t" not in text and \
        not text.endswith(tuple(SENTENCE_END) + ("，", "：")) and heading_level(text) is None

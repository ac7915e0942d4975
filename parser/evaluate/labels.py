"""Score the checker against hand-checked statements: `FOLDER/labels.jsonl` beside the documents.

One statement a line, as in `../shared/corpus/web/labels.jsonl`:
`{"doc", "line", "quote", "category", "verdict": "contradiction"|"consistent", "edge", ...}`; other fields
(`stated`, `expected`, `why`, a reviewer's notes) are kept but not read. The figures are those of
`../shared/tools/score_labels.py`, computed the same way:

- recall: contradictions with an error/warning finding on their line that quotes one of their numbers;
- false alarms: consistent statements (those marked `edge`, off by about one last printed digit, apart)
  with such a finding not already matched to a contradiction;
- unexplained findings: error/warning findings matched to no contradiction, per 500 lines.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from parser.datatypes import Finding, Report
from parser.errors import InputError

LABELS_FILE = "labels.jsonl"
VERDICTS = ("contradiction", "consistent")
COUNTED_SEVERITIES = ("error", "warning")
MAX_LABELS = 1_000_000
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Label:
    """One hand-checked statement: where it is, what it says and whether it holds."""
    doc: str
    line: int
    quote: str
    verdict: str                     # contradiction | consistent
    category: str = ""               # unit share change rate sum mismatch …
    edge: bool = False               # off by about one unit of its last printed digit
    source_line: int = 0             # its line in labels.jsonl


@dataclass(frozen=True)
class Score:
    """How one build reads one labelled folder."""
    name: str
    labels: tuple[Label, ...]
    caught: tuple[tuple[Label, tuple[Finding, ...]], ...]      # contradictions and the findings matching them
    missed: tuple[Label, ...]
    alarms: tuple[tuple[Label, Finding], ...]                  # consistent statements flagged
    unexplained: tuple[tuple[str, Finding], ...]               # (doc, finding) matched to no contradiction
    lines: int

    @property
    def contradictions(self) -> tuple[Label, ...]:
        return tuple(label for label in self.labels if label.verdict == "contradiction")

    @property
    def consistent(self) -> tuple[Label, ...]:
        """The consistent statements that count for false alarms (edge ones apart)."""
        return tuple(label for label in self.labels if label.verdict == "consistent" and not label.edge)

    @property
    def per_500_lines(self) -> float:
        return len(self.unexplained) / max(self.lines, 1) * 500


def numbers_in(text: str) -> set[str]:
    """The numbers of a text, digit-group commas dropped.

    >>> sorted(numbers_in("总收入27,664.71万元，占35.39%"))
    ['27664.71', '35.39']
    """
    return {n.replace(",", "") for n in NUMBER.findall(text)}


def finding_matches(finding: Finding, line: int, quote: str) -> bool:
    """Whether a finding speaks of the statement quoted at `line`: same line, and its quote or stated
    figure holds one of the statement's numbers (or the whole quote; any finding when it has none).

    >>> f = Finding(rule="share", severity="error", message="", cause=None, line=5, page=None,
    ...             quote="占总收入的35.39%", stated="35.39", expected="35.38")
    >>> finding_matches(f, 5, "占总收入的35.39%"), finding_matches(f, 5, "收入27,664.71万元"), finding_matches(f, 6, "")
    (True, False, False)
    """
    if finding.line != line:
        return False
    text = ((finding.quote or "") + " " + str(finding.stated or "")).replace(",", "")
    numbers = numbers_in(quote)
    return not numbers or any(n in text for n in numbers) or quote in text


def parse_label(record: object, where: str, number: int = 0) -> Label:
    """A label from one decoded line of labels.jsonl, or InputError naming what is wrong.

    >>> parse_label({"doc": "w1.txt", "line": 4, "quote": "占8.66%", "verdict": "Consistent", "reviewer": "x"}, "l:1", 1)
    Label(doc='w1.txt', line=4, quote='占8.66%', verdict='consistent', category='', edge=False, source_line=1)
    >>> parse_label({"doc": "w1.txt", "line": "4", "quote": "", "verdict": "consistent"}, "l:2")
    Traceback (most recent call last):
    parser.errors.InputError: l:2: `line` must be a line number (1 or more), not '4'
    """
    if not isinstance(record, dict):
        raise InputError(where, "not a JSON object")
    for key in ("doc", "line", "quote", "verdict"):
        if key not in record:
            raise InputError(where, f"no `{key}` (each label needs doc, line, quote and verdict)")
    doc, line, quote = record["doc"], record["line"], record["quote"]
    if not isinstance(doc, str) or not doc.strip():
        raise InputError(where, f"`doc` must be a file name in the folder, not {doc!r}")
    if isinstance(line, bool) or not isinstance(line, int) or line < 1:
        raise InputError(where, f"`line` must be a line number (1 or more), not {line!r}")
    if not isinstance(quote, str):
        raise InputError(where, f"`quote` must be text, not {quote!r}")
    verdict = record["verdict"].strip().lower() if isinstance(record["verdict"], str) else record["verdict"]
    if verdict not in VERDICTS:
        raise InputError(where, f"`verdict` must be one of {', '.join(VERDICTS)}, not {record['verdict']!r}")
    category = record.get("category") or ""
    if not isinstance(category, str):
        raise InputError(where, f"`category` must be text, not {category!r}")
    edge = record.get("edge")
    if edge not in (None, True, False):
        raise InputError(where, f"`edge` must be true or false, not {edge!r}")
    return Label(doc=doc, line=line, quote=quote, verdict=verdict, category=category, edge=bool(edge),
                 source_line=number)


def read_labels(path: Path) -> tuple[Label, ...]:
    """Every label of a labels.jsonl file (blank lines skipped); InputError on the first bad line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), "no such file (a folder to score holds its documents and labels.jsonl)") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"cannot be read as UTF-8 text ({err})") from None
    labels = []
    for number, raw in enumerate(text.splitlines(), 1):
        if number > MAX_LABELS:
            raise InputError(str(path), f"more than {MAX_LABELS} lines")
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}:{number}", f"not JSON ({err.msg})") from None
        labels.append(parse_label(record, f"{path}:{number}", number))
    if not labels:
        raise InputError(str(path), "no labels in the file")
    return tuple(labels)


def labels_path(folder: Path) -> Path:
    """The labels file of a folder (or the file itself, when given one).

    >>> labels_path(Path("corpus/web")).as_posix(), labels_path(Path("corpus/web/mine.jsonl")).as_posix()
    ('corpus/web/labels.jsonl', 'corpus/web/mine.jsonl')
    """
    return folder if folder.suffix == ".jsonl" else folder / LABELS_FILE


def counted(report: Report) -> list[Finding]:
    """The findings that count: errors and warnings, in the report's order."""
    return [f for f in report.findings if f.severity in COUNTED_SEVERITIES]


def score_reports(name: str, labels: Iterable[Label], reports: dict[str, Report]) -> Score:
    """Match the labels with the reports of their documents (keyed by `doc`), as score_labels.py does."""
    labels = tuple(labels)
    found = {doc: counted(report) for doc, report in reports.items()}
    used: set[tuple[str, str]] = set()
    caught, missed = [], []
    for label in labels:
        if label.verdict != "contradiction":
            continue
        hits = tuple(f for f in found[label.doc] if finding_matches(f, label.line, label.quote))
        used.update((label.doc, f.id) for f in hits)
        if hits:
            caught.append((label, hits))
        else:
            missed.append(label)
    alarms = []
    for label in labels:
        if label.verdict != "consistent" or label.edge:
            continue
        alarm_hits = [f for f in found[label.doc]
                      if (label.doc, f.id) not in used and finding_matches(f, label.line, label.quote)]
        if alarm_hits:
            alarms.append((label, alarm_hits[0]))
    unexplained = tuple((doc, f) for doc in sorted(found) for f in found[doc] if (doc, f.id) not in used)
    lines = sum(len(report.document.lines) for report in reports.values())
    return Score(name=name, labels=labels, caught=tuple(caught), missed=tuple(missed), alarms=tuple(alarms),
                 unexplained=unexplained, lines=lines)


def score_folder(folder: Path, check: Optional[Callable[[str], Report]] = None) -> Score:
    """Check every labelled document of a folder in this process and score the labels.

    `check` (default `parser.check`) turns a path into a Report. InputError for a bad labels file, a
    document that cannot be read, or a label past its document's last line."""
    if check is None:
        from parser.check import check as check_path
        check = check_path
    path = labels_path(folder)
    labels = read_labels(path)
    root = path.parent
    reports = {doc: check(str(root / doc)) for doc in sorted({label.doc for label in labels})}
    for label in labels:
        size = len(reports[label.doc].document.lines)
        if label.line > size:
            raise InputError(f"{path}:{label.source_line}", f"line {label.line} is past the end of {label.doc} "
                                                            f"({size} lines)")
    return score_reports(folder.name if folder.suffix != ".jsonl" else root.name, labels, reports)


def summary_line(score: Score) -> str:
    """The figures on one line, in the form of score_labels.py's."""
    return (f"{score.name}: recall {len(score.caught)}/{len(score.contradictions)}; false alarms "
            f"{len(score.alarms)}/{len(score.consistent)} consistent; unexplained findings "
            f"{len(score.unexplained)} ({score.per_500_lines:.2f} per 500 lines)")


def by_category(score: Score) -> list[dict]:
    """Per category: contradictions caught of all, false alarms of the consistent statements counted,
    and the edge statements left apart."""
    rows: dict[str, dict[str, Any]] = {}
    for label in score.labels:
        row = rows.setdefault(label.category or "?", {"category": label.category or "?", "caught": 0,
                                                      "contradictions": 0, "alarms": 0, "consistent": 0,
                                                      "edge": 0})
        if label.verdict == "contradiction":
            row["contradictions"] += 1
        elif label.edge:
            row["edge"] += 1
        else:
            row["consistent"] += 1
    for label, _ in score.caught:
        rows[label.category or "?"]["caught"] += 1
    for label, _ in score.alarms:
        rows[label.category or "?"]["alarms"] += 1
    return [rows[key] for key in sorted(rows)]


def unexplained_by_rule(score: Score) -> dict[str, int]:
    """How many unexplained findings each rule gave, most first."""
    counts: dict[str, int] = {}
    for _, finding in score.unexplained:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def render_text(score: Score, verbose: bool = False) -> str:
    """The summary line, the per-category table and (verbose) every missed, false and unexplained one."""
    out = [summary_line(score)]
    for row in by_category(score):
        out.append(f"  {row['category']:<9} recall {row['caught']}/{row['contradictions']}; false alarms "
                   f"{row['alarms']}/{row['consistent']} consistent ({row['edge']} edge apart)")
    rules = unexplained_by_rule(score)
    if rules:
        out.append("  rules of the unexplained findings: " + ", ".join(f"{rule} {n}" for rule, n in rules.items()))
    if verbose:
        for label in score.missed:
            out.append(f"  missed      {label.doc}:{label.line} {label.category} {label.quote}")
        for label, f in score.alarms:
            out.append(f"  false alarm {label.doc}:{label.line} {label.quote}  <- {f.rule}: {f.message[:80]}")
        for doc, f in score.unexplained:
            out.append(f"  unexplained {doc}:{f.line} {f.rule} {f.quote[:50]}  {f.message[:80]}")
    return "\n".join(out)


def score_dict(score: Score) -> dict:
    """The figures and every listed statement as JSON-ready data."""
    def finding(doc: str, f: Finding) -> dict:
        return {"doc": doc, "id": f.id, "rule": f.rule, "severity": f.severity, "line": f.line,
                "quote": f.quote, "stated": f.stated, "expected": f.expected, "message": f.message}

    def label_dict(label: Label) -> dict:
        return {"doc": label.doc, "line": label.line, "quote": label.quote, "category": label.category}

    return {"folder": score.name, "recall": [len(score.caught), len(score.contradictions)],
            "false_alarms": [len(score.alarms), len(score.consistent)],
            "edge": sum(1 for label in score.labels if label.verdict == "consistent" and label.edge),
            "unexplained": len(score.unexplained), "lines": score.lines,
            "unexplained_per_500_lines": round(score.per_500_lines, 2),
            "categories": by_category(score), "unexplained_by_rule": unexplained_by_rule(score),
            "caught": [{**label_dict(label), "findings": [f.id for f in hits]} for label, hits in score.caught],
            "missed": [label_dict(label) for label in score.missed],
            "false_alarm_list": [{**label_dict(label), "finding": finding(label.doc, f)} for label, f in score.alarms],
            "unexplained_list": [finding(doc, f) for doc, f in score.unexplained]}

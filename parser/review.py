"""Review decisions from the workbench (parser/templates/workbench.js exports them as JSON Lines) → labelled
examples of findings for training and evaluation (`gouji review import`).

A decision says whether a reviewer found a finding right (`confirm`), a false alarm (`false_alarm`) or could
not tell (`unsure`). Each becomes one record of `annotations/review_decisions.jsonl` (schema
`gouji.review/1`, source `human`), keyed by document, finding place and rule, so that importing the same
export twice, or a later decision on the same finding, replaces the record instead of adding one.
A malformed file is refused whole: nothing is written.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from parser.enums import Rule, Severity
from parser.errors import ReviewError

DECISION_SCHEMA = "gouji.decision/1"
RECORD_SCHEMA = "gouji.review/1"
DECISIONS = {"confirm": "true_positive", "false_alarm": "false_positive", "unsure": "unsure"}
REQUIRED = {"finding_id": str, "sha256": str, "rule": str, "line": int, "quote": str, "decision": str,
            "comment": str, "reviewer": str, "time": str}
SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_LINES = 1_000_000
MAX_LINE_CHARS = 100_000
DEFAULT_OUT = Path("annotations") / "review_decisions.jsonl"


def read_decisions(path: str | os.PathLike) -> list[dict]:
    """The decisions of an exported file, each checked; ReviewError naming the first bad line otherwise."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            lines = []
            for number, line in enumerate(handle, 1):
                if number > MAX_LINES:
                    raise ReviewError(f"{path}: more than {MAX_LINES} lines")
                lines.append(line)
    except FileNotFoundError:
        raise ReviewError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ReviewError(f"{path}: not UTF-8 text (a decisions file is JSON Lines)") from None
    except OSError as err:
        raise ReviewError(f"{path}: cannot read ({err.strerror or err})") from None
    decisions = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        if len(line) > MAX_LINE_CHARS:
            raise ReviewError(f"{where}: line longer than {MAX_LINE_CHARS} characters")
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise ReviewError(f"{where}: not JSON ({err.msg})") from None
        decisions.append(checked(record, where))
    if not decisions:
        raise ReviewError(f"{path}: no decision in the file")
    return decisions


def checked(record, where: str) -> dict:
    """One decision, validated.

    >>> d = {"finding_id": "f3", "sha256": "a" * 64, "rule": "unit", "line": 1320, "quote": "401.4元",
    ...      "decision": "false_alarm", "comment": "", "reviewer": "li", "time": "2026-01-02T03:04:05.000Z"}
    >>> checked(d, "x:1")["decision"]
    'false_alarm'
    >>> checked({**d, "decision": "maybe"}, "x:1")
    Traceback (most recent call last):
    ...
    parser.errors.ReviewError: x:1: decision 'maybe' is not one of confirm, false_alarm, unsure
    """
    if not isinstance(record, dict):
        raise ReviewError(f"{where}: a decision is a JSON object, not {type(record).__name__}")
    schema = record.get("schema", DECISION_SCHEMA)
    if schema != DECISION_SCHEMA:
        raise ReviewError(f"{where}: schema {schema!r} is not {DECISION_SCHEMA}")
    for name, kind in REQUIRED.items():
        if name not in record:
            raise ReviewError(f"{where}: field {name!r} missing")
        value = record[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ReviewError(f"{where}: field {name!r} should be {kind.__name__}, not {type(value).__name__}")
    if record["decision"] not in DECISIONS:
        raise ReviewError(f"{where}: decision {record['decision']!r} is not one of {', '.join(DECISIONS)}")
    if not SHA256.fullmatch(record["sha256"]):
        raise ReviewError(f"{where}: sha256 is not 64 hex digits")
    if not isinstance(Rule.coerce(record["rule"]), Rule):
        raise ReviewError(f"{where}: unknown rule {record['rule']!r}")
    if record["line"] < 1:
        raise ReviewError(f"{where}: line must be 1 or more")
    if "severity" in record and record["severity"] not in tuple(Severity):
        raise ReviewError(f"{where}: unknown severity {record['severity']!r}")
    if not re.fullmatch(r"f\d+", record["finding_id"]):
        raise ReviewError(f"{where}: finding_id {record['finding_id']!r} is not a report's finding id (f1, f2, …)")
    try:
        dt.datetime.fromisoformat(record["time"].replace("Z", "+00:00"))
    except ValueError:
        raise ReviewError(f"{where}: time {record['time']!r} is not an ISO 8601 time") from None
    return record


def labelled(decision: dict) -> dict:
    """A decision as a labelled example of a finding (source `human`)."""
    page = decision.get("page")
    return {
        "schema": RECORD_SCHEMA,
        "id": f"{decision['sha256'][:16]}:{'-' if page is None else page}:{decision['line']}:{decision['rule']}:"
              f"{decision['quote']}",
        "doc": decision["sha256"], "path": decision.get("path"), "finding_id": decision["finding_id"],
        "rule": decision["rule"], "severity": decision.get("severity"), "cause": decision.get("cause"),
        "line": decision["line"], "page": page, "quote": decision["quote"], "stated": decision.get("stated"),
        "expected": decision.get("expected"), "label": DECISIONS[decision["decision"]],
        "decision": decision["decision"], "comment": decision["comment"], "source": "human",
        "annotator": decision["reviewer"] or "anonymous", "time": decision["time"],
    }


def merge(existing: Iterable[dict], new: Iterable[dict]) -> list[dict]:
    """One record per finding place: the later decision (by time, then by order) wins.

    >>> a = {"id": "x", "time": "2026-01-01T00:00:00Z", "label": "unsure"}
    >>> b = {"id": "x", "time": "2026-01-02T00:00:00Z", "label": "true_positive"}
    >>> [r["label"] for r in merge([b], [a])], [r["label"] for r in merge([a], [b])]
    (['true_positive'], ['true_positive'])
    """
    best: dict[str, dict] = {}
    for record in [*existing, *new]:
        current = best.get(record["id"])
        if current is None or record["time"] >= current["time"]:
            best[record["id"]] = record
    return sorted(best.values(), key=lambda r: (r["doc"] if "doc" in r else "", r.get("line", 0), r["id"]))


def read_records(path: Path) -> list[dict]:
    if not path.exists():
        return []
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                raise ReviewError(f"{path}:{number}: the existing records file is not JSON Lines") from None
            if not isinstance(record, dict) or record.get("schema") != RECORD_SCHEMA:
                raise ReviewError(f"{path}:{number}: not a {RECORD_SCHEMA} record; choose another --out")
            records.append(record)
    return records


def import_decisions(source: str | os.PathLike, out: str | os.PathLike = DEFAULT_OUT) -> tuple[int, int]:
    """Validate `source` and merge its decisions into `out` (written whole, atomically).

    Returns (decisions read, records in `out`)."""
    decisions = read_decisions(source)
    out = Path(out)
    records = merge(read_records(out), (labelled(d) for d in decisions))
    out.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=out.parent, prefix=out.name, suffix=".tmp",
                                         delete=False)
    try:
        with handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        os.replace(handle.name, out)
    except BaseException:
        os.unlink(handle.name)
        raise
    return len(decisions), len(records)


def score(labels: str | os.PathLike = DEFAULT_OUT, *, check=None) -> dict:
    """Check again every reviewed document found at its path with the same content; count per rule the
    confirmed findings still reported (kept) or not (lost), and the false alarms still reported or silenced.

    Returns {"rules": {rule: Counter}, "documents": checked, "missing": documents not found unchanged}."""
    import hashlib
    from collections import Counter, defaultdict

    if check is None:
        from parser.check import check
    records = read_records(Path(labels))
    if not records:
        raise ReviewError(f"{labels}: no labelled finding (run `gouji review import` first)")
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_doc[record["doc"]].append(record)
    rules: dict[str, Counter] = defaultdict(Counter)
    checked = missing = 0
    for sha, group in by_doc.items():
        path = next((r["path"] for r in group if r.get("path") and Path(r["path"]).is_file()), None)
        if path is None or hashlib.sha256(Path(path).read_bytes()).hexdigest() != sha:
            missing += 1
            continue
        report = check(path)
        checked += 1
        found = {(str(f.rule), f.line, f.quote) for f in report.findings}
        for record in group:
            still = (record["rule"], record["line"], record["quote"]) in found
            outcome = {"true_positive": ("kept", "lost"), "false_positive": ("still_reported", "silenced"),
                       "unsure": ("unsure_reported", "unsure_gone")}[record["label"]]
            rules[record["rule"]][outcome[0] if still else outcome[1]] += 1
    return {"rules": dict(rules), "documents": checked, "missing": missing}


def render_score(result: dict) -> str:
    """The score as a table: per rule, confirmed kept/lost, false alarms still reported/silenced, precision.

    >>> from collections import Counter
    >>> print(render_score({"rules": {"unit": Counter(kept=3, still_reported=1, silenced=2)}, "documents": 1,
    ...                     "missing": 0}))
    1 reviewed document(s) checked again, 0 not found unchanged at their path
    rule             kept     lost  still_fa silenced precision
    unit                3        0         1        2      0.75
    """
    out = [f"{result['documents']} reviewed document(s) checked again, {result['missing']} not found unchanged "
           "at their path",
           f"{'rule':12} {'kept':>8} {'lost':>8} {'still_fa':>9} {'silenced':>8} {'precision':>9}"]
    for rule, c in sorted(result["rules"].items()):
        reported = c["kept"] + c["still_reported"]
        precision = f"{c['kept'] / reported:.2f}" if reported else "-"
        out.append(f"{rule:12} {c['kept']:8d} {c['lost']:8d} {c['still_reported']:9d} {c['silenced']:8d} "
                   f"{precision:>9}")
    return "\n".join(out)


def register(sub) -> None:
    """Add `gouji review import` to gouji's sub-command parser."""
    review = sub.add_parser("review", help="review decisions exported from the HTML workbench",
                            description="The reviewers' loop: decisions made in the HTML report "
                                        "(`gouji check --format html`) back into labelled examples.")
    steps = review.add_subparsers(dest="step", required=True)
    imp = steps.add_parser("import", help="validate a decisions file and add its decisions to the labelled findings",
                           description="Validate DECISIONS (JSON Lines exported by the workbench's 'export "
                                       "decisions' button) and merge them into --out as labelled examples (source "
                                       "human; a later decision on the same finding replaces the earlier). A "
                                       "malformed file is refused with one line and exit 2; nothing is written.")
    imp.add_argument("decisions", metavar="DECISIONS", help="the .jsonl file the workbench exported")
    imp.add_argument("--out", metavar="PATH", default=str(DEFAULT_OUT),
                     help=f"the labelled findings file to create or update (default {DEFAULT_OUT})")
    imp.set_defaults(handler=run_import)
    sc = steps.add_parser("score", help="check the reviewed documents again and score the findings against the "
                                        "decisions",
                          description="For every reviewed document still at its path with the same content, check "
                                      "it again and count per rule: confirmed findings kept or lost, false alarms "
                                      "still reported or silenced, and the precision on the reviewed findings.")
    sc.add_argument("--labels", metavar="PATH", default=str(DEFAULT_OUT),
                    help=f"the labelled findings made by `gouji review import` (default {DEFAULT_OUT})")
    sc.set_defaults(handler=run_score)


def run_import(args) -> int:
    import sys
    try:
        read, total = import_decisions(args.decisions, args.out)
    except ReviewError as err:
        print(f"gouji: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"gouji: {args.out}: cannot write ({err.strerror or err})", file=sys.stderr)
        return 2
    print(f"gouji: {read} decision(s) from {args.decisions} → {args.out} ({total} labelled finding(s))",
          file=sys.stderr)
    return 0


def run_score(args) -> int:
    import sys

    from parser.errors import GoujiError
    try:
        result = score(args.labels)
    except GoujiError as err:
        print(f"gouji: {err}", file=sys.stderr)
        return 2
    print(render_score(result))
    return 0

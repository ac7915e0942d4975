"""A bulk scan: walk, plan against the database, check in parallel, commit each document."""
from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from parser.scan.identity import gouji_version, ruleset
from parser.scan.store import Store, utcnow
from parser.scan.walk import candidates, expand
from parser.scan.worker import Limits, Task

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")          # and "inline" (this process, no limits: for tests and debugging)


@dataclass
class ScanSummary:
    """What one scan did (the database holds the results)."""
    files: int = 0
    documents: int = 0                   # distinct contents among the files
    skipped: int = 0                     # documents already checked by this version and rule set
    unreadable: int = 0
    checked: int = 0
    statuses: Counter = field(default_factory=Counter)
    findings: int = 0
    seconds: float = 0.0
    ready_seconds: Optional[float] = None   # from start until the first worker was ready

    @property
    def duplicates(self) -> int:
        return self.files - self.unreadable - self.documents


def scan(paths: list[str], db: str, *, jobs: int = 2, engine: str = "local", scheduler: Optional[str] = None,
         limits: Limits = Limits(), force: bool = False, progress: bool = False,
         args: Optional[list[str]] = None, use_model: bool = True) -> ScanSummary:
    """Scan files, folders and globs into the DuckDB database `db`; resume what a previous scan left.

    `use_model=False` checks with the rules alone; its rule set is recorded as `…+no-model`, so a later
    scan with the model checks those documents again (and the other way round)."""
    if engine not in ENGINES + ("inline",):
        raise ValueError(f"unknown engine {engine!r}")
    started = time.monotonic()
    files = expand(paths)
    identity = {"gouji_version": gouji_version(), "ruleset": ruleset() + ("" if use_model else "+no-model")}
    store = Store(db, identity)
    summary = ScanSummary()
    try:
        store.start_run(engine, jobs, list(args if args is not None else paths))
        plan = store.plan(hashing(candidates(files, int(limits.max_mb * 1048576)), len(files), progress), force=force)
        known = store.known()
        summary.files, summary.documents = plan.files, len(plan.paths)
        summary.skipped, summary.unreadable = plan.skipped, plan.unreadable
        store.update_run(files=plan.files, documents=len(plan.paths), to_check=len(plan.tasks))
        tasks = [Task(path=path, sha256=sha, use_model=use_model) for sha, path in plan.tasks]
        log.info("%d files, %d documents, %d to check, %d already done", plan.files, len(plan.paths),
                 len(tasks), plan.skipped)

        def on_ready() -> None:
            summary.ready_seconds = time.monotonic() - started
            store.update_run(ready_at=utcnow())

        bar = progress_bar(len(tasks), progress)
        try:
            for outcome in outcomes(tasks, limits, jobs, engine, scheduler, on_ready):
                store.commit(outcome, plan.paths[outcome["sha256"]], existing=outcome["sha256"] in known)
                summary.checked += 1
                summary.statuses[outcome["status"]] += 1
                summary.findings += len(outcome["report"]["findings"]) if outcome.get("report") else 0
                log.info("committed %s %s %s", outcome["status"], outcome["sha256"][:12], outcome["path"])
                if bar is not None:
                    bar.set_postfix(findings=summary.findings, errors=summary.checked - summary.statuses["ok"],
                                    refresh=False)
                    bar.update(1)
        finally:
            if bar is not None:
                bar.close()
        summary.seconds = time.monotonic() - started
        store.update_run(finished_at=utcnow(), checked=summary.checked, interrupted=False)
    finally:
        store.close()
    return summary


def outcomes(tasks, limits, jobs, engine, scheduler, on_ready):
    if engine == "inline":
        return run_inline(tasks, limits, on_ready)
    if engine == "dask":
        from parser.scan.engine_dask import run_dask
        return run_dask(tasks, limits, jobs, scheduler, on_ready)
    from parser.scan.engine_local import run_local
    return run_local(tasks, limits, jobs, on_ready)


def run_inline(tasks, limits, on_ready):
    """Check in this process, one task after another, without time or memory limits."""
    from parser.scan.worker import check_one
    on_ready()
    for task in tasks:
        yield check_one(task, limits)


def progress_bar(total: int, enabled: bool, **options):
    """A tqdm bar on stderr: documents done/total, findings so far, rate and ETA; None when off."""
    if not enabled or not total:
        return None
    from tqdm import tqdm
    options = {"unit": "doc", "smoothing": 0.1, **options}
    return tqdm(total=total, file=sys.stderr, dynamic_ncols=True, **options)


def hashing(found, total: int, enabled: bool):
    """The walk's candidates, with a bar while their SHA-256 is computed."""
    bar = progress_bar(total, enabled, unit="file", desc="hashing", leave=False)
    for candidate in found:
        if bar is not None:
            bar.update(1)
        yield candidate
    if bar is not None:
        bar.close()

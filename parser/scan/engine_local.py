"""Run tasks on N warm worker processes of this machine, yielding each outcome as it arrives."""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait
from typing import Optional

from parser.errors import ScanError
from parser.scan.worker import STARTUP_SECONDS, Limits, Sandbox, Task, WorkerDied, failed, timeout_outcome

log = logging.getLogger(__name__)


def run_local(tasks: Iterable[Task], limits: Limits, jobs: int,
              on_ready: Optional[Callable[[], None]] = None) -> Iterator[dict]:
    """Check every task on `jobs` worker processes; yield one outcome per task, in completion order."""
    queue = sorted(tasks, key=size_of)                 # pop() from the end: largest first, so no worker
    #                                                    is left with one big document while the other idles
    if not queue:
        return
    workers = [Sandbox(limits.memory_mb) for _ in range(max(1, min(jobs, len(queue))))]
    for worker in workers:
        worker.start()
    pending = len(queue)
    announced = False
    try:
        while pending:
            now = time.monotonic()
            give_idle(workers, queue, limits)
            ready_conns = wait([w.conn for w in workers if w.conn is not None], timeout=wait_time(workers, now))
            for outcome in collected(workers, ready_conns, queue, limits):
                pending -= 1
                yield outcome
            if not announced and any(w.ready for w in workers):
                announced = True
                if on_ready:
                    on_ready()
            for outcome in timed_out(workers, limits):
                pending -= 1
                yield outcome
    finally:
        for worker in workers:                         # they hold nothing worth a graceful exit
            worker.kill()


def give_idle(workers: list[Sandbox], queue: list[Task], limits: Limits) -> None:
    """Give the next task of the queue to each ready worker without one."""
    for worker in workers:
        if worker.ready and worker.task is None and queue:
            worker.give(queue.pop(), limits)


def wait_time(workers: list[Sandbox], now: float) -> Optional[float]:
    """Seconds until the first deadline of a busy worker or of one still starting (None: no deadline)."""
    busy = [w for w in workers if w.task is not None]
    deadlines = [w.deadline for w in busy] + [w.spawned + STARTUP_SECONDS for w in workers if not w.ready]
    return max(0.0, min(deadlines) - now) if deadlines else None


def collected(workers: list[Sandbox], ready_conns: list, queue: list[Task], limits: Limits) -> Iterator[dict]:
    """The outcomes the workers whose connections are ready sent; each is given its next task before its
    outcome is yielded (before the caller commits it), so it stays busy."""
    for worker in workers:
        if worker.conn in ready_conns:
            outcome = collect(worker, limits)
            if worker.ready and worker.task is None and queue:
                worker.give(queue.pop(), limits)
            if outcome is not None:
                yield outcome


def timed_out(workers: list[Sandbox], limits: Limits) -> Iterator[dict]:
    """A timeout outcome for each worker past its task's deadline (restarted); ScanError for a worker that
    did not start in time."""
    now = time.monotonic()
    for worker in workers:
        if worker.task is not None and now >= worker.deadline:
            task, elapsed = worker.task, now - worker.started_task
            log.info("timeout: %s", task.path)
            worker.kill()
            worker.start()
            yield timeout_outcome(task, limits, elapsed)
        elif not worker.ready and worker.conn is not None and now >= worker.spawned + STARTUP_SECONDS:
            raise ScanError(f"a worker process did not start within {STARTUP_SECONDS} s")


def size_of(task: Task) -> int:
    try:
        return os.path.getsize(task.path)
    except OSError:
        return 0


def collect(worker: Sandbox, limits: Limits) -> Optional[dict]:
    """Read what a worker sent: its ready signal (None) or an outcome; restart it when it has gone."""
    try:
        message = worker.receive()
    except WorkerDied as err:
        task, elapsed = worker.task, time.monotonic() - worker.started_task
        if task is None and not worker.ready:
            raise ScanError(f"a worker process could not start: {err}") from None
        worker.kill()
        worker.start()
        if task is None:
            return None
        log.info("worker died on %s: %s", task.path, err)
        return failed(task, "error", f"WorkerDied: {err}", elapsed)
    if isinstance(message, tuple) and message and message[0] == "ready":
        worker.ready = True
        return None
    worker.task = None
    if message.get("recycle"):
        worker.close()
        worker.start()
    return message

"""Run tasks on a Dask distributed cluster (a local one when no scheduler address is given).

Each Dask worker thread keeps its own warm `Sandbox` worker process, so a
document gets the same time and memory limits, and the same outcome, as with
the local engine. The files must be readable at the same paths on every Dask
worker (a shared file system) and gouji must be installed there. Outcomes come
back to the scanning process, which alone writes the database.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Optional

from parser.errors import ScanError
from parser.scan.worker import STARTUP_SECONDS, Limits, Sandbox, Task, WorkerDied, failed, timeout_outcome

log = logging.getLogger(__name__)

IN_FLIGHT_PER_THREAD = 2
local = threading.local()
started: list[Sandbox] = []                               # every worker process this Dask worker started
started_lock = threading.Lock()


def close_sandboxes() -> int:
    """Stop this Dask worker's worker processes (run on every worker when a scan ends)."""
    with started_lock:
        count = len(started)
        for worker in started:
            worker.kill()
        started.clear()
    local.__dict__.clear()
    return count


def sandboxed(task: Task, limits: Limits) -> dict:
    """The Dask task: check one document in this thread's worker process (started on first use)."""
    worker: Optional[Sandbox] = getattr(local, "sandbox", None)
    if worker is None or worker.conn is None or worker.memory_mb != limits.memory_mb:
        if worker is not None:
            worker.kill()
            with started_lock:
                if worker in started:
                    started.remove(worker)
        worker = local.sandbox = Sandbox(limits.memory_mb)
        with started_lock:
            started.append(worker)
        worker.start()
        assert worker.conn is not None
        if not worker.conn.poll(STARTUP_SECONDS):
            worker.kill()
            raise ScanError(f"a worker process did not start within {STARTUP_SECONDS} s")
        try:
            worker.receive()                               # ("ready", pid, rss)
        except WorkerDied as err:
            worker.kill()
            raise ScanError(f"a worker process could not start: {err}") from None
        worker.ready = True
    worker.give(task, limits)
    assert worker.conn is not None
    if not worker.conn.poll(limits.timeout):
        worker.kill()
        return timeout_outcome(task, limits, limits.timeout)
    try:
        outcome = worker.receive()
    except WorkerDied as err:
        elapsed = time.monotonic() - worker.started_task
        worker.kill()
        return failed(task, "error", f"WorkerDied: {err}", elapsed)
    worker.task = None
    if outcome.get("recycle"):
        worker.close()
    return outcome


def connect(Client, LocalCluster, scheduler: Optional[str], workers: int):
    """(client, local cluster or None): a client of the scheduler at `scheduler`, else of a local cluster of
    `workers` single-threaded processes; ScanError when it cannot be reached."""
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
    except (OSError, TimeoutError) as err:
        raise ScanError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {' '.join(str(err).split())}") \
            from None
    return client, cluster


def result_of(future, task: Task) -> dict:
    """The outcome a finished future holds; a failed outcome when its Dask worker was lost or the task failed."""
    try:
        return future.result()
    except ScanError:
        raise
    except Exception as err:                    # a Dask worker lost, or a task that failed on it
        log.info("dask task failed on %s: %s", task.path, err)
        return failed(task, "error", f"DaskTaskFailed: {' '.join(str(err).split())}", 0.0)


def run_dask(tasks: Iterable[Task], limits: Limits, jobs: int, scheduler: Optional[str] = None,
             on_ready: Optional[Callable[[], None]] = None) -> Iterator[dict]:
    """Check every task on a Dask cluster; yield one outcome per task, in completion order."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ScanError("the dask engine needs dask[distributed]: pip install 'gouji[scan]'") from None
    queue = list(tasks)
    if not queue:
        return
    client, cluster = connect(Client, LocalCluster, scheduler, max(1, min(jobs, len(queue))))
    try:
        threads = max(1, sum(client.nthreads().values()))
        if on_ready:
            on_ready()
        queue.reverse()
        futures = as_completed()
        submitted = {}

        def submit_next() -> None:
            task = queue.pop()
            future = client.submit(sandboxed, task, limits, key=f"gouji-{task.sha256}", pure=False, retries=0)
            submitted[future.key] = task
            futures.add(future)

        for _ in range(min(len(queue), threads * IN_FLIGHT_PER_THREAD)):
            submit_next()
        for future in futures:
            outcome = result_of(future, submitted.pop(future.key))
            if queue:
                submit_next()
            yield outcome
    finally:
        try:
            client.run(close_sandboxes)
        except Exception as err:                        # the cluster may be gone already
            log.debug("could not stop the worker processes: %s", err)
        client.close()
        if cluster is not None:
            cluster.close()

"""Check one document in a separate, warm worker process with a time and a memory limit.

`Sandbox` (parent side) starts `python -m parser.scan.worker FD`: the child loads
jieba's words and the metric matcher once, caps its address space (RLIMIT_AS) at its warm size plus
the memory limit, then checks one task after another, sending back a plain dict
(`check_one`). The parent kills a child that overruns the time limit and starts
a new one; a child that dies or runs out of memory is replaced too. Whatever
happens to a document — a typed input error, any unexpected exception, a
crash, a timeout — becomes its status and a one-line message.
"""
from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Optional

from parser.limits import Limits, cap_memory

log = logging.getLogger(__name__)

PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STARTUP_SECONDS = 300


@dataclass(frozen=True)
class Task:
    path: str
    sha256: str
    use_model: bool = True               # False: the rules alone (gouji scan --no-model)


def one_line(err: BaseException) -> str:
    """An exception as `Type: text` on one line.

    >>> one_line(ModuleNotFoundError("No module named 'pdfplumber'"))
    "ModuleNotFoundError: No module named 'pdfplumber'"
    >>> one_line(ValueError("a\\nb"))
    'ValueError: a b'
    """
    text = " ".join(str(err).split())
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def sniff(path: str) -> Optional[str]:
    """The format of a file by its first bytes, or None when it cannot be read."""
    from parser.load import sniff_format
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError:
        return None
    return sniff_format(head) if head else None


def peak_rss_mb() -> float:
    import resource
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def check_one(task: Task, limits: Limits) -> dict:
    """Read and check one file; never raises (except KeyboardInterrupt)."""
    from parser.check import check_document
    from parser.errors import InputError
    from parser.load import load
    from parser.report.serialize import to_dict

    started = time.perf_counter()
    outcome: dict[str, Any] = {"sha256": task.sha256, "path": task.path, "status": "ok", "message": None, "report": None,
               "format": None, "recycle": False}
    try:
        document = load(task.path, limits=limits)
        if document.sha256 != task.sha256:
            raise InputError(task.path, "the file changed during the scan; scan it again")
        report = check_document(document, use_model=task.use_model)
        outcome["report"] = to_dict(report)
        outcome["cross"] = cross_payload(report)       # identity and facts for `gouji crosscheck`
    except InputError as err:
        outcome.update(status=err.status if err.status in ("error", "needs_ocr") else "error", message=one_line_text(err.problem))
    except MemoryError:
        outcome.update(status="error", message=f"MemoryError: over the memory limit of {limits.memory_mb} MB",
                       recycle=True)
    except RecursionError as err:
        outcome.update(status="error", message=one_line(err), recycle=True)
    except Exception as err:                            # any reader or checker bug must not stop the batch
        outcome.update(status="error", message=one_line(err))
    if outcome["report"] is None:
        outcome["format"] = sniff(task.path)
    outcome["seconds"] = round(time.perf_counter() - started, 3)
    outcome["peak_rss_mb"] = peak_rss_mb()
    return outcome


def cross_payload(report) -> dict:
    """The document's identity and cross facts; a failure there loses them, never the document's check."""
    from parser.cross import payload
    try:
        return payload(report)
    except Exception as err:                            # the crosscheck's reading must not fail the document
        log.warning("%s: no cross facts (%s)", report.document.path, one_line(err))
        return {"identity": None, "facts": [], "error": one_line(err)}


def one_line_text(text: str) -> str:
    """A typed input error's problem (without the path, which the row has), on one line.

    >>> one_line_text("the file is empty\\n")
    'the file is empty'
    """
    return " ".join(str(text).split())


def warm_up() -> None:
    """Load the language pipeline once, so that the first document is not slower than the others."""
    import hashlib

    from parser.check import check_document
    from parser.datatypes import Document
    text = "一、收入支出决算总体情况\n2024年度收入总计401.4万元，比上年增加83.97万元，增长26.45%。"
    check_document(Document(path="<warm-up>", sha256=hashlib.sha256(text.encode()).hexdigest(), format="txt",
                            lines=tuple(text.split("\n"))))


def child_main(fd: int, memory_mb: int) -> int:
    """The worker process: warm up, report ready, then check tasks until the parent hangs up."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the scanning process's to handle; it stops us
    conn = Connection(fd)
    logging.disable(logging.WARNING)
    warm_up()
    cap_memory(memory_mb)
    conn.send(("ready", os.getpid(), peak_rss_mb()))
    while True:
        try:
            task, limits = conn.recv()
        except (EOFError, OSError):
            return 0
        outcome = check_one(task, limits)
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return 0
        if outcome["recycle"]:
            return 0


class WorkerDied(Exception):
    """The worker process ended without answering."""


class Sandbox:
    """Parent side of one worker process: start, give a task, collect, kill."""

    def __init__(self, memory_mb: int):
        self.memory_mb = memory_mb
        self.proc: Optional[subprocess.Popen] = None
        self.conn: Optional[Connection] = None
        self.ready = False
        self.task: Optional[Task] = None
        self.deadline = 0.0
        self.started_task = 0.0

    def start(self) -> None:
        """Start the process; it becomes ready (`poll_ready`) once warm."""
        parent_end, child_end = socket.socketpair()
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "parser.scan.worker", str(child_end.fileno()), str(self.memory_mb)],
            pass_fds=[child_end.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=None if log.isEnabledFor(logging.DEBUG) else subprocess.DEVNULL, env=env, cwd=PACKAGE_ROOT)
        child_end.close()
        self.conn = Connection(parent_end.detach())
        self.ready, self.task = False, None
        self.spawned = time.monotonic()

    def receive(self):
        """The next message, or WorkerDied when the process has gone."""
        try:
            return self.conn.recv()
        except (EOFError, OSError) as err:
            raise WorkerDied(self.exit_reason()) from err

    def exit_reason(self) -> str:
        code = self.proc.wait(timeout=10) if self.proc else None
        if code is not None and code < 0:
            import signal
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            return f"the worker process was killed by {name}" + (" (out of memory?)" if name == "SIGKILL" else "")
        return f"the worker process ended with exit code {code}"

    def give(self, task: Task, limits: Limits) -> None:
        self.task = task
        self.started_task = time.monotonic()
        self.deadline = self.started_task + limits.timeout
        assert self.conn is not None, "start() first"
        self.conn.send((task, limits))

    def kill(self) -> None:
        """Stop the process now and forget it."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
        if self.proc:
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                log.warning("worker %s did not stop", self.proc.pid)
        if self.conn:
            self.conn.close()
        self.proc, self.conn, self.ready, self.task = None, None, False, None

    def close(self) -> None:
        """Let an idle process end by hanging up, then make sure it is gone."""
        if self.conn:
            self.conn.close()
            self.conn = None
        if self.proc:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


def failed(task: Task, status: str, message: str, seconds: float) -> dict:
    """The outcome of a task whose worker did not answer."""
    return {"sha256": task.sha256, "path": task.path, "status": status, "message": message, "report": None,
            "format": sniff(task.path), "recycle": True, "seconds": round(seconds, 3), "peak_rss_mb": None}


def timeout_outcome(task: Task, limits: Limits, seconds: float) -> dict:
    return failed(task, "timeout", f"checking took longer than the limit of {limits.timeout:g} s", seconds)


if __name__ == "__main__":
    sys.exit(child_main(int(sys.argv[1]), int(sys.argv[2])))

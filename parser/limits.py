"""Limits on what one document may cost: bytes, pages, lines, cells, seconds, memory.

One frozen `Limits` travels from the command line (`gouji check`, `gouji scan`) to the
readers, which enforce it while they read: a file's size before it is opened, a ZIP
member's declared and actual size before and while it is unpacked, a table's width and
cells as its rows are built, the lines and their lengths of every document. The
defaults are far above any real disclosure (the largest seen: ~1,000 pages, tables of a
few thousand cells, lines of a few thousand characters), so only a broken or hostile
file meets them. Each breach is a `LimitError`: one line and exit 2 in `check`, an
`error` row in `scan`.
"""
from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import threading
from dataclasses import dataclass, fields

from parser.errors import Errors, LimitError

log = logging.getLogger(__name__)

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one document may cost; every field has a `--flag` on `check` and `scan`."""
    max_mb: float = 50.0             # bytes on disk (MB)
    unpacked_mb: float = 200.0       # bytes after decompression: the members of a DOCX/XLSX package (MB)
    pages: int = 10_000              # pages of a PDF or page-text JSON
    lines: int = 500_000             # lines of the document's text
    line_chars: int = 100_000        # characters of one line
    table_cells: int = 1_000_000     # cells of one table (spans counted)
    table_width: int = 1_000         # columns of one table row
    timeout: float = 120.0           # wall seconds per document
    memory_mb: int = 2048            # memory a document may add to a warm process (MB)

    def check_size(self, name: str, size: int) -> None:
        """Bytes on disk.

        >>> Limits(max_mb=1).check_size("a.txt", 2 * MB)
        Traceback (most recent call last):
        parser.errors.LimitError: a.txt: the file is 2.0 MB, over the limit of 1 MB (raise it with --max-mb)
        """
        if size > self.max_mb * MB:
            raise LimitError(name, Errors.E_TOO_LARGE.format(size=round(size / MB, 1), limit=f"{self.max_mb:g}"),
                             limit="max_mb")

    def check_unpacked(self, name: str, size: int, what: str = "its parts") -> None:
        """Bytes after decompression (declared or counted)."""
        if size > self.unpacked_mb * MB:
            raise LimitError(name, Errors.E_UNPACKED.format(what=what, size=round(size / MB, 1),
                                                              limit=f"{self.unpacked_mb:g}"), limit="unpacked_mb")

    def check_count(self, name: str, field: str, count: int, what: str) -> None:
        """A count (pages, lines, characters of a line, cells or columns of a table) against its limit.

        >>> Limits(pages=3).check_count("a.pdf", "pages", 3, "pages")
        >>> Limits(pages=3).check_count("a.pdf", "pages", 4, "pages")
        Traceback (most recent call last):
        parser.errors.LimitError: a.pdf: pages: 4, over the limit of 3 (raise it with --max-pages)
        """
        limit = getattr(self, field)
        if count > limit:
            raise LimitError(name, Errors.E_LIMIT.format(limit=limit, what=what, count=count, flag=flag_of(field)),
                             limit=field)

    def check_lines(self, name: str, lines) -> None:
        """The lines of a read document: how many, and how long each."""
        self.check_count(name, "lines", len(lines), "lines")
        longest = max(range(len(lines)), key=lambda i: len(lines[i]), default=None)
        if longest is not None and len(lines[longest]) > self.line_chars:
            raise LimitError(name, Errors.E_LIMIT.format(limit=self.line_chars, what=f"characters in line {longest + 1}",
                                                         count=len(lines[longest]), flag=flag_of("line_chars")),
                             limit="line_chars")


DEFAULT = Limits()

FLAGS = {"max_mb": "--max-mb", "unpacked_mb": "--max-unpacked-mb", "pages": "--max-pages", "lines": "--max-lines",
         "line_chars": "--max-line-chars", "table_cells": "--max-table-cells", "table_width": "--max-table-width",
         "timeout": "--timeout", "memory_mb": "--memory-mb"}
HELP = {"max_mb": "refuse files larger than this (MB)",
        "unpacked_mb": "refuse DOCX/XLSX packages whose parts unpack to more than this (MB)",
        "pages": "refuse documents of more pages", "lines": "refuse documents of more lines",
        "line_chars": "refuse documents with a longer line (characters)",
        "table_cells": "refuse documents with a table of more cells", "table_width": "refuse documents with a "
        "table row of more columns", "timeout": "seconds allowed per document",
        "memory_mb": "memory a document may take, MB"}


def flag_of(field: str) -> str:
    """The command-line flag that sets a limit.

    >>> flag_of("line_chars")
    '--max-line-chars'
    """
    return FLAGS[field]


def add_arguments(parser: argparse.ArgumentParser, skip: tuple[str, ...] = ()) -> None:
    """One `--flag` per limit (those in `skip` are added by the command itself)."""
    for field in fields(Limits):
        if field.name in skip:
            continue
        kind = int if field.type in ("int", int) else float
        default = getattr(DEFAULT, field.name)
        metavar = "S" if field.name == "timeout" else "MB" if field.name.endswith("_mb") else "N"
        parser.add_argument(FLAGS[field.name], dest=f"limit_{field.name}", type=positive(kind), default=default,
                            metavar=metavar, help=f"{HELP[field.name]} (default {shown(default)})")


def shown(value) -> str:
    """A default as help text prints it.

    >>> shown(1_000_000), shown(50.0), shown(0.5)
    ('1,000,000', '50', '0.5')
    """
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def from_arguments(args: argparse.Namespace, **given) -> Limits:
    """The Limits an argparse namespace holds (`limit_*` attributes), with `given` fields set apart."""
    values = {f.name: getattr(args, f"limit_{f.name}") for f in fields(Limits) if hasattr(args, f"limit_{f.name}")}
    return Limits(**{**values, **given})


def positive(kind):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
        return value
    parse.__name__ = kind.__name__
    return parse


class Overtime(BaseException):
    """Raised by the alarm when a document takes longer than its limit (a BaseException, so that a reader's
    `except Exception` cannot swallow it)."""


@contextlib.contextmanager
def deadline(seconds: float):
    """Raise Overtime in the block after `seconds` of wall time (main thread of a Unix process; elsewhere no-op)."""
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def alarm(signum, frame):
        raise Overtime(seconds)

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def cap_memory(extra_mb: int):
    """Limit this process's address space to its present size plus `extra_mb` (Linux /proc systems); return
    the limits in force before (for restore_memory), or None when nothing was changed."""
    import resource
    try:
        with open("/proc/self/statm") as handle:
            size = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        log.debug("no /proc/self/statm: no memory limit")
        return None
    limit = size + int(extra_mb) * MB
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return soft, hard


def restore_memory(previous) -> None:
    """Put back the address-space limit cap_memory replaced: `gouji check` run inside another program (a test,
    a notebook) must not leave that program, or the processes it starts later, capped."""
    if previous is not None:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, previous)

"""Paths and globs → the files to scan, each with its size and SHA-256.

Formats are recognised later, by content (`parser.load.sniff_format`), so a
folder walk keeps every regular file whatever its name; only hidden files and
folders (names starting with a dot) are left out of a walk. A file named
explicitly is always kept.
"""
from __future__ import annotations

import glob
import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Optional

from parser.errors import Errors, InputError
from parser.load import file_kind

log = logging.getLogger(__name__)

CHUNK = 1 << 20
GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Candidate:
    """One file found by the walk."""
    path: str                        # absolute, normalised, symlinks kept
    size: int
    sha256: Optional[str]            # None when the file cannot be read
    error: str = ""                  # why it cannot be read


def is_glob(arg: str) -> bool:
    """True when a command-line argument is a glob pattern.

    >>> is_glob("reports/**/*.pdf"), is_glob("reports/2024")
    (True, False)
    """
    return any(c in GLOB_CHARS for c in arg)


def is_hidden(name: str) -> bool:
    """Dot-files and dot-folders are left out of folder walks.

    >>> is_hidden(".git"), is_hidden("报告.pdf")
    (True, False)
    """
    return name.startswith(".")


def walk_folder(folder: str) -> Iterator[str]:
    """Every regular file under `folder`, hidden ones excepted, in a stable order."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not is_hidden(d))
        for name in sorted(files):
            if not is_hidden(name):
                yield os.path.join(root, name)


def expand(args: Iterable[str]) -> list[str]:
    """Paths, folders and globs → sorted unique absolute file paths.

    Raises InputError for an argument that names nothing, so that a typo is
    not silently read as an empty scan.
    """
    found: set[str] = set()
    for arg in args:
        if is_glob(arg):
            matches = glob.glob(arg, recursive=True)
            if not matches:
                raise InputError(arg, "no file matches this pattern")
            for match in matches:
                found.update(walk_folder(match) if os.path.isdir(match) else [match])
        elif os.path.isdir(arg):
            found.update(walk_folder(arg))
        elif os.path.exists(arg):
            found.add(arg)
        else:
            raise InputError(arg, "no such file or folder")
    return sorted({os.path.abspath(p) for p in found if not os.path.isdir(p)})


def sha256_file(path: str, max_bytes: Optional[int] = None) -> str:
    """The SHA-256 of a regular file's bytes, read in 1 MB chunks.

    The file is opened without blocking and checked to be a regular file before a byte is read, so a
    FIFO, a device or a socket (or a symlink to one: /dev/zero) raises NotRegularFile instead of hanging
    the scan; a file that grows past `max_bytes` while it is read raises TooLarge.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(file_kind(mode))
        digest, read = hashlib.sha256(), 0
        while chunk := handle.read(CHUNK):
            read += len(chunk)
            if max_bytes is not None and read > max_bytes:
                raise TooLarge(read)
            digest.update(chunk)
    return digest.hexdigest()


class NotRegularFile(Exception):
    """A path that is a FIFO, a device, a socket (or a symlink to one): never opened for reading."""


class TooLarge(Exception):
    """A file bigger than the scan's --max-mb: not hashed to the end."""


def candidates(paths: Iterable[str], max_bytes: Optional[int] = None) -> Iterator[Candidate]:
    """Size and hash of each path; an unreadable, special or oversized file is kept with its error."""
    for path in paths:
        try:
            info = os.stat(path)                   # follows symlinks: a link is kept only if it leads to a file
            if not stat.S_ISREG(info.st_mode):
                raise NotRegularFile(file_kind(info.st_mode))
            if max_bytes is not None and info.st_size > max_bytes:
                raise TooLarge(info.st_size)
            yield Candidate(path=path, size=info.st_size, sha256=sha256_file(path, max_bytes))
        except NotRegularFile as err:
            log.warning("not a regular file, skipped: %s (%s)", path, err)
            yield Candidate(path=path, size=0, sha256=None, error=Errors.E_NOT_REGULAR.format(what=err))
        except TooLarge as err:
            size = err.args[0]
            assert max_bytes is not None                # TooLarge is raised only under a limit
            yield Candidate(path=path, size=size, sha256=None, error=Errors.E_TOO_LARGE.format(
                size=round(size / 1048576, 1), limit=f"{max_bytes / 1048576:g}"))
        except OSError as err:
            log.warning("cannot read %s: %s", path, err)
            yield Candidate(path=path, size=0, sha256=None, error=f"{type(err).__name__}: {err.strerror or err}")

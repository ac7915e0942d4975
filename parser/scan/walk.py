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
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from parser.errors import InputError

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


def sha256_file(path: str) -> str:
    """The SHA-256 of a file's bytes, read in 1 MB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def candidates(paths: Iterable[str]) -> Iterator[Candidate]:
    """Size and hash of each path; an unreadable file is kept with its error."""
    for path in paths:
        try:
            size = os.path.getsize(path)
            yield Candidate(path=path, size=size, sha256=sha256_file(path))
        except OSError as err:
            log.warning("cannot read %s: %s", path, err)
            yield Candidate(path=path, size=0, sha256=None, error=f"{type(err).__name__}: {err.strerror or err}")

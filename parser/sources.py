"""What `parser.check` accepts as a document: a path, bytes, or a binary file object; and text for
`parser.check_text`. Each becomes a Document through the same readers (format sniffed from the bytes)."""
from __future__ import annotations

import os
from typing import BinaryIO, Union

from parser.datatypes import Document
from parser.errors import UsageError
from parser.limits import Limits
from parser.load import DEFAULT_MAX_MB, load, load_bytes

Source = Union[str, os.PathLike, bytes, bytearray, memoryview, BinaryIO]

LONGEST_PATH = 4096


def lexists(path: str) -> bool:
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def load_source(source, *, name: str | None = None, max_mb: float | None = None,
                limits: Limits | None = None) -> Document:
    """A Document from a path, bytes or a binary file object (its `name` attribute names it when it has one).

    >>> load_source(b"\\xe6\\x94\\xb6\\xe5\\x85\\xa5 1\\n", name="a.txt").lines
    ('收入 1',)
    >>> load_source(12)
    Traceback (most recent call last):
    ...
    parser.errors.UsageError: parser.check takes a path, bytes or a binary file object, not int
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return load_bytes(bytes(source), name or "<bytes>", max_mb=max_mb, limits=limits)
    if isinstance(source, str):
        if ("\n" in source or len(source) > LONGEST_PATH) and not lexists(source):   # a file may be so named
            raise UsageError("parser.check takes a path, and this string looks like a document's text: "
                             "use parser.check_text(text)")
        return load(source, max_mb=max_mb, limits=limits)
    if isinstance(source, os.PathLike):
        return load(source, max_mb=max_mb, limits=limits)
    read = getattr(source, "read", None)
    if callable(read):
        budget = max_mb if max_mb is not None else (limits.max_mb if limits else DEFAULT_MAX_MB)
        return load_bytes(read_binary(source, budget), name or file_name(source), max_mb=max_mb, limits=limits)
    raise UsageError(f"parser.check takes a path, bytes or a binary file object, not {type(source).__name__}")


def read_binary(handle, max_mb: float) -> bytes:
    """At most one byte over the size limit from a binary file object (so that an endless stream stops)."""
    data = handle.read(int(max_mb * 1024 * 1024) + 1)
    if isinstance(data, str):
        raise UsageError("parser.check takes a binary file object (open(path, 'rb')); "
                         "for text use parser.check_text(text)")
    if not isinstance(data, (bytes, bytearray)):
        raise UsageError(f"the file object's read() gave {type(data).__name__}, not bytes")
    return bytes(data)


def file_name(handle) -> str:
    name = getattr(handle, "name", None)
    return str(name) if isinstance(name, (str, os.PathLike)) else "<stream>"


def text_document(text: str, name: str = "<text>", *, max_mb: float | None = None) -> Document:
    """A plain-text Document from a str, numbered as the same text saved as a UTF-8 file would be.

    >>> text_document("一、收入\\n合计 1").lines
    ('一、收入', '合计 1')
    """
    if not isinstance(text, str):
        raise UsageError(f"parser.check_text takes a str, not {type(text).__name__} (bytes go to parser.check)")
    import hashlib

    from parser.load import check_size
    from parser.load.text import document_from_bytes
    data = text.encode("utf-8")
    check_size(name, len(data), max_mb if max_mb is not None else DEFAULT_MAX_MB)
    return document_from_bytes(name, data, hashlib.sha256(data).hexdigest())

"""Readers: one module per input format, each turning a path into a Document."""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from dataclasses import replace
from typing import Optional

from parser.datatypes import Document
from parser.errors import Errors, InputError
from parser.limits import DEFAULT as DEFAULT_LIMITS
from parser.limits import Limits

DEFAULT_MAX_MB = DEFAULT_LIMITS.max_mb

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
HTML_START = re.compile(rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|meta|body|title)\b",
                        re.I | re.S)
JSON_START = re.compile(rb"^\s*(?:\[\s*[{\"]|\{\s*\")")


def sniff_format(head: bytes) -> str:
    """Recognise a format by its first bytes, not by its name.

    >>> sniff_format(b"%PDF-1.7 ...")
    'pdf'
    >>> sniff_format("一、收入".encode())
    'txt'
    >>> sniff_format(b"<!-- saved page --> <HTML><head>"), sniff_format(b'[{"page": 1, "text": "x"}]')
    ('html', 'json')
    >>> sniff_format(codecs.BOM_UTF16_LE + "<html><body>收入".encode("utf-16-le"))
    'html'
    """
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(UTF8_BOM):
        head = head[len(UTF8_BOM):]
    for bom, codec in UTF16_BOMS:
        if head.startswith(bom):                   # UTF-16 HTML (its reader decodes by the BOM)
            text = head[len(bom):len(head) - (len(head) - len(bom)) % 2].decode(codec, errors="replace")
            return "html" if HTML_START.match(text.encode("utf-8")) else "txt"
    if HTML_START.match(head):
        return "html"
    if JSON_START.match(head):
        return "json"
    return "txt"


def load(path: str | os.PathLike, *, max_mb: Optional[float] = None, limits: Optional[Limits] = None) -> Document:
    """Read any supported file into a Document, or raise InputError (LimitError for a breach of `limits`)."""
    limits = resolved_limits(max_mb, limits)
    name = str(path)
    return document_within(name, read_regular_file(name, limits), limits)


def load_bytes(data: bytes, name: str = "<bytes>", *, max_mb: Optional[float] = None,
               limits: Optional[Limits] = None) -> Document:
    """Read a document's bytes (format sniffed from them) into a Document named `name`, or raise InputError."""
    limits = resolved_limits(max_mb, limits)
    if not data:
        raise InputError(name, Errors.E_EMPTY)
    limits.check_size(name, len(data))
    return document_within(name, data, limits)


def resolved_limits(max_mb: Optional[float], limits: Optional[Limits]) -> Limits:
    limits = limits or DEFAULT_LIMITS
    return replace(limits, max_mb=max_mb) if max_mb is not None else limits


def check_size(name: str, size: int, max_mb: float) -> None:
    """An empty input, or one over `max_mb`, refused as load refuses a file."""
    if size == 0:
        raise InputError(name, Errors.E_EMPTY)
    resolved_limits(max_mb, None).check_size(name, size)


def document_within(name: str, data: bytes, limits: Limits) -> Document:
    """The Document of the bytes, its lines and pages within the limits."""
    document = read_document(name, data, limits)
    limits.check_lines(name, document.lines)
    if document.page_count is not None:
        limits.check_count(name, "pages", document.page_count, "pages")
    return document


def read_regular_file(name: str, limits: Limits) -> bytes:
    """The bytes of a regular file (a symlink to one is followed), within the size limit."""
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise InputError(name, Errors.E_MISSING) from None
    except (OSError, ValueError) as err:
        raise InputError(name, Errors.E_UNREADABLE.format(detail=describe_os_error(err))) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(name, Errors.E_DIRECTORY)
    if not stat.S_ISREG(info.st_mode):
        raise InputError(name, Errors.E_NOT_REGULAR.format(what=file_kind(info.st_mode)))
    if info.st_size == 0:
        raise InputError(name, Errors.E_EMPTY)
    limits.check_size(name, info.st_size)
    try:
        with open(name, "rb") as handle:
            data = handle.read(int(limits.max_mb * 1024 * 1024) + 1)
    except OSError as err:
        raise InputError(name, Errors.E_UNREADABLE.format(detail=describe_os_error(err))) from None
    limits.check_size(name, len(data))               # a file that grew since stat
    if not data:
        raise InputError(name, Errors.E_EMPTY)
    return data


def describe_os_error(err: BaseException) -> str:
    """
    >>> describe_os_error(PermissionError(13, "Permission denied"))
    'PermissionError: Permission denied'
    """
    return f"{type(err).__name__}: {getattr(err, 'strerror', None) or err}"


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is.

    >>> file_kind(stat.S_IFIFO), file_kind(stat.S_IFCHR)
    ('FIFO (named pipe)', 'character device')
    """
    for test, what in ((stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return what
    return "special file"


def read_document(name: str, data: bytes, limits: Limits) -> Document:
    """The Document of a file's bytes, by their format."""
    fmt = sniff_format(data[:1024])
    sha = hashlib.sha256(data).hexdigest()
    if fmt == "json":
        from parser.load.pagetext import document_from_json
        document = document_from_json(name, data, sha)
        if document is not None:
            return document
        fmt = "txt"
    if fmt == "txt":
        from parser.load.text import document_from_bytes
        return document_from_bytes(name, data, sha)
    if fmt == "zip":
        from parser.load.container import zip_format
        fmt = zip_format(name, data, limits)
    elif fmt == "ole":
        from parser.load.container import ole_format
        fmt = ole_format(name, data)
    if fmt == "docx":
        from parser.load.docx import document_from_docx
        return document_from_docx(name, data, sha, limits)
    if fmt == "xlsx":
        from parser.load.xlsx import document_from_xlsx
        return document_from_xlsx(name, data, sha, limits)
    if fmt == "xls":
        from parser.load.xlsx import document_from_xls
        return document_from_xls(name, data, sha, limits)
    if fmt == "html":
        from parser.load.html import document_from_html
        return document_from_html(name, data, sha, limits)
    if fmt == "pdf":
        from parser.load.pdf import document_from_pdf
        return document_from_pdf(name, data, sha, limits)
    raise InputError(name, Errors.E_UNSUPPORTED.format(fmt=fmt))

"""Readers: one module per input format, each turning a path into a Document."""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from parser.errors import Errors, InputError
from parser.datatypes import Document

DEFAULT_MAX_MB = 50

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
UTF8_BOM = b"\xef\xbb\xbf"
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
    """
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(UTF8_BOM):
        head = head[len(UTF8_BOM):]
    if HTML_START.match(head):
        return "html"
    if JSON_START.match(head):
        return "json"
    return "txt"


def load(path: str | os.PathLike, *, max_mb: float = DEFAULT_MAX_MB) -> Document:
    """Read any supported file into a Document, or raise InputError."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(name, Errors.E_MISSING)
    if p.is_dir():
        raise InputError(name, Errors.E_DIRECTORY)
    size = p.stat().st_size
    if size == 0:
        raise InputError(name, Errors.E_EMPTY)
    if size > max_mb * 1024 * 1024:
        raise InputError(name, Errors.E_TOO_LARGE.format(size=round(size / 1048576, 1), limit=max_mb))
    data = p.read_bytes()
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
        fmt = zip_format(name, data)
    elif fmt == "ole":
        from parser.load.container import ole_format
        fmt = ole_format(name, data)
    if fmt == "docx":
        from parser.load.docx import document_from_docx
        return document_from_docx(name, data, sha)
    if fmt == "xlsx":
        from parser.load.xlsx import document_from_xlsx
        return document_from_xlsx(name, data, sha)
    if fmt == "xls":
        from parser.load.xlsx import document_from_xls
        return document_from_xls(name, data, sha)
    if fmt == "html":
        from parser.load.html import document_from_html
        return document_from_html(name, data, sha)
    if fmt == "pdf":
        from parser.load.pdf import document_from_pdf
        return document_from_pdf(name, data, sha)
    raise InputError(name, Errors.E_UNSUPPORTED.format(fmt=fmt))

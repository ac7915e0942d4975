"""Page-text JSON input: the text of each page as exported by PDF tools.

Accepted shapes (recognised by content, not by file name):
- a list of page objects, each with its text under "text" (or "content",
  "page_text") and optionally its number under "page" (or "page_number",
  "page_no", "number");
- a list of strings, one per page;
- an object holding such a list under "pages".
Each page's text is split into lines; `page` of every line is its page number.
"""
from __future__ import annotations

import json
import logging
from typing import Optional

from parser.datatypes import Document
from parser.errors import Errors, InputError
from parser.load.text import split_lines

log = logging.getLogger(__name__)

TEXT_KEYS = ("text", "content", "page_text")
NUMBER_KEYS = ("page", "page_number", "page_no", "number")


def parse_json(data: bytes):
    """The decoded JSON value, or None when the bytes are not JSON."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def page_texts(value) -> Optional[list[tuple[int, str]]]:
    """(page number, text) of each page, or None when `value` is not page text.

    >>> page_texts([{"page": 1, "text": "一"}, {"page": 2, "text": "二"}])
    [(1, '一'), (2, '二')]
    >>> page_texts({"pages": ["甲", "乙"]}), page_texts({"rows": [1, 2]})
    ([(1, '甲'), (2, '乙')], None)
    """
    if isinstance(value, dict):
        value = value.get("pages")
    if not isinstance(value, list) or not value:
        return None
    pages = []
    for index, item in enumerate(value, 1):
        if isinstance(item, str):
            pages.append((index, item))
            continue
        if not isinstance(item, dict):
            return None
        text = next((item[k] for k in TEXT_KEYS if isinstance(item.get(k), str)), None)
        if text is None:
            return None
        number = next((item[k] for k in NUMBER_KEYS if isinstance(item.get(k), int)
                       and not isinstance(item.get(k), bool)), index)
        pages.append((number, text))
    return pages


def document_from_pages(name: str, pages: list[tuple[int, str]], sha256: str) -> Document:
    """One line per line of each page's text, each line knowing its page."""
    lines: list[str] = []
    numbers: list[int] = []
    for number, text in pages:
        page_lines = split_lines(text) if text else ()
        lines.extend(page_lines)
        numbers.extend([number] * len(page_lines))
    if not any(line.strip() for line in lines):
        raise InputError(name, Errors.E_NO_LINES)
    return Document(path=name, sha256=sha256, format="json", lines=tuple(lines), pages=tuple(numbers),
                    page_count=max(number for number, _ in pages))


def document_from_json(name: str, data: bytes, sha256: str) -> Optional[Document]:
    """A Document from page-text JSON; None when the bytes are not JSON at all (read them as text)."""
    value = parse_json(data)
    if value is None:
        return None
    pages = page_texts(value)
    if pages is None:
        raise InputError(name, Errors.E_UNSUPPORTED.format(fmt="json (not a list of page texts)"))
    return document_from_pages(name, pages, sha256)

"""Plain-text input: UTF-8 only, numbered exactly as `sed -n LINEp` numbers it."""
from __future__ import annotations

from pathlib import Path

from parser.errors import Errors, InputError
from parser.datatypes import Document

CJK_MIN_SHARE = 0.2


def decode_text(name: str, data: bytes) -> str:
    """Decode UTF-8 (with or without BOM); name the problem otherwise."""
    if b"\x00" in data[:65536]:
        raise InputError(name, Errors.E_BINARY.format(what="it contains NUL bytes"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if looks_like_gb18030(data):
            stem = Path(name).stem
            raise InputError(name, Errors.E_GBK.format(name=name, stem=stem)) from None
        raise InputError(name, Errors.E_ENCODING.format(offset=err.start)) from None


def looks_like_gb18030(data: bytes) -> bool:
    """True when the bytes decode as GB18030 into mostly Chinese text."""
    try:
        text = data[:200000].decode("gb18030")
    except UnicodeDecodeError:
        return False
    letters = [c for c in text if not c.isspace()]
    if not letters:
        return False
    cjk = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff")
    return cjk / len(letters) >= CJK_MIN_SHARE


def split_lines(text: str) -> tuple[str, ...]:
    """Split on newlines only (not on the other characters str.splitlines knows)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(line[:-1] if line.endswith("\r") else line for line in lines)


def document_from_bytes(name: str, data: bytes, sha256: str) -> Document:
    text = decode_text(name, data)
    lines = split_lines(text)
    if not any(line.strip() for line in lines):
        raise InputError(name, Errors.E_NO_LINES)
    return Document(path=name, sha256=sha256, format="txt", lines=lines)

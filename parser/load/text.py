"""Plain-text input, numbered exactly as `sed -n LINEp` numbers it: UTF-8 (with or without BOM), else
GB18030/GBK (the usual legacy encoding of Chinese government text), else what charset-normalizer recognises
among the legacy Chinese and UTF-16/32 encodings."""
from __future__ import annotations

from parser.datatypes import Document
from parser.errors import Errors, InputError

CJK_MIN_SHARE = 0.2


def decode_text(name: str, data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), GB18030, or a legacy encoding charset-normalizer finds; name the
    problem otherwise."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):                 # UTF-16 with its byte order mark
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise InputError(name, Errors.E_BINARY.format(what="it contains NUL bytes"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if looks_like_gb18030(data):
            return data.decode("gb18030")
        text = detected(data)
        if text is None:
            raise InputError(name, Errors.E_ENCODING.format(offset=err.start)) from None
        return text


LEGACY_ENCODINGS = ("gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950", "utf_16", "utf_16_le",
                    "utf_16_be", "utf_32")
MAX_CHAOS = 0.2


def detected(data: bytes) -> str | None:
    """The text in the legacy Chinese (or UTF-16/32) encoding charset-normalizer finds, or None.

    >>> detected("本年收入合計401.4萬元，其中：財政撥款收入401.4萬元。".encode("big5"))
    '本年收入合計401.4萬元，其中：財政撥款收入401.4萬元。'
    >>> detected(bytes(range(128, 256)) * 10) is None
    True
    """
    from charset_normalizer import from_bytes
    best = from_bytes(data[:200000]).best()
    if best is None or best.encoding not in LEGACY_ENCODINGS or best.chaos > MAX_CHAOS:
        return None
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


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

"""What is inside a ZIP (OOXML) or OLE (legacy Office) container: docx, xlsx, xls, or none gouji reads."""
from __future__ import annotations

import io
import zipfile

import regex

from parser.errors import Errors, InputError

MAIN_TYPES = (
    ("docx", regex.compile(r"wordprocessingml\.document\.main\+xml|ms-word\.document\.macroEnabled\.main")),
    ("xlsx", regex.compile(r"spreadsheetml\.sheet\.main\+xml|ms-excel\.sheet\.macroEnabled\.main|"
                           r"spreadsheetml\.template\.main")),
)


def zip_format(name: str, data: bytes) -> str:
    """docx or xlsx, from the package's [Content_Types].xml (or its part names); InputError otherwise."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            types = ""
            if "[Content_Types].xml" in names:
                types = package.read("[Content_Types].xml").decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError, ValueError,
            NotImplementedError, RuntimeError) as err:
        raise InputError(name, Errors.E_CORRUPT.format(fmt="zip", detail=str(err)[:120] or "unreadable")) from None
    return package_kind(name, names, types)


def package_kind(name: str, names: set[str], types: str) -> str:
    """docx or xlsx from part names and content types.

    >>> package_kind("a", {"word/document.xml", "[Content_Types].xml"}, "")
    'docx'
    >>> package_kind("a", {"xl/workbook.xml"}, "")
    'xlsx'
    """
    for fmt, pattern in MAIN_TYPES:
        if pattern.search(types):
            return fmt
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    what = "xlsb" if "xl/workbook.bin" in names else "zip (neither docx nor xlsx)"
    if any(n == "content.xml" for n in names):
        what = "OpenDocument (save it as .docx or .xlsx)"
    raise InputError(name, Errors.E_UNSUPPORTED.format(fmt=what))


def ole_format(name: str, data: bytes) -> str:
    """xls for a legacy Excel workbook; InputError for encrypted Office files and other OLE files."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError, IndexError, TypeError, AssertionError, EOFError) as err:
        raise InputError(name, Errors.E_CORRUPT.format(fmt="OLE (Office 97–2003)",
                                                       detail=str(err)[:120] or "unreadable")) from None
    return ole_kind(name, streams)


def ole_kind(name: str, streams: set[str]) -> str:
    """xls from an OLE file's stream names (lower case).

    >>> ole_kind("a", {"workbook", "\\x05summaryinformation"})
    'xls'
    """
    if "encryptioninfo" in streams or "encryptedpackage" in streams:
        raise InputError(name, Errors.E_ENCRYPTED_OFFICE.format(fmt="Office"))
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "worddocument" in streams:
        raise InputError(name, Errors.E_UNSUPPORTED.format(fmt="doc (Word 97–2003; save it as .docx)"))
    raise InputError(name, Errors.E_UNSUPPORTED.format(fmt="ole"))

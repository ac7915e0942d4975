"""What is inside a ZIP (OOXML) or OLE (legacy Office) container: docx, xlsx, xls, or none gouji reads."""
from __future__ import annotations

import io
import zipfile
import zlib

import regex

from parser.errors import Errors, InputError
from parser.limits import DEFAULT, Limits

CHUNK = 1 << 20

MAIN_TYPES = (
    ("docx", regex.compile(r"wordprocessingml\.document\.main\+xml|ms-word\.document\.macroEnabled\.main")),
    ("xlsx", regex.compile(r"spreadsheetml\.sheet\.main\+xml|ms-excel\.sheet\.macroEnabled\.main|"
                           r"spreadsheetml\.template\.main")),
)


def zip_format(name: str, data: bytes, limits: Limits = DEFAULT) -> str:
    """docx or xlsx, from the package's [Content_Types].xml (or its part names); InputError otherwise.

    The parts' declared sizes and then their actual unpacked sizes are held to `limits.unpacked_mb`
    before any reader unpacks them (a zip bomb is refused after reading at most the limit)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            check_unpacked_size(name, package, limits)
            names = set(package.namelist())
            types = ""
            if "[Content_Types].xml" in names:
                types = package.read("[Content_Types].xml").decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError, ValueError,
            NotImplementedError, RuntimeError, zlib.error) as err:
        raise InputError(name, Errors.E_CORRUPT.format(fmt="zip", detail=str(err)[:120] or "unreadable")) from None
    return package_kind(name, names, types)


def check_unpacked_size(name: str, package: zipfile.ZipFile, limits: Limits) -> None:
    """Declared sizes first (free), then the bytes each part really unpacks to, counted in chunks."""
    members = package.infolist()
    limits.check_unpacked(name, sum(m.file_size for m in members), "the package's parts (as declared)")
    budget = int(limits.unpacked_mb * 1024 * 1024)
    for member in members:
        with package.open(member) as stream:
            while chunk := stream.read(CHUNK):
                budget -= len(chunk)
                if budget < 0:
                    limits.check_unpacked(name, int(limits.unpacked_mb * 1024 * 1024) - budget,
                                          "the package's parts (counted)")


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

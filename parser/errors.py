"""Typed errors with messages a user can act on. The CLI prints them on one line.

Every failure of the library is a GoujiError:

    GoujiError
    ├── InputError      the input cannot be read as a document (status error or needs_ocr)
    ├── UsageError      the library or a command was called wrongly (also a TypeError)
    ├── ScanError       a bulk scan cannot go on
    ├── ReviewError     a file of review decisions is malformed
    └── InternalError   an unexpected failure while checking a document (the cause is chained)
"""


class GoujiError(Exception):
    """Base class of every error gouji raises on purpose."""


class InputError(GoujiError):
    """The input cannot be read as a document (missing, empty, binary, …)."""

    def __init__(self, path: str, problem: str, status: str = "error"):
        super().__init__(f"{printable(str(path))}: {printable(problem)}")
        self.path = path
        self.problem = problem
        self.status = status            # error | needs_ocr


class UsageError(GoujiError, TypeError):
    """The library or a command was called with an argument it cannot take."""


class ReviewError(GoujiError):
    """A file of review decisions (`gouji review import`) is malformed."""


class InternalError(GoujiError):
    """An unexpected failure while checking a document; the original exception is its __cause__."""


class LimitError(InputError):
    """The input breaks one of the Limits (parser/limits.py): too large, too many pages, lines or cells, too slow."""

    def __init__(self, path: str, problem: str, limit: str = ""):
        super().__init__(path, problem)
        self.limit = limit               # the Limits field that was broken


def printable(text: str) -> str:
    r"""A text on one line: newlines and other control characters shown as escapes.

    >>> printable("报告\n2024.txt"), printable("a\tb")
    ('报告\\n2024.txt', 'a\\tb')
    """
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


class ScanError(GoujiError):
    """A bulk scan cannot go on: its database cannot be opened, or its workers cannot start."""


class Errors:
    """The catalogue of input problems, one message each."""
    E_MISSING = "no such file"
    E_UNREADABLE = "cannot read the file ({detail})"
    E_DIRECTORY = "is a directory, not a document (use `gouji scan` for folders)"
    E_EMPTY = "the file is empty"
    E_TOO_LARGE = "the file is {size} MB, over the limit of {limit} MB (raise it with --max-mb)"
    E_BINARY = "the file is binary ({what}), not a text document gouji can read"
    E_ENCODING = "the file is not valid UTF-8 text (first bad byte at offset {offset})"
    E_UNSUPPORTED = ("unsupported format {fmt!r} (gouji reads txt, pdf, docx, html, xlsx, xls "
                     "and page-text json)")
    E_NO_TEXT = "no text found: the PDF has no text layer (image-only scan); it needs OCR"
    E_CORRUPT = "the {fmt} file is corrupt or truncated ({detail})"
    E_ENCRYPTED = "the PDF is encrypted and cannot be read without its password"
    E_ENCRYPTED_OFFICE = ("the {fmt} file is password-protected; save an unprotected copy "
                          "(File > Info > Protect) and check that")
    E_NO_LINES = "the document has no readable text"
    E_UNPACKED = "{what} unpack to {size} MB, over the limit of {limit} MB (raise it with --max-unpacked-mb)"
    E_LIMIT = "{what}: {count}, over the limit of {limit} (raise it with {flag})"
    E_TIMEOUT = "checking took longer than the limit of {limit:g} s (raise it with --timeout)"
    E_MEMORY = "checking needed more than the memory limit of {limit} MB (raise it with --memory-mb)"
    E_NOT_REGULAR = "is a {what}, not a regular file"
    E_UNREADABLE = "cannot be read ({detail})"
    E_NO_PAGES = "the PDF has no pages"
    E_TOO_DEEP = "elements nested deeper than {limit} levels"

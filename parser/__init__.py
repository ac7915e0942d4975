"""gouji (勾稽): reconcile the numeric claims of Chinese fiscal disclosures with their tables.

>>> import parser
>>> callable(parser.check)
True
"""
from parser.check import check, check_document, check_text
from parser.datatypes import Claim, Document, Finding, Report, Table
from parser.enums import Cause, Rule, Severity, Status
from parser.errors import GoujiError, InputError, InternalError, LimitError, ReviewError, ScanError, UsageError
from parser.limits import Limits
from parser.load import load as parse
from parser.report.serialize import to_dict

__all__ = ["check", "check_text", "check_document", "parse", "to_dict", "Report", "Finding", "Claim", "Table",
           "Document", "Severity", "Rule", "Cause", "Status", "Limits", "GoujiError", "InputError", "LimitError",
           "UsageError", "ScanError", "ReviewError", "InternalError"]
__version__ = "0.1.0"

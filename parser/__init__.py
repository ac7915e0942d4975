"""gouji (勾稽): reconcile the numeric claims of Chinese fiscal disclosures with their tables.

>>> import parser
>>> callable(parser.check)
True
"""
from .check import check, check_document
from .errors import GoujiError, InputError, LimitError
from .limits import Limits
from .load import load as parse
from .model import Claim, Document, Finding, Report, Table
from .report import to_dict

__all__ = ["check", "check_document", "parse", "to_dict", "Report", "Finding", "Claim", "Table", "Document",
           "GoujiError", "InputError", "LimitError", "Limits"]
__version__ = "0.1.0"

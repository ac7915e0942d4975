"""Reports → one self-contained HTML page for auditors: the workbench (parser/report/workbench.py, Jinja2
templates in parser/templates/)."""
from __future__ import annotations

from collections.abc import Iterable

from parser.datatypes import Report


def render_html(reports: Iterable[Report], *, pictures: bool = True) -> str:
    """One page for all reports, a section per document (see parser.report.workbench)."""
    from parser import __version__
    from parser.report.workbench import render_workbench
    return render_workbench(reports, version=__version__, pictures=pictures)

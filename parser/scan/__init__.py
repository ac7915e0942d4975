"""Bulk scans: many files checked in parallel into a DuckDB database, resumable at any point.

    walk.py          paths and globs → files with size and SHA-256
    store.py         the database: what is done, one transaction per document, exports
    worker.py        one document in a warm worker process with time and memory limits
    engine_local.py  N worker processes on this machine
    engine_dask.py   the same on a Dask distributed cluster
    run.py           the scan itself; summary.py: `gouji report`
"""
from parser.scan.run import ENGINES, ScanSummary, scan
from parser.scan.worker import Limits

__all__ = ["scan", "ScanSummary", "Limits", "ENGINES"]

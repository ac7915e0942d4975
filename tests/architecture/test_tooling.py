"""ruff (lint) and mypy (types) pass on the repository, as configured in pyproject.toml.

CI runs the README's test command, so the tools run here, as subprocesses; a finding fails the test with
the tool's own output. Each is skipped only when it is not installed (`pip install -e '.[test]'` installs both).
"""
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ["parser", "training", "scripts", "tests"]


def ruff_executable() -> str | None:
    """ruff beside this interpreter (the venv's bin/), else on PATH."""
    beside = Path(sys.executable).with_name("ruff")
    return str(beside) if beside.exists() else shutil.which("ruff")


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")


def test_ruff_check_passes():
    ruff = ruff_executable()
    if ruff is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    result = run([ruff, "check", "--no-cache", "--output-format", "concise", *CHECKED])
    if result.returncode != 0:
        pytest.fail(f"ruff check found problems:\n{result.stdout}{result.stderr}", pytrace=False)


def test_mypy_passes():
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    # the cache (.mypy_cache/, git-ignored) makes a second run take seconds instead of half a minute
    result = run([sys.executable, "-m", "mypy", "--no-error-summary", *CHECKED])
    if result.returncode != 0:
        pytest.fail(f"mypy found problems:\n{result.stdout}{result.stderr}", pytrace=False)


def test_the_package_says_it_is_typed():
    """PEP 561: parser/py.typed ships with the package, so users' type checkers read gouji's annotations."""
    assert (ROOT / "parser" / "py.typed").is_file()
    assert '"py.typed"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")

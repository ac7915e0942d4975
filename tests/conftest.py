import hashlib
import importlib.util
from pathlib import Path

import pytest

from parser.check import check_document
from parser.datatypes import Document

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"


def doc_from_text(text: str) -> Document:
    lines = tuple(text.split("\n"))
    return Document(path="<test>", sha256=hashlib.sha256(text.encode()).hexdigest(), format="txt", lines=lines)


@pytest.fixture
def run():
    """Check a small document given as text; return its report."""
    return lambda text: check_document(doc_from_text(text))


def seed(prefix: str) -> Path:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found beside the repository ({SEEDS})")
    return matches[0]


def script_module(name: str):
    """A script of scripts/ imported as a module (the fixture builders tests share with people)."""
    path = Path(__file__).resolve().parents[1] / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

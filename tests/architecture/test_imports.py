"""The import graph follows the stages: a module imports only its own stage and earlier ones;
nothing in parser/ imports training/ or tests/, and no script imports a test module."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# stage of each top-level part of parser/, in the order data flows (equal numbers may import each other)
STAGES = {
    "datatypes": 0, "patterns": 0, "errors": 0, "enums": 0, "limits": 0, "lexicon": 0, "quantity": 0, "tolerance": 0,
    "load": 1, "layout": 2, "narrative": 3, "tabular": 3, "rules": 4, "report": 5, "check": 6,
    "sources": 6, "review": 7, "scan": 7, "evaluate": 7, "cross": 7, "cli": 7, "__init__": 8,
}


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def stage_of(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.get(parts[1]) if parts[0] == "parser" and len(parts) > 1 else None


PARSER_FILES = sorted((ROOT / "parser").rglob("*.py"))


@pytest.mark.parametrize("path", PARSER_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_parser_module_imports_only_earlier_stages(path):
    own = stage_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
    for name in imports_of(path):
        top = name.split(".")[0]
        assert top not in ("training", "tests"), f"{path.name} imports {name}"
        other = stage_of(name)
        if own is not None and other is not None:
            assert other <= own, f"{path.relative_to(ROOT)} (stage {own}) imports a later stage: {name} ({other})"


@pytest.mark.parametrize("path", sorted((ROOT / "scripts").glob("*.py")) + sorted((ROOT / "training").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_scripts_and_training_do_not_import_test_modules(path):
    """A script may share a tool with the tests (tests/cdp.py drives Chromium); never a test module's data."""
    assert not any(n.split(".")[0] == "tests" and any(p.startswith(("test_", "conftest")) for p in n.split("."))
                   for n in imports_of(path)), path.name


def test_stage_table_knows_every_part_of_parser():
    parts = {p.stem if p.is_file() else p.name for p in (ROOT / "parser").iterdir()
             if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))}
    assert parts <= set(STAGES), f"parts of parser/ without a stage: {sorted(parts - set(STAGES))}"

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


# The fast lane is `pytest -m "not slow"`; CI runs everything. What is slow is listed here, in one place, by
# test file or by test (a node id without its parameters), each with why: whole corpora, PDFs, browsers,
# hostile corpora, fresh processes by the dozen, training. An entry that no longer names a collected test is
# an error, so the list cannot go stale silently.
SLOW = {
    "tests/fuzz/test_readers.py": "property-based fuzzing of every reader: tens of thousands of inputs",
    "tests/fuzz/test_values.py": "property-based fuzzing: tens of thousands of inputs",
    "tests/test_hostile_corpus.py": "gouji on whole hostile corpora",
    "tests/test_browser.py": "drives headless Chromium",
    "tests/golden/test_pdfs.py": "checks the real corpus's PDFs",
    "tests/golden/test_budget_pdfs.py": "checks the real corpus's budget PDFs",
    "tests/golden/test_budget_corpus.py": "checks the Jiangsu budget corpus (PDFs)",
    "tests/golden/test_reviewer_verdicts.py": "checks every document of the real corpus",
    "tests/golden/test_eval_web.py": "checks the 81 documents of the web corpus",
    "tests/scan/test_corpus.py": "scans the seeds and the real corpus in worker processes",
    "tests/scan/test_dask.py": "starts Dask clusters",
    "tests/scan/test_resume.py": "scans, kills and resumes in worker processes",
    "tests/scan/test_robustness.py": "scans a corpus of broken and huge files",
    "tests/scan/test_exports.py": "scans in worker processes, Dask among them",
    "tests/scan/test_special_files.py": "scans a FIFO and /dev/zero in worker processes",
    "tests/test_classifier.py::test_round_trip_corrects_the_model": "trains the classifier",
    "tests/test_workbench.py::test_pdf_findings_show_their_page_region_with_the_cells_outlined": "renders PDF pages",
    # several `gouji` processes each, every one loading spaCy, jieba and scikit-learn (about 3 s of start-up);
    # test_cli.py's test_json_report_shape_and_exit_code keeps one full `gouji check` in the fast lane
    "tests/test_papercuts.py::test_check_reads_standard_input": "four gouji processes",
    "tests/test_papercuts.py::test_a_text_with_nothing_fiscal_says_so_and_exits_zero": "three gouji processes",
    "tests/test_papercuts.py::test_gbk_text_is_read_and_checked_like_its_utf8_copy": "two gouji processes",
    "tests/test_cli.py::test_tables_file_joined_to_its_narrative": "two gouji processes",
    "tests/test_cli.py::test_html_page_marks_each_finding_quote": "a gouji process",
    "tests/test_cli.py::test_several_files_give_json_lines": "a gouji process on several files",
    "tests/test_cli.py::test_consistent_document_exits_zero": "a gouji process",
    "tests/test_review.py::test_score_checks_the_reviewed_documents_again": "a gouji process checking again",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = Path(__file__).resolve().parents[1]
    matched: set[str] = set()
    collected_files: set[str] = set()
    for item in items:
        path = Path(str(item.path)).resolve()
        if root not in path.parents:
            continue
        file = path.relative_to(root).as_posix()
        collected_files.add(file)
        test = f"{file}::{getattr(item, 'originalname', item.name)}"
        for key in (file, test):
            if key in SLOW:
                item.add_marker(pytest.mark.slow)
                matched.add(key)
    stale = [key for key in SLOW if not (root / key.split("::")[0]).is_file()
             or key.split("::")[0] in collected_files and key not in matched]
    if stale:
        raise pytest.UsageError(f"tests/conftest.py SLOW names tests that do not exist: {', '.join(stale)}")

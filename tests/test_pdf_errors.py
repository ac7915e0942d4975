"""Unreadable PDFs: each one exit code 2 and one line on stderr, never a traceback (issue 5, part 4).

The bad files are built from a real PDF by scripts/make_bad_pdfs.py into a temporary folder.
"""
import subprocess
import sys

import pytest

from parser.errors import InputError
from parser.load import load
from tests.conftest import SHARED, script_module

SOURCE = SHARED / "corpus/real/putuo-gbc/putuo_2024_final_dept_shehuigongzuobu.pdf"


def makers():
    return script_module("make_bad_pdfs")


@pytest.fixture(scope="module")
def bad_pdfs(tmp_path_factory):
    if not SOURCE.exists():
        pytest.skip(f"real PDF not found beside the repository ({SOURCE})")
    folder = tmp_path_factory.mktemp("bad_pdfs")
    make = makers()
    return {"image_only": make.image_only_pdf(SOURCE, folder / "image_only.pdf"),
            "truncated": make.truncated_pdf(SOURCE, folder / "truncated.pdf"),
            "encrypted": make.encrypted_pdf(SOURCE, folder / "encrypted.pdf")}


CASES = [("image_only", "no text layer", "needs_ocr"),
         ("truncated", "corrupt or truncated", "error"),
         ("encrypted", "encrypted", "error")]


@pytest.mark.parametrize("kind,message,status", CASES, ids=[c[0] for c in CASES])
def test_typed_error(bad_pdfs, kind, message, status):
    with pytest.raises(InputError) as caught:
        load(bad_pdfs[kind])
    assert message in caught.value.problem and caught.value.status == status


@pytest.mark.parametrize("command", ["check", "text"])
@pytest.mark.parametrize("kind,message,status", CASES, ids=[c[0] for c in CASES])
def test_cli_exit_2_one_line(bad_pdfs, kind, message, status, command):
    out = subprocess.run([sys.executable, "-m", "parser.cli", command, str(bad_pdfs[kind])],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and message in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("cut", [10, 200, 5000])
def test_cut_anywhere_is_corrupt(tmp_path, cut):
    if not SOURCE.exists():
        pytest.skip("real PDF not found")
    path = tmp_path / "cut.pdf"
    path.write_bytes(SOURCE.read_bytes()[:cut])
    with pytest.raises(InputError, match="corrupt or truncated"):
        load(path)

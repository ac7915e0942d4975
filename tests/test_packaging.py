"""The trained models (claim classifier, linker) ship with the package: `pip install .` (not editable) into a fresh environment, then
the installed model is found beside the package and loaded, `gouji annotate uncertain` ranks with it, and
`gouji check` (with and without `--no-model`) runs. Slow: the environment installs gouji's dependencies."""
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
PROBE = ("from parser.narrative.classifier import default_model_path, get_model; "
         "from parser.narrative import linker; "
         "print(default_model_path(), get_model() is not None, linker.default_model_path(), "
         "linker.load_model() is not None)")


def source_copy(target: Path) -> Path:
    """The repository's files (tracked and new, not ignored) copied with their links, away from the tree."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.splitlines()
    archive = target / "src.tar"
    with tarfile.open(archive, "w") as tar:
        for name in files:
            if (ROOT / name).exists() or (ROOT / name).is_symlink():
                tar.add(ROOT / name, arcname=name, recursive=False)
    out = target / "src"
    with tarfile.open(archive) as tar:
        tar.extractall(out, filter="tar")
    return out


def test_installed_package_checks_with_its_own_model(tmp_path):
    if not SEED:
        pytest.skip("no seeds beside the repository")
    source = source_copy(tmp_path)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(source)], check=True, capture_output=True)
    site = subprocess.run([str(venv / "bin" / "python"), "-c", "import parser; print(parser.__file__)"],
                          cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip()
    assert "site-packages" in site and str(ROOT) not in site            # the installed copy, not the tree
    installed = Path(site).resolve().parent / "models" / "claim_classifier.model.json"
    assert installed.is_file() and not installed.is_symlink()
    gouji = str(venv / "bin" / "gouji")
    env = {"PATH": str(venv / "bin"), "HOME": str(tmp_path)}
    probe = subprocess.run([str(venv / "bin" / "python"), "-c", PROBE], cwd=tmp_path, capture_output=True, text=True,
                           env=env)
    linker = installed.with_name("linker.json")
    assert probe.stdout.split() == [str(installed), "True", str(linker), "True"], probe.stderr   # beside the package
    for options in ([], ["--no-model"]):
        done = subprocess.run([gouji, "check", "-v", *options, str(SEED[0])], cwd=tmp_path, capture_output=True,
                              text=True, env=env)
        assert done.returncode in (0, 1) and "claim classifier not used" not in done.stderr, done.stderr
    ranked = subprocess.run([gouji, "annotate", "uncertain", "-n", "3", str(SEED[0])], cwd=tmp_path,
                            capture_output=True, text=True, env=env)
    assert ranked.returncode == 0, ranked.stderr                          # it fails when no model is usable
    assert len(ranked.stdout.splitlines()) == 3 and "claim classifier not used" not in ranked.stderr

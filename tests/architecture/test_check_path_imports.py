"""What checking a document must not import: the start-up of every check pays for each import (issue 12).

- scikit-learn, skops, scipy: the trained models are files of numbers applied in pure Python
  (parser/narrative/model_file.py), even with the retired claim relabeller switched on (relabel=True).
- spaCy (and thinc): the reference the metric matcher is tested against (tests/unit/narrative/test_nlp.py),
  not part of the check path.
- pkg_resources: what jieba would import to open its own files (parser/narrative/segmenter.py).
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOT_ON_THE_CHECK_PATH = ("sklearn", "skops", "scipy", "spacy", "thinc", "pkg_resources")
PROBE = """
import json, sys
from parser import check_document
from parser.sources import text_document
from parser.narrative.classifier import get_model
text = "一、收入支出决算总体情况\\n2024年度收入总计401.4万元，比上年增加83.97万元，增长26.45%。\\n"
report = check_document(text_document(text, "<probe>"), relabel=True)
print(json.dumps({"claims": len(report.claims), "model": get_model() is not None, "modules": sorted(sys.modules)}))
"""


def test_checking_a_document_imports_none_of_the_heavy_libraries():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, check=True)
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["claims"] >= 3                    # the text was read, metric phrases and all
    assert result["model"], "the shipped model must have been used, or the probe proves nothing"
    loaded = {m.split(".")[0] for m in result["modules"]}
    assert [m for m in NOT_ON_THE_CHECK_PATH if m in loaded] == []

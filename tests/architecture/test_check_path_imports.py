"""Checking a document imports no scikit-learn, skops or scipy, even with the trained claim model applied
(the retired relabeller, relabel=True): the model is a file of numbers applied in pure Python
(parser/narrative/model_file.py), so start-up does not pay for them."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
from parser import check_document
from parser.sources import text_document
from parser.narrative.classifier import get_model
text = "一、收入支出决算总体情况\\n2024年度收入总计401.4万元，比上年增加83.97万元，增长26.45%。\\n"
report = check_document(text_document(text, "<probe>"), relabel=True)
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("sklearn", "skops", "scipy"))
print(json.dumps({"claims": len(report.claims), "model": get_model() is not None, "heavy": heavy}))
"""


def test_checking_a_document_imports_no_scikit_learn_skops_or_scipy():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, check=True)
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["claims"] >= 3
    assert result["model"], "the shipped model must have been used, or the probe proves nothing"
    assert result["heavy"] == []

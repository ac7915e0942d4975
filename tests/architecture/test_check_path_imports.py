"""What `gouji check` must not import: the start-up of every check pays for each import (issue 12).

spaCy is the reference the metric matcher is tested against (tests/unit/narrative/test_nlp.py), not
part of the check path; pkg_resources is what jieba would import to open its own files.
"""
import json
import subprocess
import sys

NOT_ON_THE_CHECK_PATH = ("spacy", "thinc", "pkg_resources")

PROBE = """
import json, sys
import parser
report = parser.check_text("本年收入合计401.4万元，比上年增加12.3万元。\\n本年支出合计401.4万元。")
print(json.dumps({"claims": len(report.claims), "modules": sorted(sys.modules)}))
"""


def test_checking_a_text_imports_no_spacy_and_no_pkg_resources():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["claims"] >= 3                    # the text was read, metric phrases and all
    assert [m for m in NOT_ON_THE_CHECK_PATH if m in result["modules"]] == []

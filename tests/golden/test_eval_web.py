"""`gouji eval` on the labelled web corpus gives exactly the figures and lists of the shared scorer
(`../shared/tools/score_labels.py`, which runs `gouji check --format json` in a subprocess), whatever the
checker finds today: the two must never drift apart."""
import subprocess
import sys
from pathlib import Path

import pytest

from parser.evaluate.labels import render_text, score_folder, summary_line
from tests.conftest import SHARED

WEB = SHARED / "corpus" / "web"
SCORER = SHARED / "tools" / "score_labels.py"
GOUJI = Path(sys.executable).parent / "gouji"


@pytest.mark.skipif(not (WEB / "labels.jsonl").exists() or not SCORER.exists() or not GOUJI.exists(),
                    reason="the shared web corpus, its scorer or the gouji script is not here")
def test_eval_equals_the_shared_scorer_on_the_web_corpus():
    shared = subprocess.run([sys.executable, str(SCORER), str(GOUJI), str(WEB), "--verbose"],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    score = score_folder(WEB)
    assert summary_line(score) == shared[-1]
    listed = [line for line in render_text(score, verbose=True).splitlines()
              if line.startswith(("  missed ", "  false alarm ", "  unexplained "))]
    assert listed == shared[:-1]

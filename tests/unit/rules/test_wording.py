"""Rule `wording` alone: a comparison word the two figures beside it contradict."""
import pytest

from parser.rules import wording
from tests.unit.rules.build import claim, codes, context, statuses


def sentence(word: str):
    lines = [f"年初预算120.50万元，支出决算118.20万元，决算数{word}预算数。"]
    own = [claim("c1", lines, "年初预算120.50万元", role="budget_initial"), claim("c2", lines, "支出决算118.20万元")]
    return context(lines, own, with_paragraphs=True)


def test_a_word_the_figures_agree_with():
    assert wording.check(sentence("小于")).findings == ()


@pytest.mark.parametrize("word", ["大于", "等于"])
def test_a_word_the_figures_contradict(word):
    result = wording.check(sentence(word))
    assert codes(result) == ["WORDING_DIRECTION"] and statuses(result) == {"c1": "contradicted", "c2": "contradicted"}
    assert result.findings[0].expected == "减少（小于）"


def test_flat_beside_a_change():
    lines = ["公务接待费与上年持平，增加0.5万元。"]
    own = [claim("c1", lines, "增加0.5万元", kind="change_amount")]
    result = wording.check(context(lines, own, with_paragraphs=True))
    assert codes(result) == ["WORDING_FLAT"] and statuses(result) == {"c1": "contradicted"}

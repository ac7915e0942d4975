"""Rule `sum` alone: a text's total against its parts (found once before the rules, reported by the rule)."""
from parser.narrative.relations import Relation
from parser.rules import sums
from tests.unit.rules.build import claim, codes, context, statuses


def listed(total: str, parts: list[str]):
    lines = [f"合计{total}万元，其中：" + "、".join(f"第{i}项{p}万元" for i, p in enumerate(parts, 1)) + "。"]
    own = [claim("c0", lines, f"合计{total}万元")] + [claim(f"c{i}", lines, f"第{i}项{p}万元")
                                                     for i, p in enumerate(parts, 1)]
    rel = Relation("sum", "c0", {"parts": tuple(f"c{i}" for i in range(1, len(parts) + 1))}, exhaustive=True)
    return context(lines, own, [rel])


def test_parts_that_add_up():
    ctx = listed("767", ["699", "9", "59"])
    result = sums.check(ctx)
    assert result.findings == () and set(statuses(result).values()) == {"consistent"}
    assert ctx.text_verdicts["c0"] == "consistent"          # what mismatch reads of the total


def test_parts_that_exceed_their_total():
    ctx = listed("724", ["699", "9", "59"])
    result = sums.check(ctx)
    assert codes(result) == ["TEXT_SUM"] and statuses(result) == {"c0": "contradicted"}
    assert result.findings[0].expected == "767万元" and ctx.text_verdicts["c0"] == "contradicted"


def test_two_adjacent_digits_swapped():
    result = sums.check(listed("27664.71", ["9787.85", "5738.74", "21037.17", "100.95"]))
    assert codes(result) == ["TRANSPOSED_DIGITS"] and statuses(result)["c3"] == "contradicted"
    assert result.findings[0].expected == "12037.17万元"

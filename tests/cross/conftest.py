import os

import pytest

DATA = os.path.join(os.path.dirname(__file__), "data")


def data(name: str) -> str:
    return os.path.join(DATA, name)


@pytest.fixture(scope="session")
def jia_reports():
    """甲市测试局: 2017 and 2018 部门预算 and the 2018 单位预算 (the 部门 adds up one budget unit)."""
    import parser
    return [parser.check(data(n)) for n in ("jia_2017_budget.txt", "jia_2018_budget.txt", "jia_2018_budget_unit.txt")]


@pytest.fixture(scope="session")
def yi_reports():
    """乙市测试局: a 2019 预算 stating a 2018 执行数 and a 口径 change, and its 2018 预算."""
    import parser
    return [parser.check(data(n)) for n in ("yi_2018_budget.txt", "yi_2019_budget.txt")]

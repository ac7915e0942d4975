"""Print how many inputs the fuzz targets were given (issue 15 asks for at least 100,000 in CI)."""
from tests.fuzz.budget import COUNTS


def pytest_terminal_summary(terminalreporter):
    if not COUNTS:
        return
    total = sum(COUNTS.values())
    per_target = ", ".join(f"{name} {n}" for name, n in sorted(COUNTS.items()))
    terminalreporter.write_line(f"fuzz: {total} generated inputs ({per_target})")

"""The fuzz suite's example budget and its count of generated inputs.

Each target has a fixed number of examples (cheap targets many, readers few), scaled by the
Hypothesis profile chosen with HYPOTHESIS_PROFILE: `ci` (the default, x1: over 100,000 inputs in a
few minutes on two cores), `quick` (x0.05) or `deep` (x10). Every call of a target's body is
counted; tests/fuzz/conftest.py prints the counts at the end of the run.
"""
import os
from collections import Counter

from hypothesis import HealthCheck, settings

BUDGET = {
    "quantity": 25_000, "quantity_prose": 12_000, "cell": 20_000, "glued": 8_000, "looks_glued": 8_000,
    "tolerance": 15_000, "tolerance_agrees": 8_000,
    "text_reader": 3_000, "json_reader": 2_000, "html_reader": 2_000, "docx_reader": 1_000, "docx_xml": 600,
    "xlsx_reader": 800, "xlsx_xml": 500, "pdf_reader": 300, "pipeline": 150,
}
SCALES = {"ci": 1.0, "quick": 0.05, "deep": 10.0}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
COUNTS: Counter = Counter()

for name in SCALES:
    settings.register_profile(name, deadline=None, database=None, derandomize=True, print_blob=False,
                              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                     HealthCheck.filter_too_much, HealthCheck.large_base_example])
settings.load_profile(PROFILE if PROFILE in SCALES else "ci")


def examples(target: str) -> settings:
    """The settings of one target: its budget at the profile's scale."""
    return settings(max_examples=max(10, int(BUDGET[target] * SCALES.get(PROFILE, 1.0))))


def count(target: str) -> None:
    COUNTS[target] += 1

"""A trained linear model as a file of numbers (JSON), read strictly and applied in pure Python.

`gouji train` (training/, scikit-learn) writes the model this way; the checker reads it without
scikit-learn, scipy or any unpickling, so a model file can hold numbers and names and nothing else,
and loading it never runs code. The format (``"format": "gouji.linear/1"``)::

    {"format": "gouji.linear/1", "name": "...",
     "features": {"hashing": "murmurhash3_32", "n_features": 262144},
     "targets": {"<target>": {"classes": [...], "probability": "modified_huber" | "logistic" | "softmax",
                              "intercept": [...], "columns": [...], "coef": [[...], ...]}},
     ...keys the caller names (e.g. "policy"), validated by the caller}

A feature (a name → value dict, as `parser.narrative.features` makes) goes to column
`abs(murmurhash3_32(name)) % n_features`, exactly as scikit-learn's
`FeatureHasher(alternate_sign=False)`; `columns` lists the columns that carry a weight (ascending),
`coef` one row of weights per class (one row for two classes, as scikit-learn stores a binary model),
aligned with `columns`. The probabilities are those of scikit-learn's `predict_proba` for the
estimator named by `probability`: SGDClassifier(loss="modified_huber"), a one-vs-rest logistic model,
or a multinomial (softmax) logistic regression.

Anything else — another format, a key not listed, a wrong type, shapes that disagree, a number that
is not finite, a file over the size bounds, a ZIP (skops) or pickle file at the model path — raises
ModelRefused with one line saying why; nothing in the file is ever executed or imported.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Union

FORMAT = "gouji.linear/1"
HASHING = "murmurhash3_32"
PROBABILITIES = ("modified_huber", "logistic", "softmax")
MAX_FILE_BYTES = 64_000_000
MAX_N_FEATURES = 1 << 24
MAX_CLASSES = 64
MAX_WEIGHTS = 8_000_000          # columns × rows, per target
MAX_NAME = 200
TARGET_KEYS = frozenset({"classes", "probability", "intercept", "columns", "coef"})
BASE_KEYS = frozenset({"format", "name", "features", "targets"})
Label = Union[str, bool]


class ModelRefused(ValueError):
    """A model file (the claim classifier's or the linker's) is not of the expected shape; the message says
    why (one line)."""


def packaged_model(name: str) -> Path:
    """Where the package keeps a shipped model: parser/models/NAME (package data of `pip install .`;
    in the source tree parser/models is a link to the top-level models/).

    >>> packaged_model("claim_classifier.model.json").parent.name
    'models'
    """
    return Path(__file__).resolve().parents[1] / "models" / name


# --- the feature step: scikit-learn's FeatureHasher, in pure Python ---------------------------

def murmurhash3_32(data: bytes, seed: int = 0) -> int:
    """MurmurHash3 (x86, 32 bits) of `data` as a signed integer, as sklearn.utils.murmurhash3_32.

    >>> murmurhash3_32(b""), murmurhash3_32(b"foo"), murmurhash3_32("占比".encode())
    (0, -156908512, -201962811)
    """
    c1, c2, mask = 0xCC9E2D51, 0x1B873593, 0xFFFFFFFF
    h = seed & mask
    length = len(data)
    end = length - length % 4
    for i in range(0, end, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        h ^= (k * c2) & mask
        h = ((h << 13) | (h >> 19)) & mask
        h = (h * 5 + 0xE6546B64) & mask
    tail, k = data[end:], 0
    if len(tail) == 3:
        k ^= tail[2] << 16
    if len(tail) >= 2:
        k ^= tail[1] << 8
    if tail:
        k ^= tail[0]
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        h ^= (k * c2) & mask
    h ^= length & mask
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & mask
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & mask
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


@lru_cache(maxsize=1 << 16)
def feature_column(name: str, n_features: int) -> int:
    """The column FeatureHasher(n_features, alternate_sign=False) gives a feature name.

    >>> feature_column("unit=%", 262144), feature_column("rule_kind=amount", 262144)
    (52726, 87750)
    """
    h = murmurhash3_32(name.encode("utf-8"))
    if h == -(1 << 31):                      # abs() overflows in C; scikit-learn defines the result so
        return ((1 << 31) - 1 - (n_features - 1)) % n_features
    return abs(h) % n_features


def hashed(features: Mapping[str, float], n_features: int) -> list[tuple[int, float]]:
    """(column, value) pairs of a feature dict, colliding names summed, by column; zeros dropped.

    >>> hashed({"a": 1.0, "b": 0.0}, 16)
    [(2, 1.0)]
    """
    columns: dict[int, float] = {}
    for name, value in features.items():
        if value:
            column = feature_column(name, n_features)
            columns[column] = columns.get(column, 0.0) + value
    return sorted(columns.items())


# --- the model ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LinearTarget:
    """One target's classes and weights; `weights` maps a column to its coefficient for each row."""
    classes: tuple
    probability: str
    intercept: tuple[float, ...]
    weights: Mapping[int, tuple[float, ...]]

    def scores(self, pairs: Iterable[tuple[int, float]]) -> list[float]:
        """The decision function: intercept + x · coef, one score per row."""
        totals = [0.0] * len(self.intercept)
        for column, value in pairs:
            row = self.weights.get(column)
            if row is not None:
                for i, w in enumerate(row):
                    totals[i] += value * w
        return [t + b for t, b in zip(totals, self.intercept)]

    def proba(self, pairs: Sequence[tuple[int, float]]) -> list[float]:
        """The probability of each class (in `classes` order)."""
        if len(self.classes) == 1:
            return [1.0]
        return probabilities(self.scores(pairs), self.probability)


def expit(x: float) -> float:
    """The logistic function, without overflow.

    >>> expit(0.0), expit(-1000.0), expit(1000.0)
    (0.5, 0.0, 1.0)
    """
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def probabilities(scores: list[float], kind: str) -> list[float]:
    """Class probabilities from decision scores, as scikit-learn's predict_proba computes them.

    >>> probabilities([0.5], "modified_huber"), probabilities([-3.0, -2.0, -1.5], "modified_huber")
    ([0.25, 0.75], [0.3333333333333333, 0.3333333333333333, 0.3333333333333333])
    >>> [round(p, 4) for p in probabilities([0.0, 1.0], "softmax")]
    [0.2689, 0.7311]
    """
    if len(scores) == 1:                                   # two classes, one row: the positive class's score
        p = (min(1.0, max(-1.0, scores[0])) + 1.0) / 2.0 if kind == "modified_huber" else expit(scores[0])
        return [1.0 - p, p]
    if kind == "softmax":
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]
    if kind == "modified_huber":
        probs = [(min(1.0, max(-1.0, s)) + 1.0) / 2.0 for s in scores]
    else:
        probs = [expit(s) for s in scores]
    total = sum(probs)
    if total == 0:                                         # every class clipped to 0: uniform, as scikit-learn
        return [1.0 / len(scores)] * len(scores)
    return [p / total for p in probs]


@dataclass(frozen=True)
class LinearModel:
    """Linear models over hashed features, one per target."""
    name: str
    n_features: int
    targets: Mapping[str, LinearTarget]

    def proba(self, features: Mapping[str, float]) -> dict[str, dict]:
        """{target: {class: probability}} of one feature dict."""
        pairs = hashed(features, self.n_features)
        return {name: dict(zip(target.classes, target.proba(pairs))) for name, target in self.targets.items()}


# --- reading, strictly -------------------------------------------------------------------------

def no_constant(name: str):
    raise ModelRefused(f"the model file holds {name}, not a finite number")


def unique_keys(pairs: list) -> dict:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ModelRefused("the model file repeats a key in one object")
    return dict(pairs)


def read_json(path: Path, max_bytes: int = MAX_FILE_BYTES) -> object:
    """The JSON value of a model file, within the size bound; ModelRefused if it is not strict JSON."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as err:
        raise ModelRefused(f"cannot be read ({err.strerror or err})") from None
    if len(raw) > max_bytes:
        raise ModelRefused(f"larger than {max_bytes} bytes")
    if raw[:2] == b"PK" or raw[:1] == b"\x80":
        raise ModelRefused("a ZIP or pickle file, not a gouji model (JSON numbers only)")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=no_constant, object_pairs_hook=unique_keys)
    except ModelRefused:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise ModelRefused(f"not a gouji model (not JSON: {type(err).__name__})") from None


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def exact_keys(value: object, keys: frozenset, where: str) -> dict:
    if not isinstance(value, dict):
        raise ModelRefused(f"{where} must be an object")
    if set(value) != keys:
        extra, missing = sorted(set(value) - keys), sorted(keys - set(value))
        what = f"unexpected key {extra[0]!r}" if extra else f"missing key {missing[0]!r}"
        raise ModelRefused(f"{where}: {what}")
    return value


def numbers(value: object, length: int, where: str) -> tuple[float, ...]:
    """A list of `length` finite numbers as floats (JSON has no NaN here; 1e999 would read as inf).

    >>> numbers([1, 2.5], 2, "x")
    (1.0, 2.5)
    >>> numbers([1, True], 2, "x")
    Traceback (most recent call last):
    ...
    parser.narrative.model_file.ModelRefused: x must hold finite numbers only
    >>> numbers([10 ** 400], 1, "x")
    Traceback (most recent call last):
    ...
    parser.narrative.model_file.ModelRefused: x must hold finite numbers only
    """
    if not isinstance(value, list) or len(value) != length:
        raise ModelRefused(f"{where} must be a list of {length} numbers")
    try:
        if set(map(type, value)) <= {float, int}:
            floats = tuple(map(float, value))                  # an integer of 400 digits overflows here
            if max(map(abs, floats), default=0.0) < math.inf:
                return floats
    except OverflowError:
        pass
    raise ModelRefused(f"{where} must hold finite numbers only")


def read_target(value: object, n_features: int, where: str) -> LinearTarget:
    t = exact_keys(value, TARGET_KEYS, where)
    classes = t["classes"]
    if not (isinstance(classes, list) and 1 <= len(classes) <= MAX_CLASSES
            and all(isinstance(c, bool) or isinstance(c, str) and 0 < len(c) <= MAX_NAME for c in classes)
            and len(set(classes)) == len(classes)):
        raise ModelRefused(f"{where}.classes must be 1 to {MAX_CLASSES} distinct names")
    if t["probability"] not in PROBABILITIES:
        raise ModelRefused(f"{where}.probability must be one of {', '.join(PROBABILITIES)}")
    rows = 0 if len(classes) == 1 else 1 if len(classes) == 2 else len(classes)
    columns = t["columns"]
    if not (isinstance(columns, list) and set(map(type, columns)) <= {int}
            and all(0 <= c < n_features for c in columns[:1] + columns[-1:])):
        raise ModelRefused(f"{where}.columns must be column numbers below {n_features}")
    if any(a >= b for a, b in zip(columns, columns[1:])):        # increasing: the ends bound them all
        raise ModelRefused(f"{where}.columns must be strictly increasing")
    if len(columns) * max(rows, 1) > MAX_WEIGHTS:
        raise ModelRefused(f"{where} has more than {MAX_WEIGHTS} weights")
    intercept = numbers(t["intercept"], rows, f"{where}.intercept")
    coef = t["coef"]
    if not isinstance(coef, list) or len(coef) != rows:
        raise ModelRefused(f"{where}.coef must have {rows} rows")
    matrix = [numbers(row, len(columns), f"{where}.coef[{i}]") for i, row in enumerate(coef)]
    weights = dict(zip(columns, zip(*matrix))) if rows else {}
    return LinearTarget(tuple(classes), t["probability"], intercept, weights)


def load_linear_model(path: Path, targets: Sequence[str], extra_keys: Sequence[str] = ()
                      ) -> tuple[LinearModel, dict]:
    """The model at `path` with exactly these `targets`, and the values of `extra_keys` (each required,
    for the caller to validate); ModelRefused with the first reason it is not one."""
    data = exact_keys(read_json(Path(path)), BASE_KEYS | frozenset(extra_keys), "the model file")
    if data["format"] != FORMAT:
        raise ModelRefused(f"the model file's format is not {FORMAT}")
    if not (isinstance(data["name"], str) and len(data["name"]) <= MAX_NAME):
        raise ModelRefused("the model file's name must be a short string")
    features = exact_keys(data["features"], frozenset({"hashing", "n_features"}), "features")
    n_features = features["n_features"]
    if features["hashing"] != HASHING or not (is_int(n_features) and 1 <= n_features <= MAX_N_FEATURES):
        raise ModelRefused(f"features must be {HASHING} with 1 to {MAX_N_FEATURES} columns")
    exact_keys(data["targets"], frozenset(targets), "targets")
    model = LinearModel(data["name"], n_features,
                        {name: read_target(data["targets"][name], n_features, f"targets.{name}") for name in targets})
    return model, {key: data[key] for key in extra_keys}

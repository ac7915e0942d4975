"""Which Python types a skops model file names, checked against an exact list before anything is loaded.

A skops file is a ZIP whose `schema.json` describes every object to rebuild: its module, class and the
skops loader that rebuilds it. skops' own `trusted=` argument accepts whatever the caller passes, so
gouji reads the schema itself first and refuses the file if any node names a type that is not written
out below, or asks for a loader that calls functions (FunctionNode, MethodNode, ReduceNode …). A type
is trusted by its full dotted name, never by a prefix: `numpy.testing._private.utils.runstring` starts
with `numpy.` and calls `exec`.

The list is code, not data: a file beside the model that widened it could be tampered with as easily
as the model itself.
"""
from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

TRUSTED_TYPES = frozenset({
    # containers and the scalars skops stores as JSON
    "builtins.dict", "builtins.list", "builtins.tuple", "builtins.str", "builtins.int", "builtins.float",
    "builtins.bool", "builtins.NoneType",
    # arrays and the dtypes their TypeNodes name
    "numpy.ndarray", "numpy.float64", "numpy.float32", "numpy.int64", "numpy.int32", "numpy.bool_",
    "numpy.str_", "numpy.object_",
    "scipy.sparse._csr.csr_matrix", "scipy.sparse._csc.csc_matrix",
    # the estimators `gouji train` writes (training.train.CANDIDATES)
    "sklearn.pipeline.Pipeline",
    "sklearn.feature_extraction._hash.FeatureHasher",
    "sklearn.linear_model._stochastic_gradient.SGDClassifier",
    "sklearn.linear_model._sgd_fast.ModifiedHuber",
    "sklearn.linear_model._sgd_fast.Hinge",
    "sklearn._loss._loss.CyHalfBinomialLoss",
    "sklearn._loss._loss.CyHalfMultinomialLoss",
})
TRUSTED_LOADERS = frozenset({
    "DictNode", "ListNode", "TupleNode", "JsonNode", "TypeNode", "NdArrayNode", "SparseMatrixNode",
    "ObjectNode", "LossNode",
})
MAX_SCHEMA_BYTES = 50_000_000
MAX_NODES = 1_000_000


class UntrustedModel(ValueError):
    """The model file names a type or loader outside the exact lists, or its schema cannot be read."""


def schema_types(schema: object) -> Iterator[tuple[str, str]]:
    """(dotted type, loader) of every node of a skops schema, walked without recursion.

    >>> list(schema_types({"__module__": "builtins", "__class__": "dict", "__loader__": "DictNode",
    ...                    "content": {"a": {"__module__": "numpy", "__class__": "ndarray", "__loader__": "NdArrayNode"}}}))
    [('builtins.dict', 'DictNode'), ('numpy.ndarray', 'NdArrayNode')]
    """
    stack, seen = [schema], 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            raise UntrustedModel(f"the model schema has more than {MAX_NODES} nodes")
        if isinstance(node, dict):
            if "__loader__" in node or "__class__" in node:
                yield f"{node.get('__module__')}.{node.get('__class__')}", str(node.get("__loader__"))
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def check_model_file(path: Path) -> list[str]:
    """The types the file names that skops does not trust by itself, after every type and loader it
    names was found in the exact lists; raise UntrustedModel naming the first that was not."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("schema.json")
            if info.file_size > MAX_SCHEMA_BYTES:
                raise UntrustedModel(f"the model schema is {info.file_size} bytes")
            schema = json.loads(archive.read(info))
    except UntrustedModel:
        raise
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, RecursionError) as err:
        raise UntrustedModel(f"cannot read the model schema: {err}") from None
    names = set()
    for name, loader in schema_types(schema):
        if loader not in TRUSTED_LOADERS:
            raise UntrustedModel(f"the model file asks for the loader {loader} ({name}), which gouji does not trust")
        if name not in TRUSTED_TYPES:
            raise UntrustedModel(f"the model file holds a type gouji does not trust: {name}")
        names.add(name)
    return sorted(names)

"""The one JSON export of the package: every JSON it writes or prints (``hasil.json``,
``manifest.json``, the sensitivity, frontier, comparison, weights and sweep JSON) is
:func:`to_json` of a mapping, and every "JSON-ready" mapping is made of the plain
values of :func:`plain`.

The convention: UTF-8 text as it is (no ``\\u`` escapes), two-space indent, keys in the
order given, a value that is not a finite number (NaN, infinity, ``pd.NA``) is
``null``, and numpy and pandas scalars are Python numbers. Nothing here writes a file.

Example:
    >>> import numpy as np
    >>> print(to_json({"nilai": np.float64(1.5), "tahun": np.int64(2026), "gap": np.nan}))
    {
      "nilai": 1.5,
      "tahun": 2026,
      "gap": null
    }
    >>> to_json({"judul": "Air bersih – Solok"}, indent=None)
    '{"judul": "Air bersih – Solok"}'
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd


def plain(value: Any) -> Any:
    """``value`` as plain JSON values: mappings with text keys, lists, text, numbers,
    booleans and ``None``; a number that is not finite, and a missing value, is
    ``None``.

    Example:
        >>> import numpy as np
        >>> plain({1: (np.int64(2), float("inf")), "a": np.array([0.5, np.nan])})
        {'1': [2, None], 'a': [0.5, None]}
        >>> plain(pd.NA) is None, plain(np.bool_(True))
        (True, True)
    """
    kind = type(value)  # the plain types first, by exact type: hasil.json holds millions
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is dict:
        return {str(k): plain(v) for k, v in value.items()}
    if kind is list:
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "tolist") and getattr(value, "ndim", 0) > 0:  # a numpy array
        return [plain(v) for v in value.tolist()]
    if value is pd.NA:
        return None
    if hasattr(value, "item"):  # a numpy (or pandas) scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def to_json(value: Any, *, indent: int | None = 2) -> str:
    """``value`` (made :func:`plain`) as JSON text in the package's convention (see the
    module docstring), without a final newline.

    Example: see the module docstring.
    """
    return json.dumps(plain(value), ensure_ascii=False, indent=indent, allow_nan=False)

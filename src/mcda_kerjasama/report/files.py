"""Safe file output: atomic writes and spreadsheet-formula neutralisation.

Example:
    >>> neutralise("=HYPERLINK(\\"x\\")")
    '\\'=HYPERLINK("x")'
    >>> neutralise("Air bersih")
    'Air bersih'
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Text a spreadsheet would run as a formula, prefixed with ``'`` so it stays text.

    Example: see the module docstring.
    """
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a
    rename, so ``path`` is either the old file or the complete new one, never half.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
        >>> write_atomic(p, b"ok"); p.read_bytes()
        b'ok'
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_files(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every ``name -> content`` into ``folder`` atomically; the paths written.

    Example:
        >>> import tempfile, pathlib
        >>> [p.name for p in write_files(pathlib.Path(tempfile.mkdtemp()), {"a.txt": b"1"})]
        ['a.txt']
    """
    paths = []
    for name, content in files.items():
        write_atomic(folder / name, content)
        paths.append(folder / name)
    return paths

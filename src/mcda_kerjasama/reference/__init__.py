"""Reference data shipped with the package: urusan (government affairs) and regions.

Loaded with :mod:`importlib.resources`, cached, and returned as read-only copies.

Example:
    >>> load_urusan().loc["1.02", "nama"]
    'Kesehatan'
    >>> resolve_urusan("kesehatan").code
    '1.02'
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal

import pandas as pd

URUSAN_CATEGORIES = ("wajib_pelayanan_dasar", "wajib_non_pelayanan_dasar", "pilihan")


def _read(name: str) -> pd.DataFrame:
    with (files(__package__) / name).open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


@cache
def _urusan() -> pd.DataFrame:
    return _read("urusan.csv").set_index("kode")


def load_urusan() -> pd.DataFrame:
    """The 32 concurrent urusan (UU 23/2014): index ``kode`` (``"1.02"``), columns
    ``nama`` and ``kategori``.

    Example:
        >>> len(load_urusan())
        32
    """
    return _urusan().copy()


def load_provinces() -> pd.DataFrame:
    """The 38 provinces with their numbers of kabupaten and kota, indexed by code.

    Example:
        >>> load_provinces().loc["13", "nama"]
        'Sumatera Barat'
    """
    frame = _read("provinsi.csv").set_index("kode")
    return frame.astype({"jumlah_kabupaten": int, "jumlah_kota": int})


def load_sumbar_regions() -> pd.DataFrame:
    """The 19 kabupaten/kota of Sumatera Barat (province code 13), indexed by code.

    Example:
        >>> load_sumbar_regions().loc["13.71", "nama"]
        'Kota Padang'
    """
    return _read("wilayah_sumbar.csv").set_index("kode")


@dataclass(frozen=True)
class UrusanMatch:
    """How a cell's urusan text was understood.

    ``how`` is ``"code"`` for an exact code, ``"name"`` for a (loosely) matched name and
    ``None`` when nothing matched; then ``suggestion`` holds the closest known entry.
    """

    code: str | None
    how: Literal["code", "name"] | None
    suggestion: str | None = None


_SPELLING = (("pelindungan", "perlindungan"), ("perumahan rakyat dan", "perumahan dan"))


def _normalise_name(name: str) -> str:
    name = re.sub(r"[^a-z0-9 ]+", " ", name.lower())
    name = " ".join(name.split())
    for variant, canonical in _SPELLING:
        name = name.replace(variant, canonical)
    return name


@cache
def _names() -> dict[str, str]:
    return {_normalise_name(str(n)): str(c) for c, n in _urusan()["nama"].items()}


def normalise_urusan_code(value: object) -> str:
    """A code as written in a cell, made canonical: Excel turns ``2.10`` into ``2.1``.

    Example:
        >>> normalise_urusan_code(2.1), normalise_urusan_code(" 1.02 ")
        ('2.10', '1.02')
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:.2f}"
    text = str(value).strip()
    if re.fullmatch(r"\d\.\d", text):
        return f"{text}0"
    return text


def resolve_urusan(value: object) -> UrusanMatch:
    """Find the urusan a cell means: by code first, then loosely by name.

    Example:
        >>> resolve_urusan("Perumahan dan Kawasan Permukiman")
        UrusanMatch(code='1.04', how='name', suggestion=None)
        >>> resolve_urusan("Kesehatn").suggestion
        '1.02 Kesehatan'
    """
    table = _urusan()
    code = normalise_urusan_code(value)
    if code in table.index:
        return UrusanMatch(code, "code")
    names = _names()
    key = _normalise_name(str(value))
    if key in names:
        return UrusanMatch(names[key], "name")
    if re.fullmatch(r"\d+(\.\d+)*", code):
        close = difflib.get_close_matches(code, list(table.index), n=1, cutoff=0.5)
    else:
        close = [names[m] for m in difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)]
    suggestion = f"{close[0]} {table.loc[close[0], 'nama']}" if close else None
    return UrusanMatch(None, None, suggestion)

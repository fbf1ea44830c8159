"""A coordination's records: the members, the joint cooperations, the coordination as a
whole, and how region names are compared.

Example:
    >>> normalise_name("  Kab. Padang  Pariaman"), normalise_name("Pemko Padang")
    ('kabupaten padang pariaman', 'kota padang')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from mcda_kerjasama.coordination.config import Spec
from mcda_kerjasama.errors import Problem
from mcda_kerjasama.pipeline import Prepared
from mcda_kerjasama.scenario import Scenario

#: Two amounts closer than this (rupiah) are the same share.
COST_TOLERANCE = 0.5
#: A stated score closer than this to the computed one is the same.
SCORE_TOLERANCE = 0.005


@dataclass(frozen=True)
class Member:
    """A member mapping: its name, the other names partners may use, its scenario and
    its inputs checked, scored and made a selection problem."""

    name: str
    aliases: tuple[str, ...]
    scenario: Scenario
    prepared: Prepared

    @property
    def data(self) -> pd.DataFrame:
        """Every proposal of its list (index = id)."""
        return self.prepared.checked.proposals.data


@dataclass(frozen=True)
class Joint:
    """A confirmed joint cooperation: ``parties`` in table order; per party its own
    proposal id, yearly share (``cost``), ``staff`` and ``score`` (0-100, by its own
    criteria and weights); ``duration``, the ``earliest_start`` every party can make,
    ``nature`` (wajib | sukarela), ``urusan``, and each party's row in the table."""

    id: str
    title: str
    parties: tuple[str, ...]
    proposals: Mapping[str, str]
    cost: Mapping[str, float]
    staff: Mapping[str, float]
    score: Mapping[str, float]
    duration: int
    earliest_start: int
    nature: str
    urusan: str
    rows: Mapping[str, int]
    note: str = ""


@dataclass(frozen=True)
class Coordination:
    """Everything a coordination solve needs, checked: the file's settings (``spec``),
    the members, the joint cooperations, the bordering pairs and the warnings."""

    spec: Spec
    members: tuple[Member, ...]
    joint: tuple[Joint, ...]
    neighbours: frozenset[frozenset[str]]
    warnings: tuple[Problem, ...]

    @property
    def years(self) -> tuple[int, ...]:
        """The planning years (every member's)."""
        return self.members[0].scenario.years

    def member(self, name: str) -> Member:
        """The member called ``name``."""
        return next(m for m in self.members if m.name == name)

    def joints_of(self, name: str) -> tuple[Joint, ...]:
        """The joint cooperations ``name`` is a party to."""
        return tuple(j for j in self.joint if name in j.parties)


_SPACES = re.compile(r"\s+")
_ABBREVIATIONS = (
    (r"^kab\.?\s+", "kabupaten "),
    (r"^pemkab\.?\s+", "kabupaten "),
    (r"^pemko(t)?\.?\s+", "kota "),
    (r"^prov\.?\s+", "provinsi "),
    (r"^pemprov\.?\s+", "provinsi "),
    (r"^pemerintah\s+", ""),
)


def normalise_name(name: str) -> str:
    """A region's name as written, made comparable: lower case, single spaces, common
    abbreviations written out (``Kab.`` -> ``kabupaten``, ``Pemko`` -> ``kota``).

    Example:
        >>> normalise_name("  Kab. Padang  Pariaman"), normalise_name("Pemko Padang")
        ('kabupaten padang pariaman', 'kota padang')
    """
    text = _SPACES.sub(" ", str(name).strip().lower())
    for pattern, written in _ABBREVIATIONS:
        text = re.sub(pattern, written, text)
    return text


def names_of(member: Member) -> set[str]:
    """The normalised names a member goes by (its name and aliases)."""
    return {normalise_name(n) for n in (member.name, *member.aliases)}

"""The seeded, vectorised generator of synthetic proposal tables and its parameters.

One :func:`numpy.random.default_rng` stream draws every column; the distributions are
described in :mod:`mcda_kerjasama.datasets`.

Example:
    >>> df = generate_proposals(500, seed=1)
    >>> sorted(df["jenis"].unique()) == sorted(KINDS), bool((df["biaya"] % COST_STEP == 0).all())
    (True, True)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.special import ndtr

from mcda_kerjasama.datasets.names import (
    AGENCIES,
    CROSS_CUTTING_MINISTRIES,
    FOREIGN_GOVERNMENTS,
    FOREIGN_INSTITUTIONS,
    MINISTRIES,
    PHRASES,
    THIRD_PARTIES,
    _kabkota_names,
    _neighbour_provinces,
    _provinces,
    _title_form,
    _urusan_codes,
)

COLUMNS: tuple[str, ...] = (
    "kode",
    "judul",
    "opd",
    "urusan",
    "jenis",
    "sifat",
    "mitra",
    "biaya",
    "staf",
    "durasi",
    "tahun_mulai",
    "status",
    "prasyarat",
    "kelompok",
    "rpjmd",
    "saling_menguntungkan",
    "kebutuhan_nyata",
    "potensi",
    "keberlanjutan",
    "inklusif",
)
"""Canonical column names, in the order :func:`generate_proposals` returns them."""

CRITERIA: tuple[str, ...] = COLUMNS[-5:]
"""The five criterion score columns of the project's default criterion set."""

ATTRS_KEY = "mcda_kerjasama.datasets"
"""Key of ``DataFrame.attrs`` holding the generator's arguments (used for provenance)."""

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
ObjArray = npt.NDArray[np.object_]

# --- the proposing agencies -----------------------------------------------------------
ZIPF_EXPONENT = 0.8
MAIN_URUSAN_WEIGHT = 2.0

# --- kinds and partners ---------------------------------------------------------------
KINDS: tuple[str, ...] = ("KSDD", "KSDPK", "SINERGI", "KSDPL", "KSDLL")
KIND_SHARES: tuple[float, ...] = (0.45, 0.25, 0.15, 0.10, 0.05)
MANDATORY_SHARE = 0.10  # of KSDD rows
KSDD_KABKOTA_SHARE = 0.80
SECTOR_MINISTRY_SHARE = 0.80

# --- amounts, durations, statuses, structure -----------------------------------------
COST_MEDIAN = 750_000_000
COST_SIGMA = 1.25
COST_MIN = 25_000_000
COST_MAX = 25_000_000_000
COST_STEP = 5_000_000
ZERO_COST_SINERGI_SHARE = 2 / 15
STAFF_AT_MEDIAN = 3.0
STAFF_SIGMA = 0.35
STAFF_MAX = 24.0
DURATIONS: tuple[int, ...] = (1, 2, 3, 4, 5)
DURATION_SHARES: tuple[float, ...] = (0.35, 0.30, 0.20, 0.10, 0.05)
LATER_START_SHARE = 0.30
ONGOING_SHARE = 0.06
GROUPED_SHARE = 0.06
GROUP_SIZES: tuple[int, ...] = (2, 3)
GROUP_SIZE_SHARES: tuple[float, ...] = (0.6, 0.4)
DEPENDENT_SHARE = 0.05
SECOND_PREREQUISITE_SHARE = 0.15
PLAN_LINK_SHARE = 0.85
PLAN_INDICATORS = 6
SCORE_MEANS: tuple[float, ...] = (3.3, 3.2, 3.3, 3.0, 2.9)
SCORE_LATENT = 0.6
SCORE_NOISE = 0.75
NO_PLAN_NEED_PENALTY = 0.8
NO_MUTUAL_BENEFIT_SHARE = 0.05
# expected share of rows that are neither ongoing nor mandatory (they carry the structure)
FREE_SHARE = (1 - ONGOING_SHARE) * (1 - KIND_SHARES[0] * MANDATORY_SHARE)


# --- helpers ----------------------------------------------------------------------------


def _positions_in_groups(keys: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """For each row: rank among the rows with the same key (by row order).

    Returns ``(position, order, first)`` where ``order`` is the stable sort of the rows by
    key and ``first[i]`` is where row ``i``'s key starts in ``order``.
    """
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    seg = np.repeat(starts, np.diff(np.r_[starts, len(keys)]))
    position = np.empty(len(keys), dtype=np.int64)
    position[order] = np.arange(len(keys)) - seg
    first = np.empty(len(keys), dtype=np.int64)
    first[order] = seg
    return position, order.astype(np.int64), first


def _earlier_same_key(
    groups: tuple[IntArray, IntArray, IntArray], rows: IntArray, uniform: FloatArray
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """A uniformly drawn earlier row with the same key for each of ``rows`` (if any).

    ``groups`` is :func:`_positions_in_groups` of the key; the second array tells which
    rows have an earlier row at all.
    """
    position, order, first = groups
    pos = position[rows]
    ok = pos > 0
    pick = np.floor(uniform * pos).astype(np.int64)
    target = order[np.where(ok, first[rows] + pick, 0)]
    return target, ok


def _labels(prefix: str, count: int, width: int) -> ObjArray:
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, count + 1)], dtype=object)


def _combine(left: ObjArray, right: ObjArray, left_idx: IntArray, right_idx: IntArray) -> ObjArray:
    """``left[left_idx] + right[right_idx]`` building each distinct string only once."""
    pair = left_idx * len(right) + right_idx
    unique, inverse = np.unique(pair, return_inverse=True)
    table = np.array(
        [left[p // len(right)] + right[p % len(right)] for p in unique.tolist()], dtype=object
    )
    return table[inverse.reshape(-1)]


# --- the generator ---------------------------------------------------------------------
def generate_proposals(
    n: int,
    seed: int = 0,
    *,
    region: str = "13",
    first_year: int = 2026,
    years: int = 1,
) -> pd.DataFrame:
    """A synthetic proposal table of ``n`` rows in the canonical column order.

    Args:
        n: number of proposals (0 or more; a million is fine).
        seed: seed of :func:`numpy.random.default_rng`; same arguments, same table.
        region: province code of the proposing region (``reference/provinsi.csv``);
            ``"13"`` (Sumatera Barat) uses the real kabupaten/kota names.
        first_year: first planning year; most proposals can start then.
        years: number of planning years; with more than one, some proposals can start
            only in a later year.

    Returns:
        A DataFrame with the columns of :data:`COLUMNS` (text columns use ``""`` for
        empty, integers for ``biaya``, ``durasi``, ``tahun_mulai`` and the scores, floats
        in steps of 0.5 for ``staf``). ``df.attrs["mcda_kerjasama.datasets"]`` records the
        arguments. The distributions are described in the module docstring.

    Raises:
        ValueError: ``n`` negative, ``years`` below 1 or an unknown ``region``.

    Example:
        >>> df = generate_proposals(3, seed=7)
        >>> list(df.columns[:5])
        ['kode', 'judul', 'opd', 'urusan', 'jenis']
        >>> df["kode"].tolist()
        ['U001', 'U002', 'U003']
        >>> generate_proposals(3, seed=7).equals(df)
        True
    """
    region = str(region)
    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}")
    if years < 1:
        raise ValueError(f"years must be 1 or more, got {years}")
    if region not in set(_provinces().index):
        raise ValueError(f"unknown region {region!r}: use a province code of provinsi.csv")

    rng = np.random.default_rng(seed)
    urusan_codes = np.array(_urusan_codes(), dtype=object)
    urusan_index = {code: i for i, code in enumerate(_urusan_codes())}
    n_urusan = len(urusan_codes)

    # agency and urusan: one draw over the (agency, urusan) pairs
    agency_rank = rng.permutation(len(AGENCIES))
    agency_weight = 1.0 / (agency_rank + 1.0) ** ZIPF_EXPONENT
    pair_agency: list[int] = []
    pair_urusan: list[int] = []
    pair_weight: list[float] = []
    for a, (_, handled) in enumerate(AGENCIES):
        within = np.array([MAIN_URUSAN_WEIGHT] + [1.0] * (len(handled) - 1))
        within /= within.sum()
        for code, w in zip(handled, within, strict=True):
            pair_agency.append(a)
            pair_urusan.append(urusan_index[code])
            pair_weight.append(agency_weight[a] * w)
    p = np.array(pair_weight) / np.sum(pair_weight)
    pair = rng.choice(len(p), size=n, p=p)
    agency = np.array(pair_agency, dtype=np.int64)[pair]
    urusan = np.array(pair_urusan, dtype=np.int64)[pair]
    phrase_variant = rng.integers(0, 2, size=n)

    # kind, nature, status
    kind = rng.choice(len(KINDS), size=n, p=np.array(KIND_SHARES))
    is_ksdd = kind == 0
    mandatory = is_ksdd & (rng.random(n) < MANDATORY_SHARE)
    ongoing = rng.random(n) < ONGOING_SHARE
    committed = mandatory | ongoing  # must-fund rows: kept simple on purpose

    # exclusive groups: variants of one idea share urusan, agency and phrase
    group = np.zeros(n, dtype=np.int64)  # 0 = no group, else 1-based group number
    candidates = np.flatnonzero(~committed)
    n_groups = int(rng.binomial(n, GROUPED_SHARE / float(np.dot(GROUP_SIZES, GROUP_SIZE_SHARES))))
    sizes = rng.choice(np.array(GROUP_SIZES), size=n_groups, p=np.array(GROUP_SIZE_SHARES))
    members = rng.permutation(candidates)
    keep = np.cumsum(sizes) <= len(members)
    sizes = sizes[keep]
    n_groups = len(sizes)
    if n_groups:
        members = members[: int(sizes.sum())]
        member_group = np.repeat(np.arange(n_groups), sizes)
        # the leader is each group's first row; groups are numbered by their leader
        leader = np.full(n_groups, n, dtype=np.int64)
        np.minimum.at(leader, member_group, members)
        renumber = np.empty(n_groups, dtype=np.int64)
        renumber[np.argsort(leader)] = np.arange(1, n_groups + 1)
        group[members] = renumber[member_group]
        source = leader[member_group]
        agency[members] = agency[source]
        urusan[members] = urusan[source]
        phrase_variant[members] = phrase_variant[source]

    # partners: one table of every partner, then an index per row
    kabkota = _kabkota_names(region)
    neighbours = _neighbour_provinces(region)
    ksdd_partners = kabkota + neighbours
    ksdd_p = np.r_[
        np.full(len(kabkota), KSDD_KABKOTA_SHARE / len(kabkota)),
        np.full(len(neighbours), (1 - KSDD_KABKOTA_SHARE) / len(neighbours)),
    ]
    ministries = tuple(MINISTRIES[c] for c in _urusan_codes()) + CROSS_CUTTING_MINISTRIES
    blocks: list[tuple[str, ...]] = [
        ksdd_partners,
        THIRD_PARTIES,
        ministries,
        FOREIGN_GOVERNMENTS,
        FOREIGN_INSTITUTIONS,
    ]
    offsets = np.cumsum([0] + [len(b) for b in blocks])
    partner_names = np.array([name for block in blocks for name in block], dtype=object)
    partner_titles = np.array([" bersama " + _title_form(x) for x in partner_names], dtype=object)
    partner = np.empty(n, dtype=np.int64)
    draws: list[IntArray] = [
        rng.choice(len(ksdd_partners), size=n, p=ksdd_p / ksdd_p.sum()),
        rng.integers(0, len(THIRD_PARTIES), size=n),
        np.where(
            rng.random(n) < SECTOR_MINISTRY_SHARE,
            urusan,
            n_urusan + rng.integers(0, len(CROSS_CUTTING_MINISTRIES), size=n),
        ),
        rng.integers(0, len(FOREIGN_GOVERNMENTS), size=n),
        rng.integers(0, len(FOREIGN_INSTITUTIONS), size=n),
    ]
    for k, draw in enumerate(draws):
        mask = kind == k
        partner[mask] = offsets[k] + draw[mask]

    # money, staff, time
    cost = np.exp(np.log(COST_MEDIAN) + COST_SIGMA * rng.standard_normal(n))
    cost = np.round(np.clip(cost, COST_MIN, COST_MAX) / COST_STEP).astype(np.int64) * COST_STEP
    zero_cost = (kind == KINDS.index("SINERGI")) & (rng.random(n) < ZERO_COST_SINERGI_SHARE)
    cost[zero_cost] = 0
    staff_noise = np.exp(STAFF_SIGMA * rng.standard_normal(n))
    staff = STAFF_AT_MEDIAN * np.sqrt(cost / COST_MEDIAN) * staff_noise
    staff = np.clip(np.round(staff * 2) / 2, 0.5, STAFF_MAX)
    staff[zero_cost] = rng.integers(0, 3, size=n)[zero_cost] / 2
    duration = np.array(DURATIONS, dtype=np.int64)[
        rng.choice(len(DURATIONS), size=n, p=np.array(DURATION_SHARES))
    ]
    start = np.full(n, first_year, dtype=np.int64)
    later_draw = rng.integers(1, max(years, 2), size=n)
    later = (years > 1) & ~ongoing & (rng.random(n) < LATER_START_SHARE)
    start[later] += later_draw[later]

    # prerequisites: earlier rows of the same agency or urusan
    dependent = np.flatnonzero(~committed & (rng.random(n) < DEPENDENT_SHARE / (1 - 0.06 - 0.045)))
    by_agency = rng.random(n)[dependent] < 0.5
    second = rng.random(n)[dependent] < SECOND_PREREQUISITE_SHARE
    u1 = rng.random(n)[dependent]
    u2 = rng.random(n)[dependent]
    agency_groups = _positions_in_groups(agency)
    urusan_groups = _positions_in_groups(urusan)
    t_agency, ok_agency = _earlier_same_key(agency_groups, dependent, u1)
    t_urusan, ok_urusan = _earlier_same_key(urusan_groups, dependent, u1)
    s_agency, sok_agency = _earlier_same_key(agency_groups, dependent, u2)
    s_urusan, sok_urusan = _earlier_same_key(urusan_groups, dependent, u2)
    first_dep = np.where(by_agency, t_agency, t_urusan)
    first_ok = np.where(by_agency, ok_agency, ok_urusan)
    second_dep = np.where(by_agency, s_urusan, s_agency)
    second_ok = second & np.where(by_agency, sok_urusan, sok_agency) & (second_dep != first_dep)
    own_group = group[dependent]
    first_ok &= (own_group == 0) | (group[first_dep] != own_group)
    second_ok &= (own_group == 0) | (group[second_dep] != own_group)

    # plan link and scores
    has_plan = rng.random(n) < PLAN_LINK_SHARE
    indicator = rng.integers(0, PLAN_INDICATORS, size=n)
    latent = rng.standard_normal(n)
    noise = rng.standard_normal((len(CRITERIA), n))
    means = np.array(SCORE_MEANS)[:, None] + np.zeros((1, n))
    means[1] -= NO_PLAN_NEED_PENALTY * ~has_plan
    raw = means + SCORE_LATENT * latent + SCORE_NOISE * noise
    scores = np.clip(np.rint(raw), 1, 5).astype(np.int64)
    weak = ndtr(-latent)  # in (0, 1), mean 1/2: weak proposals lack mutual benefit more often
    no_benefit = ~committed & (rng.random(n) < 2 * NO_MUTUAL_BENEFIT_SHARE / FREE_SHARE * weak)
    scores[0] = np.where(no_benefit, 1, np.maximum(scores[0], 2))

    # text columns
    width = max(3, len(str(n)))
    codes = np.array([f"U{i:0{width}d}" for i in range(1, n + 1)], dtype=object)
    phrases = np.array([PHRASES[c][v] for c in _urusan_codes() for v in (0, 1)], dtype=object)
    titles = _combine(phrases, partner_titles, urusan * 2 + phrase_variant, partner)
    agency_names = np.array([name for name, _ in AGENCIES], dtype=object)
    nature = np.where(mandatory, "wajib", np.where(is_ksdd, "sukarela", "")).astype(object)
    status = np.where(ongoing, "berjalan", "usulan").astype(object)
    plan_table = np.array(
        [f"IKU-{c}-{k + 1:02d}" for c in _urusan_codes() for k in range(PLAN_INDICATORS)],
        dtype=object,
    )
    plan = np.where(has_plan, plan_table[urusan * PLAN_INDICATORS + indicator], "").astype(object)
    group_width = max(2, len(str(n_groups)))
    group_labels = np.r_[np.array([""], dtype=object), _labels("G", n_groups, group_width)]
    requires = np.full(n, "", dtype=object)
    for row, a, a_ok, b, b_ok in zip(
        dependent.tolist(),
        first_dep.tolist(),
        first_ok.tolist(),
        second_dep.tolist(),
        second_ok.tolist(),
        strict=True,
    ):
        ids = sorted({t for t, ok in ((a, a_ok), (b, b_ok)) if ok})
        requires[row] = ";".join(codes[t] for t in ids)

    columns: dict[str, Any] = {
        "kode": codes,
        "judul": titles,
        "opd": agency_names[agency],
        "urusan": urusan_codes[urusan],
        "jenis": np.array(KINDS, dtype=object)[kind],
        "sifat": nature,
        "mitra": partner_names[partner],
        "biaya": cost,
        "staf": staff.astype(np.float64),
        "durasi": duration,
        "tahun_mulai": start,
        "status": status,
        "prasyarat": requires,
        "kelompok": group_labels[group],
        "rpjmd": plan,
    }
    for name, values in zip(CRITERIA, scores, strict=True):
        columns[name] = values
    df = pd.DataFrame(columns, columns=list(COLUMNS))
    df.attrs[ATTRS_KEY] = {
        "n": n,
        "seed": seed,
        "region": region,
        "first_year": first_year,
        "years": years,
    }
    return df

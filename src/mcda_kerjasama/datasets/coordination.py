"""Synthetic coordinations: a province with its kabupaten/kota, or the whole country
(38 provinces, 514 kabupaten/kota), each member with its own proposals, budget and
weights, and joint cooperations between neighbours, each listed in both parties' own
lists. **Everything is synthetic**: the proposals, every rupiah, the weights and the
joint cooperations; the region names come from the reference data (real names for
Sumatera Barat, placeholders such as ``Kabupaten Jawa Barat 07`` elsewhere).

Neighbours. No adjacency data ships with the package. For Sumatera Barat,
:data:`SUMBAR_BORDERS` lists which of its kabupaten/kota border each other as drawn on
public maps, entered by hand for this example (approximate, not from an official
source: check before relying on it; the Mentawai islands border no other member by
land). Everywhere else the neighbours are **synthetic**: each kabupaten/kota gets a
random place in its province, every kabupaten borders its three nearest kabupaten and
every kota its nearest one or two, and provinces with consecutive codes on the same
island group border each other through two pairs of their kabupaten.

Joint cooperations join two neighbours (a few between a province and its own
kabupaten/kota, and between bordering provinces): each party gets its own proposal
(same urusan, title and duration; its own share of the cost, staff and scores), and
``bersama`` lists them. About one in six between bordering kabupaten/kota is mandatory
(*wajib*).

Example:
    >>> g = generate_coordination("13", seed=1, proposals=30, province_proposals=40)
    >>> len(g.members), g.members[0].name, g.synthetic_neighbours
    (20, 'Provinsi Sumatera Barat', False)
    >>> joint = g.joint
    >>> sorted(joint.groupby("kode")["pihak"].count().unique().tolist())
    [2]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mcda_kerjasama.datasets.generate import COLUMNS, generate_proposals
from mcda_kerjasama.datasets.names import AGENCIES, PHRASES, _kabkota_names, _provinces
from mcda_kerjasama.datasets.write import write_proposals

if TYPE_CHECKING:
    from mcda_kerjasama.coordination.link import Coordination

#: Bordering kabupaten/kota of Sumatera Barat, as drawn on public maps (entered by hand;
#: approximate, not from an official source).
SUMBAR_BORDERS: tuple[tuple[str, str], ...] = (
    ("Kabupaten Pesisir Selatan", "Kota Padang"),
    ("Kabupaten Pesisir Selatan", "Kabupaten Solok"),
    ("Kabupaten Pesisir Selatan", "Kabupaten Solok Selatan"),
    ("Kabupaten Solok", "Kota Padang"),
    ("Kabupaten Solok", "Kabupaten Solok Selatan"),
    ("Kabupaten Solok", "Kabupaten Tanah Datar"),
    ("Kabupaten Solok", "Kabupaten Padang Pariaman"),
    ("Kabupaten Solok", "Kabupaten Sijunjung"),
    ("Kabupaten Solok", "Kota Solok"),
    ("Kabupaten Solok", "Kota Sawahlunto"),
    ("Kabupaten Sijunjung", "Kabupaten Tanah Datar"),
    ("Kabupaten Sijunjung", "Kabupaten Dharmasraya"),
    ("Kabupaten Sijunjung", "Kota Sawahlunto"),
    ("Kabupaten Tanah Datar", "Kabupaten Padang Pariaman"),
    ("Kabupaten Tanah Datar", "Kabupaten Agam"),
    ("Kabupaten Tanah Datar", "Kabupaten Lima Puluh Kota"),
    ("Kabupaten Tanah Datar", "Kota Padang Panjang"),
    ("Kabupaten Tanah Datar", "Kota Sawahlunto"),
    ("Kabupaten Padang Pariaman", "Kota Padang"),
    ("Kabupaten Padang Pariaman", "Kabupaten Agam"),
    ("Kabupaten Padang Pariaman", "Kota Pariaman"),
    ("Kabupaten Padang Pariaman", "Kota Padang Panjang"),
    ("Kabupaten Agam", "Kabupaten Lima Puluh Kota"),
    ("Kabupaten Agam", "Kabupaten Pasaman"),
    ("Kabupaten Agam", "Kabupaten Pasaman Barat"),
    ("Kabupaten Agam", "Kota Bukittinggi"),
    ("Kabupaten Lima Puluh Kota", "Kabupaten Pasaman"),
    ("Kabupaten Lima Puluh Kota", "Kota Payakumbuh"),
    ("Kabupaten Pasaman", "Kabupaten Pasaman Barat"),
    ("Kabupaten Dharmasraya", "Kabupaten Solok Selatan"),
)

#: Urusan with cross-border effects that joint cooperations are drawn from.
JOINT_URUSAN: tuple[str, ...] = (
    "1.02", "1.03", "1.05", "2.07", "2.09", "2.11", "2.15", "2.17", "3.25", "3.26", "3.27",
)  # fmt: skip
JOINT_COST_MEDIAN = 900_000_000
COST_STEP = 5_000_000
MANDATORY_SHARE = 1 / 6
BUDGET_SHARE = 0.25
STAFF_SHARE = 0.5


@dataclass(frozen=True)
class GeneratedMember:
    """One synthetic member: name, kind (provinsi | kabupaten | kota), province code, a
    folder-friendly ``slug``, its proposals (canonical columns), yearly budget and staff
    cap, and its criterion weights."""

    name: str
    kind: str
    province: str
    slug: str
    proposals: pd.DataFrame
    budget: int
    staff: float
    weights: dict[str, float]


@dataclass(frozen=True)
class GeneratedCoordination:
    """A synthetic coordination: its members, the joint table (one row per party), the
    bordering pairs and whether they are synthetic, the planning years and the seed."""

    name: str
    region: str
    members: tuple[GeneratedMember, ...]
    joint: pd.DataFrame
    neighbours: pd.DataFrame
    years: tuple[int, ...]
    seed: int
    synthetic_neighbours: bool

    @property
    def n_proposals(self) -> int:
        """Proposals of every member together."""
        return sum(len(m.proposals) for m in self.members)

    def scenario(self, member: GeneratedMember) -> dict[str, object]:
        """The member's scenario as a mapping (what ``scenario.toml`` holds).

        Example:
            >>> g = generate_coordination("13", seed=1, proposals=20, province_proposals=20)
            >>> g.scenario(g.members[1])["constraints"]["budget"] > 0
            True
        """
        return {
            "schema_version": 1,
            "scenario": {
                "name": f"Pemetaan kerja sama {member.name} (sintetis)",
                "region": member.name,
                "years": list(self.years),
                "language": "id",
            },
            "data": {
                "proposals": "usulan.csv",
                "synthetic": True,
                "note": f"synthetic: mcda_kerjasama.datasets.coordination (seed {self.seed})",
            },
            "weights": {"method": "direct", "values": dict(member.weights)},
            "screening": {"require_plan_link": True, "min_score": {"mutual_benefit": 2}},
            "constraints": {"budget": member.budget, "staff": member.staff},
            "solver": {"backend": "highs", "time_limit": 60},
        }

    def build(self) -> Coordination:
        """The coordination in memory, checked (see
        :func:`mcda_kerjasama.coordination.link.build_coordination`).

        Example:
            >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
            >>> len(c.members), c.years
            (6, (2026, 2027))
        """
        from mcda_kerjasama.coordination.link import build_coordination

        members = {m.name: (self.scenario(m), m.proposals) for m in self.members}
        return build_coordination(self.coordination(), members, self.joint, self.neighbours)

    def coordination(self) -> dict[str, object]:
        """The coordination file's content (``koordinasi.toml``), members by slug."""
        return {
            "schema_version": 1,
            "coordination": {"name": self.name, "region": self.region, "language": "id"},
            "data": {
                "joint": "bersama.csv",
                "neighbours": "tetangga.csv",
                "synthetic": True,
                "note": (
                    f"synthetic: mcda_kerjasama.datasets.coordination (seed {self.seed}); "
                    + (
                        "synthetic neighbours"
                        if self.synthetic_neighbours
                        else "neighbours entered by hand from public maps (approximate)"
                    )
                ),
            },
            "members": {m.name: f"anggota/{m.slug}" for m in self.members},
            "objective": {"normalise": "standalone", "guarantee": True, "mandatory": True},
            "solver": {
                # one MILP for a handful of members, member by member from a province up
                "method": "monolithic" if len(self.members) < 8 else "decomposition",
                "backend": "highs",
                "time_limit": 600,
            },
        }


def slug(name: str) -> str:
    """A folder name for a region: lower case, words joined by ``-``.

    Example:
        >>> slug("Kabupaten Lima Puluh Kota")
        'kabupaten-lima-puluh-kota'
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _members_of(code: str) -> list[tuple[str, str]]:
    """(name, kind) of a province and its kabupaten/kota."""
    province = str(_provinces().loc[code, "nama"])
    out = [(f"Provinsi {province}", "provinsi")]
    out += [(n, "kota" if n.startswith("Kota ") else "kabupaten") for n in _kabkota_names(code)]
    return out


def _synthetic_borders(
    names: Sequence[tuple[str, str]], rng: np.random.Generator
) -> list[tuple[str, str]]:
    """Kabupaten border their three nearest kabupaten, kota their one or two nearest
    kabupaten (random places in the unit square)."""
    kab = [n for n, k in names if k == "kabupaten"]
    kota = [n for n, k in names if k == "kota"]
    where = {n: rng.random(2) for n in [*kab, *kota]}
    pairs: set[tuple[str, str]] = set()
    for name in kab:
        others = sorted(
            (float(np.linalg.norm(where[name] - where[o])), o) for o in kab if o != name
        )
        for _, other in others[:3]:
            pairs.add(tuple(sorted((name, other))))  # type: ignore[arg-type]
    for name in kota:
        others = sorted((float(np.linalg.norm(where[name] - where[o])), o) for o in kab)
        for _, other in others[: 1 + int(rng.random() < 0.5)]:
            pairs.add(tuple(sorted((name, other))))  # type: ignore[arg-type]
    return sorted(pairs)


def _agency(urusan: str, kind: str) -> str:
    for name, handled in AGENCIES:
        if urusan in handled:
            return name.replace(" Provinsi", "") if kind != "provinsi" else name
    return "Badan Perencanaan Pembangunan Daerah"


def _member_table(
    name: str, kind: str, code: str, n: int, seed: int, years: int, partners: Sequence[str]
) -> pd.DataFrame:
    """A member's own proposals: the generator's table, with the KSDD partners of a
    kabupaten/kota drawn from its own neighbours and province."""
    df = generate_proposals(n, seed, region=code, years=years)
    rng = np.random.default_rng(seed + 7919)
    if kind != "provinsi":
        df["opd"] = df["opd"].str.replace(" Provinsi", "", regex=False)
        ksdd = (df["jenis"] == "KSDD").to_numpy()
        if partners:
            chosen = np.array(partners, dtype=object)[
                rng.integers(0, len(partners), int(ksdd.sum()))
            ]
            phrase = df.loc[ksdd, "judul"].str.split(" bersama ", n=1).str[0]
            df.loc[ksdd, "mitra"] = chosen
            df.loc[ksdd, "judul"] = phrase + " bersama " + chosen
    return df


def _shares(rng: np.random.Generator, n: int) -> np.ndarray:
    cost = np.exp(np.log(JOINT_COST_MEDIAN) + 0.8 * rng.standard_normal(n))
    return np.round(np.clip(cost, 50e6, 8e9) / COST_STEP) * COST_STEP


def _weights(rng: np.random.Generator) -> dict[str, float]:
    keys = ("mutual_benefit", "real_need", "potential", "sustainability", "inclusiveness")
    raw = rng.dirichlet(np.array([6.0, 5.0, 4.0, 3.0, 2.0]) * 4)
    rounded = np.round(raw, 2)
    rounded[0] += round(1.0 - float(rounded.sum()), 2)
    return {k: round(float(v), 2) for k, v in zip(keys, rounded, strict=True)}


def generate_coordination(
    region: str | None = "13",
    *,
    seed: int = 2026,
    proposals: int = 118,
    province_proposals: int = 140,
    years: int = 2,
    joints_per_border: float = 2.0,
    first_year: int = 2026,
) -> GeneratedCoordination:
    """A synthetic coordination of a province (``region``: its code) with its
    kabupaten/kota, or of the whole country (``region=None``: 38 provinces and 514
    kabupaten/kota). ``proposals``: own proposals of each kabupaten/kota before its
    joint ones (``province_proposals`` for a province); ``joints_per_border``: joint
    cooperations per bordering pair, on average. Same arguments, same coordination.

    Example: see the module docstring.
    """
    rng = np.random.default_rng(seed)
    codes = list(_provinces().index) if region is None else [str(region)]
    names: list[tuple[str, str, str]] = []  # (name, kind, province code)
    borders: list[tuple[str, str]] = []
    synthetic = region is None or region != "13"
    for code in codes:
        of_province = _members_of(code)
        names += [(n, k, code) for n, k in of_province]
        kabkota = [(n, k) for n, k in of_province if k != "provinsi"]
        borders += list(SUMBAR_BORDERS) if code == "13" else _synthetic_borders(kabkota, rng)
    if region is None:  # provinces in a row on one island group border each other
        for a, b in itertools.pairwise(codes):
            if a[0] != b[0]:
                continue
            borders.append(
                (
                    f"Provinsi {_provinces().loc[a, 'nama']}",
                    f"Provinsi {_provinces().loc[b, 'nama']}",
                )
            )
            kab_a = [n for n, k in _members_of(a) if k == "kabupaten"]
            kab_b = [n for n, k in _members_of(b) if k == "kabupaten"]
            for _ in range(2):
                borders.append((kab_a[rng.integers(len(kab_a))], kab_b[rng.integers(len(kab_b))]))
    borders = sorted({tuple(sorted(p)) for p in borders})  # type: ignore[misc]
    adjacent: dict[str, list[str]] = {n: [] for n, _, _ in names}
    for a, b in borders:
        adjacent[a].append(b)
        adjacent[b].append(a)
    province_of = {n: c for n, _, c in names}
    kind_of = {n: k for n, k, _ in names}

    # each member's own list
    tables: dict[str, pd.DataFrame] = {}
    for i, (name, kind, code) in enumerate(names):
        provincial = f"Provinsi {_provinces().loc[code, 'nama']}"
        partners = [*adjacent[name], *([provincial] if kind != "provinsi" else [])]
        n = province_proposals if kind == "provinsi" else proposals
        tables[name] = _member_table(name, kind, code, n, seed * 1000 + i, years, partners)

    # joint cooperations: bordering pairs, and a province with some of its kabupaten/kota
    pairs = [(a, b, "border") for a, b in borders]
    for name, kind, code in names:
        if kind != "provinsi" and rng.random() < 0.6:
            pairs.append((f"Provinsi {_provinces().loc[code, 'nama']}", name, "province"))
    joint_rows: list[dict[str, object]] = []
    extra: dict[str, list[dict[str, object]]] = {n: [] for n in tables}
    number = 0
    for a, b, why in pairs:
        for _ in range(int(rng.poisson(joints_per_border if why == "border" else 1.0))):
            number += 1
            urusan = str(JOINT_URUSAN[rng.integers(len(JOINT_URUSAN))])
            phrase = PHRASES[urusan][int(rng.integers(2))]
            duration = int(rng.choice([1, 2, 3, 4], p=[0.3, 0.35, 0.25, 0.1]))
            mandatory = (
                why == "border" and kind_of[a] != "provinsi" and rng.random() < MANDATORY_SHARE
            )
            nature = "wajib" if mandatory else "sukarela"
            starts = first_year + (rng.random(2) < 0.2) * rng.integers(1, max(years, 2), 2)
            starts = np.minimum(starts, first_year + years - 1)
            joint_id = f"KB-{number:04d}"
            costs = _shares(rng, 2)
            interest = rng.normal(0.0, 0.7, 2)  # how much each party gains from it
            for (party, other), cost, start, gain in zip(
                ((a, b), (b, a)), costs, starts, interest, strict=True
            ):
                kind = kind_of[party]
                raw = 3.0 + gain + 0.75 * rng.standard_normal(5)
                scores = np.clip(np.rint(raw), 1, 5).astype(int)
                scores[0] = max(int(scores[0]), 2)
                row = {
                    "judul": f"{phrase} bersama {other}",
                    "opd": _agency(urusan, kind),
                    "urusan": urusan,
                    "jenis": "KSDD",
                    "sifat": nature,
                    "mitra": other,
                    "biaya": int(cost),
                    "staf": float(np.clip(np.round(3 * np.sqrt(cost / 7.5e8) * 2) / 2, 0.5, 24)),
                    "durasi": duration,
                    "tahun_mulai": int(start),
                    "status": "usulan",
                    "prasyarat": "",
                    "kelompok": "",
                    "rpjmd": f"IKU-{urusan}-0{1 + int(rng.integers(6))}",
                    "saling_menguntungkan": int(scores[0]),
                    "kebutuhan_nyata": int(scores[1]),
                    "potensi": int(scores[2]),
                    "keberlanjutan": int(scores[3]),
                    "inklusif": int(scores[4]),
                }
                extra[party].append(row)
                joint_rows.append(
                    {
                        "kode": joint_id,
                        "judul": f"{phrase} ({a} - {b})",
                        "pihak": party,
                        "usulan": None,  # filled below, once the id is known
                        "biaya": int(cost),
                        "durasi": duration,
                        "sifat": nature,
                        "urusan": urusan,
                        "catatan": "sintetis / synthetic",
                        "_row": len(extra[party]) - 1,
                    }
                )
    members = []
    for name, kind, _ in names:
        own = tables[name]
        start = len(own)
        added = pd.DataFrame(extra[name], columns=[c for c in COLUMNS if c != "kode"])
        width = max(3, len(str(start + len(added))))
        table = pd.concat([own.drop(columns="kode"), added], ignore_index=True)
        table.insert(0, "kode", [f"U{i:0{width}d}" for i in range(1, len(table) + 1)])
        for column in ("biaya", "durasi", "tahun_mulai", *COLUMNS[-5:]):
            table[column] = table[column].astype(int)
        tables[name] = table
        for row in joint_rows:
            if row["pihak"] == name:
                row["usulan"] = table.loc[start + int(row["_row"]), "kode"]  # type: ignore[call-overload]
        committed = (table["status"] == "berjalan") | (table["sifat"] == "wajib")
        floor = 1.25 * float(table.loc[committed, "biaya"].sum())  # obligations always fit
        budget = int(np.ceil(max(BUDGET_SHARE * float(table["biaya"].sum()), floor) / 1e8) * 1e8)
        staff = float(round(STAFF_SHARE * float(table["staf"].sum())))
        members.append(
            GeneratedMember(
                name, kind, province_of[name], slug(name), table, budget, staff, _weights(rng)
            )
        )
    joint = pd.DataFrame(joint_rows).drop(columns="_row")
    neighbours = pd.DataFrame(borders, columns=["anggota", "tetangga"])
    if region is None:
        title, place = "Koordinasi kerja sama daerah nasional (sintetis)", "Indonesia"
    else:
        province = str(_provinces().loc[codes[0], "nama"])
        last = first_year + years - 1
        title = f"Koordinasi kerja sama daerah {province} {first_year}-{last}"
        place = f"Provinsi {province}"
    return GeneratedCoordination(
        title,
        place,
        tuple(members),
        joint,
        neighbours,
        tuple(range(first_year, first_year + years)),
        seed,
        synthetic,
    )


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value))


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _toml_value(name)


def to_toml(data: dict[str, object], header: str = "") -> str:
    """A mapping of tables as TOML text (what the generated files need, no more).

    Example:
        >>> print(to_toml({"schema_version": 1, "data": {"joint": "bersama.csv"}}))
        schema_version = 1
        <BLANKLINE>
        [data]
        joint = "bersama.csv"
        <BLANKLINE>
    """
    lines = [header] if header else []
    for key, value in data.items():
        if not isinstance(value, dict):
            lines.append(f"{_key(key)} = {_toml_value(value)}")
    for key, value in data.items():
        if isinstance(value, dict):
            lines += ["", f"[{_key(key)}]"]
            lines += [f"{_key(k)} = {_toml_value(v)}" for k, v in value.items()]
    return "\n".join(lines) + "\n"


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    temp.replace(path)


def write_coordination(folder: str | Path, generated: GeneratedCoordination) -> Path:
    """Write a generated coordination as files: ``koordinasi.toml``, ``bersama.csv``,
    ``tetangga.csv`` and one scenario folder per member under ``anggota/``. Returns the
    coordination file. Every file says its data are synthetic.

    Example:
        >>> import tempfile
        >>> g = generate_coordination("13", seed=1, proposals=20, province_proposals=20)
        >>> path = write_coordination(tempfile.mkdtemp(), g)
        >>> path.name, (path.parent / "anggota" / "kota-padang" / "usulan.csv").is_file()
        ('koordinasi.toml', True)
    """
    root = Path(folder)
    note = (
        f"# SINTETIS / SYNTHETIC: generated by mcda_kerjasama.datasets.coordination "
        f"(seed {generated.seed});\n# no proposal, amount, weight or joint cooperation is real."
    )
    for member in generated.members:
        target = root / "anggota" / member.slug
        target.mkdir(parents=True, exist_ok=True)
        write_proposals(member.proposals, target / "usulan.csv")
        _write_text(target / "scenario.toml", to_toml(generated.scenario(member), note))
    joint = generated.joint.copy()
    write_proposals(joint, root / "bersama.csv")
    write_proposals(generated.neighbours, root / "tetangga.csv")
    path = root / "koordinasi.toml"
    _write_text(path, to_toml(generated.coordination(), note))
    return path

"""Seeded generator of realistic **synthetic** proposal tables (usulan kerja sama daerah).

Nothing here is real data: the agencies are real-*style* names of a provincial government,
the partners are real regions or generic parties, and every rupiah amount is invented.
Files written by :func:`write_proposals` say so (the ``keterangan`` sheet of a workbook).

The generator is vectorised with one :func:`numpy.random.default_rng` stream, so the same
``(n, seed, region, first_year, years)`` always gives the same table and a byte-identical
CSV; 100,000 rows take a fraction of a second.

Empty cells
    Optional text columns (``sifat``, ``prasyarat``, ``kelompok``, ``rpjmd``) hold the
    empty string ``""`` when empty, never ``NA``/``NaN``; numeric columns are never empty.
    The CSV writes empty cells as nothing between separators, the workbook as blank cells.

Columns and distributions (shares are expectations; small tables scatter around them)
    ``kode``
        ``U001`` .. ``U115``: ``U`` plus the row number zero-padded to
        ``max(3, len(str(n)))`` digits (``U0001`` for n >= 1000). Unique.
    ``opd``, ``urusan``
        40 agency names (dinas, badan, biro) of a provincial government, each mapped to the
        urusan codes (``reference/urusan.csv``) it plausibly handles. Agencies get a
        Zipf-like share of the proposals (weight ``1 / rank**0.8``, ranks shuffled by the
        seed: the busiest agency sends ~15%, the quietest ~1%); inside an agency its main
        urusan is twice as likely as each of its other ones.
    ``jenis``
        KSDD 45%, KSDPK 25%, SINERGI 15%, KSDPL 10%, KSDLL 5%, independent of the urusan.
    ``sifat``
        ``wajib`` for 10% of KSDD rows, ``sukarela`` for the other KSDD rows, empty for
        every other kind (mandatory cooperation exists only between regions).
    ``mitra``
        KSDD: a kabupaten/kota of the region (80%; for region ``13`` the 19 real names of
        ``reference/wilayah_sumbar.csv``, for other regions placeholders built from the
        counts in ``reference/provinsi.csv``, e.g. ``Kabupaten Jawa Barat 07``) or a
        neighbouring province (20%; for ``13`` Riau, Jambi, Sumatera Utara, Bengkulu, for
        others the provinces of the same island group). KSDPK: generic third parties
        (``PT (BUMN) sektor energi``, ``Perguruan tinggi negeri``, ``Koperasi`` ...; no real
        company). SINERGI: the ministry or agency in charge of the urusan (80%) or a
        cross-cutting one (Bappenas, Kemendagri, BRIN). KSDPL: foreign local governments;
        KSDLL: foreign institutions (JICA, GIZ, KOICA, generic ones).
    ``judul``
        One of two activity phrases of the urusan plus ``bersama`` and the partner, e.g.
        ``Pengembangan destinasi wisata bersama Kota Bukittinggi``. Not unique.
    ``biaya``
        Rupiah per year, integer. Lognormal with median Rp 750 juta and sigma 1.25 (5%-95%
        about Rp 100 juta - Rp 5,8 miliar), clipped to [Rp 25 juta, Rp 25 miliar] and
        rounded to Rp 5 juta. About 2% cost nothing: 2/15 of SINERGI rows (MoU only).
    ``staf``
        Person-months per year, multiples of 0.5 in [0, 24]:
        ``3 * sqrt(biaya / 750 juta) * lognormal(0, 0.35)`` rounded to 0.5, at least 0.5;
        zero-cost rows get 0, 0.5 or 1. Correlated with cost (Spearman ~0.9).
    ``durasi``
        Years 1-5 with shares 35/30/20/10/5%.
    ``tahun_mulai``
        ``first_year``; when ``years > 1``, 30% of the new proposals get a later year,
        uniform in ``first_year + 1 .. first_year + years - 1``. Ongoing rows start in
        ``first_year``.
    ``status``
        ``berjalan`` (ongoing, already committed) 6%, else ``usulan``.
    ``kelompok``
        ~6% of rows sit in exclusive groups ``G01``, ``G02`` ... of 2 (60%) or 3 (40%)
        proposals: variants of one idea, sharing urusan, agency and activity phrase (the
        partner may differ). Ongoing and mandatory rows are never in a group.
    ``prasyarat``
        ~5% of rows depend on one earlier row (15% of those on two) of the same agency or
        the same urusan, ``;``-separated. Only earlier rows, so the graph is acyclic; never
        on a row of the same group; ongoing and mandatory rows have no prerequisite.
    ``rpjmd``
        85% carry an indicator code ``IKU-<urusan>-<01..06>`` (e.g. ``IKU-1.02-03``).
    ``saling_menguntungkan``, ``kebutuhan_nyata``, ``potensi``, ``keberlanjutan``, ``inklusif``
        Integer scores 1-5: ``round(mean + 0.6 q + 0.75 e)`` clipped, with ``q`` a latent
        quality per proposal and ``e`` independent noise (inter-criterion correlation
        ~0.35). Means 3.3, 3.2, 3.3, 3.0, 2.9; ``kebutuhan_nyata`` is 0.8 lower without an
        RPJMD link. Mutual benefit is at least 2, except that ~5% of the rows (more likely
        the weak ones; never ongoing or mandatory rows) get 1, so screening has work to do.

Example:
    >>> df = generate_proposals(115, seed=2026)
    >>> df.shape
    (115, 20)
    >>> df["kode"].iloc[[0, -1]].tolist()
    ['U001', 'U115']
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.special import ndtr

__all__ = ["COLUMNS", "CRITERIA", "generate_proposals", "write_proposals"]

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

# --- agencies --------------------------------------------------------------------------
# (name, urusan codes; the first is the agency's main urusan)
AGENCIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Dinas Pendidikan", ("1.01",)),
    ("Dinas Kesehatan", ("1.02",)),
    ("Rumah Sakit Umum Daerah Provinsi", ("1.02",)),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", ("1.03",)),
    ("Dinas Sumber Daya Air dan Bina Konstruksi", ("1.03",)),
    ("Dinas Perumahan Rakyat, Kawasan Permukiman dan Pertanahan", ("1.04", "2.10")),
    ("Satuan Polisi Pamong Praja", ("1.05",)),
    ("Badan Penanggulangan Bencana Daerah", ("1.05",)),
    ("Badan Kesatuan Bangsa dan Politik", ("1.05",)),
    ("Dinas Sosial", ("1.06",)),
    ("Dinas Tenaga Kerja dan Transmigrasi", ("2.07", "3.32")),
    (
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak, Pengendalian Penduduk "
        "dan Keluarga Berencana",
        ("2.08", "2.14"),
    ),
    ("Dinas Pangan", ("2.09",)),
    ("Dinas Lingkungan Hidup", ("2.11",)),
    ("Dinas Kependudukan dan Pencatatan Sipil", ("2.12",)),
    ("Dinas Pemberdayaan Masyarakat dan Desa", ("2.13",)),
    ("Dinas Perhubungan", ("2.15",)),
    ("Dinas Komunikasi, Informatika dan Statistik", ("2.16", "2.20", "2.21")),
    ("Dinas Koperasi dan Usaha Kecil dan Menengah", ("2.17",)),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", ("2.18",)),
    ("Dinas Pemuda dan Olahraga", ("2.19",)),
    ("Dinas Kebudayaan", ("2.22",)),
    ("Dinas Kearsipan dan Perpustakaan", ("2.23", "2.24")),
    ("Dinas Kelautan dan Perikanan", ("3.25",)),
    ("Dinas Pariwisata", ("3.26",)),
    ("Dinas Tanaman Pangan, Hortikultura dan Perkebunan", ("3.27",)),
    ("Dinas Peternakan dan Kesehatan Hewan", ("3.27",)),
    ("Dinas Kehutanan", ("3.28",)),
    ("Dinas Energi dan Sumber Daya Mineral", ("3.29",)),
    ("Dinas Perindustrian dan Perdagangan", ("3.30", "3.31")),
    ("Badan Perencanaan Pembangunan Daerah", ("1.03", "2.11", "2.13", "2.20")),
    ("Badan Riset dan Inovasi Daerah", ("2.16", "3.27", "3.31")),
    ("Badan Pengembangan Sumber Daya Manusia", ("1.01", "2.07")),
    ("Badan Penghubung Daerah", ("3.26", "2.18", "3.30")),
    ("Biro Kerja Sama", ("2.18", "3.26", "3.30", "2.13")),
    ("Biro Pemerintahan dan Otonomi Daerah", ("1.05", "2.10", "2.12")),
    ("Biro Perekonomian", ("2.17", "2.18", "3.30")),
    ("Biro Kesejahteraan Rakyat", ("1.06", "1.01", "1.02")),
    ("Biro Administrasi Pembangunan", ("1.03", "2.16")),
    ("Biro Hukum", ("2.10", "1.05")),
)
ZIPF_EXPONENT = 0.8
MAIN_URUSAN_WEIGHT = 2.0

# --- activity phrases per urusan (two each) -------------------------------------------
PHRASES: dict[str, tuple[str, str]] = {
    "1.01": ("Peningkatan mutu pendidikan menengah", "Pertukaran guru dan tenaga kependidikan"),
    "1.02": ("Penguatan layanan rujukan kesehatan", "Percepatan penurunan stunting"),
    "1.03": ("Pembangunan jalan penghubung antarwilayah", "Pengelolaan sumber daya air"),
    "1.04": ("Penanganan kawasan permukiman kumuh", "Penyediaan rumah layak huni"),
    "1.05": ("Penanggulangan bencana terpadu", "Penguatan ketenteraman dan ketertiban umum"),
    "1.06": ("Rehabilitasi sosial penyandang disabilitas", "Perlindungan sosial lanjut usia"),
    "2.07": ("Pelatihan vokasi tenaga kerja", "Penempatan tenaga kerja antardaerah"),
    "2.08": ("Perlindungan perempuan dan anak", "Pengarusutamaan gender dalam pembangunan"),
    "2.09": ("Penguatan cadangan pangan daerah", "Distribusi pangan antarwilayah"),
    "2.10": ("Penataan batas dan pertanahan", "Sertifikasi tanah aset daerah"),
    "2.11": ("Pengelolaan sampah regional", "Pengendalian pencemaran daerah aliran sungai"),
    "2.12": ("Integrasi data kependudukan", "Pelayanan administrasi kependudukan keliling"),
    "2.13": ("Penguatan badan usaha milik desa", "Peningkatan kapasitas aparatur desa"),
    "2.14": ("Peningkatan layanan keluarga berencana", "Pembangunan keluarga berkualitas"),
    "2.15": ("Pengembangan angkutan umum antarkota", "Peningkatan keselamatan transportasi"),
    "2.16": ("Pengembangan pemerintahan berbasis elektronik", "Perluasan akses internet desa"),
    "2.17": ("Pengembangan usaha mikro dan koperasi", "Perluasan pasar produk UMKM"),
    "2.18": ("Promosi investasi daerah", "Fasilitasi perizinan penanaman modal"),
    "2.19": ("Pembinaan atlet berprestasi", "Pengembangan kewirausahaan pemuda"),
    "2.20": ("Penyelenggaraan satu data daerah", "Peningkatan kualitas statistik sektoral"),
    "2.21": ("Pengamanan informasi dan persandian", "Penguatan keamanan siber pemerintah"),
    "2.22": ("Pelestarian cagar budaya", "Festival dan pertukaran budaya"),
    "2.23": ("Pengembangan perpustakaan digital", "Peningkatan budaya gemar membaca"),
    "2.24": ("Digitalisasi arsip daerah", "Penyelamatan arsip statis"),
    "3.25": ("Pengembangan perikanan tangkap", "Pengembangan budidaya perikanan"),
    "3.26": ("Pengembangan destinasi wisata", "Promosi paket wisata terpadu"),
    "3.27": ("Peningkatan produksi padi dan hortikultura", "Hilirisasi komoditas perkebunan"),
    "3.28": ("Rehabilitasi hutan dan lahan", "Pengembangan perhutanan sosial"),
    "3.29": ("Penyediaan energi terbarukan perdesaan", "Pembangunan pembangkit mikrohidro"),
    "3.30": ("Pengembangan pasar dan distribusi barang", "Promosi ekspor produk unggulan"),
    "3.31": ("Pengembangan industri kecil dan menengah", "Pengembangan kawasan industri"),
    "3.32": ("Pengembangan kawasan transmigrasi", "Peningkatan ekonomi kawasan transmigrasi"),
}

# --- partners ---------------------------------------------------------------------------
KINDS: tuple[str, ...] = ("KSDD", "KSDPK", "SINERGI", "KSDPL", "KSDLL")
KIND_SHARES: tuple[float, ...] = (0.45, 0.25, 0.15, 0.10, 0.05)
MANDATORY_SHARE = 0.10  # of KSDD rows
KSDD_KABKOTA_SHARE = 0.80
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "13": ("Riau", "Jambi", "Sumatera Utara", "Bengkulu"),
}
THIRD_PARTIES: tuple[str, ...] = (
    "PT (BUMN) sektor energi",
    "PT (BUMN) sektor perbankan",
    "PT (BUMN) sektor telekomunikasi",
    "Badan usaha milik daerah",
    "Perusahaan swasta sektor perkebunan",
    "Perusahaan swasta sektor pariwisata",
    "Perguruan tinggi negeri",
    "Perguruan tinggi swasta",
    "Asosiasi pengusaha",
    "Kamar dagang dan industri daerah",
    "Koperasi",
    "Lembaga swadaya masyarakat",
    "Yayasan pendidikan",
    "Rumah sakit swasta",
)
MINISTRIES: dict[str, str] = {
    "1.01": "Kementerian Pendidikan Dasar dan Menengah",
    "1.02": "Kementerian Kesehatan",
    "1.03": "Kementerian Pekerjaan Umum",
    "1.04": "Kementerian Perumahan dan Kawasan Permukiman",
    "1.05": "Badan Nasional Penanggulangan Bencana",
    "1.06": "Kementerian Sosial",
    "2.07": "Kementerian Ketenagakerjaan",
    "2.08": "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak",
    "2.09": "Badan Pangan Nasional",
    "2.10": "Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional",
    "2.11": "Kementerian Lingkungan Hidup",
    "2.12": "Kementerian Dalam Negeri",
    "2.13": "Kementerian Desa dan Pembangunan Daerah Tertinggal",
    "2.14": "Kementerian Kependudukan dan Pembangunan Keluarga",
    "2.15": "Kementerian Perhubungan",
    "2.16": "Kementerian Komunikasi dan Digital",
    "2.17": "Kementerian Usaha Mikro, Kecil, dan Menengah",
    "2.18": "Kementerian Investasi dan Hilirisasi",
    "2.19": "Kementerian Pemuda dan Olahraga",
    "2.20": "Badan Pusat Statistik",
    "2.21": "Badan Siber dan Sandi Negara",
    "2.22": "Kementerian Kebudayaan",
    "2.23": "Perpustakaan Nasional",
    "2.24": "Arsip Nasional Republik Indonesia",
    "3.25": "Kementerian Kelautan dan Perikanan",
    "3.26": "Kementerian Pariwisata",
    "3.27": "Kementerian Pertanian",
    "3.28": "Kementerian Kehutanan",
    "3.29": "Kementerian Energi dan Sumber Daya Mineral",
    "3.30": "Kementerian Perdagangan",
    "3.31": "Kementerian Perindustrian",
    "3.32": "Kementerian Transmigrasi",
}
CROSS_CUTTING_MINISTRIES: tuple[str, ...] = (
    "Kementerian Perencanaan Pembangunan Nasional/Bappenas",
    "Kementerian Dalam Negeri",
    "Badan Riset dan Inovasi Nasional",
)
SECTOR_MINISTRY_SHARE = 0.80
FOREIGN_GOVERNMENTS: tuple[str, ...] = (
    "Pemerintah Negeri Sembilan (Malaysia)",
    "Pemerintah Kota Seremban (Malaysia)",
    "Pemerintah Negara Bagian Penang (Malaysia)",
    "Pemerintah Kota Hat Yai (Thailand)",
    "Pemerintah Kota Davao (Filipina)",
    "Pemerintah Provinsi Gyeonggi (Korea Selatan)",
    "Pemerintah Prefektur Kumamoto (Jepang)",
    "Pemerintah Daerah Otonom Guangxi (Tiongkok)",
    "Pemerintah Negara Bagian Australia Barat (Australia)",
)
FOREIGN_INSTITUTIONS: tuple[str, ...] = (
    "JICA (Jepang)",
    "GIZ (Jerman)",
    "KOICA (Korea Selatan)",
    "Badan program pembangunan PBB",
    "Bank pembangunan multilateral",
    "Universitas mitra luar negeri",
    "Lembaga filantropi internasional",
    "Lembaga riset internasional",
)

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


# --- reference data ---------------------------------------------------------------------
def _read_reference(name: str) -> pd.DataFrame:
    resource = resources.files("mcda_kerjasama") / "reference" / name
    with resource.open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


@cache
def _urusan_codes() -> tuple[str, ...]:
    return tuple(_read_reference("urusan.csv")["kode"])


@cache
def _provinces() -> pd.DataFrame:
    return _read_reference("provinsi.csv")


@cache
def _kabkota_names(region: str) -> tuple[str, ...]:
    """Kabupaten/kota of ``region``: real names for Sumatera Barat, placeholders otherwise."""
    if region == "13":
        return tuple(_read_reference("wilayah_sumbar.csv")["nama"])
    row = {str(k): str(v) for k, v in _provinces().set_index("kode").loc[region].items()}
    name = row["nama"]
    kabupaten = [f"Kabupaten {name} {i:02d}" for i in range(1, int(row["jumlah_kabupaten"]) + 1)]
    kota = [f"Kota {name} {i:02d}" for i in range(1, int(row["jumlah_kota"]) + 1)]
    return tuple(kabupaten + kota)


@cache
def _neighbour_provinces(region: str) -> tuple[str, ...]:
    provinces = _provinces()
    if region in NEIGHBOURS:
        return NEIGHBOURS[region]
    others = provinces[provinces["kode"] != region]
    same_island = others[others["kode"].str[0] == region[0]]
    chosen = same_island if len(same_island) else others
    return tuple(chosen["nama"])


# --- helpers ----------------------------------------------------------------------------
def _title_form(partner: str) -> str:
    """How a partner reads inside a title: generic parties lower-case, names as they are."""
    if not partner.startswith("PT ") and (
        partner in THIRD_PARTIES or partner in FOREIGN_INSTITUTIONS[3:]
    ):
        return partner[0].lower() + partner[1:]
    return partner


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
    if region not in set(_provinces()["kode"]):
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


# --- writing ------------------------------------------------------------------------------
XLSX_MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows minus the header


def _indonesian_integer(values: Sequence[int]) -> list[str]:
    return [f"{v:,}".replace(",", ".") for v in values]


def _indonesian_decimal(values: Sequence[float]) -> list[str]:
    return [f"{v:.15g}".replace(".", ",") for v in values]


def _csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for column in out.columns:
        series = out[column]
        if column == "biaya" or (
            column not in ("durasi", "tahun_mulai", *CRITERIA)
            and pd.api.types.is_integer_dtype(series)
        ):
            out[column] = _indonesian_integer(series.tolist())
        elif pd.api.types.is_float_dtype(series):
            out[column] = _indonesian_decimal(series.tolist())
    return out


def _provenance(df: pd.DataFrame) -> dict[str, Any]:
    info = df.attrs.get(ATTRS_KEY)
    return dict(info) if isinstance(info, dict) else {}


def _notes(df: pd.DataFrame) -> list[tuple[str, str]]:
    info = _provenance(df)
    seed = info.get("seed", "?")
    args = ", ".join(f"{k}={v!r}" for k, v in info.items()) or "?"
    return [
        ("Keterangan / Notes", ""),
        (
            "Bahasa Indonesia",
            "SEMUA DATA DI BERKAS INI SINTETIS (bukan usulan nyata), termasuk semua nilai "
            f"rupiah. Dibuat oleh mcda_kerjasama.datasets dengan seed {seed}.",
        ),
        (
            "English",
            "ALL DATA IN THIS FILE ARE SYNTHETIC (not real proposals), including every "
            f"rupiah amount. Generated by mcda_kerjasama.datasets with seed {seed}.",
        ),
        ("seed", str(seed)),
        ("parameter", args),
        ("baris / rows", str(len(df))),
    ]


def _write_xlsx(df: pd.DataFrame, path: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if len(df) > XLSX_MAX_ROWS:
        raise ValueError(f"{len(df)} rows do not fit in one Excel sheet; write a .csv instead")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("usulan")
    ws.freeze_panes = "A2"
    for i, column in enumerate(df.columns, start=1):
        if column in ("judul", "opd", "mitra"):
            width = 45
        elif column in ("biaya", "rpjmd", "prasyarat"):
            width = 16
        else:
            width = max(8, len(str(column)) + 2)
        ws.column_dimensions[get_column_letter(i)].width = width
    bold = Font(bold=True)
    header = []
    for column in df.columns:
        cell = WriteOnlyCell(ws, value=str(column))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    values = [df[c].tolist() for c in df.columns]
    for row in zip(*values, strict=True):
        ws.append([None if v == "" else v for v in row])
    notes = wb.create_sheet("keterangan")
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 110
    for i, (label, text) in enumerate(_notes(df)):
        label_cell = WriteOnlyCell(notes, value=label)
        if i == 0:
            label_cell.font = bold
        notes.append([label_cell, text or None])
    wb.save(path)


def write_proposals(df: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write a proposal table as ``.xlsx`` or Indonesian-Excel ``.csv``, atomically.

    ``.xlsx``: sheet ``usulan`` (bold, frozen header row; amounts as numbers) and sheet
    ``keterangan`` stating, in Bahasa Indonesia and English, that all data and rupiah
    amounts are synthetic, generated by :mod:`mcda_kerjasama.datasets` with the seed
    recorded in ``df.attrs`` by :func:`generate_proposals`.

    ``.csv``: ``;``-separated, UTF-8 with BOM, CRLF line ends, ``biaya`` (and any other
    amount column) as Indonesian text such as ``1.500.000.000``, decimals with a comma
    (``1,5``), empty cells empty. Byte-identical for identical tables.

    The file is first written to a temporary file in the target folder and then moved
    into place with :func:`os.replace`: readers never see a half-written file and a
    failed write leaves nothing behind.

    Raises:
        ValueError: unsupported suffix, or too many rows for a workbook.
        OSError: the folder does not exist or is not writable.

    Example:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> write_proposals(generate_proposals(2, seed=1), folder / "usulan.csv")
        >>> (folder / "usulan.csv").read_bytes()[:13]
        b'\\xef\\xbb\\xbfkode;judul'
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"unsupported file type {target.suffix!r}: use .xlsx or .csv")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; give it normal rights
        if suffix == ".csv":
            _csv_frame(df).to_csv(
                tmp, sep=";", index=False, encoding="utf-8-sig", lineterminator="\r\n"
            )
        else:
            _write_xlsx(df, tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_scenario(
    folder: str | os.PathLike[str],
    n: int = 115,
    seed: int = 2026,
    *,
    name: str = "Sumatera Barat 2026 (sintetis)",
    region: str = "13",
    first_year: int = 2026,
    years: int = 1,
    budget_share: float = 0.4,
    file_name: str = "usulan.xlsx",
) -> Path:
    """Write a complete synthetic scenario folder: the proposals file and a
    ``scenario.toml`` whose yearly budget is ``budget_share`` of the total yearly cost.

    This is how ``scenarios/sumbar-2026`` is made (``n=115, seed=2026``); benchmarks use
    it for larger ``n``. Returns the scenario file.

    Example:
        >>> import tempfile
        >>> path = write_scenario(tempfile.mkdtemp(), n=20, seed=1, file_name="usulan.csv")
        >>> path.name
        'scenario.toml'
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    df = generate_proposals(n, seed, region=region, first_year=first_year, years=years)
    write_proposals(df, target / file_name)
    budget = int(round(budget_share * float(df["biaya"].sum()), -8))
    plan = ", ".join(str(first_year + i) for i in range(years))
    from mcda_kerjasama.reference import load_provinces

    region_name = load_provinces().loc[region, "nama"]
    toml = f'''# SINTETIS / SYNTHETIC: generated by mcda_kerjasama.datasets.write_scenario
# (n={n}, seed={seed}); no row is a real proposal and every rupiah amount is invented.
schema_version = 1

[scenario]
name = "{name}"
region = "Provinsi {region_name}"
years = [{plan}]
language = "id"
description = "Data sintetis untuk contoh dan uji kinerja / synthetic data"

[data]
proposals = "{file_name}"
note = "synthetic: mcda_kerjasama.datasets.write_scenario(n={n}, seed={seed})"

[weights]
method = "direct"
values = {{ mutual_benefit = 0.30, real_need = 0.25, potential = 0.20, \
sustainability = 0.15, inclusiveness = 0.10 }}

[screening]
require_plan_link = true
min_score = {{ mutual_benefit = 2 }}
max_duration = 5

[constraints]
budget = {budget}   # {budget_share:.0%} of the total yearly cost of all proposals

[solver]
backend = "highs"
time_limit = 60
mip_gap = 0.0

[sensitivity]
draws = 1000
seed = {seed}
'''
    path = target / "scenario.toml"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(toml, encoding="utf-8")
    os.replace(tmp, path)
    return path

"""The proposals table: the columns it knows, and the validated result.

A column is known by its canonical Indonesian header or its English alias, compared
case-, space- and punctuation-insensitively (:func:`normalise_header`), and by the other
names agencies commonly give it (:data:`ALIASES`: ``Judul Kegiatan``, ``OPD Pengusul``,
``Pagu Anggaran``, ``Jangka Waktu`` ...). A name that could mean several columns
(``Nama``, ``No``, ``Total Biaya``) is never guessed: :data:`AMBIGUOUS` holds the hint.

Example:
    >>> [c.header for c in COLUMNS if c.required]
    ['kode', 'judul', 'opd', 'urusan', 'jenis', 'mitra', 'biaya']
    >>> normalise_header("Earliest-Start"), normalise_header("Nama Program/Kegiatan")
    ('earliest_start', 'nama_program_kegiatan')
    >>> ALIASES["opd_pengusul"], ALIASES["pagu_anggaran_rp"]
    ('agency', 'cost')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mcda_kerjasama.errors import Problem

NATURES = ("wajib", "sukarela")
STATUSES = ("usulan", "berjalan")
SHEET = "usulan"


@dataclass(frozen=True)
class Column:
    """A known column: canonical Indonesian header, English alias, internal field name."""

    header: str
    alias: str
    field: str
    required: bool


COLUMNS: tuple[Column, ...] = (
    Column("kode", "id", "id", True),
    Column("judul", "title", "title", True),
    Column("opd", "agency", "agency", True),
    Column("urusan", "affair", "urusan", True),
    Column("jenis", "kind", "kind", True),
    Column("sifat", "nature", "nature", False),
    Column("mitra", "partner", "partner", True),
    Column("biaya", "cost", "cost", True),
    Column("staf", "staff", "staff", False),
    Column("durasi", "duration", "duration", False),
    Column("tahun_mulai", "earliest_start", "earliest_start", False),
    Column("status", "status", "status", False),
    Column("prasyarat", "requires", "requires", False),
    Column("kelompok", "exclusive_group", "exclusive_group", False),
    Column("rpjmd", "plan_link", "plan_link", False),
)


def _aliases(**names: str) -> dict[str, str]:
    """Normalised header -> field, from ``field="name; name; ..."``."""
    return {
        normalise_header(name): field
        for field, listed in names.items()
        for name in listed.split(";")
        if name.strip()
    }


@dataclass(frozen=True)
class ProposalTable:
    """Validated proposals, indexed by proposal id in file order.

    Columns of ``data``: ``row`` (spreadsheet row), ``title``, ``agency``, ``urusan``
    (code), ``urusan_name``, ``urusan_category``, ``kind``, ``nature``, ``partner``,
    ``cost`` (rupiah per year), ``staff`` (person-months per year), ``duration`` (years),
    ``earliest_start``, ``status``, ``requires`` (tuple of ids), ``exclusive_group``,
    ``plan_link`` and one column per criterion key with its raw score.
    ``warnings`` are problems that did not stop the run.
    """

    data: pd.DataFrame
    criteria: tuple[str, ...]
    warnings: tuple[Problem, ...]
    source: Path

    def __len__(self) -> int:
        return len(self.data)


def normalise_header(header: object) -> str:
    """Headers compare case- and space-insensitively: ``"Tahun Mulai"`` -> ``tahun_mulai``.

    Example:
        >>> normalise_header("  Tahun  Mulai ")
        'tahun_mulai'
    """
    return re.sub(r"[^0-9a-z]+", "_", str(header).strip().lower()).strip("_")


#: Other headers agencies give the columns (normalised), read as that column. Only
#: names with one sensible reading; a header matching a canonical name wins over these.
ALIASES: dict[str, str] = _aliases(
    id=(
        "kode usulan; no usulan; nomor usulan; kode kerja sama; id usulan; kode ks;"
        "nomor registrasi; no registrasi; kode registrasi; proposal id"
    ),
    title=(
        "judul kegiatan; nama kegiatan; nama program/kegiatan; nama program kegiatan;"
        "program/kegiatan; program kegiatan; kegiatan; judul usulan; nama usulan;"
        "usulan kerja sama; usulan kerjasama; judul kerja sama; judul kerjasama;"
        "uraian kegiatan; nama program dan kegiatan; program dan kegiatan;"
        "rencana kegiatan; rencana program/kegiatan; judul program; uraian;"
        "nama program/kegiatan/sub kegiatan; program/kegiatan/sub kegiatan; sub kegiatan;"
        "nama sub kegiatan; judul kegiatan kerja sama; nama kerja sama; nama kegiatan kerja sama;"
        "kegiatan kerja sama; rencana kerja sama; usulan; judul/nama kegiatan; activity;"
        "title of activity"
    ),
    agency=(
        "opd pengusul; perangkat daerah; perangkat daerah pengusul; skpd; skpd pengusul;"
        "nama opd; nama skpd; nama perangkat daerah; pd pengusul; unit kerja;"
        "unit kerja pengusul; instansi; instansi pengusul; dinas; dinas pengusul;"
        "pengusul; opd/skpd; satuan kerja; satker; pelaksana; opd pelaksana;"
        "perangkat daerah pelaksana; perangkat daerah pengampu; opd pengampu; pengampu;"
        "opd penanggung jawab; perangkat daerah penanggung jawab; leading sector;"
        "unit pengusul; skpd/opd; opd/perangkat daerah; nama opd pengusul; proposing agency"
    ),
    urusan=(
        "urusan pemerintahan; kode urusan; bidang urusan; urusan pemerintahan daerah;"
        "kode urusan pemerintahan; urusan/bidang urusan; bidang urusan pemerintahan;"
        "kode bidang urusan; urusan pemerintahan (kode); kode/nama urusan; government affair"
    ),
    kind=(
        "jenis kerja sama; jenis kerjasama; jenis ksd; bentuk kerja sama;"
        "bentuk kerjasama; jenis kerja sama daerah; tipe kerja sama; kind of cooperation;"
        "bentuk ksd; jenis/bentuk kerja sama; klasifikasi kerja sama; jenis ks"
    ),
    nature=(
        "sifat kerja sama; sifat kerjasama; wajib/sukarela; wajib atau sukarela; sifat ksdd;"
        "sifat ksd; wajib/tidak wajib"
    ),
    partner=(
        "mitra kerja sama; mitra kerjasama; daerah mitra; pihak mitra; calon mitra;"
        "nama mitra; mitra kerja; mitra ks; mitra ksd; pihak ketiga; para pihak;"
        "pihak yang diajak kerja sama; calon mitra kerja sama; daerah/pihak mitra;"
        "pihak kedua; mitra potensial; rencana mitra; pemerintah daerah mitra;"
        "daerah/pihak ketiga; nama daerah/pihak ketiga; nama mitra kerja sama; counterpart"
    ),
    cost=(
        "pagu; anggaran; pagu anggaran; pagu indikatif; anggaran per tahun;"
        "biaya per tahun; biaya (rp); anggaran (rp); pagu (rp); pagu anggaran (rp);"
        "biaya tahunan; anggaran tahunan; perkiraan biaya; perkiraan anggaran;"
        "rencana anggaran; kebutuhan anggaran; kebutuhan biaya; kebutuhan dana;"
        "dana; nilai kerja sama; nilai kerjasama; biaya per tahun (rp);"
        "pagu per tahun; anggaran per tahun (rp); rencana biaya; estimasi biaya;"
        "estimasi anggaran; cost per year; budget; anggaran yang dibutuhkan;"
        "kebutuhan anggaran per tahun; perkiraan biaya per tahun; alokasi anggaran;"
        "rencana anggaran biaya; rab; nilai anggaran; besaran anggaran; biaya kegiatan;"
        "anggaran kegiatan; pagu kegiatan; jumlah dana; annual cost"
    ),
    staff=(
        "pegawai; sdm; jumlah staf; staf (orang-bulan); orang-bulan; orang bulan;"
        "kebutuhan sdm; kebutuhan staf; tenaga; jumlah pegawai; staf per tahun;"
        "jumlah sdm; kebutuhan personil; personil; kebutuhan tenaga; person-months"
    ),
    duration=(
        "lama; lama (tahun); jangka waktu; jangka waktu (tahun); lama kerja sama;"
        "durasi (tahun); masa kerja sama; jangka waktu kerja sama; lama pelaksanaan;"
        "masa berlaku; masa berlaku (tahun); periode; jangka waktu pelaksanaan;"
        "masa kerja sama (tahun); lama kerja sama (tahun); durasi kerja sama; years running"
    ),
    earliest_start=(
        "mulai; mulai tahun; tahun awal; tahun pelaksanaan; rencana mulai;"
        "rencana tahun pelaksanaan; tahun rencana; start year; start;"
        "tahun mulai pelaksanaan; rencana tahun mulai; tahun rencana pelaksanaan;"
        "tahun pelaksanaan awal; mulai pelaksanaan"
    ),
    status=(
        "status kerja sama; status usulan; keadaan; status kerjasama; baru/berjalan;"
        "usulan/berjalan; status (usulan/berjalan)"
    ),
    requires=(
        "syarat; bergantung pada; tergantung pada; didahului; prasyarat kegiatan;"
        "kegiatan prasyarat; bergantung pada usulan; prasyarat (kode); depends on"
    ),
    exclusive_group="grup; kelompok pilihan; pilihan; alternatif; group; kelompok alternatif",
    plan_link=(
        "indikator rpjmd; kaitan rpjmd; sasaran rpjmd; dukungan rpjmd; rpjmd/rkpd;"
        "indikator kinerja; iku; program rpjmd; referensi rpjmd; keterkaitan rpjmd;"
        "keterkaitan dengan rpjmd; kaitan dengan rpjmd; dukungan terhadap rpjmd;"
        "indikator rpjmd/rkpd; sasaran/indikator rpjmd; prioritas rpjmd; indikator rkpd;"
        "sasaran rkpd; link rpjmd"
    ),
)

#: Headers that could mean several columns (normalised): never guessed; the hint names
#: the columns it may be.
AMBIGUOUS: dict[str, str] = {
    "nama": "judul / opd / mitra",
    "no": "kode",
    "nomor": "kode",
    "nomor_urut": "kode",
    "kode_kegiatan": "kode / urusan",
    "kode_program": "kode / urusan",
    "program": "judul",
    "kategori": "jenis / urusan",
    "bidang": "urusan",
    "tahun": "tahun_mulai",
    "total_biaya": "biaya",
    "total_anggaran": "biaya",
    "jumlah_biaya": "biaya",
    "jumlah_anggaran": "biaya",
    "nilai": "biaya",
    "objek_kerja_sama": "judul / urusan",
    "objek": "judul / urusan",
    "sub_urusan": "urusan",
    "tahun_anggaran": "tahun_mulai",
    "keterangan": "judul / status / rpjmd",
}

#: Endings a header may carry after a column's name: a currency or a per-year unit
#: (``Biaya (Rp)``, ``Lama (tahun)``, ``Staf per Tahun``), taken off to match it.
UNIT_ENDINGS = ("rp", "rupiah", "idr", "per_tahun", "pertahun", "tahunan", "setahun",
                "thn", "th", "tahun", "orang_bulan", "rp_tahun", "rp_per_tahun")  # fmt: skip
#: Words in a cost header saying its amounts are in a larger unit than rupiah
#: (``Anggaran (Rp juta)``): the column is never read silently at the wrong scale.
SCALE_WORDS = frozenset(("juta", "jt", "jutaan", "miliar", "milyar", "m", "ribu", "rb",
                         "ribuan", "000", "ribuan", "triliun", "t"))  # fmt: skip


def header_variants(header: object) -> list[str]:
    """The normalised forms a header is matched by, most literal first: as written,
    without bracketed parts, without unit endings.

    Example:
        >>> header_variants("Biaya (Rp)")
        ['biaya_rp', 'biaya']
        >>> header_variants("Lama Kerja Sama (tahun)")
        ['lama_kerja_sama_tahun', 'lama_kerja_sama']
    """
    variants = [normalise_header(header)]
    variants.append(normalise_header(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(header))))
    for base in list(variants):
        stripped = base
        changed = True
        while changed:
            changed = False
            for ending in UNIT_ENDINGS:
                if stripped.endswith("_" + ending):
                    stripped, changed = stripped[: -len(ending) - 1], True
        variants.append(stripped)
    return list(dict.fromkeys(v for v in variants if v))

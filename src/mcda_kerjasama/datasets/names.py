"""The names a synthetic table is made of: agencies, activities and partners, and the
regions and urusan codes of :mod:`mcda_kerjasama.reference`.

Agencies are real-*style* names of a provincial government, each with the urusan it
plausibly handles; partners are real regions (kabupaten/kota and provinces, from the
reference data, loaded once) or generic parties, never a real company.

Example:
    >>> _kabkota_names("13")[:2], len(_kabkota_names("32"))
    (('Kabupaten Pesisir Selatan', 'Kabupaten Solok'), 27)
    >>> _neighbour_provinces("13")
    ('Riau', 'Jambi', 'Sumatera Utara', 'Bengkulu')
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from mcda_kerjasama.reference import load_provinces, load_sumbar_regions, load_urusan

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


# --- reference data, as mcda_kerjasama.reference loads it -----------------------------
@cache
def _urusan_codes() -> tuple[str, ...]:
    return tuple(load_urusan().index)


@cache
def _provinces() -> pd.DataFrame:
    """The provinces, indexed by code (read once)."""
    return load_provinces()


@cache
def _kabkota_names(region: str) -> tuple[str, ...]:
    """Kabupaten/kota of ``region``: real names for Sumatera Barat, placeholders otherwise."""
    if region == "13":
        return tuple(load_sumbar_regions()["nama"])
    row = _provinces().loc[region]
    name = str(row["nama"])
    kabupaten = [f"Kabupaten {name} {i:02d}" for i in range(1, int(row["jumlah_kabupaten"]) + 1)]
    kota = [f"Kota {name} {i:02d}" for i in range(1, int(row["jumlah_kota"]) + 1)]
    return tuple(kabupaten + kota)


@cache
def _neighbour_provinces(region: str) -> tuple[str, ...]:
    provinces = _provinces()
    if region in NEIGHBOURS:
        return NEIGHBOURS[region]
    others = provinces[provinces.index != region]
    same_island = others[others.index.str[0] == region[0]]
    chosen = same_island if len(same_island) else others
    return tuple(chosen["nama"])


def _title_form(partner: str) -> str:
    """How a partner reads inside a title: generic parties lower-case, names as they are."""
    if not partner.startswith("PT ") and (
        partner in THIRD_PARTIES or partner in FOREIGN_INSTITUTIONS[3:]
    ):
        return partner[0].lower() + partner[1:]
    return partner

"""Tests of the synthetic proposal generator and writer (mcda_kerjasama.datasets)."""

from __future__ import annotations

import csv
import io
import os
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mcda_kerjasama.datasets import COLUMNS, CRITERIA, generate_proposals, write_proposals

EXPECTED_COLUMNS = [
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
]


def _reference(name: str) -> pd.DataFrame:
    resource = resources.files("mcda_kerjasama") / "reference" / name
    with resource.open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def big() -> pd.DataFrame:
    return generate_proposals(20_000, seed=11, years=3)


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return generate_proposals(115, seed=2026)


# --- shape and determinism -------------------------------------------------------------
def test_columns_in_canonical_order(sample: pd.DataFrame) -> None:
    assert list(sample.columns) == EXPECTED_COLUMNS == list(COLUMNS)
    assert list(CRITERIA) == EXPECTED_COLUMNS[-5:]
    assert len(sample) == 115


def test_dtypes_and_empty_cells(sample: pd.DataFrame) -> None:
    for column in ("biaya", "durasi", "tahun_mulai", *CRITERIA):
        assert pd.api.types.is_integer_dtype(sample[column]), column
    assert pd.api.types.is_float_dtype(sample["staf"])
    assert not sample.isna().any().any()  # empty text cells are "", never NA
    for column in ("sifat", "prasyarat", "kelompok", "rpjmd"):
        assert all(isinstance(v, str) for v in sample[column])


def test_same_seed_same_table_other_seed_other_table() -> None:
    a = generate_proposals(500, seed=3, years=2)
    b = generate_proposals(500, seed=3, years=2)
    c = generate_proposals(500, seed=4, years=2)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    assert a.attrs["mcda_kerjasama.datasets"]["seed"] == 3


def test_csv_is_byte_identical(tmp_path: Path) -> None:
    write_proposals(generate_proposals(300, seed=9), tmp_path / "a.csv")
    write_proposals(generate_proposals(300, seed=9), tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


@pytest.mark.parametrize(("n", "first", "last"), [(5, "U001", "U005"), (1000, "U0001", "U1000")])
def test_kode_zero_padded_and_unique(n: int, first: str, last: str) -> None:
    kode = generate_proposals(n, seed=1)["kode"]
    assert kode.iloc[0] == first
    assert kode.iloc[-1] == last
    assert kode.is_unique


def test_empty_and_invalid_arguments() -> None:
    assert list(generate_proposals(0).columns) == EXPECTED_COLUMNS
    with pytest.raises(ValueError):
        generate_proposals(-1)
    with pytest.raises(ValueError):
        generate_proposals(10, years=0)
    with pytest.raises(ValueError):
        generate_proposals(10, region="99")


# --- validity --------------------------------------------------------------------------
def test_urusan_codes_exist(big: pd.DataFrame) -> None:
    assert set(big["urusan"]) <= set(_reference("urusan.csv")["kode"])


def test_wajib_only_on_ksdd(big: pd.DataFrame) -> None:
    ksdd = big["jenis"] == "KSDD"
    assert set(big.loc[ksdd, "sifat"]) == {"wajib", "sukarela"}
    assert set(big.loc[~ksdd, "sifat"]) == {""}


def test_prerequisites_refer_to_earlier_existing_ids(big: pd.DataFrame) -> None:
    position = {k: i for i, k in enumerate(big["kode"])}
    for i, (text, agency, urusan, group) in enumerate(
        zip(big["prasyarat"], big["opd"], big["urusan"], big["kelompok"], strict=True)
    ):
        if not text:
            continue
        ids = text.split(";")
        assert 1 <= len(ids) <= 2 and len(set(ids)) == len(ids)
        for ref in ids:
            j = position[ref]  # exists
            assert j < i  # earlier, hence the graph is acyclic
            assert big["opd"].iat[j] == agency or big["urusan"].iat[j] == urusan
            assert not group or big["kelompok"].iat[j] != group


def test_exclusive_groups_are_small_and_share_urusan(big: pd.DataFrame) -> None:
    grouped = big[big["kelompok"] != ""]
    sizes = grouped.groupby("kelompok").size()
    assert set(sizes) <= {2, 3}
    assert (grouped.groupby("kelompok")["urusan"].nunique() == 1).all()
    assert (grouped["sifat"] != "wajib").all() and (grouped["status"] == "usulan").all()


def test_ranges(big: pd.DataFrame) -> None:
    positive = big.loc[big["biaya"] > 0, "biaya"]
    assert positive.between(25_000_000, 25_000_000_000).all()
    assert (big["biaya"] % 5_000_000 == 0).all()
    assert big["staf"].between(0, 24).all()
    assert ((big["staf"] * 2) % 1 == 0).all()
    assert big["durasi"].between(1, 5).all()
    assert big["tahun_mulai"].between(2026, 2028).all()
    assert (big.loc[big["status"] == "berjalan", "tahun_mulai"] == 2026).all()
    for column in CRITERIA:
        assert big[column].between(1, 5).all()
    assert big["rpjmd"].str.fullmatch(r"(IKU-[123]\.\d\d-\d\d)?").all()
    assert (big["rpjmd"].str[4:8].where(big["rpjmd"] != "", big["urusan"]) == big["urusan"]).all()


def test_partners_match_kind(big: pd.DataFrame) -> None:
    kabkota = set(_reference("wilayah_sumbar.csv")["nama"])
    neighbours = {"Riau", "Jambi", "Sumatera Utara", "Bengkulu"}
    ksdd = big.loc[big["jenis"] == "KSDD", "mitra"]
    assert set(ksdd) <= kabkota | neighbours
    assert 0.7 < ksdd.isin(kabkota).mean() < 0.9
    sinergi = big.loc[big["jenis"] == "SINERGI", "mitra"]
    assert sinergi.str.startswith(("Kementerian", "Badan", "Perpustakaan", "Arsip")).all()
    foreign = big.loc[big["jenis"].isin(["KSDPL", "KSDLL"]), "mitra"]
    assert not foreign.isin(kabkota | neighbours).any()
    assert big["judul"].str.contains(" bersama ").all()


def test_other_region_uses_its_reference() -> None:
    df = generate_proposals(3000, seed=5, region="32")
    ksdd = df.loc[df["jenis"] == "KSDD", "mitra"]
    assert ksdd.str.contains("Jawa Barat").mean() > 0.7
    provinces = set(_reference("provinsi.csv")["nama"])
    others = ksdd[~ksdd.str.contains("Jawa Barat")]
    assert set(others) <= provinces - {"Jawa Barat"}


# --- distributions (n = 20,000) -----------------------------------------------------------
def test_kind_and_status_shares(big: pd.DataFrame) -> None:
    shares = big["jenis"].value_counts(normalize=True)
    expected = {"KSDD": 0.45, "KSDPK": 0.25, "SINERGI": 0.15, "KSDPL": 0.10, "KSDLL": 0.05}
    for kind, share in expected.items():
        assert shares[kind] == pytest.approx(share, abs=0.015), kind
    wajib = (big.loc[big["jenis"] == "KSDD", "sifat"] == "wajib").mean()
    assert wajib == pytest.approx(0.10, abs=0.015)
    assert (big["status"] == "berjalan").mean() == pytest.approx(0.06, abs=0.01)


def test_structure_shares(big: pd.DataFrame) -> None:
    assert (big["prasyarat"] != "").mean() == pytest.approx(0.05, abs=0.01)
    assert (big["kelompok"] != "").mean() == pytest.approx(0.06, abs=0.012)
    assert (big["rpjmd"] != "").mean() == pytest.approx(0.85, abs=0.015)
    assert (big["saling_menguntungkan"] == 1).mean() == pytest.approx(0.05, abs=0.01)
    assert (big["tahun_mulai"] > 2026).mean() == pytest.approx(0.30 * 0.94, abs=0.02)
    durations = big["durasi"].value_counts(normalize=True)
    for years, share in zip(range(1, 6), (0.35, 0.30, 0.20, 0.10, 0.05), strict=True):
        assert durations[years] == pytest.approx(share, abs=0.015)


def test_cost_distribution(big: pd.DataFrame) -> None:
    cost = big["biaya"]
    assert (cost == 0).mean() == pytest.approx(0.02, abs=0.006)
    assert set(big.loc[cost == 0, "jenis"]) == {"SINERGI"}
    positive = cost[cost > 0]
    assert 600e6 < positive.median() < 900e6
    assert 70e6 < positive.quantile(0.05) < 140e6
    assert 4e9 < positive.quantile(0.95) < 8e9
    rho = big["biaya"].rank().corr(big["staf"].rank())
    assert rho > 0.7


def test_agencies_are_skewed(big: pd.DataFrame) -> None:
    shares = big["opd"].value_counts(normalize=True)
    assert 35 <= len(shares) <= 45
    assert shares.iloc[0] > 5 * shares.iloc[-1]


def test_scores_mildly_correlated(big: pd.DataFrame) -> None:
    corr = big[list(CRITERIA[1:])].corr().to_numpy()
    off_diagonal = corr[~np.eye(len(corr), dtype=bool)]
    assert (off_diagonal > 0.15).all() and (off_diagonal < 0.6).all()


# --- writing ----------------------------------------------------------------------------
def test_csv_round_trip(tmp_path: Path, sample: pd.DataFrame) -> None:
    path = tmp_path / "usulan.csv"
    write_proposals(sample, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfkode;judul;")
    back = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back.columns) == EXPECTED_COLUMNS
    assert back["kode"].tolist() == sample["kode"].tolist()
    assert back["judul"].tolist() == sample["judul"].tolist()
    assert back["prasyarat"].tolist() == sample["prasyarat"].tolist()
    expensive = back.loc[sample["biaya"] >= 1_000_000, "biaya"]
    assert expensive.str.fullmatch(r"\d{1,3}(\.\d{3})+").all()
    assert [int(v.replace(".", "")) for v in back["biaya"]] == sample["biaya"].tolist()
    halves = back.loc[sample["staf"] % 1 == 0.5, "staf"]
    assert halves.str.contains(",").all() and not back["staf"].str.contains(r"\.").any()
    assert [float(v.replace(",", ".")) for v in back["staf"]] == sample["staf"].tolist()
    assert back["tahun_mulai"].eq("2026").all()  # years are not amounts
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert all(len(r) == len(EXPECTED_COLUMNS) for r in rows)


def test_xlsx_round_trip(tmp_path: Path, sample: pd.DataFrame) -> None:
    import openpyxl

    path = tmp_path / "usulan.xlsx"
    write_proposals(sample, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["usulan", "keterangan"]
    ws = wb["usulan"]
    assert [c.value for c in ws[1]] == EXPECTED_COLUMNS
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.max_row == len(sample) + 1
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == sample["kode"].tolist()
    assert [r[7] for r in ws.iter_rows(min_row=2, values_only=True)] == sample["biaya"].tolist()
    notes = " ".join(str(c.value) for row in wb["keterangan"].iter_rows() for c in row if c.value)
    assert "SINTETIS" in notes and "SYNTHETIC" in notes
    assert "mcda_kerjasama.datasets" in notes and "seed 2026" in notes


def test_failed_write_leaves_nothing(tmp_path: Path, sample: pd.DataFrame) -> None:
    missing = tmp_path / "missing" / "usulan.csv"
    with pytest.raises(OSError):
        write_proposals(sample, missing)
    assert not missing.parent.exists()
    with pytest.raises(ValueError):
        write_proposals(sample, tmp_path / "usulan.txt")
    assert os.listdir(tmp_path) == []


def test_failed_write_keeps_previous_file(
    tmp_path: Path, sample: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "usulan.csv"
    path.write_text("old", encoding="utf-8")

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", explode)
    with pytest.raises(RuntimeError):
        write_proposals(sample, path)
    assert path.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["usulan.csv"]

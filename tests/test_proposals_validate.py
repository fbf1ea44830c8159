"""Validation details the galleries do not reach: prerequisite chains longer than the
vectorised cycle check looks, the urusan's name and category in the table, and the kind a
``wajib`` message names (issue 14: validation checks rewritten on numpy arrays)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import CONTOH, VALID_ROW

from mcda_kerjasama.errors import InputError
from mcda_kerjasama.proposals import read_proposals
from mcda_kerjasama.proposals.validate import _acyclic, _cycles
from mcda_kerjasama.reference import load_urusan
from mcda_kerjasama.scenario import load_scenario


def _table(rows: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame([dict(VALID_ROW, **row) for row in rows])


def _chain(n: int, last_requires: str = "") -> pd.DataFrame:
    """R000 requires R001, ..., R(n-2) requires R(n-1), which requires ``last_requires``."""
    ids = [f"R{i:03d}" for i in range(n)]
    needs = [*ids[1:], last_requires]
    return _table([{"kode": i, "prasyarat": need} for i, need in zip(ids, needs, strict=True)])


def test_a_long_chain_of_prerequisites_is_no_cycle() -> None:
    table = read_proposals(load_scenario(CONTOH), _chain(150))
    assert table.data.loc["R000", "requires"] == ("R001",)
    assert table.data.loc["R149", "requires"] == ()


def test_a_cycle_at_the_end_of_a_long_chain_is_found() -> None:
    """Longer than the rounds of the vectorised check: the search still finds it."""
    with pytest.raises(InputError) as info:
        read_proposals(load_scenario(CONTOH), _chain(150, last_requires="R147"))
    cycles = [p for p in info.value.problems if p.code == "prereq_cycle"]
    assert [(p.row, p.column, p.params["cycle"]) for p in cycles] == [
        (149, "prasyarat", "R147 -> R148 -> R149 -> R147")
    ]


_GRAPHS = st.dictionaries(
    st.sampled_from("ABCDEFGH"),
    st.lists(st.sampled_from("ABCDEFGHXY"), max_size=3).map(tuple),
    max_size=8,
)


@given(_GRAPHS)
@settings(max_examples=300, deadline=None)
def test_the_vectorised_check_agrees_with_the_search(graph: dict[str, tuple[str, ...]]) -> None:
    graph = {node: tuple(c for c in children if c != node) for node, children in graph.items()}
    assert _acyclic(graph) == (not _cycles(graph))
    if _acyclic(graph, rounds=2):  # too few rounds may say "look", never "no cycle" wrongly
        assert not _cycles(graph)


def test_urusan_name_and_category_come_from_the_reference() -> None:
    rows = [
        {"kode": "A01", "urusan": "1.03"},
        {"kode": "A02", "urusan": "Pangan"},  # by name, with a warning
        {"kode": "A03", "urusan": "2.09"},
    ]
    table = read_proposals(load_scenario(CONTOH), _table(rows))
    reference = load_urusan()
    data = table.data
    assert data["urusan"].tolist() == ["1.03", "2.09", "2.09"]
    assert data["urusan_name"].tolist() == reference.loc[data["urusan"], "nama"].tolist()
    assert data["urusan_category"].tolist() == reference.loc[data["urusan"], "kategori"].tolist()
    assert data.loc["A01", "urusan_name"] == "Pekerjaan Umum dan Penataan Ruang"
    assert [w.code for w in table.warnings] == ["urusan_by_name"]


def test_wajib_outside_ksdd_names_the_kind() -> None:
    rows = [
        {"kode": "A01", "jenis": "ksdpl", "sifat": "Wajib"},
        {"kode": "A02", "jenis": "KSDD", "sifat": "wajib"},
        {"kode": "A03", "jenis": "SINERGI", "sifat": "wajib"},
    ]
    with pytest.raises(InputError) as info:
        read_proposals(load_scenario(CONTOH), _table(rows))
    found = [(p.row, p.value, p.params["kind"]) for p in info.value.problems]
    assert found == [(2, "Wajib", "KSDPL"), (4, "wajib", "SINERGI")]
    assert "not KSDPL" in info.value.problems[0].render("en")

"""The decomposition on a Dask cluster started by the test: the same plan as in one
process and, up to the stated gap, the same total as the monolithic model, on random
coordinations and on a national-style instance (every province's members, small
lists)."""

from __future__ import annotations

import distributed
import pytest
from coordination_cases import random_case

from mcda_kerjasama.coordination import coordinate
from mcda_kerjasama.coordination.link import build_coordination
from mcda_kerjasama.coordination.result import coordination_to_dict
from mcda_kerjasama.datasets.coordination import generate_coordination
from mcda_kerjasama.errors import InputError


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local.scheduler_address


def _without_times(data: dict) -> dict:
    data = dict(data)
    data["solver"] = {
        k: v for k, v in data["solver"].items() if k not in ("seconds", "solve_seconds", "workers")
    }
    return data


@pytest.mark.parametrize("seed", [2, 7, 13])
def test_decomposition_on_dask_equals_one_process(cluster, seed):
    case = random_case(seed, method="decomposition")
    here = coordinate(case.coordination())
    there = coordinate(case.coordination(), scheduler=cluster)
    assert there.solver.workers == 2
    assert _without_times(coordination_to_dict(there)) == _without_times(coordination_to_dict(here))


def test_national_style_instance_within_the_gap(cluster):
    """Three provinces with all their kabupaten/kota (synthetic), small lists: the
    decomposition on the cluster and the monolithic model agree within the gap asked."""
    g = generate_coordination(None, seed=5, proposals=12, province_proposals=15)
    keep = {m.name for m in g.members if m.province in ("13", "14", "15")}
    joint = g.joint[g.joint.groupby("kode")["pihak"].transform(lambda p: p.isin(keep).all())]
    neighbours = g.neighbours[g.neighbours.anggota.isin(keep) & g.neighbours.tetangga.isin(keep)]
    members = {m.name: (g.scenario(m), m.proposals) for m in g.members if m.name in keep}
    gap = 1e-4
    data = g.coordination()
    data["solver"] = {"method": "decomposition", "mip_gap": gap, "time_limit": 300}
    data["explain"] = {"uncoordinated": False, "price_of_forcing": False, "members": False}
    decomposed = coordinate(build_coordination(data, members, joint, neighbours), scheduler=cluster)
    data["solver"]["method"] = "monolithic"
    monolithic = coordinate(build_coordination(data, members, joint, neighbours), explain=False)
    assert len(decomposed.members) > 40 and len(decomposed.coordination.joint) > 20
    assert str(decomposed.status) in ("optimal", "gap_limit")
    best = max(decomposed.objective, monolithic.objective)
    assert decomposed.objective >= best * (1 - gap) - 1e-9
    assert monolithic.objective >= best * (1 - gap) - 1e-9
    assert decomposed.bound >= monolithic.objective - 1e-7 * abs(monolithic.objective)


def test_unreachable_scheduler_is_a_clear_error():
    case = random_case(1, method="decomposition")
    with pytest.raises(InputError) as caught:
        coordinate(case.coordination(), scheduler="tcp://127.0.0.1:9")
    assert caught.value.problems[0].code == "dask_unreachable"

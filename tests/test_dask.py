"""Monte Carlo and sweeps on a Dask cluster give the same results as locally (a local
cluster is started by the test; Dask is an optional extra)."""

from __future__ import annotations

import distributed
import pandas as pd
import pytest

from mcda_kerjasama.errors import InputError
from mcda_kerjasama.pipeline import sensitivity, sweep
from mcda_kerjasama.scenario import load_scenario
from mcda_kerjasama.sensitivity.parallel import map_tasks


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local.scheduler_address


def test_monte_carlo_on_dask_equals_local(cluster, contoh):
    scenario = load_scenario(
        contoh, ["sensitivity.draws=120", "sensitivity.model=uniform", "sensitivity.seed=3"]
    )
    here = sensitivity(scenario).monte_carlo
    there = sensitivity(scenario, scheduler=cluster).monte_carlo
    pd.testing.assert_frame_equal(here.weights, there.weights)
    pd.testing.assert_series_equal(here.selection_frequency, there.selection_frequency)
    pd.testing.assert_frame_equal(here.rank_acceptability, there.rank_acceptability)


def test_sweep_on_dask_equals_local(cluster, contoh):
    grid = [("constraints.budget", ["2e9", "4e9", "6e9"])]
    base = load_scenario(contoh)
    pd.testing.assert_frame_equal(sweep(base, grid), sweep(base, grid, scheduler=cluster))


def test_unreachable_scheduler_is_a_clear_error():
    with pytest.raises(InputError) as caught:
        map_tasks(abs, [1], scheduler="tcp://127.0.0.1:9")
    assert caught.value.problems[0].code == "dask_unreachable"

"""The notebooks in ``notebooks/``: each runs top to bottom without an error in a fresh
python3 kernel (working directory ``notebooks/``, matplotlib on the Agg backend), and each
is stored without outputs or execution counts."""

from __future__ import annotations

import os
from pathlib import Path

import nbclient
import nbformat
import pytest
from support import ROOT

NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
CELL_TIMEOUT = 300  # seconds per cell


def test_notebooks_exist() -> None:
    assert {p.name for p in PATHS} >= {
        "01_bobot_kriteria.ipynb",
        "02_analisis_skenario.ipynb",
        "03_dari_usulan_ke_prioritas.ipynb",
    }


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_stored_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {index} has stored outputs"
            assert cell.execution_count is None, f"cell {index} has an execution count"
    assert "widgets" not in nb.metadata  # no stored widget state either


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_runs_without_error(path: Path) -> None:
    """ipykernel is a test dependency: a kernel that cannot start fails the test."""
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(NOTEBOOKS)}},  # the kernel's working directory
    )
    env = {**os.environ, "MPLBACKEND": "Agg"}
    with client.setup_kernel(env=env):
        for index, cell in enumerate(nb.cells):
            # raises CellExecutionError (the cell's traceback) on any error
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)

"""The main commands: ``init``, ``validate``, ``run`` and ``weights``.

Example:
    >>> from click.testing import CliRunner
    >>> CliRunner().invoke(main, ["validate", "--help"]).exit_code
    0
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mcda_kerjasama.cli.base import (
    _err,
    _scenario,
    format_option,
    handle_errors,
    main,
    scenario_options,
    show_progress,
    stages,
)

if TYPE_CHECKING:
    import threading


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Write into a folder that already has a scenario.")
@handle_errors
def init(directory: Path, force: bool) -> None:
    """Create a new scenario folder: scenario.toml, a proposals template (usulan.xlsx,
    with drop-down lists) and a pairwise comparison template (perbandingan.csv).

    Example: kerjasama init skenario-2027
    """
    from mcda_kerjasama.errors import InputError, Problem
    from mcda_kerjasama.report.templates import write_scenario_folder

    if (directory / "scenario.toml").exists() and not force:
        raise InputError([Problem("init_exists", value=str(directory / "scenario.toml"))])
    for path in write_scenario_folder(directory):
        click.echo(str(path))
    from mcda_kerjasama.i18n import DEFAULT, text

    folder = directory.as_posix()
    click.echo(
        text(
            "init_next",
            DEFAULT,
            folder=folder,
            proposals=(directory / "usulan.xlsx").as_posix(),
            scenario=(directory / "scenario.toml").as_posix(),
        )
    )


@main.command()
@scenario_options
@handle_errors
def validate(scenario: str, sets: tuple[str, ...], lang: str | None) -> None:
    """Read and check the scenario and its proposals; print every problem found.

    Exit code 0 when the inputs can be used (warnings are printed), 1 otherwise.

    Example: kerjasama validate scenarios/sumbar-2026
    """
    from mcda_kerjasama.i18n import text
    from mcda_kerjasama.pipeline import check

    loaded, language = _scenario(scenario, sets, lang)
    checked = check(loaded)
    for warning in checked.warnings:
        _err(f"{text('warning_prefix', language)}: {warning.render(language)}")
    screening = checked.screening
    click.echo(
        text(
            "valid_ok",
            language,
            n=len(checked.proposals),
            eligible=len(screening.eligible),
            not_eligible=len(screening.not_eligible),
        )
    )
    for pid in screening.not_eligible:
        click.echo(f"  {pid}: {'; '.join(screening.reason_text(pid, language))}")


@main.command()
@scenario_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("hasil"),
    show_default=True,
    help="Folder for hasil.json, daftar_prioritas.csv/.xlsx, laporan.html and "
    "manifest.json, replaced as one set; unchanged when the run fails.",
)
@format_option("What to print: the priority table or hasil.json.")
@click.option(
    "--force", is_flag=True, help="Write into an output folder that holds other files too."
)
@handle_errors
def run(
    scenario: str, sets: tuple[str, ...], lang: str | None, output: Path, fmt: str, force: bool
) -> None:
    """The main job: validate, screen, weight, score, select the portfolio and write the
    priority list (hasil.json, daftar_prioritas.csv and .xlsx), the report
    (laporan.html) and the manifest into the output folder, all at once: when the run
    fails (bad input, full disk) the folder keeps its previous files.

    Example: kerjasama run scenarios/contoh -o hasil --format json
    """
    from mcda_kerjasama.i18n import text
    from mcda_kerjasama.pipeline import run as run_pipeline
    from mcda_kerjasama.report import RESULT_JSON, load_writers, write_outputs

    loaded, language = _scenario(scenario, sets, lang)
    loading: list[threading.Thread] = []

    with stages(language, show_progress(fmt)) as tell:  # on a terminal only

        def progress(stage: str) -> None:
            tell(stage)
            if stage == "solve" and not loading:  # the solver leaves a core idle
                loading.append(load_writers())

        try:
            result = run_pipeline(loaded, progress=progress)
        finally:  # no import left running when the process exits
            for thread in loading:
                thread.join()
        tell("write")
        command = [Path(sys.argv[0]).name, *sys.argv[1:]]
        paths = write_outputs(result, output, language, command=command, force=force)
    if fmt == "json":  # what hasil.json holds, not computed again
        written = next(path for path in paths if path.name == RESULT_JSON)
        click.echo(written.read_text(encoding="utf-8"), nl=False)
    else:
        from mcda_kerjasama.report.console import print_run

        print_run(result, language)
    for warning in result.warnings:  # as validate prints them; hasil.json holds them too
        _err(f"{text('warning_prefix', language)}: {warning.render(language)}")
    for path in paths:
        _err(f"-> {path}")


@main.command()
@scenario_options
@format_option("Print a table or JSON.")
@handle_errors
def weights(scenario: str, sets: tuple[str, ...], lang: str | None, fmt: str) -> None:
    """Compute the criterion weights with their consistency and suggested revisions.

    Example: kerjasama weights scenarios/contoh --format json
    """
    from mcda_kerjasama.weights.compute import compute_weights

    loaded, language = _scenario(scenario, sets, lang)
    result = compute_weights(loaded)
    if fmt == "json":
        from mcda_kerjasama.jsonable import to_json

        click.echo(to_json(result.to_dict()))
    else:
        from mcda_kerjasama.report.console import print_weights

        print_weights(result, loaded, language)
    from mcda_kerjasama.i18n import text
    from mcda_kerjasama.scenario.notes import scenario_warnings

    for warning in scenario_warnings(loaded):  # normalised values, a key the method ignores
        _err(f"{text('warning_prefix', language)}: {warning.render(language)}")

"""``kerjasama koordinasi FILE``: joint selection across member regions.

Example:
    >>> from click.testing import CliRunner
    >>> CliRunner().invoke(main, ["koordinasi", "--help"]).exit_code
    0
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mcda_kerjasama.cli.base import (
    LANG_HELP,
    _err,
    format_option,
    handle_errors,
    main,
    scheduler_option,
)
from mcda_kerjasama.language import LANGUAGES
from mcda_kerjasama.language import language as to_language


@main.command()
@click.argument("file", type=click.Path(exists=True, path_type=str))
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a value of the coordination file, e.g. --set objective.guarantee=false.",
)
@click.option("--lang", type=click.Choice(LANGUAGES), default=None, help=LANG_HELP)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("hasil-koordinasi"),
    show_default=True,
    help="Folder for koordinasi.json, koordinasi.xlsx, laporan_koordinasi.html, every "
    "member's usual outputs and manifest.json, replaced as one set.",
)
@format_option("What to print: the summary table or koordinasi.json.")
@click.option("--force", is_flag=True, help="Write into an output folder that holds other files.")
@scheduler_option
@click.option(
    "--match",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Only propose joint cooperations by matching the members' lists, with the "
    "evidence, into this .csv or .xlsx for the secretariat to confirm.",
)
@handle_errors
def koordinasi(
    file: str,
    sets: tuple[str, ...],
    lang: str | None,
    output: Path,
    fmt: str,
    force: bool,
    scheduler: str | None,
    match: Path | None,
) -> None:
    """Select the cooperation portfolios of several member regions together (a province
    and its kabupaten/kota): every member's own proposals under its own rules, and joint
    cooperations chosen for all their parties or none. FILE is a koordinasi.toml or the
    folder holding one. Exit codes: 0 ok, 1 bad input, 2 infeasible or solver failure.

    Example: kerjasama koordinasi scenarios/koordinasi-sumbar -o hasil-koordinasi
    """
    from mcda_kerjasama.coordination.config import load_spec

    spec = load_spec(file, sets, joint=match is None)
    click.get_current_context().meta["mcda_kerjasama.language"] = spec.language
    language = to_language(lang or spec.language)
    if match is not None:
        from mcda_kerjasama.coordination.link import load_for_matching
        from mcda_kerjasama.coordination.matching import matching_summary, propose_joint
        from mcda_kerjasama.datasets.write import write_proposals

        members, neighbours, existing = load_for_matching(file, sets)
        table = propose_joint(members, neighbours, existing, language)
        write_proposals(table, match)
        _err(matching_summary(table, language))
        _err(f"-> {match}")
        return
    from mcda_kerjasama.coordination import coordinate, load_coordination
    from mcda_kerjasama.coordination.pool import Pool
    from mcda_kerjasama.coordination.render import write_coordination_outputs
    from mcda_kerjasama.i18n import text

    coordination = load_coordination(file, sets)
    for warning in coordination.warnings:
        _err(f"{text('warning_prefix', language)}: {warning.render(language)}")
    command = [Path(sys.argv[0]).name, *sys.argv[1:]]
    options = coordination.spec.options
    with Pool(scheduler or options.scheduler, options.threads) as pool:
        done = coordinate(coordination, scheduler=pool.client)
        paths = write_coordination_outputs(
            done, output, language, command=command, force=force, pool=pool
        )
    if fmt == "json":
        from mcda_kerjasama.coordination.result import coordination_to_dict
        from mcda_kerjasama.jsonable import to_json

        click.echo(to_json(coordination_to_dict(done, language)))
    else:
        from mcda_kerjasama.coordination.render.console import coordination_text

        click.echo(coordination_text(done, language))
    _err(f"-> {output} ({len(paths)})")

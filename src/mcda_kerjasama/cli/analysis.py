"""The analyses: ``frontier``, ``sensitivity``, ``sweep``, ``compare`` and ``verify``.

Example:
    >>> from click.testing import CliRunner
    >>> CliRunner().invoke(main, ["sweep", "--help"]).exit_code
    0
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mcda_kerjasama.cli.base import (
    LANG_HELP,
    _err,
    _progress,
    _scenario,
    format_option,
    handle_errors,
    main,
    scenario_options,
    scheduler_option,
    show_progress,
)
from mcda_kerjasama.language import LANGUAGES
from mcda_kerjasama.language import language as to_language

if TYPE_CHECKING:
    from mcda_kerjasama.i18n import Language


@main.command()
@scenario_options
@click.option(
    "--steps",
    type=click.IntRange(1, 500),
    default=20,
    show_default=True,
    help="Number of equal budget steps from zero to the cost of every candidate.",
)
@format_option("Print a table or JSON.")
@handle_errors
def frontier(scenario: str, sets: tuple[str, ...], lang: str | None, steps: int, fmt: str) -> None:
    """The best total value as the budget varies from zero to the cost of every eligible
    proposal, each point an exact solve, with the proposals that enter and leave
    between neighbouring points.

    Example: kerjasama frontier scenarios/contoh --steps 10
    """
    from mcda_kerjasama.i18n import text
    from mcda_kerjasama.pipeline import frontier as compute

    loaded, language = _scenario(scenario, sets, lang)
    label = text("progress_frontier", language)
    with _progress(steps + 1, label, show_progress(fmt)) as advance:
        result = compute(loaded, steps, progress=advance)
    if fmt == "json":
        from mcda_kerjasama.jsonable import to_json
        from mcda_kerjasama.report.result import frontier_to_dict

        click.echo(to_json(frontier_to_dict(result, loaded)))
    else:
        from mcda_kerjasama.report.console import print_frontier

        print_frontier(result, language)


@main.command()
@scenario_options
@click.option(
    "--draws",
    type=click.IntRange(1),
    default=None,
    help="Number of weight draws (default: [sensitivity] draws).",
)
@click.option("--seed", type=int, default=None, help="Random seed (default: [sensitivity] seed).")
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=None,
    help="Processes to use; the result does not depend on it.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("sensitivitas.json"),
    show_default=True,
    help="Where to write the JSON result.",
)
@scheduler_option
@format_option("Print a summary table or the JSON.")
@handle_errors
def sensitivity(
    scenario: str,
    sets: tuple[str, ...],
    lang: str | None,
    draws: int | None,
    seed: int | None,
    workers: int | None,
    output: Path,
    scheduler: str | None,
    fmt: str,
) -> None:
    """Monte Carlo over weight uncertainty: how often each proposal is selected (core,
    borderline, exterior), rank acceptabilities and the most frequent portfolios.

    Example: kerjasama sensitivity scenarios/sumbar-2026 --draws 1000 --workers 2
    """
    from mcda_kerjasama.i18n import text
    from mcda_kerjasama.jsonable import to_json
    from mcda_kerjasama.pipeline import sensitivity as analyse
    from mcda_kerjasama.report.files import write_atomic
    from mcda_kerjasama.report.result import sensitivity_to_dict

    extra = [
        f"sensitivity.{k}={v}"
        for k, v in (("draws", draws), ("seed", seed), ("workers", workers))
        if v is not None
    ]
    loaded, language = _scenario(scenario, (*sets, *extra), lang)
    label = text("progress_montecarlo", language)
    with _progress(loaded.sensitivity.draws, label, show_progress(fmt), language) as advance:
        result = analyse(loaded, progress=advance, stages=advance.stage, scheduler=scheduler)
    data = to_json(sensitivity_to_dict(result, loaded))
    write_atomic(output, (data + "\n").encode("utf-8"))
    if fmt == "json":
        click.echo(data)
    else:
        from mcda_kerjasama.report.console import print_sensitivity

        assert result.checked is not None  # the pipeline always returns its inputs
        print_sensitivity(result, result.checked.proposals.data, language)
    _err(f"-> {output}")


@main.command()
@scenario_options
@click.option(
    "--vary",
    "grid",
    multiple=True,
    required=True,
    metavar="KEY=V1|V2|...",
    help="A scenario key and the values to try, separated by | (repeatable: every "
    "combination is solved).",
)
@scheduler_option
@format_option("Print a table or JSON.")
@handle_errors
def sweep(
    scenario: str,
    sets: tuple[str, ...],
    lang: str | None,
    grid: tuple[str, ...],
    scheduler: str | None,
    fmt: str,
) -> None:
    """Solve a grid of variants of a scenario (budget levels x weight sets, any keys) and
    print one table: the values, status, total value, number selected and budget used.

    Example: kerjasama sweep scenarios/contoh --vary 'constraints.budget=3e9|4e9|5e9'
    --vary 'weights.values.real_need=0.25|0.5'
    """
    from mcda_kerjasama.errors import InputError, Problem
    from mcda_kerjasama.i18n import text
    from mcda_kerjasama.pipeline import sweep as solve_grid

    pairs = []
    for text_ in grid:
        key, sep, raw = text_.partition("=")
        if not sep or not key.strip() or not raw.strip():
            raise InputError([Problem("set_syntax", value=text_)])
        pairs.append((key.strip(), [v.strip() for v in raw.split("|")]))
    if lang:  # the variants' conflicts in the language asked for
        sets = (*sets, f"scenario.language={lang}")
    loaded, _ = _scenario(scenario, sets, lang)  # the base scenario, checked once
    total = 1
    for _, values in pairs:
        total *= len(values)
    label = text("progress_sweep", to_language(lang or loaded.language))
    with _progress(total, label, show_progress(fmt)) as advance:
        table = solve_grid(loaded, pairs, progress=advance, scheduler=scheduler)
    if fmt == "json":
        from mcda_kerjasama.jsonable import to_json

        click.echo(to_json(table.to_dict("records")))
    else:
        from mcda_kerjasama.report.console import print_sweep

        language = to_language(lang or loaded.language)
        labels = {c.key: c.display(language) for c in (*loaded.groups, *loaded.criteria)}
        print_sweep(table, [key for key, _ in pairs], language, labels=labels)


@main.command()
@click.argument("scenario_a", type=click.Path(exists=True, path_type=str))
@click.argument("scenario_b", type=click.Path(exists=True, path_type=str))
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a value of scenario B, e.g. --set constraints.budget=4e9 (repeatable); "
    "with A and B the same folder this compares a scenario with a variant of it.",
)
@click.option(
    "--set-a",
    "sets_a",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a value of scenario A (repeatable).",
)
@click.option("--lang", type=click.Choice(LANGUAGES), default=None, help=LANG_HELP)
@format_option("Print a table or JSON.")
@handle_errors
def compare(
    scenario_a: str,
    scenario_b: str,
    sets: tuple[str, ...],
    sets_a: tuple[str, ...],
    lang: str | None,
    fmt: str,
) -> None:
    """What changes between two scenarios' portfolios and why: proposals added, dropped
    or moved with the cause of each in words, the total value, and the money and staff
    used per year.

    Example: kerjasama compare scenarios/contoh scenarios/contoh --set constraints.budget=4e9
    """
    from mcda_kerjasama.pipeline import run as run_pipeline
    from mcda_kerjasama.sensitivity.compare import compare_results

    first, language = _scenario(scenario_a, sets_a, lang)
    second, _ = _scenario(scenario_b, sets, lang)
    found = compare_results(run_pipeline(first), run_pipeline(second))
    if fmt == "json":
        from mcda_kerjasama.jsonable import to_json

        click.echo(to_json(found.to_dict(language)))
    else:
        from mcda_kerjasama.report.console import print_comparison

        print_comparison(found, language)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="id",
    show_default=True,
    help="Language of the report.",
)
@handle_errors
def verify(directory: Path, lang: str) -> None:
    """Check a result folder against its manifest.json: every input and every output
    file (hasil.json, daftar_prioritas.csv/.xlsx, laporan.html) must be unchanged, and a
    re-run must give the same hasil.json (times ignored). Names every file that changed
    or is missing. Exit code 0 when identical, 1 otherwise or when the manifest is
    damaged.

    Example: kerjasama verify hasil
    """
    from mcda_kerjasama.coordination.render import is_coordination, verify_coordination
    from mcda_kerjasama.i18n import catalogue, text
    from mcda_kerjasama.report.manifest import RESULT_FILE
    from mcda_kerjasama.report.manifest import verify as check

    language: Language = to_language(lang)
    found = verify_coordination(directory) if is_coordination(directory) else check(directory)
    for role, path, why in found.changed_inputs:
        reason = text(f"verify_{why}", language)
        named = f"verify_role_{role}"  # the file's role in words (the manifest keeps the key)
        shown = text(named, language) if named in catalogue(language) else role
        _err(text("verify_input", language, role=shown, value=path, why=reason))
    for path, why in found.changed_outputs:
        reason = text(f"verify_{why}", language)
        _err(text("verify_output", language, value=path, why=reason))
    for problem in found.problems:
        _err(f"{text('error_prefix', language)}: {problem.render(language)}")
    if found.differ:
        shown = ", ".join(found.differ[:10]) + (" ..." if len(found.differ) > 10 else "")
        _err(text("verify_differs", language, fields=shown))
    elif not found.compared and not found.changed_inputs:
        _err(text("verify_not_compared", language, value=directory / RESULT_FILE))
    if not found.identical:
        sys.exit(1)
    click.echo(text("verify_all_identical", language))

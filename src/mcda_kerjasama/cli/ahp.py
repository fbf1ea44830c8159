"""The AHP questionnaires: ``ahp template`` and ``ahp collect``.

Example:
    >>> from click.testing import CliRunner
    >>> CliRunner().invoke(main, ["ahp", "collect", "--help"]).exit_code
    0
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from mcda_kerjasama.cli.base import (
    _err,
    _scenario,
    handle_errors,
    main,
    scenario_options,
)
from mcda_kerjasama.language import LANGUAGES
from mcda_kerjasama.language import language as to_language

if TYPE_CHECKING:
    pass


@main.group()
def ahp() -> None:
    """AHP questionnaires for TKKSD members: write one Excel form per respondent, then
    collect the filled forms into a pairs file a scenario can use."""


@ahp.command()
@scenario_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder for the forms (one .xlsx per respondent).",
)
@click.option(
    "--respondent",
    "respondents",
    multiple=True,
    required=True,
    metavar="NAME",
    help="A TKKSD member who will fill a form (repeatable).",
)
@click.option(
    "--group",
    default=None,
    metavar="CRITERION",
    help="Ask about the sub-criteria of this criterion instead of the main ones.",
)
@handle_errors
def template(
    scenario: str,
    sets: tuple[str, ...],
    lang: str | None,
    output: Path,
    respondents: tuple[str, ...],
    group: str | None,
) -> None:
    """Write one questionnaire per respondent: every pair of criteria asked once on
    Saaty's verbal scale, with drop-down lists and instructions.

    Example: kerjasama ahp template scenarios/contoh -o kuesioner --respondent Sekda
    --respondent "Kepala Bappeda"
    """
    from mcda_kerjasama.report.templates import form_file_name, write_form

    loaded, language = _scenario(scenario, sets, lang)
    nodes = {c.key: c for c in (*loaded.groups, *loaded.criteria)}
    keys = loaded.children(group)
    if group is not None and not keys:
        from mcda_kerjasama.errors import InputError, Problem
        from mcda_kerjasama.i18n import closest_hint

        groups = [g.key for g in loaded.groups]
        raise InputError(
            [
                Problem(
                    "criterion_unknown",
                    key="--group",
                    value=group,
                    params=closest_hint(group, groups, "key_hint"),
                )
            ]
        )
    criteria = [(k, nodes[k].display(language)) for k in keys]
    for name in respondents:
        path = output / form_file_name(name)
        write_form(path, criteria, name, scenario_name=loaded.name, lang=language)
        click.echo(str(path))


@ahp.command()
@click.argument(
    "forms", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The pairs file to write (a,b,nilai,responden).",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="id",
    show_default=True,
    help="Language of the report.",
)
@handle_errors
def collect(forms: tuple[Path, ...], output: Path, lang: str) -> None:
    """Read filled forms (a blank answer is a missing judgement), report each
    respondent's consistency and the group's weights, and write the pairs file for
    [weights] judgements = "...". The pairs file is written only when every form reads
    cleanly, and never over one of the forms.

    Example: kerjasama ahp collect kuesioner/*.xlsx -o perbandingan.csv
    """
    from mcda_kerjasama.errors import JudgementError
    from mcda_kerjasama.report.console import print_weights
    from mcda_kerjasama.report.files import write_atomic
    from mcda_kerjasama.weights.ahp.completion import name_criteria
    from mcda_kerjasama.weights.group import group_ahp_weights
    from mcda_kerjasama.weights.questionnaire import (
        check_output_not_input,
        collect_forms,
        form_labels,
        pairs_csv,
    )

    check_output_not_input(output, forms)
    sets = collect_forms(forms)
    labels = {k: v for form in forms for k, v in form_labels(form).items()}
    try:
        weights = group_ahp_weights(sets)
    except JudgementError as err:  # name the criteria as the forms do, not by their keys
        raise name_criteria(err, labels) from err
    write_atomic(output, pairs_csv(sets).encode("utf-8"))
    print_weights(weights, None, to_language(lang), labels=labels)
    _err(f"-> {output}")
    from mcda_kerjasama.i18n import text

    _err(text("ahp_collect_next", to_language(lang), path=output.as_posix()))

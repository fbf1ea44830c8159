"""The ``kerjasama`` command line: parse, call the library, print. Nothing else.

Library errors become messages in the user's language with exit codes: 0 ok, 1 bad
input, 2 infeasible or solver failure. Heavy libraries are imported inside commands so
``kerjasama --help`` answers at once.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from mcda_kerjasama import __version__
from mcda_kerjasama.language import LANGUAGES
from mcda_kerjasama.language import language as to_language
from mcda_kerjasama.web.command import serve as serve_command  # Django loads when it runs

if TYPE_CHECKING:
    from mcda_kerjasama.i18n import Language
    from mcda_kerjasama.scenario import Scenario

F = TypeVar("F", bound=Callable[..., Any])

SET_HELP = "Override a scenario value, e.g. --set constraints.budget=4e9 (repeatable)."
LANG_HELP = "Output language: id (Bahasa Indonesia) or en. Default: the scenario's."


#: Exit codes, the one place they are decided: 0 ok, 1 bad input (a scenario, a file,
#: a command-line usage error), 2 no portfolio (infeasible) or a solver failure.
EXIT_OK, EXIT_BAD_INPUT, EXIT_NO_PORTFOLIO = 0, 1, 2


def exit_code(exc: BaseException) -> int:
    """The exit code for a library error.

    Example:
        >>> from mcda_kerjasama.errors import InfeasibleError, InputError, SolverError
        >>> failed = SolverError("solver_failed", backend="highs", reason="x")
        >>> exit_code(InputError([])), exit_code(InfeasibleError([])), exit_code(failed)
        (1, 2, 2)
    """
    from mcda_kerjasama.errors import InfeasibleError, SolverError

    return EXIT_NO_PORTFOLIO if isinstance(exc, InfeasibleError | SolverError) else EXIT_BAD_INPUT


def _err(message: str) -> None:
    click.echo(message, err=True)


def handle_errors(func: F) -> F:
    """Turn library errors into a message on stderr and the right exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from mcda_kerjasama.errors import InputError, KerjasamaError
        from mcda_kerjasama.i18n import text

        try:
            return func(*args, **kwargs)
        except OSError as exc:  # e.g. an output folder that cannot be written
            lang = _language(kwargs)
            message = text("os_error", lang, reason=exc.strerror or exc, value=exc.filename or "")
            _err(f"{text('error_prefix', lang)}: {message}")
            sys.exit(1)
        except KerjasamaError as exc:
            lang = _language(kwargs)
            if isinstance(exc, InputError):
                errors = sum(p.severity == "error" for p in exc.problems)
                for problem in exc.problems:
                    prefix = text(
                        "error_prefix" if problem.severity == "error" else "warning_prefix", lang
                    )
                    _err(f"{prefix}: {problem.render(lang)}")
                _err(
                    text("problems_found", lang, errors=errors, warnings=len(exc.problems) - errors)
                )
            else:
                _err(f"{text('error_prefix', lang)}: {exc.render(lang)}")
            sys.exit(exit_code(exc))

    return wrapper  # type: ignore[return-value]


def _language(kwargs: dict[str, Any]) -> Language:
    """The language for messages: --lang, else the loaded scenario's, else Indonesian."""
    ctx = click.get_current_context(silent=True)
    loaded = ctx.meta.get("mcda_kerjasama.language") if ctx else None
    chosen = kwargs.get("lang") or loaded or "id"
    return to_language(chosen)


def _scenario(path: str, sets: tuple[str, ...], lang: str | None) -> tuple[Scenario, Language]:
    from mcda_kerjasama.scenario import load_scenario

    scenario = load_scenario(path, sets)
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta["mcda_kerjasama.language"] = scenario.language
    return scenario, (lang or scenario.language)  # type: ignore[return-value]


def scenario_options(func: F) -> F:
    """The options every scenario command takes: SCENARIO, --set, --lang."""
    func = click.option("--lang", type=click.Choice(LANGUAGES), default=None, help=LANG_HELP)(func)
    func = click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help=SET_HELP)(func)
    return click.argument("scenario", type=click.Path(exists=True, path_type=str))(func)


def format_option(help_text: str) -> Callable[[F], F]:
    """The ``--format table|json`` option with its own help text."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help=help_text,
    )


scheduler_option = click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Run on an existing Dask cluster (tcp://host:8786); needs the dask extra.",
)


class KerjasamaGroup(click.Group):
    """The command group: click's own usage errors (an unknown option, a missing
    argument) are bad input too, so they exit with 1 like every other input error; exit
    code 2 only ever means that no portfolio could be found."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        parent = super().main
        if not standalone_mode:
            return parent(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = parent(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            exc.show()
            sys.exit(EXIT_BAD_INPUT)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            _err("Aborted!")
            sys.exit(EXIT_BAD_INPUT)
        except (EOFError, KeyboardInterrupt):
            _err("")
            sys.exit(EXIT_BAD_INPUT)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


@click.group(cls=KerjasamaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kerjasama")
def main() -> None:
    """Prioritise regional cooperation proposals (usulan kerja sama daerah).

    SCENARIO is a scenario.toml or the folder holding one. Exit codes: 0 ok, 1 bad
    input, 2 infeasible or solver failure.
    """


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
    from mcda_kerjasama.pipeline import run as run_pipeline
    from mcda_kerjasama.report import result_json, write_outputs

    loaded, language = _scenario(scenario, sets, lang)
    result = run_pipeline(loaded)
    command = [Path(sys.argv[0]).name, *sys.argv[1:]]
    paths = write_outputs(result, output, language, command=command, force=force)
    if fmt == "json":
        click.echo(result_json(result, language))
    else:
        from mcda_kerjasama.report.console import print_run

        print_run(result, language)
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
    from mcda_kerjasama.pipeline import frontier as compute

    loaded, language = _scenario(scenario, sets, lang)
    result = compute(loaded, steps)
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
    with _progress(loaded.sensitivity.draws) as advance:
        result = analyse(loaded, progress=advance, scheduler=scheduler)
    data = to_json(sensitivity_to_dict(result, loaded))
    write_atomic(output, (data + "\n").encode("utf-8"))
    if fmt == "json":
        click.echo(data)
    else:
        from mcda_kerjasama.report.console import print_sensitivity

        assert result.checked is not None  # the pipeline always returns its inputs
        print_sensitivity(result, result.checked.proposals.data, language)
    _err(f"-> {output}")


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal (nothing otherwise); yields ``advance(done)``."""
    from rich.progress import Progress

    if not sys.stderr.isatty():
        yield lambda _done: None
        return
    with Progress(transient=True) as bar:
        task = bar.add_task("Monte Carlo", total=total)
        yield lambda done: bar.update(task, completed=done)


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
    with _progress(total) as advance:
        table = solve_grid(loaded, pairs, progress=advance, scheduler=scheduler)
    if fmt == "json":
        from mcda_kerjasama.jsonable import to_json

        click.echo(to_json(table.to_dict("records")))
    else:
        from mcda_kerjasama.report.console import print_frame

        print_frame(table)


@main.command()
@click.argument("scenario_a", type=click.Path(exists=True, path_type=str))
@click.argument("scenario_b", type=click.Path(exists=True, path_type=str))
@click.option("--lang", type=click.Choice(LANGUAGES), default=None, help=LANG_HELP)
@format_option("Print a table or JSON.")
@handle_errors
def compare(scenario_a: str, scenario_b: str, lang: str | None, fmt: str) -> None:
    """What changes between two scenarios' portfolios and why: proposals added, dropped
    or moved with the cause of each in words, the total value, and the money and staff
    used per year.

    Example: kerjasama compare scenarios/contoh scenarios/contoh-ahp
    """
    from mcda_kerjasama.pipeline import run as run_pipeline
    from mcda_kerjasama.sensitivity.compare import compare_results

    first, language = _scenario(scenario_a, (), lang)
    second, _ = _scenario(scenario_b, (), lang)
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
    from mcda_kerjasama.i18n import text
    from mcda_kerjasama.report.manifest import RESULT_FILE
    from mcda_kerjasama.report.manifest import verify as check

    language: Language = to_language(lang)
    found = check(directory)
    for role, path, why in found.changed_inputs:
        reason = text(f"verify_{why}", language)
        _err(text("verify_input", language, role=role, value=path, why=reason))
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
    from mcda_kerjasama.report.console import print_weights
    from mcda_kerjasama.report.files import write_atomic
    from mcda_kerjasama.weights.group import group_ahp_weights
    from mcda_kerjasama.weights.questionnaire import (
        check_output_not_input,
        collect_forms,
        pairs_csv,
    )

    check_output_not_input(output, forms)
    sets = collect_forms(forms)
    weights = group_ahp_weights(sets)
    write_atomic(output, pairs_csv(sets).encode("utf-8"))
    print_weights(weights, None, to_language(lang))
    _err(f"-> {output}")


main.add_command(serve_command)  # kerjasama serve: the web application

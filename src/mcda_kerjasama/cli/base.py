"""What every command shares: the group, the options every scenario command takes,
error handling (library errors become messages in the user's language; the exit codes
are decided here) and the progress bar.

Example:
    >>> from click.testing import CliRunner
    >>> CliRunner().invoke(main, ["--version"]).output.startswith("kerjasama, versi")
    True
    >>> english = CliRunner().invoke(main, ["--version"], env={"KERJASAMA_LANG": "en"})
    >>> english.output.startswith("kerjasama, version")
    True
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

import click

from mcda_kerjasama import __version__
from mcda_kerjasama.cli.help import (
    CURRENT,
    cli_language,
    click_language,
    help_key,
    translated_help,
)
from mcda_kerjasama.i18n import catalogue
from mcda_kerjasama.language import LANGUAGES
from mcda_kerjasama.language import language as to_language

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


#: Every command of ``kerjasama``, by name: where it lives (``module:attribute``). A
#: command's module is imported when the command runs or its help is asked for, so
#: ``kerjasama --help`` lists them all (their short help read from the message tables)
#: without importing any.
COMMANDS: dict[str, str] = {
    "ahp": "mcda_kerjasama.cli.ahp:ahp",
    "compare": "mcda_kerjasama.cli.analysis:compare",
    "frontier": "mcda_kerjasama.cli.analysis:frontier",
    "init": "mcda_kerjasama.cli.commands:init",
    "koordinasi": "mcda_kerjasama.cli.koordinasi:koordinasi",
    "run": "mcda_kerjasama.cli.commands:run",
    "sensitivity": "mcda_kerjasama.cli.analysis:sensitivity",
    "serve": "mcda_kerjasama.web.command:serve",
    "sweep": "mcda_kerjasama.cli.analysis:sweep",
    "validate": "mcda_kerjasama.cli.commands:validate",
    "verify": "mcda_kerjasama.cli.analysis:verify",
    "weights": "mcda_kerjasama.cli.commands:weights",
}

#: While the group runs: where the help of a command loaded on demand is put into the
#: command line's language (and taken back out when the group is done).
_TRANSLATING: ContextVar[contextlib.ExitStack | None] = ContextVar(
    "kerjasama_cli_translating", default=None
)


class KerjasamaGroup(click.Group):
    """The command group: click's own usage errors (an unknown option, a missing
    argument) are bad input too, so they exit with 1 like every other input error; exit
    code 2 only ever means that no portfolio could be found. Help and click's own
    messages are in the command line's language (:mod:`mcda_kerjasama.cli.help`:
    Bahasa Indonesia, or English with ``--lang en`` or ``KERJASAMA_LANG=en``).
    Commands load on demand (:data:`COMMANDS`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, _, attr = COMMANDS[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attr)
            self.add_command(command, cmd_name)
            stack = _TRANSLATING.get()
            if stack is not None:
                stack.enter_context(translated_help(command, [cmd_name], CURRENT.get()))
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``: a command not loaded yet shows the short help
        of its message-table entry, as it would once loaded and translated (shortened
        by click, through a stand-in command holding that text)."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            if loaded is not None:
                if not loaded.hidden:
                    rows.append((name, loaded.get_short_help_str(limit)))
                continue
            shown = catalogue(CURRENT.get()).get(help_key([name]))
            command = click.Command(name, help=shown) if shown else self.get_command(ctx, name)
            rows.append((name, command.get_short_help_str(limit) if command else ""))
        with formatter.section(catalogue(CURRENT.get())["click_commands"]):
            formatter.write_dl(rows)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        lang = cli_language(given, os.environ)
        token = CURRENT.set(lang)
        try:
            with click_language(lang), contextlib.ExitStack() as stack:
                stack.enter_context(translated_help(self, [], lang))
                translating = _TRANSLATING.set(stack)
                try:
                    return self._main(given, prog_name, complete_var, standalone_mode, **extra)
                finally:
                    _TRANSLATING.reset(translating)
        finally:
            CURRENT.reset(token)

    def _main(
        self,
        args: list[str],
        prog_name: str | None,
        complete_var: str | None,
        standalone_mode: bool,
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
            from mcda_kerjasama.i18n import text

            _err(text("click_aborted", CURRENT.get()))
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


def load_commands() -> KerjasamaGroup:
    """The ``kerjasama`` group with every command loaded (for code that walks
    ``main.commands``, such as the tests of every command's help).

    Example:
        >>> sorted(load_commands().commands)[:4]
        ['ahp', 'compare', 'frontier', 'init']
    """
    group = main
    assert isinstance(group, KerjasamaGroup)
    for name in COMMANDS:
        group.get_command(click.Context(group), name)
    return group


def show_progress(fmt: str = "table") -> bool:
    """Whether to show progress: only on a terminal (stderr), never with ``--format
    json`` (a script reads that output) nor when stderr is piped or a file."""
    return fmt != "json" and sys.stderr.isatty()


class _Bar:
    """A progress bar's hooks: called with the steps done; :meth:`stage` names the work
    that follows the loop (the bar then pulses)."""

    def __init__(self, bar: Any = None, task: Any = None, lang: Language = "id") -> None:
        self.bar, self.task, self.lang = bar, task, lang

    def __call__(self, done: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=done)

    def stage(self, name: str) -> None:
        """Show the stage ``name`` in words (``stage_<name>``) once the loop is done."""
        from mcda_kerjasama.i18n import catalogue, text

        key = f"stage_{name}"
        if self.bar is not None and name == "oneway" and key in catalogue(self.lang):
            self.bar.update(self.task, description=text(key, self.lang), total=None)


@contextlib.contextmanager
def _progress(
    total: int, label: str = "Monte Carlo", enabled: bool | None = None, lang: Language = "id"
) -> Iterator[_Bar]:
    """A progress bar on a terminal's stderr (nothing otherwise); yields a :class:`_Bar`,
    called with the steps done. ``label`` names the loop in the reader's language."""
    from rich.console import Console
    from rich.progress import Progress

    if not (show_progress() if enabled is None else enabled):
        yield _Bar()
        return
    with Progress(console=Console(stderr=True), transient=True) as bar:
        yield _Bar(bar, bar.add_task(label, total=total), lang)


@contextlib.contextmanager
def stages(lang: Language, enabled: bool) -> Iterator[Callable[[str], None]]:
    """The stage a long job is in, on a terminal's stderr: a spinner and the stage's
    name in words (``membaca usulan``, ``memilih portofolio``...); nothing when not
    ``enabled``. Yields ``tell(stage)`` to pass to the core as its ``progress``.

    Example:
        >>> with stages("id", enabled=False) as tell:
        ...     tell("solve")
    """
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from mcda_kerjasama.i18n import catalogue, text

    if not enabled:
        yield lambda _stage: None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(text("stage_start", lang), total=None)

        def tell(stage: str) -> None:
            key = f"stage_{stage}"
            shown = text(key, lang) if key in catalogue(lang) else stage
            bar.update(task, description=shown)

        yield tell

"""The command line in the reader's language: every command's and option's help, and
click's own words (``Usage:``, ``Options:``, "No such option", "Missing argument"...),
Bahasa Indonesia by default, English with ``--lang en`` or ``KERJASAMA_LANG=en``.

The help texts live in the message tables (``cli_<command>`` for a command,
``cli_<command>__<option>`` for an option; ``cli_opt_<option>`` for an option every
command shares), so the English in the code is only the source of the English table.
click writes its own words through :mod:`gettext`, imported into each of its modules
as ``_`` and ``ngettext``: while a command runs, :func:`click_language` points those
names at the message tables (``click_*`` keys, one per click message the user can
see, :data:`CLICK_MESSAGES`) and puts click's own back afterwards. A click release
that rewords a message only loses its translation (the English shows);
``tests/test_indonesian_outputs.py`` checks every message is still click's.

Example:
    >>> cli_language(["run", "x", "--lang", "en"], {}), cli_language(["run"], {})
    ('en', 'id')
    >>> cli_language(["run"], {"KERJASAMA_LANG": "en"})
    'en'
    >>> with click_language("id"):
    ...     import click.core
    ...     click.core._("Show this message and exit.")
    'Tampilkan pesan ini lalu keluar.'
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from typing import Any

import click

from mcda_kerjasama.i18n import Language, catalogue
from mcda_kerjasama.language import language as to_language

#: click's messages a user can see, by the message-table key that translates them
#: (plural messages as (singular, plural)).
CLICK_MESSAGES: dict[str, str | tuple[str, str]] = {
    "click_usage": "Usage:",
    "click_options": "Options",
    "click_commands": "Commands",
    "click_help": "Show this message and exit.",
    "click_version": "Show the version and exit.",
    "click_version_line": "%(prog)s, version %(version)s",
    "click_error": "Error: {message}",
    "click_try": "Try '{command} {option}' for help.",
    "click_no_option": "No such option {name!r}.",
    "click_no_command": "No such command {name!r}.",
    "click_missing_argument": "Missing argument",
    "click_missing_option": "Missing option",
    "click_missing_parameter": "Missing parameter",
    "click_missing_command": "Missing command.",
    "click_invalid_for": "Invalid value for {param_hint}: {message}",
    "click_invalid": "Invalid value: {message}",
    "click_default": "default: {default}",
    "click_not_exist": "{name} {filename!r} does not exist.",
    "click_is_directory": "{name} {filename!r} is a directory.",
    "click_is_file": "{name} {filename!r} is a file.",
    "click_not_readable": "{name} {filename!r} is not readable.",
    "click_not_writable": "{name} {filename!r} is not writable.",
    "click_not_number": "{value!r} is not a valid {number_type}.",
    "click_not_in_range": "{value} is not in the range {range}.",
    "click_no_value": "Option {name!r} does not take a value.",
    "click_file": "file",
    "click_directory": "directory",
    "click_path": "path",
    "click_aborted": "Aborted!",
    "click_did_you_mean": (
        "Did you mean {possibility}?",
        "(Did you mean one of: {possibilities}?)",
    ),
    "click_extra": (
        "Got unexpected extra argument ({args})",
        "Got unexpected extra arguments ({args})",
    ),
    "click_needs_argument": (
        "Option {name!r} requires an argument.",
        "Option {name!r} requires {nargs} arguments.",
    ),
    "click_not_choice": ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
}

#: The same messages as the oldest click allowed (8.2) words them, translated by the same
#: keys (click 8.2 writes "No such option: --x" where later versions write "No such
#: option '--x'.").
OLDER_CLICK_MESSAGES: dict[str, str | tuple[str, str]] = {
    "click_no_option": "No such option: {name}",
    "click_did_you_mean": ("Did you mean {possibility}?", "(Possible options: {possibilities})"),
}

#: The language of the command line running now (set by the ``kerjasama`` group).
CURRENT: ContextVar[Language] = ContextVar("kerjasama_cli_language", default="id")

#: The modules of click that write messages (each imported ``_``/``ngettext`` itself).
CLICK_MODULES = (
    "click.core",
    "click.exceptions",
    "click.formatting",
    "click.types",
    "click.parser",
    "click.decorators",
    "click.termui",
    "click.utils",
)


def cli_language(args: Sequence[str], environ: Mapping[str, str]) -> Language:
    """The language of the command line: ``--lang`` on it, else ``KERJASAMA_LANG``,
    else Bahasa Indonesia (read before click parses, so help and usage errors too).

    Example: see the module docstring.
    """
    chosen: object = environ.get("KERJASAMA_LANG")
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            chosen = args[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
    return to_language(chosen)


def _tables(lang: Language) -> tuple[dict[str, str], dict[tuple[str, str], tuple[str, str]]]:
    """click's message -> ours, for ``_`` and for ``ngettext``."""
    table = catalogue(lang)  # templates: click fills them in itself
    single: dict[str, str] = {}
    plural: dict[tuple[str, str], tuple[str, str]] = {}
    for key, message in [*CLICK_MESSAGES.items(), *OLDER_CLICK_MESSAGES.items()]:
        if isinstance(message, tuple):
            ours = table[key].split(" ||| ")
            plural[message] = (ours[0], ours[-1])
        else:
            single[message] = table[key]
    return single, plural


@contextlib.contextmanager
def click_language(lang: Language) -> Iterator[None]:
    """click's own messages in ``lang`` while the block runs (see the module docstring).

    Example: see the module docstring.
    """
    single, plural = _tables(lang)

    def gettext(message: str) -> str:
        return single.get(message, message)

    def ngettext(singular: str, many: str, n: int) -> str:
        ours = plural.get((singular, many), (singular, many))
        return ours[0] if n == 1 else ours[1]

    saved: list[tuple[Any, str, Any]] = []
    for name in CLICK_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # pragma: no cover - a click without this module
            continue
        for attr, ours in (("_", gettext), ("ngettext", ngettext)):
            if hasattr(module, attr):
                saved.append((module, attr, getattr(module, attr)))
                setattr(module, attr, ours)
    try:
        yield
    finally:
        for module, attr, theirs in reversed(saved):
            setattr(module, attr, theirs)


def help_key(path: Sequence[str], param: str | None = None) -> str:
    """The message-table key of a command's help (``path`` its names below
    ``kerjasama``) or of one of its options.

    Example:
        >>> help_key(["ahp", "collect"]), help_key(["run"], "output")
        ('cli_ahp_collect', 'cli_run__output')
    """
    base = "cli_" + "_".join(path) if path else "cli_main"
    return f"{base}__{param}" if param else base


def _translated(key: str, lang: Language, fallback: str | None) -> str | None:
    return catalogue(lang).get(key, fallback)


@contextlib.contextmanager
def translated_help(command: click.Command, path: Sequence[str], lang: Language) -> Iterator[None]:
    """Every help text, metavar and argument name of ``command`` and the commands below
    it in ``lang`` while the block runs: what ``--help``, the command lists and the
    usage lines of click's errors show.

    Example:
        >>> from mcda_kerjasama.cli import load_commands
        >>> main = load_commands()
        >>> with translated_help(main, [], "id"):
        ...     main.commands["run"].help.split(":")[0], main.commands["run"].params[0].metavar
        ('Pekerjaan utama', 'SKENARIO')
    """
    saved: list[tuple[Any, str, Any]] = []

    def swap(obj: Any, attr: str, value: Any) -> None:
        saved.append((obj, attr, getattr(obj, attr)))
        setattr(obj, attr, value)

    def walk(cmd: click.Command, at: list[str]) -> None:
        swap(cmd, "help", _translated(help_key(at), lang, cmd.help))
        swap(cmd, "options_metavar", _translated("cli_options_metavar", lang, "[OPTIONS]"))
        if hasattr(cmd, "_help_option"):  # click caches --help with its text: made anew
            swap(cmd, "_help_option", None)
        for param in cmd.params:
            kind = param.type
            if isinstance(kind, click.Path):  # its name was set when the command was made
                named = (
                    "file" if not kind.dir_okay else "directory" if not kind.file_okay else "path"
                )
                swap(kind, "name", _translated(f"click_{named}", lang, kind.name))
            if isinstance(param, click.Option) and param.name:
                own = _translated(help_key(at, param.name), lang, None)
                shared = _translated(f"cli_opt_{param.name}", lang, param.help)
                swap(param, "help", own or shared)
            elif isinstance(param, click.Argument) and param.name and param.metavar is None:
                swap(param, "metavar", _translated(f"cli_arg_{param.name}", lang, None))
        if isinstance(cmd, click.Group):
            metavar = _translated("cli_commands_metavar", lang, cmd.subcommand_metavar)
            swap(cmd, "subcommand_metavar", metavar)
            for name, sub in cmd.commands.items():
                walk(sub, [*at, name])

    walk(command, list(path))
    try:
        yield
    finally:
        for obj, attr, value in reversed(saved):
            setattr(obj, attr, value)

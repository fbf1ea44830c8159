"""The ``kerjasama`` command line: parse, call the library, print. Nothing else.

Library errors become messages in the user's language with exit codes, decided in one
place (:mod:`mcda_kerjasama.cli.base`): 0 ok, 1 bad input (a usage error included), 2
no portfolio or a solver failure. A command's module is imported when it runs (and
heavy libraries inside the command), so ``kerjasama --help`` answers at once. The
commands live in :mod:`.commands` (init, validate, run, weights), :mod:`.analysis`
(frontier, sensitivity, sweep, compare, verify), :mod:`.ahp` and :mod:`.koordinasi`;
``serve`` in :mod:`mcda_kerjasama.web.command` (the map: :data:`.base.COMMANDS`).

Example:
    >>> import click
    >>> main.list_commands(click.Context(main))[:4]
    ['ahp', 'compare', 'frontier', 'init']
"""

from __future__ import annotations

from mcda_kerjasama.cli.base import (
    EXIT_BAD_INPUT,
    EXIT_NO_PORTFOLIO,
    EXIT_OK,
    exit_code,
    load_commands,
    main,
)

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_NO_PORTFOLIO",
    "EXIT_OK",
    "exit_code",
    "load_commands",
    "main",
]

"""The ``kerjasama`` command line: parse, call the library, print. Nothing else.

Library errors become messages in the user's language with exit codes, decided in one
place (:mod:`mcda_kerjasama.cli.base`): 0 ok, 1 bad input (a usage error included), 2
no portfolio or a solver failure. Heavy libraries are imported inside commands so
``kerjasama --help`` answers at once. The commands live in :mod:`.commands` (init,
validate, run, weights), :mod:`.analysis` (frontier, sensitivity, sweep, compare,
verify), :mod:`.ahp` and :mod:`.koordinasi`; ``serve`` in :mod:`mcda_kerjasama.web.command`.

Example:
    >>> sorted(main.commands)[:4]
    ['ahp', 'compare', 'frontier', 'init']
"""

from __future__ import annotations

from mcda_kerjasama.cli import ahp, analysis, commands, koordinasi
from mcda_kerjasama.cli.base import (
    EXIT_BAD_INPUT,
    EXIT_NO_PORTFOLIO,
    EXIT_OK,
    exit_code,
    main,
)
from mcda_kerjasama.web.command import serve as serve_command  # Django loads when it runs

main.add_command(serve_command)  # kerjasama serve: the web application

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_NO_PORTFOLIO",
    "EXIT_OK",
    "ahp",
    "analysis",
    "commands",
    "exit_code",
    "koordinasi",
    "main",
]

"""One exception tree for the whole engine.

Every error knows how to explain itself in the user's language (``render``). The core
raises these; only the command line prints them, and it alone decides the exit codes
(:data:`mcda_kerjasama.cli.EXIT_CODES`).

Example:
    >>> from mcda_kerjasama.errors import InputError, Problem
    >>> err = InputError([Problem("amount_invalid", row=14, column="biaya",
    ...                           value="Rp 1,5 X", params={"hint": "1.500.000.000"})])
    >>> print(err.render("en"))
    row 14, column `biaya`: "Rp 1,5 X" is not an amount; write it like 1.500.000.000
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from mcda_kerjasama.i18n import Language, text

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One located problem in the user's input.

    ``code`` is a key of the message catalogue (:mod:`mcda_kerjasama.i18n`); ``params``
    fill its placeholders. ``row`` is the row number as a spreadsheet shows it (the
    header is row 1), ``column`` the header as the user wrote it, ``key`` a scenario key
    such as ``constraints.budget``.
    """

    code: str
    row: int | None = None
    column: str | None = None
    value: Any = None
    params: Mapping[str, Any] = field(default_factory=dict)
    severity: Severity = "error"
    source: str | None = None
    key: str | None = None

    def render(self, lang: Language = "id") -> str:
        """The problem as one line of text, location first.

        Example:
            >>> Problem("required_empty", row=3, column="judul").render("id")
            'baris 3, kolom `judul`: sel wajib diisi tetapi kosong'
        """
        where = []
        if self.source:
            where.append(self.source)
        if self.key:
            where.append(text("loc_key", lang, key=self.key))
        if self.row is not None:
            where.append(text("loc_row", lang, row=self.row))
        if self.column is not None:
            where.append(text("loc_column", lang, column=self.column))
        body = text(self.code, lang, value=_show(self.value), **self.params)
        return f"{', '.join(where)}: {body}" if where else body


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class KerjasamaError(Exception):
    """Base of every error the engine raises on purpose."""

    def render(self, lang: Language = "id") -> str:
        """The message for the user, in ``lang``."""
        return str(self)


class InputError(KerjasamaError):
    """Bad input: a proposals file, a scenario or a judgement file.

    Holds every problem found, never only the first.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.render("en"))

    def render(self, lang: Language = "id") -> str:
        """Every problem, one per line.

        Example:
            >>> InputError([Problem("file_not_found", value="x.csv")]).render("en")
            'file not found: x.csv'
        """
        return "\n".join(p.render(lang) for p in self.problems)


class ScenarioError(InputError):
    """A scenario file that cannot be used (unknown key, wrong type, missing file)."""


class JudgementError(InputError):
    """Pairwise judgements or weight inputs that cannot be used."""


class InfeasibleError(KerjasamaError):
    """No portfolio satisfies the rules.

    ``conflicts`` are rendered explanations of which rules conflict and by how much.
    """

    def __init__(self, conflicts: Iterable[Problem]) -> None:
        self.conflicts: tuple[Problem, ...] = tuple(conflicts)
        super().__init__(self.render("en"))

    def render(self, lang: Language = "id") -> str:
        """The headline and every conflict found."""
        lines = [text("infeasible_headline", lang)]
        lines += [f"- {c.render(lang)}" for c in self.conflicts]
        return "\n".join(lines)


class SolverError(KerjasamaError):
    """The solver failed or is not available."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: Language = "id") -> str:
        """The solver failure in the user's language."""
        return text(self.code, lang, **self.params)

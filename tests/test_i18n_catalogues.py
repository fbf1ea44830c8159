"""The message tables: one per language (src/mcda_kerjasama/i18n/<code>.toml), the same
keys and the same placeholders in each, and every key the code uses present."""

from __future__ import annotations

import re
import string
from importlib import resources
from pathlib import Path

import pytest

from mcda_kerjasama.i18n import catalogue, text
from mcda_kerjasama.language import DEFAULT, LANGUAGES

SRC = Path(__file__).resolve().parents[1] / "src" / "mcda_kerjasama"


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_a_table_for_every_language_and_no_other():
    tables = {
        p.stem for p in resources.files("mcda_kerjasama.i18n").iterdir() if p.name.endswith(".toml")
    }
    assert tables == set(LANGUAGES) and DEFAULT in tables


@pytest.mark.parametrize("lang", LANGUAGES)
def test_same_keys_and_placeholders_as_the_default(lang):
    default, other = catalogue(DEFAULT), catalogue(lang)
    assert set(other) == set(default)
    wrong = [k for k in default if fields(default[k]) != fields(other[k])]
    assert wrong == []


def test_every_literal_key_the_code_uses_exists():
    used: set[str] = set()
    pattern = re.compile(
        r"""(?:\bMsg|\bProblem|\btext|SolverError)\(\s*["']([a-z][a-z0-9_]+)["']"""
    )
    for path in SRC.rglob("*.py"):
        if "web" in path.parts:
            continue
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in catalogue(DEFAULT))
    assert missing == []


def test_unknown_key_and_language_are_errors():
    with pytest.raises(KeyError):
        text("no_such_message", "en")
    with pytest.raises(KeyError):
        catalogue("fr")  # type: ignore[arg-type]

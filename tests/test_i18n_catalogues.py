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


def test_the_compiled_tables_are_the_tables_as_they_are():
    """``compiled.json`` is what ``python -m mcda_kerjasama.i18n.compile`` writes now:
    after editing a table, compile it again (the message says how)."""
    from mcda_kerjasama.i18n import COMPILED
    from mcda_kerjasama.i18n.compile import current_text

    stored = Path(COMPILED).read_text(encoding="utf-8")
    assert stored == current_text(), "run: python -m mcda_kerjasama.i18n.compile"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_copy_is_what_the_table_says(lang):
    """Read through the compiled copy, a table gives the same messages as parsed."""
    import tomllib

    from mcda_kerjasama.i18n import table_path

    with open(table_path(lang), "rb") as handle:
        parsed = tomllib.load(handle)["messages"]
    assert dict(catalogue(lang)) == parsed


def test_a_table_edited_after_compiling_is_read_as_edited(tmp_path, monkeypatch):
    """A compiled copy that no longer matches its table is not used: the table is."""
    import mcda_kerjasama.i18n as i18n

    table = tmp_path / "en.toml"
    table.write_text('[messages]\nloc_row = "line {row}"\n', encoding="utf-8")
    stale = tmp_path / "compiled.json"
    stale.write_text('{"en": {"source": "0:0", "messages": {"loc_row": "old"}}}', "utf-8")
    monkeypatch.setattr(i18n, "table_path", lambda lang: str(tmp_path / f"{lang}.toml"))
    monkeypatch.setattr(i18n, "COMPILED", str(stale))
    i18n.catalogue.cache_clear()
    i18n._compiled.cache_clear()
    try:
        assert i18n.catalogue("en")["loc_row"] == "line {row}"
        from mcda_kerjasama.i18n.compile import compiled_text

        stale.write_text(compiled_text({"en": table.read_bytes()}), encoding="utf-8")
        i18n.catalogue.cache_clear()
        i18n._compiled.cache_clear()
        assert i18n.catalogue("en")["loc_row"] == "line {row}"
    finally:
        i18n.catalogue.cache_clear()
        i18n._compiled.cache_clear()

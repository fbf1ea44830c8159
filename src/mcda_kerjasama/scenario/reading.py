"""Reading scenario files: the TOML text (UTF-8 only), ``extends`` chains (the base first,
each file merged over it, a cycle reported), relative paths made absolute against the
file that names them, and ``--set key=value`` overrides.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "base.toml").write_text(
    ...     '[data]\\nproposals = "usulan.csv"\\n[solver]\\ntime_limit = 30\\n')
    >>> _ = (folder / "scenario.toml").write_text(
    ...     'extends = "base.toml"\\n[solver]\\nmip_gap = 0.01\\n')
    >>> data, files = read_chain(scenario_file(folder))
    >>> data["solver"], [p.name for p in files]
    ({'time_limit': 30, 'mip_gap': 0.01}, ['base.toml', 'scenario.toml'])
    >>> data["data"]["proposals"] == str(folder.resolve() / "usulan.csv")
    True
    >>> apply_overrides(data, ["solver.time_limit=5"])["solver"]
    {'time_limit': 5, 'mip_gap': 0.01}
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mcda_kerjasama.errors import Problem, ScenarioError
from mcda_kerjasama.i18n import Msg

SCENARIO_FILE = "scenario.toml"
_PATH_KEYS = (("data", "proposals"), ("weights", "judgements"))


def scenario_file(path: str | Path) -> Path:
    """The scenario file for ``path``: the file itself, or ``scenario.toml`` in a folder.

    Example:
        >>> scenario_file("scenarios/contoh").name
        'scenario.toml'
    """
    path = Path(path)
    return path / SCENARIO_FILE if path.is_dir() or path.suffix != ".toml" else path


def read_toml_text(path: Path) -> str:
    """The text of a TOML file, which must be UTF-8 (a byte order mark, as Notepad writes
    it, is dropped). Any other encoding is a :class:`ScenarioError` naming the line of
    the first byte that is not UTF-8 and saying to save the file as UTF-8.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "scenario.toml"
        >>> _ = p.write_bytes('schema_version = 1\\nname = "Café"\\n'.encode("latin-1"))
        >>> try:
        ...     read_toml_text(p)
        ... except ScenarioError as e:
        ...     print(e.problems[0].code, dict(e.problems[0].params))
        toml_encoding {'byte': '0xE9', 'line': 2}
    """
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        params = {"byte": f"0x{data[exc.start]:02X}", "line": data.count(b"\n", 0, exc.start) + 1}
        raise ScenarioError([Problem("toml_encoding", source=str(path), params=params)]) from None


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ScenarioError([Problem("file_not_found", value=str(path))])
    try:
        data = tomllib.loads(read_toml_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(
            [Problem("toml_invalid", source=str(path), params={"reason": str(exc)})]
        ) from None
    for section, key in _PATH_KEYS:
        table = data.get(section)
        if isinstance(table, dict) and isinstance(table.get(key), str):
            table[key] = str((path.parent / table[key]).resolve())
    children = (
        data.get("weights", {}).get("children") if isinstance(data.get("weights"), dict) else None
    )
    for table in children.values() if isinstance(children, dict) else ():
        if isinstance(table, dict) and isinstance(table.get("judgements"), str):
            table["judgements"] = str((path.parent / table["judgements"]).resolve())
    return data


def _merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_chain(path: Path, seen: tuple[Path, ...] = ()) -> tuple[dict[str, Any], tuple[Path, ...]]:
    """The content of the scenario file ``path`` merged over the ``extends`` chain below
    it (``extends`` itself dropped), and the files read, the base first. ``seen``: the
    files that extend this one, to report a cycle.

    Example:
        >>> data, files = read_chain(scenario_file("scenarios/contoh"))
        >>> data["scenario"]["years"], [p.name for p in files]
        ([2026], ['scenario.toml'])
    """
    path = path.resolve()
    if path in seen:
        cycle = " -> ".join(str(p) for p in (*seen, path))
        raise ScenarioError([Problem("extends_cycle", params={"cycle": cycle})])
    data = _read_toml(path)
    parent = data.pop("extends", None)
    if parent is None:
        return data, (path,)
    if not isinstance(parent, str):
        raise ScenarioError(
            [
                Problem(
                    "key_type", key="extends", value=parent, params={"expected": Msg("type_text")}
                )
            ]
        )
    base, files = read_chain(scenario_file(path.parent / parent), (*seen, path))
    return _merge(base, data), (*files, path)


def parse_override(text: str) -> tuple[list[str], Any]:
    """Parse one ``--set key=value``: the dotted key and the value read as TOML
    (a bare word that is not TOML is taken as text).

    Example:
        >>> parse_override("constraints.budget=2_000_000_000")
        (['constraints', 'budget'], 2000000000)
        >>> parse_override("scenario.language=en")
        (['scenario', 'language'], 'en')
    """
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise ScenarioError([Problem("set_syntax", value=text)])
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    return [part.strip() for part in key.split(".")], value


def apply_overrides(data: Mapping[str, Any], overrides: Sequence[str]) -> dict[str, Any]:
    """``data`` with every ``key=value`` override applied (later ones win).

    Example:
        >>> apply_overrides({"solver": {"backend": "highs"}}, ["solver.backend=cbc"])
        {'solver': {'backend': 'cbc'}}
    """
    result = _merge({}, data)
    for text in overrides:
        keys, value = parse_override(text)
        if tuple(keys) in _PATH_KEYS and isinstance(value, str):
            value = str(Path(value).resolve())
        patch: Any = value
        for key in reversed(keys):
            patch = {key: patch}
        result = _merge(result, patch)
    return result

"""Every ``python`` example in the README runs as written (from the repository root,
files it writes sent to a temporary folder), and every ``console`` example runs through
the installed ``kerjasama`` with its output compared with what the README shows, so the
README cannot drift from the API or the tool."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest
from support import KERJASAMA, ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_the_readme_has_python_examples():
    assert len(BLOCKS) >= 2


def test_every_python_example_runs(tmp_path, monkeypatch: pytest.MonkeyPatch):
    matplotlib.use("Agg")
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    for number, block in enumerate(BLOCKS):
        code = block.replace('"hasil"', repr(str(tmp_path / "hasil")))
        exec(compile(code, f"README.md python block {number}", "exec"), namespace)


# --- console examples: run as written, output compared -----------------------------------

#: A console block the test does not run says why on the line before it.
NOT_RUN = "<!-- not run:"
CONSOLE = re.compile(r"(<!--[^\n]*-->\n)?```console\n(.*?)```", re.S)
BOX = re.compile(r"[\u2500-\u257f]")  # rich's table borders


def normalise(text: str, folder: Path | None = None) -> list[str]:
    """Output as the README shows it: no colours, no table borders, one space between
    words, no empty lines, paths relative to the folder the commands ran in.

    Example: ``┃ Kode ┃ Judul ┃`` -> ``Kode Judul``.
    """
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)
    if folder is not None:
        text = text.replace(f"{folder}/", "").replace(str(folder), ".")
    lines = (" ".join(BOX.sub(" ", line).split()) for line in text.splitlines())
    return [line for line in lines if line]


def expected_pattern(lines: list[str]) -> re.Pattern[str]:
    """The README's lines as a pattern: ``...`` inside a line stands for any text, a
    line of its own ``...`` for any number of lines."""
    parts = []
    for line in lines:
        if line == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*?".join(re.escape(p) for p in line.split("...")) + "\n")
    return re.compile("".join(parts))


def console_examples() -> list[tuple[int, str, list[tuple[str, list[str]]]]]:
    """Each console block: its line in the README, the mark before it, and its commands
    with the lines the README shows after each."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for match in CONSOLE.finditer(text):
        steps: list[tuple[str, list[str]]] = []
        for line in match.group(2).splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].extend(normalise(line))
        found.append((text[: match.start()].count("\n") + 1, match.group(1) or "", steps))
    return found


EXAMPLES = console_examples()


def test_the_readme_has_console_examples_and_says_why_some_are_not_run():
    assert len(EXAMPLES) >= 10
    for line, mark, steps in EXAMPLES:
        assert steps and all(cmd.startswith("kerjasama ") for cmd, _ in steps), line
        assert not mark or mark.startswith(NOT_RUN), (line, mark)
    assert sum(not mark for _, mark, _ in EXAMPLES) >= 10


def test_the_pattern_reads_ellipses():
    pattern = expected_pattern(["a b", "...", "c ... d"])
    assert pattern.fullmatch("a b\nx\ny\nc 1 2 d\n")
    assert pattern.fullmatch("a b\nc d\n") is None  # "..." stands between two spaces
    assert pattern.fullmatch("a b\nc z d\n")
    assert pattern.fullmatch("a x\nc z d\n") is None


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a copy of the bundled scenarios, where the examples run."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "scenarios", folder / "scenarios")
    return folder


@pytest.mark.parametrize(
    ("line", "mark", "steps"), [e for e in EXAMPLES if not e[1]], ids=lambda v: str(v)[:40]
)
def test_every_console_example_prints_what_the_readme_shows(
    sandbox: Path, line: int, mark: str, steps: list[tuple[str, list[str]]]
) -> None:
    """The installed ``kerjasama`` in a shell (redirections and globs as typed), in the
    README's default language (no ``KERJASAMA_LANG``); its output normalised (see
    :func:`normalise`) must match the lines shown, ``...`` standing for what the README
    leaves out."""
    env = {k: v for k, v in os.environ.items() if k != "KERJASAMA_LANG"}
    env["PATH"] = f"{Path(KERJASAMA).parent}{os.pathsep}{env['PATH']}"
    for command, shown in steps:
        done = subprocess.run(
            ["bash", "-c", command], cwd=sandbox, env=env, capture_output=True, text=True,
            timeout=600,
        )  # fmt: skip
        actual = "".join(f"{x}\n" for x in normalise(done.stdout + done.stderr, sandbox))
        assert expected_pattern(shown).fullmatch(actual), (
            f"README.md line {line}: $ {command}\n--- shown:\n"
            + "\n".join(shown)
            + f"\n--- printed:\n{actual}"
        )


def test_check_report_help_is_whole():
    """``scripts/check_report.py --help`` gives its whole first paragraph, not a line."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_report.py"), "--help"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0
    assert "for a person to look at." in " ".join(done.stdout.split())

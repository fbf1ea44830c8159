"""Render ``laporan.html`` in headless Chromium: a PNG screenshot and a printed PDF for a
person to look at.

Usage::

    python scripts/check_report.py [SCENARIO] [--lang id|en] [--out DIR]

SCENARIO defaults to ``scenarios/contoh``; DIR to a new temporary folder. The script
prints the paths of ``laporan.html``, ``laporan.png`` and ``laporan.pdf``. Chromium runs
with networking features off and a throwaway profile; the report needs no network.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mcda_kerjasama import load_scenario, run
from mcda_kerjasama.report.html import report_html

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def find_chromium() -> str | None:
    """The path of a Chromium executable, or ``None`` when none is installed."""
    return next((p for name in CHROMIUM_NAMES if (p := shutil.which(name))), None)


def render(html: Path, png: Path, pdf: Path, chromium: str, timeout: float = 120) -> None:
    """Screenshot ``html`` into ``png`` (1400 x 2000) and print it into ``pdf``."""
    url = html.resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        base = [chromium, *FLAGS, f"--user-data-dir={profile}"]
        for extra in (
            [f"--screenshot={png}", "--window-size=1400,2000"],
            [f"--print-to-pdf={pdf}", "--no-pdf-header-footer"],
        ):
            subprocess.run([*base, *extra, url], check=True, capture_output=True, timeout=timeout)


def main(argv: list[str] | None = None) -> int:
    assert __doc__ is not None
    summary, _, rest = __doc__.partition("\n\n")  # the first paragraph, whole
    parser = argparse.ArgumentParser(
        description=" ".join(summary.split()),
        epilog=" ".join(rest.partition("\n\n")[2].partition("\n\n")[2].split()),
    )
    parser.add_argument(
        "scenario",
        nargs="?",
        default="scenarios/contoh",
        help="scenario.toml or its folder (default: scenarios/contoh)",
    )
    parser.add_argument(
        "--lang", choices=("id", "en"), default="id", help="language of the report (default: id)"
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="folder for the files (default: a new temporary one)"
    )
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print("chromium is not installed (apt-get install -y chromium)", file=sys.stderr)
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="laporan-"))
    out.mkdir(parents=True, exist_ok=True)
    html, png, pdf = (out / f"laporan.{ext}" for ext in ("html", "png", "pdf"))
    html.write_text(report_html(run(load_scenario(args.scenario)), args.lang), encoding="utf-8")
    render(html, png, pdf, chromium)
    for path in (html, png, pdf):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

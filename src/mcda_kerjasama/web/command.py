"""``kerjasama serve``: the click command, registered by :mod:`mcda_kerjasama.cli`. It
imports nothing of Django until it runs, so ``kerjasama --help`` stays fast and the
command line works without the ``[web]`` extra."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--data",
    "data",
    default="kerjasama-data",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Data folder: SQLite database, stored runs, the generated secret key.",
)
@click.option(
    "--demo",
    is_flag=True,
    help="Load the sumbar-2026 mapping and one demo user per role (see the README).",
)
@click.option("--threads", default=8, show_default=True, type=int, help="Server threads.")
def serve(host: str, port: int, data: Path, demo: bool, threads: int) -> None:
    """The TKKSD web application: agencies submit proposals, the secretariat screens,
    runs and adopts, members see the results. Needs the [web] extra
    (pip install "mcda_kerjasama[web]"). Applies migrations on start and runs a
    background worker for the runs; PostgreSQL through DATABASE_URL.

    Example: kerjasama serve --demo --data demo-data
    """
    try:
        import django  # noqa: F401
        import waitress  # noqa: F401

        from mcda_kerjasama.web.server import serve as run_server
    except ImportError as exc:  # the extra is not installed
        click.echo(
            f'the web application needs the [web] extra: pip install "mcda_kerjasama[web]" ({exc})',
            err=True,
        )
        sys.exit(1)
    run_server(host, port, data, demo, threads)

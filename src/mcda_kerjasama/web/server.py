"""``kerjasama serve``: migrations, the demo, a worker process and the waitress server.

waitress is a production-grade pure-Python WSGI server (threads, no C compiler needed);
whitenoise serves the static files from the package. The background worker runs in a
child process (its own interpreter: a solve never slows a page) and is stopped with
the server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path


def configure(data: Path, host: str | None = None) -> None:
    """Point Django at the data folder and the application's settings, then set it up."""
    data.mkdir(parents=True, exist_ok=True)
    os.environ["KERJASAMA_DATA"] = str(data.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mcda_kerjasama.web.settings")
    if host and "KERJASAMA_ALLOWED_HOSTS" not in os.environ:
        names = {"localhost", "127.0.0.1", "[::1]"}
        if host not in ("0.0.0.0", "::"):
            names.add(host if ":" not in host else f"[{host}]")
        else:
            names.add("*")  # listening everywhere: the operator chose to be reachable
        os.environ["KERJASAMA_ALLOWED_HOSTS"] = ",".join(sorted(names))
    import django

    django.setup()


def prepare(demo: bool) -> list[str]:
    """Apply migrations; load the demo when asked."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if demo:
        from mcda_kerjasama.web.demo import load_demo

        return load_demo()
    return []


def start_worker(data: Path) -> subprocess.Popen[bytes]:
    """The background worker, as a child process with the same settings."""
    env = dict(os.environ, KERJASAMA_DATA=str(data.resolve()))
    # a lower priority than the pages: a solve takes what the pages leave
    nice = (lambda: os.nice(10)) if hasattr(os, "nice") else None
    return subprocess.Popen(
        [sys.executable, "-m", "mcda_kerjasama.web", "kerjasama_worker"],
        env=env,
        preexec_fn=nice,  # serve starts it before any thread of its own
    )


def serve(host: str, port: int, data: Path, demo: bool, threads: int, worker: bool = True) -> None:
    """Run the application until interrupted."""
    configure(data, host)
    for line in prepare(demo):
        print(line, flush=True)
    from django.conf import settings
    from waitress import serve as waitress_serve

    from mcda_kerjasama.web.wsgi import application

    child = start_worker(data) if worker else None

    def stop(*_args: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    shown = f"[{host}]" if ":" in host else host
    print(f"kerjasama: http://{shown}:{port}/  (data: {data.resolve()})", flush=True)
    options: dict[str, object] = {}
    proxy = os.environ.get("KERJASAMA_TRUSTED_PROXY")
    if proxy:  # behind a reverse proxy: the client's address and scheme from its headers
        options["trusted_proxy"] = proxy
        options["trusted_proxy_headers"] = {"x-forwarded-for", "x-forwarded-proto"}
    try:
        waitress_serve(
            application,
            host=host,
            port=port,
            threads=threads,
            max_request_body_size=settings.REQUEST_MAX_BYTES,
            channel_timeout=120,
            connection_limit=200,
            ident="kerjasama",
            **options,
        )
    except KeyboardInterrupt:
        pass
    finally:
        if child is not None:
            child.terminate()
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()

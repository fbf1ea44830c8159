"""Load on the web application: 50 simultaneous users on loopback, with SQLite and with
PostgreSQL, one command, one table (issue 15). Not a timed test.

    python benchmarks/web_load.py                       # SQLite, and PostgreSQL when
                                                        # DATABASE_URL names a server
    python benchmarks/web_load.py --postgres postgres://kerjasama:...@127.0.0.1:5432/kerjasama

For each database: a fresh data folder (and a fresh PostgreSQL database, dropped after)
and ``kerjasama serve --demo`` (waitress, its worker process, the 115 sumbar-2026
proposals and their first run). Then ``--users`` virtual users log in and, for
``--seconds``, each loops with a pause of ``--think`` seconds on average: browsers
(TKKSD members, planners, observers, the secretariat) open the result page of the demo
run with filters and searches, the proposals list and the dashboard; agencies (OPD)
open the proposal form and submit a new proposal with a unique code. Meanwhile a
planner queues a run of the scenario every ``--run-every`` seconds.

Reported: requests, page latency p50 / p95 / max (every request, the form's POST
included), the same p95 for the pages served while a run was computing, errors, and the
writes: proposals submitted with success, stored, lost (acknowledged but not stored),
duplicated (a code stored twice or a proposal with two creation events); runs queued
and finished within the window. Only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

KERJASAMA = str(Path(sys.executable).with_name("kerjasama"))
BROWSERS = ("anggota", "pengamat", "perencana", "sekretariat")
AGENCIES = {"opd.kebudayaan": "Dinas Kebudayaan", "opd.perhubungan": "Dinas Perhubungan"}
PASSWORDS = {
    "sekretariat": "demo-sekretariat-2026",
    "opd.kebudayaan": "demo-kebudayaan-2026",
    "opd.perhubungan": "demo-perhubungan-2026",
    "anggota": "demo-anggota-2026",
    "perencana": "demo-perencana-2026",
    "pengamat": "demo-pengamat-2026",
}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ("", "budaya", "air", "Kota", "pelatihan", "U01")


@dataclass
class Tally:
    """What the virtual users saw."""

    samples: list[tuple[float, float, str]] = field(default_factory=list)  # start, seconds, kind
    errors: list[str] = field(default_factory=list)
    submitted: list[str] = field(default_factory=list)  # codes acknowledged (302)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, start: float, seconds: float, kind: str) -> None:
        with self.lock:
            self.samples.append((start, seconds, kind))


class User:
    """One virtual user: one kept-alive connection (as a browser keeps one), its own
    cookies (session, CSRF)."""

    def __init__(self, base: str, username: str, tally: Tally) -> None:
        self.base, self.username, self.tally = base, username, tally
        self.host = urllib.parse.urlsplit(base).netloc
        self.connection: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def request(
        self, path: str, data: dict[str, str] | None = None, kind: str = "page"
    ) -> tuple[int, str]:
        body = urllib.parse.urlencode(data) if data is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.base + path
        started = time.time()
        clock = time.perf_counter()
        for attempt in (1, 2):  # a kept-alive connection the server closed: reconnect once
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection(self.host, timeout=60)
                self.connection.request("POST" if data is not None else "GET", path, body, headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (OSError, http.client.HTTPException) as error:
                if self.connection is not None:
                    self.connection.close()
                self.connection = None
                if attempt == 2:
                    self.tally.errors.append(f"{path}: {error}")
                    return 0, ""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        self.tally.add(started, time.perf_counter() - clock, kind)
        if response.status >= 400:
            self.tally.errors.append(f"{path}: HTTP {response.status}")
        return response.status, text

    def login(self) -> None:
        _status, page = self.request("/masuk/", kind="login")
        token = TOKEN.search(page)
        assert token, "no login form"
        status, _ = self.request(
            "/masuk/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": self.username,
                "password": PASSWORDS[self.username],
            },
            kind="login",
        )
        assert status == 302, f"login of {self.username} failed ({status})"


def _browse(user: User, stop: float, think: float, rng: random.Random) -> None:
    while time.time() < stop:
        choice = rng.random()
        if choice < 0.55:
            query = {"q": rng.choice(SEARCHES)}
            if rng.random() < 0.4:
                query["group"] = rng.choice(("selected", "reserve", "not_eligible"))
            user.request("/p/1/hasil/1/?" + urllib.parse.urlencode(query))
        elif choice < 0.85:
            user.request("/p/1/usulan/?" + urllib.parse.urlencode({"q": rng.choice(SEARCHES)}))
        else:
            user.request("/p/1/")
        time.sleep(rng.expovariate(1 / think))


def _submit(
    user: User, agency: str, stop: float, think: float, rng: random.Random, prefix: str
) -> None:
    number = 0
    while time.time() < stop:
        number += 1
        _status, page = user.request("/p/1/usulan/baru/")
        token = TOKEN.search(page)
        if token is None:
            continue
        code = f"{prefix}-{number:04d}"
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "kode": code,
            "judul": f"Uji beban {code}",
            "opd": agency,
            "urusan": "2.22",
            "jenis": "KSDD",
            "sifat": "sukarela",
            "mitra": "Kota Padang",
            "biaya": "Rp 250 jt",
            "staf": "1",
            "durasi": "1",
            "status": "usulan",
            "rpjmd": "IKU-2.22-01",
            "saling_menguntungkan": "4",
            "kebutuhan_nyata": "4",
            "potensi": "3",
            "keberlanjutan": "3",
            "inklusif": "3",
        }
        status, _ = user.request("/p/1/usulan/baru/", form, kind="submit")
        if status == 302:
            with user.tally.lock:
                user.tally.submitted.append(code)
        time.sleep(rng.expovariate(1 / think))


def _runs(user: User, stop: float, every: float) -> int:
    queued = 0
    while time.time() < stop:
        _status, page = user.request("/p/1/hasil/")
        token = TOKEN.search(page)
        if token:
            status, _ = user.request(
                "/p/1/hasil/jalankan/",
                {"csrfmiddlewaretoken": token.group(1), "scenario": "1"},
                kind="run",
            )
            queued += status == 302
        time.sleep(every)
    return queued


@contextlib.contextmanager
def _server(data: Path, database_url: str | None) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database_url:
        env["DATABASE_URL"] = database_url
    log = (data.parent / "serve.log").open("w")
    server = subprocess.Popen(
        [KERJASAMA, "serve", "--demo", "--port", str(port), "--data", str(data)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 180
        while True:
            try:
                urllib.request.urlopen(base + "/masuk/", timeout=5).close()
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError(f"server did not start; see {log.name}") from None
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def _query(database_url: str | None, data: Path, sql: str) -> list[tuple[Any, ...]]:
    if database_url:
        import psycopg

        with psycopg.connect(database_url) as connection:
            return list(connection.execute(sql).fetchall())
    import sqlite3

    with contextlib.closing(sqlite3.connect(data / "kerjasama.sqlite3")) as connection:
        return list(connection.execute(sql).fetchall())


def _fresh_postgres(url: str) -> tuple[str, str]:
    """A new database on the server ``url`` names: (its URL, its name)."""
    import psycopg

    name = f"kerjasama_load_{os.getpid()}"
    parts = urllib.parse.urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl(), name


def _drop_postgres(url: str, name: str) -> None:
    import psycopg

    admin = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure(label: str, database_url: str | None, args: argparse.Namespace) -> dict[str, Any]:
    """One database: serve, load, count."""
    folder = Path(tempfile.mkdtemp(prefix="kerjasama-load-"))
    data = folder / "data"
    with _server(data, database_url) as base:
        deadline = time.time() + 300
        while _query(database_url, data, "select status from tkksd_run where number = 1") != [
            ("selesai",)
        ]:
            assert time.time() < deadline, "the demo run did not finish"
            time.sleep(0.5)
        tally = Tally()
        submitters = max(1, round(args.users * args.submit_share))
        users = []
        for i in range(args.users):
            name = list(AGENCIES)[i % 2] if i < submitters else BROWSERS[i % len(BROWSERS)]
            users.append(User(base, name, tally))
        runner = User(base, "perencana", tally)
        for user in [*users, runner]:
            user.login()
        tally.samples.clear()
        start = time.time()
        stop = start + args.seconds
        threads = []
        for i, user in enumerate(users):
            rng = random.Random(i)
            if i < submitters:
                target: Any = _submit
                call: tuple[Any, ...] = (
                    user,
                    AGENCIES[user.username],
                    stop,
                    args.think,
                    rng,
                    f"LD{i:02d}",
                )
            else:
                target, call = _browse, (user, stop, args.think, rng)
            threads.append(threading.Thread(target=target, args=call))
        queued: list[int] = []
        threads.append(
            threading.Thread(target=lambda: queued.append(_runs(runner, stop, args.run_every)))
        )
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.time() - start
        time.sleep(1)
        stored = _query(
            database_url,
            data,
            "select code, count(*) from tkksd_proposal where code like 'LD%' group by code",
        )
        created = _query(
            database_url,
            data,
            "select p.code, count(*) from tkksd_proposalevent e "
            "join tkksd_proposal p on p.id = e.proposal_id "
            "where p.code like 'LD%' and e.action = 'created' group by p.code",
        )
        windows = _query(
            database_url, data, "select created_at, finished_at from tkksd_run where number > 1"
        )
    codes = {code: n for code, n in stored}
    acknowledged = set(tally.submitted)
    during = _during_runs(tally.samples, windows)
    pages = [s for _t, s, kind in tally.samples if kind != "login"]
    return {
        "database": label,
        "users": args.users,
        "seconds": round(elapsed, 1),
        "requests": len(pages),
        "per_second": len(pages) / elapsed,
        "p50": _quantile(pages, 0.50),
        "p95": _quantile(pages, 0.95),
        "max": max(pages) if pages else float("nan"),
        "p95_during_runs": _quantile(during, 0.95),
        "pages_during_runs": len(during),
        "errors": len(tally.errors),
        "first_errors": tally.errors[:3],
        "submitted": len(acknowledged),
        "stored": len(codes),
        "lost": len(acknowledged - set(codes)),
        "duplicated": sum(1 for n in codes.values() if n > 1)
        + sum(1 for _c, n in created if n > 1),
        "runs_queued": queued[0] if queued else 0,
        "runs_finished": sum(1 for _a, b in windows if b is not None),
    }


def _during_runs(
    samples: list[tuple[float, float, str]], windows: list[tuple[Any, Any]]
) -> list[float]:
    spans = []
    for created, finished in windows:
        a = _epoch(created)
        b = _epoch(finished) if finished is not None else float("inf")
        spans.append((a, b))
    return [s for t, s, kind in samples if kind != "login" and any(a <= t <= b for a, b in spans)]


def _epoch(value: Any) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    text = str(value).replace(" ", "T")
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        from datetime import UTC

        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between pages (s)")
    parser.add_argument("--submit-share", type=float, default=0.3, help="share of users submitting")
    parser.add_argument("--run-every", type=float, default=10, help="seconds between queued runs")
    parser.add_argument(
        "--postgres", default=os.environ.get("DATABASE_URL"), help="PostgreSQL server URL"
    )
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    if not args.no_sqlite:
        rows.append(measure("SQLite", None, args))
    if args.postgres:
        url, name = _fresh_postgres(args.postgres)
        try:
            rows.append(measure("PostgreSQL", url, args))
        finally:
            _drop_postgres(args.postgres, name)
    print(
        f"\n{args.users} users, think time {args.think} s, a run queued every {args.run_every} s; "
        "latencies in ms"
    )
    header = (
        "| database | requests | req/s | p50 | p95 | max | p95 while a run computes (pages) "
        "| errors | submitted | stored | lost | duplicated | runs queued / finished |"
    )
    print(header)
    print(
        "|" + "---|" * header.count("|")[:-1] if False else "|" + "---|" * (header.count("|") - 1)
    )
    for r in rows:
        print(
            f"| {r['database']} | {r['requests']} | {r['per_second']:.1f} | {r['p50'] * 1000:.0f} "
            f"| {r['p95'] * 1000:.0f} | {r['max'] * 1000:.0f} "
            f"| {r['p95_during_runs'] * 1000:.0f} ({r['pages_during_runs']}) | {r['errors']} "
            f"| {r['submitted']} | {r['stored']} | {r['lost']} | {r['duplicated']} "
            f"| {r['runs_queued']} / {r['runs_finished']} |"
        )
        for error in r["first_errors"]:
            print(f"  error: {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Load of the plenary meeting and the judgement round (issue 16), one command, one table.
Not a timed test.

    python benchmarks/web_plenary_load.py            # both parts
    python benchmarks/web_plenary_load.py --part plenary

The server is ``kerjasama serve --demo`` on a fresh data folder (waitress, its worker
process, the 115 sumbar-2026 proposals and their first run), started by
``benchmarks/web_load.py``'s own code; only loopback addresses are used.

*Plenary*: the secretariat's browser drags sliders in the plenary view of the demo run:
each move is the request htmx sends (the result fragment for every weight, with
``HX-Request``), the time measured from sending the move to the whole updated fragment
received (the browser's swap of a few kB is not included; htmx waits ``120 ms`` after
the last input before sending, a pause the user chose, not counted). First ``--quiet``
moves with nothing else running, then moves for as long as a Monte Carlo of ``--draws``
draws started from the analyses page runs in the background worker; only the moves made
while the job was running count for that row. Reported: moves, p50 / p95 / max, the
moves that changed the portfolio, errors.

*Judgements*: ``--members`` TKKSD members (accounts made in the data folder before the
test) answer the same open round at once, every pair of every group of the
questionnaire in a random order through the questionnaire's answer endpoint (the htmx
request), all starting at the same instant, each pausing ``--think`` seconds on average
between two answers (reading the next pair; 0: the burst of every answer at once).
Reported: saves, p50 / p95 / max, errors, and the judgements stored in the database
against the answers acknowledged: lost (acknowledged, not stored) and doubled (one
member's pair stored twice).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import web_load
from web_load import TOKEN, Tally, User, _epoch, _quantile, _query, _server

DEMO = "Sumatera Barat 2026 (sintetis)"
MEMBER_PASSWORD = "beban-anggota-2026"


class _HtmxConnection(http.client.HTTPConnection):
    """A kept-alive connection whose every request says it comes from htmx."""

    def request(
        self, method: str, url: str, body: Any = None, headers: Any = None, **kw: Any
    ) -> None:  # type: ignore[override]
        super().request(method, url, body, {**(headers or {}), "HX-Request": "true"}, **kw)


def _htmx(user: User) -> User:
    user.connection = _HtmxConnection(user.host, timeout=60)
    return user


def _demo(data: Path) -> int:
    deadline = time.time() + 300
    while _query(None, data, "select status from tkksd_run where number = 1") != [("selesai",)]:
        assert time.time() < deadline, "the demo run did not finish"
        time.sleep(0.5)
    return int(_query(None, data, f"select id from tkksd_mapping where name = '{DEMO}'")[0][0])


def _moves(
    user: User,
    url: str,
    keys: list[str],
    count: int,
    pause: float,
    rng: random.Random,
    until: Any = None,
) -> list[tuple[float, float, bool, bool]]:
    """Drag sliders: each move changes one weight by a few points, as a hand on a slider
    does; (start, seconds, ok, portfolio changed) per move."""
    weights = {k: 20.0 for k in keys}
    out = []
    done = 0
    while done < count and (until is None or until()):
        key = rng.choice(keys)
        weights[key] = min(
            100.0, max(0.0, weights[key] + rng.choice((-7.5, -5, -2.5, 2.5, 5, 7.5)))
        )
        if sum(weights.values()) <= 0:
            weights[key] = 10.0
        query = "&".join(f"w_{k}={v}" for k, v in weights.items())
        started = time.time()
        clock = time.perf_counter()
        status, text = user.request(f"{url}?{query}", kind="move")
        seconds = time.perf_counter() - clock
        ok = status == 200 and 'id="pl-entered"' in text and "<html" not in text
        changed = ok and '<ul id="pl-entered"><li class="muted">' not in text
        out.append((started, seconds, ok, changed))
        done += 1
        time.sleep(pause)
    return out


def plenary(args: argparse.Namespace) -> list[dict[str, Any]]:
    folder = Path(tempfile.mkdtemp(prefix="kerjasama-plenary-"))
    data = folder / "data"
    rows = []
    with _server(data, None) as base:
        mapping = _demo(data)
        tally = Tally()
        chief = User(base, "sekretariat", tally)
        chief.login()
        url = f"/p/{mapping}/hasil/1/pleno/"
        _status, page = chief.request(url)  # the first visit builds the run's tuner
        keys = re.findall(r'name="w_(\w+)"', page)
        assert keys, "no slider on the plenary page"
        mover = User(base, "sekretariat", tally)
        mover.login()
        _htmx(mover)
        rng = random.Random(2026)
        quiet = _moves(mover, url, keys, args.quiet, args.pause, rng)
        rows.append(_row("plenary slider, nothing else running", quiet))

        _status, page = chief.request(f"/p/{mapping}/hasil/1/analisis/")
        token = TOKEN.search(page)
        assert token, "no form on the analyses page"
        status, _ = chief.request(
            f"/p/{mapping}/hasil/1/analisis/mulai/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "kind": "montecarlo",
                "draws": str(args.draws),
                "seed": "2026",
            },
        )
        assert status == 302, f"the Monte Carlo was not queued ({status})"

        def job() -> tuple[str, Any, Any]:
            found = _query(
                None,
                data,
                "select status, started_at, finished_at from tkksd_job "
                "where kind = 'montecarlo' order by id desc limit 1",
            )
            return found[0] if found else ("", None, None)

        deadline = time.time() + 120
        while job()[0] != "berjalan":
            assert time.time() < deadline and job()[0] != "gagal", f"Monte Carlo: {job()}"
            time.sleep(0.05)
        busy = _moves(
            mover, url, keys, 10**9, args.pause, rng, until=lambda: job()[0] == "berjalan"
        )
        while job()[0] not in ("selesai", "gagal"):
            time.sleep(0.2)
        state, started, finished = job()
        a, b = _epoch(started), _epoch(finished)
        during = [m for m in busy if a <= m[0] and m[0] + m[1] <= b]
        row = _row(f"plenary slider while a Monte Carlo of {args.draws} draws runs", during)
        row["note"] = f"Monte Carlo {state} in {b - a:.1f} s"
        rows.append(row)
        if tally.errors:
            rows[-1]["first_errors"] = tally.errors[:3]
    return rows


def _row(label: str, moves: list[tuple[float, float, bool, bool]]) -> dict[str, Any]:
    seconds = [m[1] for m in moves]
    return {
        "what": label,
        "count": len(moves),
        "p50": _quantile(seconds, 0.5),
        "p95": _quantile(seconds, 0.95),
        "max": max(seconds) if seconds else float("nan"),
        "errors": sum(1 for m in moves if not m[2]),
        "detail": f"{sum(1 for m in moves if m[3])} moves gave a portfolio other than the run's",
    }


def _manage(data: Path, code: str) -> str:
    """Run ``code`` with Django set up on the data folder (accounts, the round)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(KERJASAMA_DATA=str(data), DJANGO_SETTINGS_MODULE="mcda_kerjasama.web.settings")
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return done.stdout


def judgements(args: argparse.Namespace) -> list[dict[str, Any]]:
    """30 members answering one round at once (the questionnaire of issue 16 §1)."""
    from importlib.util import find_spec

    if find_spec("mcda_kerjasama.web.tkksd.views.judgements") is None:
        return [_not_measured("the questionnaire's answer endpoint does not exist")]
    folder = Path(tempfile.mkdtemp(prefix="kerjasama-judgements-"))
    data = folder / "data"
    with _server(data, None) as base:
        mapping = _demo(data)
        names = [f"anggota{i:02d}" for i in range(args.members)]
        made = _manage(
            data,
            "from django.contrib.auth.models import User\n"
            "from mcda_kerjasama.web.tkksd.models import Membership\n"
            f"for name in {names!r}:\n"
            f"    user = User.objects.create_user(name, password={MEMBER_PASSWORD!r})\n"
            f"    Membership.objects.create(mapping_id={mapping}, user=user, role='anggota')\n"
            "print('ok')\n",
        )
        assert made.strip() == "ok"
        for name in names:
            web_load.PASSWORDS[name] = MEMBER_PASSWORD
        tally = Tally()
        chief = User(base, "sekretariat", tally)
        chief.login()
        status, page = chief.request(f"/p/{mapping}/penilaian/")
        token = TOKEN.search(page)
        if status != 200 or token is None:
            return [_not_measured(f"the rounds page answered {status}")]
        status, _ = chief.request(
            f"/p/{mapping}/penilaian/",
            {"csrfmiddlewaretoken": token.group(1), "title": "Putaran beban"},
        )
        rounds = _query(
            None, data, f"select number from tkksd_judgementround where mapping_id = {mapping}"
        )
        if not rounds:
            return [_not_measured(f"no round could be opened from the rounds page ({status})")]
        number = int(rounds[-1][0])
        answer = f"/p/{mapping}/penilaian/{number}/isi/"
        members = [User(base, name, tally) for name in names]
        forms: dict[str, list[dict[str, str]]] = {}
        for member in members:
            member.login()
            _status, page = member.request(answer)
            forms[member.username] = _answer_forms(page)
        if not any(forms.values()):
            return [_not_measured("no answer form found on the questionnaire page")]
        acknowledged: dict[tuple[str, str, str, str], int] = {}
        saves: list[float] = []
        lock = threading.Lock()
        start = threading.Barrier(len(members))

        def answer_all(member: User, rng: random.Random) -> None:
            pairs = list(forms[member.username])
            rng.shuffle(pairs)
            _htmx(member)
            start.wait()
            for form in pairs:
                side = rng.choice(("a", "b", "equal"))
                level = "" if side == "equal" else str(rng.choice((3, 5, 7)))
                clock = time.perf_counter()
                status, _ = member.request(
                    answer, {**form, "side": side, "level": level}, kind="save"
                )
                with lock:
                    saves.append(time.perf_counter() - clock)
                    if status == 200:
                        key = (member.username, form["group"], form["a"], form["b"])
                        acknowledged[key] = acknowledged.get(key, 0) + 1
                if args.think > 0:  # reading the next pair before answering it
                    time.sleep(rng.expovariate(1 / args.think))

        threads = [
            threading.Thread(target=answer_all, args=(m, random.Random(i)))
            for i, m in enumerate(members)
        ]
        began = time.time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.time() - began
        stored = _query(
            None,
            data,
            "select u.username, j.node, j.a, j.b, count(*) from tkksd_judgementanswer j "
            "join auth_user u on u.id = j.user_id "
            f"where j.round_id = (select id from tkksd_judgementround where number = {number} "
            f"and mapping_id = {mapping}) group by u.username, j.node, j.a, j.b",
        )
    per_member = {(u, a, b) for u, _node, a, b, _n in stored}
    lost = sum(1 for (u, _g, a, b) in acknowledged if (u, a, b) not in per_member)
    doubled = sum(1 for *_k, n in stored if n > 1)
    return [
        {
            "what": (
                f"{args.members} members saving judgements at once, "
                f"{args.think:g} s between a member's answers"
            ),
            "count": len(saves),
            "p50": _quantile(saves, 0.5),
            "p95": _quantile(saves, 0.95),
            "max": max(saves) if saves else float("nan"),
            "errors": len(tally.errors),
            "detail": (
                f"{len(acknowledged)} answers acknowledged, {len(stored)} stored, lost {lost}, "
                f"doubled {doubled}; {len(saves) / elapsed:.0f} saves/s"
            ),
            "first_errors": tally.errors[:3],
        }
    ]


def _answer_forms(page: str) -> list[dict[str, str]]:
    """The hidden fields (group, a, b, csrf) of every pair's form on the questionnaire."""
    forms = []
    for form in re.findall(r"<form[^>]*>(.*?)</form>", page, flags=re.S):
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
        if {"group", "a", "b"} <= set(fields):
            forms.append(fields)
    return forms


def _not_measured(why: str) -> dict[str, Any]:
    nan = float("nan")
    return {
        "what": "members saving judgements at once",
        "count": 0,
        "p50": nan,
        "p95": nan,
        "max": nan,
        "errors": 0,
        "detail": f"not measured: {why}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("plenary", "judgements", "both"), default="both")
    parser.add_argument("--quiet", type=int, default=100, help="moves with nothing else running")
    parser.add_argument(
        "--draws", type=int, default=30000, help="draws of the background Monte Carlo"
    )
    parser.add_argument("--pause", type=float, default=0.15, help="seconds between two moves")
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument(
        "--think",
        type=float,
        default=2.0,
        help="mean seconds between one member's answers (0: every answer at once)",
    )
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    args = parser.parse_args(argv)
    rows = []
    if args.part in ("plenary", "both"):
        rows += plenary(args)
    if args.part in ("judgements", "both"):
        rows += judgements(args)
    print("\nlatencies in ms, from sending the request to the whole answer received")
    print("| what | requests | p50 | p95 | max | errors | detail |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        detail = r["detail"] + (f"; {r['note']}" if r.get("note") else "")
        print(
            f"| {r['what']} | {r['count']} | {r['p50'] * 1000:.0f} | {r['p95'] * 1000:.0f} "
            f"| {r['max'] * 1000:.0f} | {r['errors']} | {detail} |"
        )
        for error in r.get("first_errors", []):
            print(f"  error: {error}")
    if args.json:
        print(json.dumps(rows, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

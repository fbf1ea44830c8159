"""Background jobs in the database, run by a worker process beside the web server.

Why not a task library: the queue needs no other server (SQLite or PostgreSQL is the
broker), a job records its progress (0..1) and a heartbeat, a job whose worker died is
marked failed and can be retried, and the same code runs on both databases: a worker
claims a job by a compare-and-set ``UPDATE ... WHERE status = 'antri'``, so two workers
never take the same job. ``kerjasama serve`` starts one worker process (pages never wait
for a solve: the worker has its own interpreter); ``python -m mcda_kerjasama.web
kerjasama_worker`` starts more, on any machine reaching the database.

A kind of job is one function registered with :func:`handler`; it receives the job and a
``progress(fraction)`` callback and returns the job's result (JSON). The modules holding
handlers are named in :data:`HANDLER_MODULES` and imported before a job runs: runs,
verification and comparison in ``runs``; Monte Carlo and one-way sensitivity, the
frontier and sweeps in ``analysis``.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from mcda_kerjasama.web.tkksd.models import Job, JobStatus, Mapping

log = logging.getLogger(__name__)

Progress = Callable[[float], None]
Handler = Callable[[Job, Progress], dict[str, Any]]
_HANDLERS: dict[str, Handler] = {}
#: the modules whose import registers the job handlers
HANDLER_MODULES = ("mcda_kerjasama.web.tkksd.runs", "mcda_kerjasama.web.tkksd.analysis")


def load_handlers() -> None:
    """Import every module of :data:`HANDLER_MODULES` (registering their handlers)."""
    import importlib

    for name in HANDLER_MODULES:
        importlib.import_module(name)


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of ``kind``."""

    def register(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        return func

    return register


class JobFailed(Exception):
    """A job failed for a reason the user can act on: ``messages`` by language."""

    def __init__(self, messages: dict[str, str]) -> None:
        self.messages = messages
        super().__init__(messages.get("en", ""))


def enqueue(kind: str, mapping: Mapping, user: Any, **payload: Any) -> Job:
    """Queue a job; the worker picks it up within a poll interval."""
    return Job.objects.create(kind=kind, mapping=mapping, created_by=user, payload=payload)


def retry(job: Job) -> bool:
    """Queue a failed job again (True when it was failed)."""
    return bool(
        Job.objects.filter(id=job.id, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED, progress=0.0, message={}, worker="", finished_at=None
        )
    )


def claim(worker: str) -> Job | None:
    """Take the oldest queued job, or None. Safe with any number of workers."""
    for job_id in (
        Job.objects.filter(status=JobStatus.QUEUED)
        .order_by("created_at", "id")[:5]
        .values_list("id", flat=True)
    ):
        now = timezone.now()
        taken = Job.objects.filter(id=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, worker=worker, started_at=now, heartbeat=now
        )
        if taken:
            job = Job.objects.get(id=job_id)
            Job.objects.filter(id=job_id).update(attempts=job.attempts + 1)
            return job
    return None


def reap_dead(now: Any = None) -> int:
    """Mark running jobs whose heartbeat stopped as failed (their worker died)."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.WORKER_DEAD_SECONDS)
    return Job.objects.filter(status=JobStatus.RUNNING, heartbeat__lt=limit).update(
        status=JobStatus.FAILED,
        finished_at=now,
        message={
            "id": "Pekerja latar belakang berhenti saat menjalankan tugas ini; jalankan ulang.",
            "en": "The background worker stopped while running this job; retry it.",
        },
    )


def execute(job: Job) -> None:
    """Run one claimed job to its end, recording its result or its failure."""
    load_handlers()
    func = _HANDLERS.get(job.kind)
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
            Job.objects.filter(id=job.id, status=JobStatus.RUNNING).update(heartbeat=timezone.now())
        close_old_connections()

    def progress(fraction: float) -> None:
        Job.objects.filter(id=job.id).update(
            progress=max(0.0, min(1.0, fraction)), heartbeat=timezone.now()
        )

    beating = threading.Thread(target=beat, daemon=True)
    beating.start()
    try:
        if func is None:
            raise JobFailed({"id": f"jenis tugas tidak dikenal: {job.kind}", "en": job.kind})
        result = func(job, progress)
        Job.objects.filter(id=job.id).update(
            status=JobStatus.DONE, progress=1.0, result=result, finished_at=timezone.now()
        )
    except JobFailed as failure:
        _fail(job, failure.messages)
    except Exception as error:  # a bug: recorded, the worker goes on
        log.exception("job %s (%s) failed", job.id, job.kind)
        _fail(job, {"id": f"kesalahan internal: {error!r}", "en": f"internal error: {error!r}"})
    finally:
        stop.set()
        beating.join()


def _fail(job: Job, messages: dict[str, str]) -> None:
    Job.objects.filter(id=job.id).update(
        status=JobStatus.FAILED, message=messages, finished_at=timezone.now()
    )
    on_failure = _FAILURE_HOOKS.get(job.kind)
    if on_failure is not None:
        with transaction.atomic():
            on_failure(job, messages)


_FAILURE_HOOKS: dict[str, Callable[[Job, dict[str, str]], None]] = {}


def on_failure(kind: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register what to do when a job of ``kind`` fails (e.g. mark its run failed)."""

    def register(func: Callable[..., None]) -> Callable[..., None]:
        _FAILURE_HOOKS[kind] = func
        return func

    return register


def work(stop: threading.Event | None = None, once: bool = False) -> int:
    """The worker loop: claim, execute, repeat; dead jobs are reaped every minute.
    Returns the number of jobs executed (``once``: stop when the queue is empty)."""
    name = f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
    stop = stop or threading.Event()
    done = 0
    last_reap = 0.0
    while not stop.is_set():
        if time.monotonic() - last_reap > 60:
            reap_dead()
            last_reap = time.monotonic()
        job = claim(name)
        if job is None:
            _release()
            if once:
                break
            stop.wait(settings.WORKER_POLL_SECONDS)
            continue
        execute(job)
        done += 1
    if not connection.in_atomic_block:
        connection.close()  # the worker's own connection goes with it
    return done


def _release() -> None:
    """Close the database connection between jobs (not inside a caller's transaction,
    as in a test that runs the queue in its own thread)."""
    if not connection.in_atomic_block:
        close_old_connections()

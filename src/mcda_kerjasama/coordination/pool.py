"""Where a coordination's independent member solves run: in this process, on
``threads`` threads (by default one per core, at most :data:`MAX_THREADS`: the solvers
release the GIL while they solve, so the member solves of one round run side by side), or
on an existing Dask cluster (``scheduler``: its address ``tcp://host:8786``, or a
``distributed.Client``). Results always come back in the order of the tasks, never in
the order they finish, so the answer does not depend on where or how fast they ran.

Example:
    >>> with Pool(threads=2) as pool:
    ...     pool.map(abs, [-1, 2, -3]), pool.workers
    ([1, 2, 3], 2)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from mcda_kerjasama.errors import InputError, Problem

T = TypeVar("T")
R = TypeVar("R")
#: The most threads a pool uses in this process by default.
MAX_THREADS = 8


def default_threads() -> int:
    """One thread per core this process may use (its CPU affinity, where the system
    tells it), at most :data:`MAX_THREADS`.

    Example:
        >>> 1 <= default_threads() <= MAX_THREADS
        True
    """
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return max(1, min(usable or os.cpu_count() or 1, MAX_THREADS))


def _run_chunk(func: Callable[..., Any], chunk: Sequence[tuple[Any, ...]]) -> list[Any]:
    """Several tasks in one (on a worker): fewer, larger tasks cost the cluster less."""
    return [func(*args) for args in chunk]


class Pool:
    """Runs independent tasks here (on ``threads`` threads; 0 or None: one per core, see
    :func:`default_threads`) or on a Dask cluster (see the module docstring). A pool made
    from an address owns its client and closes it; a client given is the caller's."""

    def __init__(self, scheduler: Any = None, threads: int | None = None) -> None:
        self.client: Any = None
        self.owned = False
        self.threads = threads or default_threads()
        if scheduler is None or scheduler == "":
            return
        try:
            from distributed import Client
        except ImportError:
            raise InputError([Problem("dask_missing", value=str(scheduler))]) from None
        if isinstance(scheduler, str):
            try:
                self.client = Client(scheduler, timeout="10s")
            except OSError as exc:
                raise InputError(
                    [Problem("dask_unreachable", value=scheduler, params={"reason": str(exc)})]
                ) from None
            self.owned = True
        else:
            self.client = scheduler

    @property
    def workers(self) -> int:
        """How many workers run the tasks (here: the threads)."""
        if self.client is None:
            return self.threads
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def scatter(self, items: Sequence[Any]) -> list[Any]:
        """The items, held by the cluster when there is one (each sent once)."""
        if self.client is None:
            return list(items)
        return list(self.client.scatter(list(items), hash=False))

    def release(self, held: Sequence[Any]) -> None:
        """Forget items :meth:`scatter` sent to the cluster."""
        if self.client is not None:
            for future in held:
                future.release()

    def starmap(self, func: Callable[..., R], tasks: Sequence[tuple[Any, ...]]) -> list[R]:
        """``[func(*args) for args in tasks]``, in order; here on the pool's threads, on a
        cluster split into a few tasks per worker (arguments may be what :meth:`scatter`
        returned). The first task to fail raises its error (in the tasks' order).

        Example:
            >>> Pool().starmap(pow, [(2, 3), (3, 2)])
            [8, 9]
        """
        if self.client is None and (self.threads == 1 or len(tasks) < 2):
            return [func(*args) for args in tasks]
        if self.client is None:
            with ThreadPoolExecutor(min(self.threads, len(tasks)), "kerjasama") as threads:
                return list(threads.map(lambda args: func(*args), tasks))
        if not tasks:
            return []
        chunks = max(1, min(len(tasks), 4 * self.workers))
        size = -(-len(tasks) // chunks)
        futures = [
            self.client.submit(_run_chunk, func, list(tasks[i : i + size]), pure=False)
            for i in range(0, len(tasks), size)
        ]
        results: list[R] = []
        for future in futures:
            results += future.result()
        return results

    def map(self, func: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``[func(item) for item in items]``, in order (see :meth:`starmap`)."""
        return self.starmap(func, [(item,) for item in items])

    def close(self) -> None:
        """Close the client the pool opened (a client given is left open)."""
        if self.owned and self.client is not None:
            self.client.close()
        self.client = None

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

"""Where a coordination's independent member solves run: in this process, or on an
existing Dask cluster (``scheduler``: its address ``tcp://host:8786``, or a
``distributed.Client``). Results always come back in the order of the tasks, never in
the order they finish, so the answer does not depend on where or how fast they ran.

Example:
    >>> with Pool() as pool:
    ...     pool.map(abs, [-1, 2, -3]), pool.workers
    ([1, 2, 3], 1)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from mcda_kerjasama.errors import InputError, Problem

T = TypeVar("T")
R = TypeVar("R")


def _run_chunk(func: Callable[..., Any], chunk: Sequence[tuple[Any, ...]]) -> list[Any]:
    """Several tasks in one (on a worker): fewer, larger tasks cost the cluster less."""
    return [func(*args) for args in chunk]


class Pool:
    """Runs independent tasks here or on a Dask cluster (see the module docstring).
    A pool made from an address owns its client and closes it; a client given is the
    caller's."""

    def __init__(self, scheduler: Any = None) -> None:
        self.client: Any = None
        self.owned = False
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
        """How many workers run the tasks (1 here)."""
        if self.client is None:
            return 1
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
        """``[func(*args) for args in tasks]``, in order; on a cluster, split into a few
        tasks per worker (arguments may be what :meth:`scatter` returned).

        Example:
            >>> Pool().starmap(pow, [(2, 3), (3, 2)])
            [8, 9]
        """
        if self.client is None or not tasks:
            return [func(*args) for args in tasks]
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

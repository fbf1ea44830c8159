"""Where independent pieces of work run: in this process, on this machine's cores, or on
an existing Dask cluster (``--scheduler ADDRESS``; Dask is an optional extra).

The pieces are seeded and ordered by their position, never by the order they finish, so
the result is the same wherever they run.

Example:
    >>> map_tasks(abs, [-1, 2, -3])
    [1, 2, 3]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from mcda_kerjasama.errors import InputError, Problem

T = TypeVar("T")
R = TypeVar("R")


def map_tasks(
    func: Callable[[T], R],
    tasks: Sequence[T],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[R]:
    """``[func(t) for t in tasks]``, in order, run here (``workers = 1``), on ``workers``
    local processes, or on the Dask cluster at ``scheduler``. ``progress`` is called with
    the number of tasks done.

    Example: see the module docstring.
    """
    if scheduler:
        return _on_dask(func, tasks, scheduler, progress)
    results: list[R] = []
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for done, result in enumerate(pool.map(func, tasks), 1):
                results.append(result)
                if progress:
                    progress(done)
        return results
    for done, task in enumerate(tasks, 1):
        results.append(func(task))
        if progress:
            progress(done)
    return results


def _on_dask(
    func: Callable[[T], R],
    tasks: Sequence[T],
    scheduler: str,
    progress: Callable[[int], None] | None,
) -> list[R]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise InputError([Problem("dask_missing", value=scheduler)]) from None
    try:
        client: Any = Client(scheduler, timeout="10s")
    except OSError as exc:
        raise InputError(
            [Problem("dask_unreachable", value=scheduler, params={"reason": str(exc)})]
        ) from None
    with client:
        futures = client.map(func, list(tasks), pure=False)
        position = {future.key: i for i, future in enumerate(futures)}
        results: list[Any] = [None] * len(futures)
        for done, future in enumerate(as_completed(futures), 1):
            results[position[future.key]] = future.result()
            if progress:
                progress(done)
    return results

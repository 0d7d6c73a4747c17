"""Spread a campaign's chunks over processes, in a spawn-safe way, and stop cleanly on Ctrl-C.

Workers are started with the ``spawn`` method (safe on every platform, and with
numpy's threads), ignore SIGINT themselves, and are terminated by the parent when
it is interrupted, so Ctrl-C gives one ``KeyboardInterrupt`` in the parent and no
stray tracebacks. Results come back in task order whatever order workers finish
in, so a campaign's output does not depend on ``jobs``.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["Progress", "run_tasks"]

T = TypeVar("T")
R = TypeVar("R")

#: (stage, done, total) -> None
Progress = Callable[[str, int, int], None]


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call(item: tuple[int, Callable[[Any], Any], Any]) -> tuple[int, Any]:
    index, function, task = item
    return index, function(task)


def run_tasks(
    function: Callable[[T], R],
    tasks: Sequence[T],
    *,
    jobs: int = 1,
    stage: str = "",
    progress: Progress | None = None,
    weights: Sequence[int] | None = None,
) -> list[R]:
    """``[function(task) for task in tasks]``, over ``jobs`` processes; ``function`` must be
    a module-level function and the tasks picklable when ``jobs > 1``."""
    sizes = list(weights) if weights is not None else [1] * len(tasks)
    total = sum(sizes)
    done = 0
    if progress is not None:
        progress(stage, 0, total)
    results: list[Any] = [None] * len(tasks)
    if jobs <= 1 or len(tasks) <= 1:
        for index, task in enumerate(tasks):
            results[index] = function(task)
            done += sizes[index]
            if progress is not None:
                progress(stage, done, total)
        return results
    context = multiprocessing.get_context("spawn")
    pool = context.Pool(min(jobs, len(tasks)), initializer=_ignore_sigint)
    try:
        items = [(index, function, task) for index, task in enumerate(tasks)]
        for index, result in pool.imap_unordered(_call, items):
            results[index] = result
            done += sizes[index]
            if progress is not None:
                progress(stage, done, total)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return results

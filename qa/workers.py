"""Forked worker processes that leave Ctrl-C to the process that started them.

A Ctrl-C signals the whole foreground process group, workers included. Each worker ignores it, so the
parent alone reports it, in one line. But a worker only gets to ignore it once it runs: a Ctrl-C in the
moment between the fork and that first step raised KeyboardInterrupt inside the worker, and its traceback
reached the terminal. So SIGINT is blocked while the workers are forked. A worker is born with it blocked,
ignores it, then unblocks it, which drops a Ctrl-C that came in between. The parent gets such a Ctrl-C as
soon as its own block lifts.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_CAN_BLOCK = hasattr(signal, "pthread_sigmask")  # (not on Windows, which cannot fork either)


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    if not _CAN_BLOCK:
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _start(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """A worker's first step: Ctrl-C ignored, then unblocked (a pending one is dropped), then the caller's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _CAN_BLOCK:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if initializer is not None:
        initializer(*initargs)


def fork_pool(processes: int, initializer: Callable[..., None] | None = None,
              initargs: tuple[Any, ...] = ()) -> Any:
    """A multiprocessing pool of forked workers that ignore Ctrl-C, from the moment they exist.

    The pool's own threads, started here, keep SIGINT blocked: a Ctrl-C goes to the main thread.
    """
    import multiprocessing  # here: answering a question never needs it

    with _sigint_blocked():
        return multiprocessing.get_context("fork").Pool(processes, initializer=_start,
                                                        initargs=(initializer, initargs))

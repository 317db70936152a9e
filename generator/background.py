"""Work done in a second process while this one goes on.

A warm rebuild is a line of stages that each keep one core busy, on machines
(CI runners, laptops) that have two or more. Some of the work needs only what
the process already holds and gives back plain data: the downloads of a
briefing whose pages are being rendered, the parse of a new article while the
cached ones are read. That work runs in a child made with ``fork``
(multiprocessing's ``fork`` context): the child sees the parent's memory as it
was, needs no start-up and no pickled arguments, and sends back what it makes,
pickled, through a pipe, item by item.

Where ``fork`` is not safe (macOS, whose system libraries may crash in a forked
child; a process running other threads) or not available (Windows), the same
work runs in this process when its result is asked for: the same output, only
not overlapped. Work cut into shares for several processes at once is
:mod:`generator.workers`.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Generic, TypeVar

T = TypeVar("T")

_ITEM, _END, _ERROR = "item", "end", "error"
_PR_SET_PDEATHSIG = 1
"""Linux's prctl option: the signal a process gets when its parent ends."""


class BackgroundError(RuntimeError):
    """The child process ended without giving its result (killed, out of memory)."""


def can_fork() -> bool:
    """Whether work can run in a forked child here: on Linux, from a process that runs one
    thread (``mkdocs serve`` runs several: a lock another thread holds would stay held in
    the child). Otherwise it runs in this process."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def portable(exc: BaseException) -> BaseException:
    """The exception as the parent can receive it, with the child's traceback as a note."""
    exc.add_note("".join(traceback.format_exception(exc)).rstrip())
    try:
        ForkingPickler.dumps(exc)
    except Exception:
        return RuntimeError(f"in the background: {type(exc).__name__}: {exc}")
    return exc


def die_with(parent: int) -> None:
    """End this child when the process that forked it ends, even by ``kill -9``: on Linux the
    kernel sends it SIGKILL then (``PR_SET_PDEATHSIG``); a parent already gone when that was
    asked for is noticed by the changed parent pid. Elsewhere the closed pipe stops it when
    it next sends an item."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def _child(work: Callable[[], Iterable[object]], out: Connection, incoming: Connection, parent: int) -> None:
    # The read end is the parent's: held open here too, a send to a parent that died would
    # wait for a reader forever instead of failing.
    incoming.close()
    die_with(parent)
    # What the child inherited is never freed by it: keep the collector off those objects,
    # so that it neither spends time walking them nor copies their memory by touching them.
    gc.freeze()
    try:
        for item in work():
            out.send((_ITEM, item))
    except BaseException as exc:
        out.send((_ERROR, portable(exc)))
    else:
        out.send((_END, None))
    finally:
        out.close()


class Background(Generic[T]):
    """The items ``work()`` yields, made in a forked child and received here, in order.

    The child starts at once. Iterate (once) to receive the items; an exception the work
    raised is raised here when the iteration reaches it. Use it as a context manager, so
    that a child whose items are no longer wanted (the parent failed, or stopped early) is
    stopped rather than left running.
    """

    def __init__(self, work: Callable[[], Iterable[T]], *, fork: bool | None = None) -> None:
        self._work = work
        self._process: multiprocessing.process.BaseProcess | None = None
        self._incoming: Connection | None = None
        self._finished = False
        if fork if fork is not None else can_fork():
            context = multiprocessing.get_context("fork")
            self._incoming, outgoing = context.Pipe(duplex=False)
            # Not a daemon: a daemon may not start processes, and the work may (spaCy's n_process).
            self._process = context.Process(target=_child, args=(work, outgoing, self._incoming, os.getpid()))
            self._process.start()
            outgoing.close()  # only the child writes: when it is gone, reading ends

    def __iter__(self) -> Iterator[T]:
        if self._process is None:
            yield from self._work()
            return
        try:
            while True:
                try:
                    kind, payload = self._incoming.recv()
                except EOFError:
                    self._process.join()
                    raise BackgroundError(
                        f"background work ended without its result (exit code {self._process.exitcode})"
                    ) from None
                if kind == _ERROR:
                    self._finished = True
                    raise payload
                if kind == _END:
                    self._finished = True
                    return
                yield payload
        finally:
            self.close()

    def close(self) -> None:
        """Wait for a child that has finished; stop one that is still working."""
        process, self._process = self._process, None
        if process is None:
            return
        if not self._finished:
            process.kill()
        process.join()
        process.close()
        self._incoming.close()

    def __enter__(self) -> Background[T]:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class Pending(Generic[T]):
    """The one result of ``work()``, made in a forked child (see :class:`Background`)."""

    def __init__(self, work: Callable[[], T], *, fork: bool | None = None) -> None:
        self._items = Background(lambda: (work(),), fork=fork)

    def result(self) -> T:
        """Wait for the result; raise what the work raised."""
        (value,) = self._items
        return value

    def __enter__(self) -> Pending[T]:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._items.close()

"""Work cut into shares, done by several processes at once, its results in order.

Parsing thousands of articles keeps one core busy for minutes, on machines that
have two or more. :func:`in_processes` hands consecutive shares of the work
(ranges of item indices, :func:`shares`) to N worker processes, each taking the
next share as it finishes one, so that a worker given long articles takes fewer
of them; each result comes back pickled as soon as it is made, and the caller
gets them in the items' order, each as soon as it and all before it are here
(so it can store them at once: a run stopped halfway keeps what was done).

The workers are forked where that is safe (:func:`~generator.background.can_fork`):
they share what this process loaded before (the spaCy model: loaded once, its
memory copied only where written) and are sent nothing but the index ranges.
Elsewhere (macOS, Windows, a process that runs threads) they are started afresh
(``spawn``), get the work pickled once and load what it needs themselves: the
same results, after a slower start. Either way a worker ends with this process
(on Linux the kernel kills it, ``PR_SET_PDEATHSIG``; elsewhere its closed pipe
ends it), what a worker raises is raised here naming the item it was on, and a
worker that dies is an error, not a hang.
"""

from __future__ import annotations

import contextlib
import gc
import math
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TypeVar

from . import background
from .background import BackgroundError, die_with, portable

R = TypeVar("R")
Work = Callable[[int, int], Iterable[R]]
"""``work(start, stop)`` yields one result for each item index from ``start`` to ``stop``."""
Share = tuple[int, int]
"""A range of item indices, ``(start, stop)``."""

_ITEM, _ERROR = "item", "error"
_TAKE_AHEAD = 2
"""Shares a worker holds at once: the one it works on and the next, so that it never
waits for this process (busy storing what came back) to hand it one."""


def available_cores() -> int:
    """The cores this process may use: those it may run on (its CPU affinity), no more than
    a container's CPU quota allows (cgroup ``cpu.max``, rounded up), and at least one."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    quota = _cpu_quota()
    return max(1, min(cores, math.ceil(quota)) if quota else cores)


def _cpu_quota() -> float | None:
    """The CPUs a container's cgroup lets this process use (``docker --cpus``), if limited:
    cgroup v2's ``cpu.max`` ("200000 100000", or "max 100000"), else v1's quota and period."""
    v2 = _read("/sys/fs/cgroup/cpu.max")
    parts = (
        v2.split()
        if v2
        else [_read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), _read("/sys/fs/cgroup/cpu/cpu.cfs_period_us")]
    )
    try:
        quota, period = float(parts[0]), float(parts[1])
    except (ValueError, TypeError, IndexError):  # "max": no limit; or no such files
        return None
    return quota / period if quota > 0 and period > 0 else None  # v1 writes -1 for no limit


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="ascii")
    except (OSError, ValueError):
        return None


def shares(sizes: Sequence[int], workers: int, largest: int) -> list[Share]:
    """Consecutive ranges of the indices of ``sizes`` (an item is never split), balanced by
    size (an article's characters: what parsing it costs), not by count: each holds at most
    ``largest``, and at most a ``2 × workers``-th of what is left, so the shares shrink
    towards the end and the workers finish together, none left alone on a long last share.

    >>> shares([5, 1, 1, 1, 1, 1], workers=1, largest=4)
    [(0, 1), (1, 4), (4, 5), (5, 6)]
    """
    cuts: list[Share] = []
    left = sum(sizes)
    start, filled = 0, 0
    for i, size in enumerate(sizes):
        if filled == 0:
            target = min(largest, left / (2 * workers))
        filled += size
        if filled >= target or i + 1 == len(sizes):
            cuts.append((start, i + 1))
            start, left, filled = i + 1, left - filled, 0
    return cuts


def in_processes(
    work: Work[R],
    chunks: Sequence[Share],
    processes: int,
    *,
    describe: Callable[[int], str] = lambda i: f"at item {i}",
    fork: bool | None = None,
) -> Iterator[R]:
    """The results of ``work`` over ``chunks`` (consecutive shares of the items), made by
    ``processes`` worker processes (never more than there are chunks; with one, in this
    process, as one call of ``work``), in the items' order.

    ``describe(i)`` is added, as a note, to what the work raised on item ``i`` ("while
    reading seeds/x.txt"), which is raised once the results before it are given. ``work``
    is pickled when the workers cannot be forked (``fork`` false, or ``None`` where
    :func:`~generator.background.can_fork` says no). Close the iterator to stop the workers."""
    if not chunks:
        return
    processes = min(processes, len(chunks))
    if processes <= 1:
        yield from _here(work, chunks[0][0], chunks[-1][1], describe)
        return
    pool = _Pool(work, chunks, processes, describe, background.can_fork() if fork is None else fork)
    try:
        yield from pool.results()
    finally:
        pool.close()


def _here(work: Work[R], start: int, stop: int, describe: Callable[[int], str]) -> Iterator[R]:
    index = start
    try:
        for result in work(start, stop):
            yield result
            index += 1
    except Exception as exc:
        exc.add_note(describe(index))
        raise


def _serve(work: Work, conn: Connection, inherited: tuple[Connection, ...], parent: int, gc_threshold: tuple) -> None:
    """A worker: do each share it is sent, sending each result, until it is sent ``None``."""
    for other in inherited:  # the parent's ends of the pipes, copied by fork: held here, no EOF would reach anyone
        other.close()
    die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which stops the workers
    gc.set_threshold(*gc_threshold)
    gc.freeze()  # what a forked worker inherited is never freed: keep the collector off it
    try:
        while (share := conn.recv()) is not None:
            start, stop = share
            index = start
            try:
                for result in work(start, stop):
                    conn.send((_ITEM, index, result))
                    index += 1
                if index != stop:
                    raise RuntimeError(f"the work gave {index - start} result(s) for {stop - start} item(s)")
            except Exception as exc:
                conn.send((_ERROR, index, portable(exc)))
                return
    except (EOFError, OSError):
        return  # the parent is gone, or stopped listening
    finally:
        conn.close()


@dataclass(frozen=True, slots=True)
class _Failed:
    """What a worker raised (or its death) at an item, raised when the items before it are given."""

    error: BaseException


@dataclass(slots=True)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    held: deque[Share] = field(default_factory=deque)
    """The shares sent to it and not yet done, oldest first."""
    received: int = 0
    """Results received of its oldest share."""
    stopped: bool = False
    """Sent ``None``: it ends after its shares."""

    def working_on(self) -> int:
        """The index of the item it is on."""
        return self.held[0][0] + self.received


class _Pool:
    """The worker processes of one :func:`in_processes`, and what they sent back."""

    def __init__(
        self, work: Work, chunks: Sequence[Share], processes: int, describe: Callable[[int], str], fork: bool
    ) -> None:
        self._describe = describe
        self._waiting: deque[Share] = deque(chunks)
        self._start, self._stop = chunks[0][0], chunks[-1][1]
        self._workers: list[_Worker] = []
        self._done = False
        context = multiprocessing.get_context("fork" if fork else "spawn")
        try:
            for _ in range(processes):
                mine, theirs = context.Pipe()
                inherited = (mine, *(w.conn for w in self._workers)) if fork else ()
                process = context.Process(
                    target=_serve, args=(work, theirs, inherited, os.getpid(), gc.get_threshold()), daemon=True
                )
                process.start()
                theirs.close()
                self._workers.append(_Worker(process, mine))
        except BaseException:
            self.close()  # the workers already started
            raise
        for _ in range(_TAKE_AHEAD):
            for worker in self._workers:
                self._hand_out(worker)

    def _hand_out(self, worker: _Worker) -> None:
        """Send ``worker`` the next share, or ``None`` (end) when none is left."""
        if self._waiting:
            message = self._waiting.popleft()
            worker.held.append(message)
        elif not worker.stopped:
            worker.stopped, message = True, None
        else:
            return
        # A worker that died cannot take it: reading from it then ends in its end of file,
        # which is reported with the share it held.
        with contextlib.suppress(OSError):
            worker.conn.send(message)

    def results(self) -> Iterator:
        arrived: dict[int, object] = {}
        index = self._start
        by_conn = {w.conn: w for w in self._workers}
        while index < self._stop:
            if index in arrived:
                result = arrived.pop(index)
                if isinstance(result, _Failed):
                    raise result.error
                yield result
                index += 1
                continue
            for conn in wait([w.conn for w in self._workers if w.held]):
                arrived.update(self._receive(by_conn[conn]))
        self._done = True

    def _receive(self, worker: _Worker) -> dict[int, object]:
        """The result ``worker`` sent, by its index; or, at the index of the item it was on,
        what it raised, or its death: raised once every result before it is given."""
        try:
            kind, at, payload = worker.conn.recv()
        except (EOFError, ConnectionResetError):
            worker.process.join()
            at = worker.working_on()
            payload = BackgroundError(
                f"a worker process ended without its results (exit code {worker.process.exitcode}) "
                + self._describe(at)
            )
            kind = _ERROR
        else:
            if kind == _ERROR:
                payload.add_note(self._describe(at))
        if kind == _ERROR:
            # Nothing after it is wanted: no more shares, and this worker is done.
            self._waiting.clear()
            worker.held.clear()
            worker.stopped = True
            return {at: _Failed(payload)}
        worker.received += 1
        start, stop = worker.held[0]
        if start + worker.received == stop:
            worker.held.popleft()
            worker.received = 0
            self._hand_out(worker)
        return {at: payload}

    def close(self) -> None:
        """Wait for workers that finished; stop those still working."""
        for worker in self._workers:
            if not self._done and worker.process.is_alive():
                worker.process.kill()
            worker.process.join()
            worker.process.close()
            worker.conn.close()
        self._workers = []

"""Work cut into shares for several processes: the results in order, whichever process made
them; a failure named where it happened; no worker left running, even when its parent dies."""

from __future__ import annotations

import functools
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from generator import workers
from generator.background import BackgroundError
from generator.workers import available_cores, in_processes, shares

needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are started afresh here")


def squares(start: int, stop: int, slow: frozenset[int] = frozenset()):
    """One (process id, square) per item; the ``slow`` items take a second."""
    for i in range(start, stop):
        if i in slow:
            time.sleep(1)
        yield os.getpid(), i * i


def gone(pid: int) -> bool:
    """Ended: no such process, or one that ended and waits to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith(("Z", "X"))
    except FileNotFoundError:
        return True


def test_shares_are_balanced_by_size_and_shrink_towards_the_end():
    # a long article is a share of its own; short ones are grouped
    assert shares([8, 1, 1, 1, 1, 1, 1, 1, 1], workers=1, largest=4) == [(0, 1), (1, 5), (5, 7), (7, 8), (8, 9)]
    many = shares([1] * 1000, workers=2, largest=50)
    sizes = [stop - start for start, stop in many]
    assert sizes[0] == 50 and sizes == sorted(sizes, reverse=True) and sizes[-1] == 1
    assert [i for start, stop in many for i in range(start, stop)] == list(range(1000))
    assert shares([3], workers=4, largest=10) == [(0, 1)]
    assert shares([], workers=2, largest=10) == []


@needs_fork
def test_results_arrive_in_order_from_several_processes():
    chunks = shares([1] * 200, 3, 10)
    received = list(in_processes(squares, chunks, 3, fork=True))
    assert [square for _, square in received] == [i * i for i in range(200)]
    pids = {pid for pid, _ in received}
    assert len(pids) > 1 and os.getpid() not in pids


@needs_fork
def test_a_worker_slowed_by_its_share_takes_fewer_shares():
    work = functools.partial(squares, slow=frozenset({0}))
    received = list(in_processes(work, shares([1] * 12, 2, 1), 2, fork=True))
    slow_worker = received[0][0]
    # it holds its first share and the next; the other worker does all the rest meanwhile
    assert sum(pid == slow_worker for pid, _ in received) <= 3


def test_one_process_does_the_work_here():
    assert list(in_processes(squares, shares([1] * 5, 1, 1), 1)) == [(os.getpid(), i * i) for i in range(5)]


def test_workers_started_afresh_give_the_same_results():
    """macOS and Windows, or a process running threads: the workers cannot be forked."""
    received = list(in_processes(squares, shares([1] * 30, 2, 5), 2, fork=False))
    assert [square for _, square in received] == [i * i for i in range(30)]
    assert os.getpid() not in {pid for pid, _ in received}


def fail_at(start: int, stop: int, bad: int):
    for i in range(start, stop):
        if i == bad:
            raise ValueError(f"cannot read item {i}")
        yield i


@pytest.mark.parametrize("processes", [pytest.param(2, marks=needs_fork), 1])
def test_what_a_worker_raises_is_raised_here_naming_the_item(processes):
    work = functools.partial(fail_at, bad=7)
    received = []
    with pytest.raises(ValueError, match="cannot read item 7") as caught:
        for item in in_processes(work, shares([1] * 10, 2, 2), processes, describe=lambda i: f"while reading a{i}.txt"):
            received.append(item)
    assert received == list(range(7))  # what came before the failure
    assert "while reading a7.txt" in caught.value.__notes__


def die_at(start: int, stop: int, bad: int):
    for i in range(start, stop):
        if i == bad:
            os._exit(3)
        yield i


@needs_fork
def test_a_worker_that_dies_is_an_error_naming_the_item_not_a_hang():
    work = functools.partial(die_at, bad=4)
    with pytest.raises(BackgroundError, match=r"exit code 3\) while reading a4\.txt"):
        list(in_processes(work, shares([1] * 10, 2, 1), 2, describe=lambda i: f"while reading a{i}.txt", fork=True))


def forever(start: int, stop: int, folder: Path):
    (folder / str(os.getpid())).touch()
    for i in range(start, stop):
        yield i
        time.sleep(0.05)


@needs_fork
def test_workers_no_longer_wanted_are_stopped(tmp_path):
    results = in_processes(functools.partial(forever, folder=tmp_path), shares([1] * 1000, 2, 100), 2, fork=True)
    next(results)
    results.close()
    pids = [int(p.name) for p in tmp_path.iterdir()]
    assert pids and all(gone(pid) for pid in pids)


def stuck(start: int, stop: int, folder: Path):
    """A long parse: nothing is sent back for a minute."""
    (folder / str(os.getpid())).touch()
    time.sleep(60)
    yield from range(start, stop)


@needs_fork
def test_workers_end_with_their_parent(tmp_path):
    parent = os.fork()
    if parent == 0:  # a build that is killed while its workers parse
        try:
            for _ in in_processes(functools.partial(stuck, folder=tmp_path), shares([1] * 10, 2, 1), 2, fork=True):
                pass
        finally:
            os._exit(0)
    deadline = time.monotonic() + 30
    while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(parent, signal.SIGKILL)
    os.waitpid(parent, 0)
    pids = [int(p.name) for p in tmp_path.iterdir()]
    while not all(gone(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(pids) == 2 and all(gone(pid) for pid in pids)


def test_the_cores_are_those_a_container_allows(monkeypatch):
    cores = available_cores()
    assert 1 <= cores <= (os.cpu_count() or 1)
    monkeypatch.setattr(workers, "_read", lambda path: "50000 100000\n" if path.endswith("cpu.max") else None)
    assert available_cores() == 1  # docker --cpus=0.5
    monkeypatch.setattr(workers, "_read", lambda path: "max 100000\n" if path.endswith("cpu.max") else None)
    assert available_cores() == cores

"""Work done in a second process while the build goes on: the same results as in one
process, failures reported where the result is wanted, and no child left behind."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from generator.background import Background, BackgroundError, Pending

needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="work runs in this process here")


def _pids_and_squares(n: int):
    for k in range(n):
        yield os.getpid(), k * k


@needs_fork
def test_items_arrive_in_order_from_another_process():
    with Background(lambda: _pids_and_squares(500), fork=True) as items:
        received = list(items)
    assert [square for _, square in received] == [k * k for k in range(500)]
    assert {pid for pid, _ in received} != {os.getpid()}


def test_without_fork_the_same_work_runs_here():
    with Background(lambda: _pids_and_squares(5), fork=False) as items:
        assert list(items) == [(os.getpid(), k * k) for k in range(5)]
    with Pending(lambda: "made here", fork=False) as pending:
        assert pending.result() == "made here"


@pytest.mark.parametrize("fork", [pytest.param(True, marks=needs_fork), False])
def test_a_large_result_comes_back_whole(fork):
    text = "a claim, quoted\n" * 1_000_000  # 16 MB, more than a pipe holds at once
    with Pending(lambda: text.encode("utf-8"), fork=fork) as pending:
        assert pending.result() == text.encode("utf-8")


@pytest.mark.parametrize("fork", [pytest.param(True, marks=needs_fork), False])
def test_what_the_work_raises_is_raised_where_the_result_is_wanted(fork):
    def fail():
        raise ValueError("briefings.yml: 'workers' must be a number")

    with Pending(fail, fork=fork) as pending, pytest.raises(ValueError, match="'workers' must be a number") as caught:
        pending.result()
    if fork:  # the child's own traceback travels with it
        assert any("in fail" in note for note in caught.value.__notes__)


@needs_fork
def test_items_made_before_a_failure_arrive_before_it():
    def some_then_fail():
        yield 1
        yield 2
        raise OSError("disk full")

    received = []
    with Background(some_then_fail, fork=True) as items, pytest.raises(OSError, match="disk full"):
        for item in items:
            received.append(item)
    assert received == [1, 2]


@needs_fork
def test_a_child_that_dies_is_an_error_not_a_hang():
    with Pending(lambda: os._exit(3), fork=True) as pending, pytest.raises(BackgroundError, match="exit code 3"):
        pending.result()


@needs_fork
def test_a_child_no_longer_wanted_is_stopped(tmp_path):
    pid_file = tmp_path / "pid"

    def forever():
        pid_file.write_text(str(os.getpid()))
        while True:
            yield 1

    with Background(forever, fork=True) as items:
        for _ in items:
            break
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_process_running_other_threads_does_the_work_itself():
    """``mkdocs serve`` runs a server and a watcher: a lock one of them held would stay held in a child."""
    release = threading.Event()
    watcher = threading.Thread(target=release.wait)
    watcher.start()
    try:
        with Pending(os.getpid) as pending:
            assert pending.result() == os.getpid()
    finally:
        release.set()
        watcher.join()

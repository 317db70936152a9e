"""One build of a project at a time.

Two builds of one project at once write the same ``docs/`` pages, the same
``incidents.yml`` and the same site folder: each would undo the other's work. A build
holds an operating-system lock on ``.briefings.lock`` in the project folder while it
runs; a second one stops at once, saying who holds it (process, host, command and
since when). The system drops the lock when its holder ends, even by ``kill -9``, so a
build that was killed never leaves a stale lock behind. The file stays (removing it
would let two builds lock two different files); it is empty while no build runs.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".briefings.lock"
_WINDOWS_OFFSET = 1 << 30
"""Windows locks a byte range others cannot read: the byte locked lies past the holder's line."""


class BuildLockedError(RuntimeError):
    """Another build of the project holds the lock; the message says which, and what to do."""


def _try_lock(fd: int) -> bool:
    """Take the lock on ``fd`` without waiting; False when another process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        os.lseek(fd, _WINDOWS_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(fd: int) -> str:
    """What the holder wrote into the file, on one line."""
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 500).decode("utf-8", "replace").strip()
    return " ".join(text.split()) or "its holder has not said who it is yet"


@contextmanager
def one_build_at_a_time(project: Path, command: str) -> Iterator[None]:
    """Hold the project's build lock while the block runs; :class:`BuildLockedError` at once
    when another build holds it, or when the lock file cannot be made."""
    path = Path(project) / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise BuildLockedError(
            f"{path}: cannot create the build lock ({exc.strerror or exc}): make the project folder writable"
        ) from exc
    try:
        if not _try_lock(fd):
            raise BuildLockedError(
                f"another build of this project is running ({_holder(fd)}): wait for it to end, "
                f"or stop that process; {path} names it while it runs"
            )
        since = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        line = f"pid {os.getpid()} on {socket.gethostname()}, '{command}' since {since}\n"
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, line.encode("utf-8"))
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing the file drops the lock

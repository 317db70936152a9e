"""Reading and writing the files a build keeps for itself (caches, history, the registry,
the export), the way a build that must not hang or lose anything does.

A cache folder is the user's machine, not ours: a name in it may be a FIFO (reading one
waits forever for a writer), a folder or a device. :func:`read_regular` opens without
waiting and reads only a regular file. :func:`write_atomically` writes through a
temporary file of a name no other process uses, then renames it over the target, so a
reader (or a second build) never sees half a file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO


def open_regular(path: Path, *, follow_symlinks: bool = True) -> BinaryIO:
    """``path`` opened for reading in binary; OSError when it is missing, not a regular
    file, or (with ``follow_symlinks=False``) a symbolic link. Opening never waits."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, *, follow_symlinks: bool = True, limit: int | None = None) -> bytes:
    """The bytes of a regular file (see :func:`open_regular`). With ``limit``, at most
    ``limit + 1`` bytes are read, so that the caller can tell an over-long file without
    reading all of it."""
    with open_regular(path, follow_symlinks=follow_symlinks) as file:
        return file.read() if limit is None else file.read(limit + 1)


def temporary_name(path: Path) -> Path:
    """A name beside ``path`` for writing it, unique to this process: two builds never write
    the same temporary file. Hidden, so that MkDocs and the article reader skip it."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename; OSError when it
    cannot be written (the target is then as it was, and no temporary file is left)."""
    path = Path(path)
    temporary = temporary_name(path)
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def unwritable_folder(folder: Path) -> str | None:
    """Why nothing can be written into ``folder`` (made if missing), such as "Permission
    denied" or "Not a directory"; None when a file can be written there."""
    if Path(folder).exists() and not Path(folder).is_dir():
        return "a file has its name, not a folder"
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        probe = temporary_name(Path(folder) / "probe")
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return exc.strerror or str(exc)
    return None

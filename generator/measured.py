"""A command run in a process of its own, and measured: its exit code, what it printed, and
its own peak resident memory (for the build summary; the benchmarks measure the same way).

A program started straight from this process would count this process's memory in its
peak: Linux starts the peak of a new program at its parent's size. So a small Python
process (:data:`STARTER`) starts the command as its own child and reports the peak that
``wait4`` gives it. Where there is no ``fork`` (Windows) the command is run as it is, and
its peak is not known.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

STARTER = """
import os, sys
fd, command = int(sys.argv[1]), sys.argv[2:]
pid = os.fork()
if pid == 0:
    os.close(fd)
    os.execvp(command[0], command)
_, status, usage = os.wait4(pid, 0)
os.write(fd, f"{usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}".encode())
"""
"""``python -c STARTER FD COMMAND…``: runs the command as its own child and writes to ``FD``
that child's peak memory (``ru_maxrss``: kB on Linux, bytes on macOS) and exit code."""


def run_measured(command: list[str], *, cwd: Path, env: dict[str, str]) -> tuple[int, str, int | None]:
    """Run ``command`` to its end: its exit code, what it printed (output and errors), and its
    own peak resident memory in bytes (``None`` where it cannot be measured)."""
    if not (hasattr(os, "fork") and hasattr(os, "wait4")):
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        return done.returncode, done.stdout + done.stderr, None
    read_end, write_end = os.pipe()
    try:
        done = subprocess.run(
            [sys.executable, "-c", STARTER, str(write_end), *command],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            pass_fds=(write_end,),
            check=False,
        )
    finally:
        os.close(write_end)
    with os.fdopen(read_end, "rb") as reply:
        measured = reply.read().split()
    if len(measured) != 2:
        return done.returncode or 1, done.stdout, None
    max_rss, code = (int(x) for x in measured)
    return code, done.stdout, max_rss if sys.platform == "darwin" else max_rss * 1024

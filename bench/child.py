"""One child process, measured the way every benchmark here measures it.

``os.wait4`` gives the rusage of that one child, where
``getrusage(RUSAGE_CHILDREN)`` would keep the largest peak of every child so far.
But Linux starts a forked child's peak at its parent's size, and the benchmarks'
parent holds a corpus generator and a gazetteer: so the command is started by a
small Python process of its own (as GNU ``time`` does), whose ``wait4`` sees the
command's own peak and hands it back through a pipe.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from generator.measured import STARTER


@dataclass(frozen=True, slots=True)
class Child:
    """What the parent saw of one child process."""

    seconds: float
    """Wall clock from start to exit."""
    peak_kb: int
    """Its own peak resident memory, in kB."""
    exit_code: int
    output: str | None
    """What it printed on stdout, when asked to capture it."""


def run_child(command: list[str], *, cwd: Path, env: dict[str, str] | None = None, capture: bool = False) -> Child:
    """Run ``command`` to its end and measure it."""
    read_end, write_end = os.pipe()
    clock = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", STARTER, str(write_end), *command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE if capture else None,
        text=True,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    output = proc.stdout.read() if capture and proc.stdout else None
    proc.wait()
    seconds = time.perf_counter() - clock
    if proc.stdout:
        proc.stdout.close()
    with os.fdopen(read_end, "rb") as reply:
        measured = reply.read().split()
    if len(measured) != 2:
        return Child(seconds, 0, proc.returncode or 1, output)
    max_rss, exit_code = (int(x) for x in measured)
    # Linux reports kB, macOS bytes.
    return Child(seconds, max_rss // 1024 if sys.platform == "darwin" else max_rss, exit_code, output)

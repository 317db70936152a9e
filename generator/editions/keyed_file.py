"""One value in one cache file, under a key: the shape of the caches that hold a build's
whole result (the grouped incidents, the readings, the registry).

The file is a line of JSON with the key and the body's checksum, then the body, written
with :mod:`marshal` (plain values only, nothing that runs on load). A file that is
missing, damaged or of another key reads as nothing: the cache is no loss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
from pathlib import Path

from ..safe_files import read_regular, write_atomically


def load_keyed(path: Path, key: str) -> object | None:
    """The value stored in ``path`` under ``key``; ``None`` when there is none."""
    try:
        header_line, _, body = read_regular(Path(path)).partition(b"\n")
        header = json.loads(header_line)
        if header.get("key") != key or hashlib.sha256(body).hexdigest() != header.get("sha256"):
            return None
        return marshal.loads(body)
    except (OSError, ValueError, EOFError, TypeError, AttributeError):
        return None


def save_keyed(path: Path, key: str, value: object) -> None:
    """Store ``value`` (plain values only) in ``path`` under ``key``; nothing when it holds
    something else or cannot be written."""
    try:
        body = marshal.dumps(value)
    except (TypeError, ValueError):
        return
    header = json.dumps({"key": key, "sha256": hashlib.sha256(body).hexdigest()}).encode()
    with contextlib.suppress(OSError):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(Path(path), header + b"\n" + body)

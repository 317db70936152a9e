"""Reading and writing the build history that ``changes`` compares against.

It lives in the cache folder (``cache_dir``, or ``BRIEFINGS_CACHE_DIR``): not
committed, but kept between CI runs with the extraction cache. A missing or
unreadable history is no error — the home page then calls the build a first
build — because losing it loses nothing a reader relies on.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

HISTORY_FILE = "build-history.json"


def load_history(cache_dir: Path) -> dict[str, Any] | None:
    """The history the last build left, or ``None`` when there is none or it cannot be read."""
    path = Path(cache_dir) / HISTORY_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("current"), dict):
        return None
    return data


def save_history(cache_dir: Path, history: dict[str, Any]) -> None:
    """Write the history through a temporary file, so an interrupted build leaves the old one."""
    folder = Path(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{HISTORY_FILE}.tmp"
    temporary.write_text(json.dumps(history, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, folder / HISTORY_FILE)

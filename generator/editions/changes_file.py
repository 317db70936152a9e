"""Reading and writing the build history that ``changes`` compares against.

It lives in the cache folder (``cache_dir``, or ``BRIEFINGS_CACHE_DIR``): not
committed, but kept between CI runs with the extraction cache. A missing,
unreadable or misshapen history is no error — the home page then calls the build a
first build, and the build says why in a warning — because losing it loses nothing
a reader relies on. A history that cannot be written is skipped the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..safe_files import read_regular, write_atomically

HISTORY_FILE = "build-history.json"


def load_history(cache_dir: Path, warn: Callable[[str], None] | None = None) -> dict[str, Any] | None:
    """The history the last build left, or ``None`` when there is none or it cannot be used
    (then ``warn`` is told why, in one line)."""
    path = Path(cache_dir) / HISTORY_FILE
    try:
        data = json.loads(read_regular(path).decode("utf-8"))
    except (FileNotFoundError, NotADirectoryError):  # no history (or no cache folder, but a file of its name)
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        problem = f"cannot be read ({exc.strerror if isinstance(exc, OSError) and exc.strerror else exc})"
    else:
        problem = _history_problem(data)
        if problem is None:
            return data
    if warn is not None:
        warn(f"{path} {problem}: this build is compared with none, as a first build, and writes a new one")
    return None


def save_history(cache_dir: Path, history: dict[str, Any]) -> bool:
    """Write the history through a temporary file, so an interrupted build leaves the old
    one; False when it cannot be written (the next build then compares with an older one)."""
    folder = Path(cache_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(
            folder / HISTORY_FILE, (json.dumps(history, ensure_ascii=False, sort_keys=True) + "\n").encode()
        )
    except OSError:
        return False
    return True


def _history_problem(data: object) -> str | None:
    """What is wrong with a history's shape (``{"current": snapshot, "previous": snapshot
    or null}``, see ``changes.Snapshot``), or None."""
    if not isinstance(data, dict) or not isinstance(data.get("current"), dict):
        return "is not a build history (no 'current' snapshot)"
    for name in ("current", "previous"):
        if data.get(name) is not None and not _is_snapshot(data[name]):
            return f"is not a build history (its '{name}' snapshot is of another shape)"
    return None


def _is_snapshot(value: object) -> bool:
    if not isinstance(value, dict) or not isinstance(value.get("incidents"), dict):
        return False
    articles = value.get("articles", {})
    if not isinstance(articles, dict) or not all(isinstance(v, str) for v in articles.values()):
        return False
    return all(_is_incident(entry) for entry in value["incidents"].values())


def _is_incident(entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    articles, figures = entry.get("articles", []), entry.get("figures", {})
    if not isinstance(articles, list) or not all(isinstance(a, str) for a in articles):
        return False
    if not isinstance(figures, dict):
        return False
    return all(
        isinstance(v, list)
        and len(v) == 3
        and all(n is None or (isinstance(n, int) and not isinstance(n, bool)) for n in v)
        for v in figures.values()
    )

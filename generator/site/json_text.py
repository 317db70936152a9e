"""JSON text for the downloads: byte-stable, one record per line.

A top-level object whose lists of records (articles, incidents, claims, GeoJSON
features) are written one record to a line: a diff between two builds shows the
records that changed, and each line goes through the json module's C encoder,
where a whole document indented with ``indent=2`` goes through its pure-Python
encoder, several times slower at 5,000 articles.
"""

from __future__ import annotations

import json
from typing import Any

_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
"""One encoder for every record: ``json.dumps`` with options makes a new one per call."""


def compact(value: Any) -> str:
    """One value on one line, keys sorted, non-ASCII kept as it is."""
    return _ENCODER.encode(value)


def dumps(document: dict[str, Any]) -> str:
    """``document`` with its keys sorted and each list's items on lines of their own."""
    lines = ["{"]
    keys = sorted(document)
    for n, key in enumerate(keys):
        value, comma = document[key], "," if n + 1 < len(keys) else ""
        if not isinstance(value, list) or not value:
            lines.append(f"  {compact(key)}: {compact(value)}{comma}")
            continue
        lines.append(f"  {compact(key)}: [")
        lines.extend(f"    {compact(item)}," for item in value[:-1])
        lines.append(f"    {compact(value[-1])}")
        lines.append(f"  ]{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"

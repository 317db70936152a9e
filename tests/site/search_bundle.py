"""Reading what Pagefind indexed, without a browser: each page's fragment (its URL, the
text it was indexed with, its meta and filters), from every part of a site's index."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
"""What every file of Pagefind's index starts with, once decompressed."""


def fragments(site: Path) -> dict[str, dict]:
    """URL → fragment (``content``, ``meta``, ``filters``…) of every page in every part of the index."""
    found = {}
    for path in sorted(site.glob("pagefind*/fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        fragment = json.loads(data[len(SIGNATURE) :])
        found[fragment["url"]] = fragment
    return found


def parts(site: Path) -> list[str]:
    """The folders of the index's parts, as the browser reads them from ``parts.json``."""
    return json.loads((site / "pagefind" / "parts.json").read_text(encoding="utf-8"))["parts"]

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


def decoded(path: Path) -> object:
    """A Pagefind file (metadata, index chunk, filter) decoded: gzip, the signature, then CBOR."""
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE), path
    value, end = _cbor(data, len(SIGNATURE))
    assert end == len(data), path
    return value


def _cbor(data: bytes, at: int) -> tuple[object, int]:
    """One CBOR item at ``at`` (the definite-length subset Pagefind writes) and where it ends."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        argument = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        argument, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise ValueError(f"CBOR item of indefinite length at {at}")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        raw = data[at : at + argument]
        return (raw if major == 2 else raw.decode("utf-8")), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _cbor(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(argument):
            key, at = _cbor(data, at)
            mapping[key], at = _cbor(data, at)
        return mapping, at
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], at
    raise ValueError(f"CBOR item of major type {major} at {at}")

"""The raw HTML blocks of a generated page, kept out of Markdown's way.

The generated pages write their tables, lists and article texts as raw HTML blocks,
which Markdown passes through as they are. Passing them through is not free: to find
where a block ends, Python-Markdown reads it with Python's HTML parser, and MkDocs reads
the whole page once more for its ids. On the pages of a large site that is two thirds of
MkDocs' time. The generator knows where its blocks are, so the ``briefings`` plugin takes
them out before Markdown runs (:func:`set_aside`), leaving a marker, and puts each back
where its marker came out (:func:`put_back`): the page is the same, byte for byte, and
MkDocs learns the blocks' ids from :func:`anchor_ids`.

A block, on a generated page, is what the templates write: a line that opens a
block-level HTML element, after a blank line, up to the next blank line. Untrusted
values never add a line (``escape_html`` folds whitespace), so they can neither end a
block early nor start one. A marker is an HTML comment, which no escaped value can hold.
"""

from __future__ import annotations

import html
import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

_OPENS_BLOCK = re.compile(r"<(?P<tag>[A-Za-z][A-Za-z0-9]*)[\s>/]")
_MARKER = "<!--briefings-block-{}-->"
_MARKERS = re.compile(r"<!--briefings-block-(\d+)-->")
_TAG = re.compile(r"<([A-Za-z][^\s/>]*)([^>]*)>")
_ID = re.compile(r'\s(id|name)="([^"]*)"')
_BLOCK_LEVEL = frozenset(BLOCK_LEVEL_ELEMENTS)


class MissingBlock(ValueError):
    """Markdown's output lost the marker of a block (the page would lose the block)."""


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with each raw HTML block replaced by a marker, and the blocks in order."""
    lines = markdown.split("\n")
    kept: list[str] = []
    blocks: list[str] = []
    after_blank, at = True, 0
    while at < len(lines):
        line = lines[at]
        opening = _OPENS_BLOCK.match(line) if after_blank else None
        if opening and opening["tag"].lower() in _BLOCK_LEVEL:
            end = at
            while end < len(lines) and lines[end].strip():
                end += 1
            kept.append(_MARKER.format(len(blocks)))
            blocks.append("\n".join(lines[at:end]))
            at, after_blank = end, False
            continue
        kept.append(line)
        after_blank = not line.strip()
        at += 1
    return "\n".join(kept), blocks


def put_back(content: str, blocks: list[str]) -> str:
    """The HTML Markdown made of a page whose ``blocks`` were set aside, with each block back."""
    found = [int(n) for n in _MARKERS.findall(content)]
    if sorted(found) != list(range(len(blocks))):
        raise MissingBlock(f"{len(blocks)} HTML block(s) set aside, {len(found)} marker(s) in Markdown's output")
    return _MARKERS.sub(lambda match: blocks[int(match[1])], content)


def anchor_ids(blocks: list[str]) -> set[str]:
    """The ids in ``blocks`` a link may point at: every element's ``id``, and an ``a``'s ``name``
    (what MkDocs reads of raw HTML). Attributes are written in double quotes by the templates."""
    found = set()
    for block in blocks:
        for tag, attributes in _TAG.findall(block):
            for name, value in _ID.findall(attributes):
                if name == "id" or tag.lower() == "a":
                    found.add(html.unescape(value))
    return found

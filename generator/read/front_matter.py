"""The YAML front matter of a Markdown article: ``title``, ``published``, ``publisher``,
``url`` and ``language``, each checked and in the type the article wants.

Front matter comes with the article, so it is untrusted: anchors and aliases are refused
as they are read (a "billion laughs" of a few hundred bytes), and a bad value is shown cut
short in the message, which is one line, not the value.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from typing import Any

import yaml

FRONT_MATTER_KEYS = ("title", "published", "publisher", "url", "language")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_SHOWN = reprlib.Repr()
_SHOWN.maxstring = _SHOWN.maxother = 60


class FrontMatterError(ValueError):
    """The front matter cannot be used; the message says what is wrong and how to fix it."""


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML without anchors and aliases (``&a``, ``*a``). Front matter is a few ``key: value``
    lines and never needs them; aliases of aliases expand to billions of items from a few
    hundred bytes (a "billion laughs"), so a document with any is refused as it is read."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name, *name) are not allowed: write each value out", event.start_mark
            )
        return super().compose_node(parent, index)


def shown(value: Any) -> str:
    """A value for a message: its ``repr``, cut short (a message is one line, not the value)."""
    return _SHOWN.repr(value)


def split_front_matter(content: str) -> tuple[dict[str, Any], str]:
    """Split a Markdown file into its validated YAML front matter and its body."""
    if not re.match(r"---[ \t]*\n", content):
        return {}, content
    opening = content.index("\n") + 1
    end = _FRONT_MATTER_END.search(content, opening)
    if not end:
        raise FrontMatterError("front matter opened with '---' on line 1 is never closed: add a '---' line after it")
    try:
        meta = yaml.load(content[opening : end.start()], Loader=_FrontMatterLoader)
    except yaml.YAMLError as exc:
        # The context mark points where the faulty value starts (an unclosed quote), the
        # problem mark where the parser gave up; +2 turns it into a line of the file.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        what = "; ".join(str(p) for p in (getattr(exc, "context", None), getattr(exc, "problem", None)) if p)
        raise FrontMatterError(f"front matter is not valid YAML{where}: {what or exc}") from None
    except ValueError as exc:  # PyYAML builds dates itself: "published: 2022-02-30"
        raise FrontMatterError(f"front matter: 'published' is not a real day ({exc}); write YYYY-MM-DD") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be 'key: value' lines")
    unknown = sorted(shown(k).strip("'") for k in meta if k not in FRONT_MATTER_KEYS)
    if unknown:
        raise FrontMatterError(f"front matter: unknown key '{unknown[0]}' (known: {', '.join(FRONT_MATTER_KEYS)})")
    checked = {k: _value(k, v) for k, v in meta.items() if v is not None}
    body = content[end.end() + 1 :] if content[end.end() : end.end() + 1] == "\n" else content[end.end() :]
    return checked, body


def _value(key: str, value: Any) -> Any:
    """One front-matter value in the type the Article wants, or a FrontMatterError naming the key."""
    if key == "published":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise FrontMatterError(f"front matter: 'published' must be a date written YYYY-MM-DD, not {shown(value)}")
    if not isinstance(value, str) or not value.strip():
        raise FrontMatterError(f"front matter: '{key}' must be text, not {shown(value)} (put it in quotes)")
    value = value.strip()
    if key == "url" and not re.fullmatch(r"https?://\S+", value):
        raise FrontMatterError(f"front matter: 'url' must be a web address starting with https://, not {shown(value)}")
    if key == "language" and not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        raise FrontMatterError(f"front matter: 'language' must be a language code such as 'en', not {shown(value)}")
    return value

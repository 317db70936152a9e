"""Where each generated file lives, relative to ``docs/``.

One place for the rule, so that pages, charts, downloads and the feed link to
the same addresses; incident addresses are promised to readers (see the
registry), so this rule must not change lightly.
"""

from __future__ import annotations

import datetime as dt

# Ids that would collide with a listing page (MkDocs also takes README.md as an index).
_RESERVED_STEMS = frozenset({"index", "readme"})


def _page_stem(kind: str, item_id: str) -> str:
    """The file stem for an id: the id itself, with ``~`` appended when it would
    collide with a listing page or already ends with ``~`` (so the mapping stays
    one-to-one)."""
    if not item_id or item_id.startswith(".") or any(ch in item_id for ch in "/\\\0"):
        raise ValueError(
            f"{kind} id {item_id!r} cannot name a page: ids must not be empty, start with '.' "
            "or contain '/' or '\\'; rename the input file"
        )
    if item_id.lower() in _RESERVED_STEMS or item_id.endswith("~"):
        return item_id + "~"
    return item_id


def page_path_of_incident(incident_id: str) -> str:
    """The incident's page, relative to ``docs/``: ``incidents/<id>.md``."""
    return f"incidents/{_page_stem('incident', incident_id)}.md"


def page_path_of_article(article_id: str) -> str:
    """The article's page, relative to ``docs/``: ``articles/<id>.md``."""
    return f"articles/{_page_stem('article', article_id)}.md"


def chart_path_of_incident(incident_id: str) -> str:
    """The incident's toll chart, relative to ``docs/``: ``incidents/<id>.svg``."""
    return f"incidents/{_page_stem('incident', incident_id)}.svg"


def day_page(day: dt.date | None) -> str:
    """The page of one day's incidents: ``dates/2022-01-20.md`` (``dates/undated.md``)."""
    return f"dates/{day.isoformat() if day else 'undated'}.md"

"""Site: takes a :class:`~generator.models.Briefing`; gives the Markdown pages, charts and
downloads in ``docs/`` (and the export JSON), the site MkDocs builds from them, and its
search index."""

from .export import export_json
from .mkdocs_build import build_site
from .render import render_site
from .search_index import SearchIndex, SearchIndexError, index_site

__all__ = ["SearchIndex", "SearchIndexError", "build_site", "export_json", "index_site", "render_site"]

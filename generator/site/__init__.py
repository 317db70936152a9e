"""Site: takes a :class:`~generator.models.Briefing`; gives the Markdown pages, charts and
downloads in ``docs/`` (and the export JSON), and the site MkDocs builds from them."""

from .export import export_json
from .mkdocs_build import build_site
from .render import render_site

__all__ = ["build_site", "export_json", "render_site"]

"""Site: takes a :class:`~generator.models.Briefing`; gives the Markdown pages, charts and
downloads in ``docs/`` (and the export JSON), and the site MkDocs builds from them."""

from .export import export_json
from .mkdocs_build import build_site
from .render import render_site
from .site_folder import SiteFolderError, check_site_folder, project_paths

__all__ = ["SiteFolderError", "build_site", "check_site_folder", "export_json", "project_paths", "render_site"]

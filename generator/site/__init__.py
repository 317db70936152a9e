"""Site: takes a :class:`~generator.models.Briefing`; gives the Markdown pages, charts and
downloads in ``docs/`` (and the export JSON), the site MkDocs builds from them, and its
search index."""

from .export import export_json
from .mkdocs_build import SiteBuild, build_site
from .render import render_site
from .search_index import SearchIndex, SearchIndexError, index_site, index_version
from .site_folder import SiteFolderError, check_site_folder, project_paths

__all__ = [
    "SearchIndex",
    "SearchIndexError",
    "SiteBuild",
    "SiteFolderError",
    "build_site",
    "check_site_folder",
    "export_json",
    "index_site",
    "index_version",
    "project_paths",
    "render_site",
]

"""Which folder a build may replace with the site it built.

``build`` swaps the new site in for the old one whole: the old folder is renamed away
and removed. That is right for ``site/`` and catastrophic for the project itself, its
``docs/``, its articles or any folder that holds one of them (``--site-dir .`` would
delete ``seeds/``, ``incidents.yml`` and ``.git``), or for a folder of someone's own files
(``--site-dir ~/Documents``). So the folder is checked before anything is written: it
must hold none of the project's files, lie in neither ``docs/`` nor the articles folder,
and be new, empty or a site MkDocs built.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..settings import Settings

SITE_MARKS = ("index.html", "sitemap.xml")
"""Files every site MkDocs builds has at its top: a folder with both is a built site."""


class SiteFolderError(ValueError):
    """The site folder cannot be replaced; the message names it, says why, and what to do."""


def project_paths(settings: Settings) -> dict[str, Path]:
    """What a site folder must never hold, by what each is: the project's folder (where its
    ``mkdocs.yml`` is), its docs, articles, cache, registry, corrections and aliases."""
    paths = {
        "the project folder": settings.mkdocs_config.parent,
        "the MkDocs configuration": settings.mkdocs_config,
        "the docs folder": settings.docs_dir,
        "the articles folder": settings.articles,
        "the cache folder": settings.cache_dir,
        "the incident registry": settings.registry,
        "the corrections file": settings.corrections,
    }
    if settings.aliases is not None:
        paths["the aliases file"] = settings.aliases
    return {what: Path(os.path.realpath(path)) for what, path in paths.items()}


def check_site_folder(site_dir: Path, protected: Mapping[str, Path]) -> None:
    """Raise :class:`SiteFolderError` unless a build may replace ``site_dir`` whole."""
    site = Path(os.path.realpath(site_dir))
    replaced = "a build replaces that folder whole, deleting what it holds"

    def refuse(why: str, consequence: str = replaced) -> SiteFolderError:
        return SiteFolderError(
            f"site folder {site_dir} {why}: {consequence}. "
            "Choose a folder of its own for the site (--site-dir, or 'site_dir' in briefings.yml), such as site/"
        )

    for what, path in protected.items():
        if site == path:
            raise refuse(f"is {what}")
        if path.is_relative_to(site):
            raise refuse(f"holds {what} ({path})")
    for what, consequence in (
        ("the docs folder", "MkDocs would publish the site inside itself"),
        ("the articles folder", "the next build would list its pages among the articles"),
    ):
        if what in protected and site.is_relative_to(protected[what]):
            raise refuse(f"is inside {what} ({protected[what]})", consequence)
    if site.exists() and not site.is_dir():
        raise refuse("is a file, not a folder")
    missing = [mark for mark in SITE_MARKS if not (site / mark).is_file()]
    if site.is_dir() and missing and any(site.iterdir()):
        raise refuse(f"holds files but is not a site MkDocs built (it has no {' and no '.join(missing)})")

"""Editions: what persists from one build to the next. Takes the incidents of this build;
gives them the addresses they were published at (``incidents.yml``), the editors'
corrections (``corrections.yml``), the cached extractions, readings and grouped incidents, and what
changed since the last build."""

from .addresses import chart_path_of_incident, day_page, page_path_of_article, page_path_of_incident
from .changes import Changes, Revision, advance, compare, snapshot_of
from .changes_file import load_history, save_history
from .code_digest import source_digest
from .corrections import Corrected, alias_additions, apply_corrections
from .corrections_file import Corrections, CorrectionsError, load_corrections
from .extraction_cache import ArticleCache, CacheStats, ExtractionCache, pipeline_version
from .grouping_cache import grouping_key, load_grouping, save_grouping
from .readings_cache import load_readings, readings_version, save_readings
from .registry import Assignment, Registry, assign_slugs
from .registry_file import RegistryError, load_registry, redirect_maps, write_registry

__all__ = [
    "ArticleCache",
    "Assignment",
    "CacheStats",
    "Changes",
    "Corrected",
    "Corrections",
    "CorrectionsError",
    "ExtractionCache",
    "Registry",
    "RegistryError",
    "Revision",
    "advance",
    "alias_additions",
    "apply_corrections",
    "assign_slugs",
    "chart_path_of_incident",
    "compare",
    "day_page",
    "grouping_key",
    "load_corrections",
    "load_grouping",
    "load_history",
    "load_readings",
    "load_registry",
    "page_path_of_article",
    "page_path_of_incident",
    "pipeline_version",
    "readings_version",
    "redirect_maps",
    "save_grouping",
    "save_history",
    "save_readings",
    "snapshot_of",
    "source_digest",
    "write_registry",
]

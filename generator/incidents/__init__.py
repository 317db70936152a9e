"""Incidents: takes every article's extraction; gives the incidents they report (event
mentions grouped by place and time, placed by the gazetteer), each claim tied to its
incident or left as context, and each incident's reconciled key figures with their
confidence grades."""

from .clustering import build_incidents, locate_incidents, plain_readings, read_articles
from .confidence import grade_figures, incident_confidence, source_names
from .gazetteer import Gazetteer, load_index
from .key_figures import reconcile
from .leads import ArticleReading

__all__ = [
    "ArticleReading",
    "Gazetteer",
    "build_incidents",
    "grade_figures",
    "incident_confidence",
    "load_index",
    "locate_incidents",
    "plain_readings",
    "read_articles",
    "reconcile",
    "source_names",
]

"""Figures: takes Articles; gives each one's :class:`~generator.models.Extraction`: every
count of people (:class:`~generator.models.Claim`: what, whom, the hedge, who says it) and
every sentence that reports or dates an event (:class:`~generator.models.EventMention`).
Only :func:`extract_articles` loads spaCy, and only when there is an article to parse."""

from .dates import parse_day, parse_period
from .parse import ModelNotInstalledError, extract_articles
from .quantities import bounds

__all__ = ["ModelNotInstalledError", "bounds", "extract_articles", "parse_day", "parse_period"]

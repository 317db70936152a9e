"""briefings: news articles about violent incidents in, a searchable briefing site out."""

__version__ = "0.1.0"

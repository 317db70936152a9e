"""Read: takes a folder of article files; gives one :class:`~generator.models.Article`
(report separated from web boilerplate, with its date, headline and publisher) or one
:class:`~generator.models.SkippedFile` (and why) per file."""

from .article import IngestError, language_note
from .files import ArticleStore, ingest, read_article

__all__ = ["ArticleStore", "IngestError", "ingest", "language_note", "read_article"]

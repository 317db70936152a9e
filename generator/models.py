"""The small frozen records the pipeline stages hand each other.

Each stage takes records from the one before and returns new ones; nothing is
mutated in place and no spaCy or MkDocs object crosses a stage boundary. The
export JSON (``export.py``) is built from these records alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

CATEGORIES = (
    "killed",
    "injured",
    "missing",
    "abducted",
    "arrested",
    "escaped",
    "displaced",
    "held",
    "fighters",
)
GROUPS = ("security_forces", "militants", "civilians", "unspecified")
QUALIFIERS = ("exact", "at_least", "at_most", "approx")
TOLL_CATEGORIES = ("killed", "injured", "missing", "abducted")
"""The counts of victims (a toll), as against arrests, escapes, displacement, people held and
the size of a force: an incident's lead figure is its first toll."""
GRADES = ("corroborated", "single_source", "contested", "party_claim")
"""How far a key figure can be trusted, from who gives it (``incidents/confidence.py``):
independent sources agree; one independent source; independent sources disagree beyond
their hedges; only a party to the fight gives it."""


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A half-open character range ``[start, end)`` of an article's stored text."""

    start: int
    end: int
    kind: str = "paragraph"
    """What the range is: ``headline``, ``paragraph`` (report text) or ``boilerplate``."""
    reason: str = ""
    """For boilerplate: why it was set aside (``subscription notice``, ``photo caption``…)."""


@dataclass(frozen=True, slots=True)
class Article:
    """One input article as read from disk, with its report separated from boilerplate."""

    id: str
    """The file name without its extension; unique in a build."""
    path: str
    """The file's path as given to the build (for messages and the report)."""
    text: str
    """The stored text: every claim offset indexes into this string."""
    title: str
    published: dt.date | None
    publisher: str | None = None
    url: str | None = None
    language: str = "en"
    report: tuple[TextSpan, ...] = ()
    """The spans of the report (headline first, then paragraphs), in order."""
    boilerplate: tuple[TextSpan, ...] = ()
    """The spans set aside as web boilerplate: no figure is read from them."""
    duplicates: tuple[str, ...] = ()
    """Paths of other input files with exactly the same content, built once as this one."""

    @property
    def in_english(self) -> bool:
        """Whether ``language`` names English (``en``, ``en-GB``, ``eng``): the figures stage
        reads English only."""
        return self.language.lower().split("-")[0] in ("en", "eng")

    @property
    def report_text(self) -> str:
        """The cleaned report, one paragraph per block, for the source page."""
        return "\n\n".join(self.text[s.start : s.end] for s in self.report)


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """An input file that is not built, and why: one line of the build report."""

    path: str
    reason: str
    severity: str = "error"
    """``error`` (bad input: fails ``--strict``) or ``note`` (ignored on purpose, or a duplicate)."""


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What ``ingest`` read from an articles folder."""

    articles: tuple[Article, ...]
    skipped: tuple[SkippedFile, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """One figure about people that one article states, with its hedge and source."""

    article: str
    category: str
    """What is counted: one of :data:`CATEGORIES`."""
    group: str
    """Whom it counts: one of :data:`GROUPS`."""
    value: int | None
    """The number as stated; ``None`` for a vague amount (``dozens``)."""
    low: int | None
    """The lowest count the wording allows (``at least 20`` → 20; ``dozens`` → 24)."""
    high: int | None
    """The highest count the wording allows (``nearly 90`` → 90), or ``None`` if open."""
    qualifier: str
    """The hedge: one of :data:`QUALIFIERS`."""
    claimant: str | None
    """The canonical name of who states the figure, or ``None`` when the article gives no source."""
    quote: str
    """The sentence the number stands in, as it reads in the article."""
    start: int
    """Offset of the number's first character in the article's stored text."""
    end: int
    """Offset just past the number's last character."""
    number_text: str = ""
    """The number as written, with its hedge (``nearly a dozen``)."""
    quote_start: int = 0
    """Offset of the quoted sentence in the stored text (the claim's anchor)."""
    incident: str | None = None
    """The incident id, set by the ``incidents`` stage; ``None`` for a context figure."""
    scene: int | None = None
    """Offset of the place in the sentence the figure is tied to by the parse (not exported)."""
    country: str | None = None
    """The country its own words name by nationality, "11 Iraqi soldiers" (not exported)."""
    when: str | None = None
    """Date words of the figure's own clause, "in July, 18 soldiers were killed" (not exported)."""

    @property
    def anchor(self) -> str:
        """A stable HTML id for the claim on its source page."""
        return f"claim-{self.start}"

    def order(self) -> tuple:
        """A sort key over every field, article and offsets first (``None`` before any value):
        a total order, so that equal-looking claims never keep their input order, and a
        tenth of the cost of sorting by ``repr()``."""
        return (
            self.article, self.start, self.end, self.category, self.group,
            _maybe(self.value), _maybe(self.low), _maybe(self.high), self.qualifier, _maybe(self.claimant),
            self.quote, self.number_text, self.quote_start,
            _maybe(self.incident), _maybe(self.scene), _maybe(self.country), _maybe(self.when),
        )  # fmt: skip


def _maybe(value: object) -> tuple:
    """A sort key for an optional field: ``None`` first, then the values in their own order."""
    return (False, 0) if value is None else (True, value)


@dataclass(frozen=True, slots=True)
class EventMention:
    """A sentence that reports a violent event, or dates something: the raw material of incidents."""

    article: str
    sentence_start: int
    sentence_end: int
    kind: str
    """The normalised kind of event (``attack``, ``bombing``, ``prison break``…); empty when
    the sentence reports no event but dates something ("a UN report last year …")."""
    places: tuple[str, ...] = ()
    """Where the event happened, as written ("Gweiran prison", "Hassakeh"), not places merely
    named ("an NGO based in the United Kingdom", "75 miles north of Baghdad")."""
    place_offsets: tuple[int, ...] = ()
    """Offset of each place in the article's stored text (the same order as ``places``)."""
    countries: tuple[str, ...] = ()
    """Countries the sentence points to by a nationality ("Iraqi soldiers" → Iraq)."""
    actors: tuple[str, ...] = ()
    """Canonical actor names mentioned in the sentence."""
    when: str | None = None
    """The date words the event is dated by, as written ("late Thursday", "January 20")."""
    date: dt.date | None = None
    """The day those words mean, resolved against the publication date."""
    event_offset: int | None = None
    """Offset of the word that names the event (for tying figures to the nearest event)."""
    background: bool = False
    """The sentence tells of other events than the one reported: a series ("repeated attacks",
    "several air raids") or a time gone by ("in recent years", "recently"). It never makes an
    incident nor puts its article in one."""


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the NLP stages read from one article."""

    article: str
    claims: tuple[Claim, ...] = ()
    events: tuple[EventMention, ...] = ()


@dataclass(frozen=True, slots=True)
class Incident:
    """One real event, as reported by one or more articles."""

    id: str
    """The stable slug, also the page address ``incidents/<id>/``."""
    title: str
    date: dt.date | None
    country: str | None
    location: str | None
    kind: str
    actors: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    """Ids of every article that reports the incident, oldest first."""
    aliases: tuple[str, ...] = ()
    """Every spelling of the place the articles use (for search)."""
    latitude: float | None = None
    """Where ``location`` lies (WGS 84 degrees), when the gazetteer knows it."""
    longitude: float | None = None
    place_kind: str | None = None
    """How precise those coordinates are: the kind of ``location`` (``city``, ``town``,
    ``province``, ``region``, ``country``…), ``None`` when the gazetteer does not know it."""


@dataclass(frozen=True, slots=True)
class Confidence:
    """A key figure's (or an incident's) grade, and the sources it rests on."""

    grade: str
    """One of :data:`GRADES`."""
    sources: tuple[str, ...] = ()
    """The independent sources that give the figure (organisations, or the outlet for a figure
    no source is named for), sorted."""
    parties: tuple[str, ...] = ()
    """The sources that are parties to the fight (an armed group, a force on either side), sorted."""
    disputed: tuple[str, ...] = ()
    """For a contested figure: the independent sources whose latest figures cannot all be true."""


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """One reconciled figure of an incident: the range the sources span for one count."""

    incident: str
    category: str
    group: str
    low: int | None
    best: int | None
    high: int | None
    latest: Claim | None
    """The claim from the most recent report, the one a reader quotes today."""
    conflict: bool
    """True when sources give figures that cannot all be true at once."""
    claims: tuple[Claim, ...] = ()
    """The claims behind the figure, oldest report first."""
    confidence: Confidence | None = None
    """How far the figure can be trusted; set by ``incidents.grade_figures`` after reconciling."""


@dataclass(frozen=True, slots=True)
class Briefing:
    """The whole result of a build, before anything is written."""

    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]
    incidents: tuple[Incident, ...]
    key_figures: tuple[KeyFigure, ...] = ()
    skipped: tuple[SkippedFile, ...] = field(default_factory=tuple)
    source_names: tuple[tuple[str, str], ...] = ()
    """(source, short name) for the sources the alias table abbreviates ("SOHR"), sorted: the
    incident summaries name sources as a reader quotes them."""
    organisations_named: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(article id, the canonical names of the organisations its report names), for search: an
    incident is found by every organisation its articles name ("Amaq", reporting a claim)."""
    other_names: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(canonical name, its other names) for each actor, claimant, organisation and place the
    incidents and their articles name that the alias table knows by other names ("Islamic
    State" → ISIS, Daesh…), for search."""

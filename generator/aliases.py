"""The alias table: canonical names of organisations, actors and places.

Shipped as ``data/aliases.yml``; a project adds to it with the ``aliases``
option. Matching folds case, accents and punctuation so that "Hassaké",
"HASSAKE" and "Hassake" meet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml


def _load_yaml(text: str) -> object:
    """YAML through libyaml when PyYAML has it (a year's registry is thousands of lines)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class AliasFileError(ValueError):
    """An alias file cannot be read; the message names the file and the entry."""


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, accents and punctuation folded to single spaces: "Al-Hassaké" → "al hassake"."""
    return fold_uncached(text)


def fold_uncached(text: str) -> str:
    """:func:`fold` for one-off names (a gazetteer's index) and whole texts, which would only
    crowd the cache. Only the characters outside ASCII are looked at one by one: accents (the
    marks NFKD splits off) go, and any other such character parts words, as punctuation does."""
    if not text.isascii():
        text = _NOT_ASCII.sub(_unaccented, unicodedata.normalize("NFKD", text))
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _unaccented(match: re.Match[str]) -> str:
    return "" if unicodedata.combining(match.group()) else " "


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation that states figures or fights."""

    name: str
    aliases: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    """What an article calls it once named ("the Observatory", "the war monitor")."""
    people: tuple[str, ...] = ()
    """People who speak for it, so "Rami Abdel Rahman told AFP" is shown with the organisation."""
    side: str | None = None
    actor: bool = False
    country: str | None = None
    """The country whose state it speaks for (a state news agency or broadcaster), so that
    "state media" or "the official news agency" in a report on that country is it."""

    @property
    def party(self) -> bool:
        """Is it a party to the fight: an armed group, a state's forces, or the voice of a side
        (the Islamic State's Amaq)? Its figures of the fight are its own claims, never the
        independent estimate another source gives."""
        return self.actor or self.side is not None


@dataclass(frozen=True, slots=True)
class Place:
    """A place with its country, and the spellings news uses for it."""

    name: str
    country: str | None
    kind: str = "place"
    aliases: tuple[str, ...] = ()
    within: str | None = None
    """The larger place it lies in ("Agando" within "Tahoua"), so reports naming either meet."""
    coordinates: tuple[float, float] | None = None
    """Latitude and longitude, for a place GeoNames' cities lack (a province, a village)."""


@dataclass(frozen=True, slots=True)
class AliasTable:
    """Every organisation and place, with folded-name lookups built once."""

    organisations: tuple[Organisation, ...]
    places: tuple[Place, ...]
    demonyms: tuple[tuple[str, str], ...] = ()
    """(demonym, country) pairs: "Iraqi" → Iraq."""
    _orgs: dict[str, Organisation] = field(init=False, repr=False, compare=False)
    _org_keys: tuple[tuple[str, Organisation], ...] = field(init=False, repr=False, compare=False)
    _longest_key: int = field(init=False, repr=False, compare=False)
    _places: dict[str, Place] = field(init=False, repr=False, compare=False)
    _acronyms: dict[str, Organisation] = field(init=False, repr=False, compare=False)
    _demonym_index: dict[str, str] = field(init=False, repr=False, compare=False)
    _countries: frozenset[str] = field(init=False, repr=False, compare=False)
    _org_names: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        orgs: dict[str, Organisation] = {}
        acronyms: dict[str, Organisation] = {}
        for org in self.organisations:
            for name in (org.name, *org.aliases, *org.people):
                if _is_acronym(name):
                    acronyms.setdefault(name.replace(".", ""), org)
                else:
                    orgs.setdefault(fold(name), org)
        places: dict[str, Place] = {}
        for place in self.places:
            for name in (place.name, *place.aliases):
                places.setdefault(fold(name), place)
        keys = sorted(((k, o) for k, o in orgs.items() if k), key=lambda kv: (-len(kv[0]), kv[0]))
        object.__setattr__(self, "_orgs", orgs)
        object.__setattr__(self, "_org_keys", tuple(keys))
        object.__setattr__(self, "_longest_key", max((len(k.split()) for k, _ in keys), default=0))
        object.__setattr__(self, "_places", places)
        object.__setattr__(self, "_acronyms", acronyms)
        object.__setattr__(self, "_demonym_index", {fold(d): c for d, c in self.demonyms})
        object.__setattr__(self, "_countries", frozenset(fold(c) for _, c in self.demonyms))
        # Every folded name in one pass, the longest first where names overlap ("islamic state
        # west africa province" before "islamic state"); a name that matches nothing if none.
        names = "|".join(re.escape(key) for key, _ in keys) or "(?!)"
        object.__setattr__(self, "_org_names", re.compile(rf"(?<![a-z0-9])(?:{names})(?![a-z0-9])"))

    def organisation(self, name: str) -> Organisation | None:
        """The organisation a name or alias denotes ("OSDH" → SOHR), if any."""
        bare = name.strip().replace(".", "")
        return self._acronyms.get(bare) or (None if _is_acronym(bare) else self._orgs.get(fold(name)))

    def organisation_in(self, text: str) -> Organisation | None:
        """The organisation named anywhere in ``text`` as whole words, longest name first."""
        words = fold(text).split()
        found = [
            key
            for n in range(1, min(self._longest_key, len(words)) + 1)
            for i in range(len(words) - n + 1)
            if (key := " ".join(words[i : i + n])) in self._orgs
        ]
        if found:
            return self._orgs[min(found, key=lambda k: (-len(k), k))]
        for word in re.findall(r"[A-Z][A-Z.]*[A-Z]", text):
            if word.replace(".", "") in self._acronyms:
                return self._acronyms[word.replace(".", "")]
        return None

    def countries(self) -> frozenset[str]:
        """The countries the table knows by name (those with a demonym)."""
        return frozenset(c for _, c in self.demonyms)

    def organisations_named_in(self, text: str) -> tuple[str, ...]:
        """The canonical name of every organisation ``text`` names, as whole words (acronyms in
        capitals), the names' first, then the acronyms': "the Amaq news agency said ISWAP
        fighters…" → (Amaq, Islamic State West Africa Province)."""
        found = [self._orgs[match.group()].name for match in self._org_names.finditer(fold_uncached(text))]
        for word in re.findall(r"[A-Z][A-Z.]*[A-Z]", text):
            org = self._acronyms.get(word.replace(".", ""))
            if org is not None:
                found.append(org.name)
        return tuple(dict.fromkeys(found))

    def country_of_demonym(self, word: str) -> str | None:
        """The country a nationality adjective names ("Nigerien" → Niger), if known."""
        return self._demonym_index.get(fold(word))

    def is_country(self, name: str) -> bool:
        """Is the name a country the table gives the people of ("Burkina Faso", "Iraq")? So a
        country the language model takes for a person or a firm is still a place."""
        return fold(name) in self._countries

    def place(self, name: str) -> Place | None:
        """The place a spelling denotes ("Hassaké" → Al-Hasakah), if the table has it."""
        return self._places.get(fold(name))

    def other_names(self, name: str) -> tuple[str, ...]:
        """Every other name the table knows for an organisation or a place, by its canonical
        name ("Islamic State" → ISIS, Daesh…; "Al-Hasakah" → Hasakeh, Hassaké…): a reader
        may search for any of them."""
        org = self._orgs.get(fold(name))
        if org is not None and org.name == name:
            return tuple(dict.fromkeys(n for n in (*org.aliases, *org.people) if n != name))
        place = self._places.get(fold(name))
        if place is not None and place.name == name:
            return tuple(dict.fromkeys(n for n in place.aliases if n != name))
        return ()


def _is_acronym(name: str) -> bool:
    """Short all-capital names ("IS", "UN", "SDF") match only in capitals: "IS" is not "is"."""
    bare = name.replace(".", "")
    return bare.isalpha() and bare.isupper() and len(bare) <= 5


def _entries(data: dict, key: str, source: str) -> list[dict]:
    items = data.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) and i.get("name") for i in items):
        raise AliasFileError(f"{source}: '{key}' must be a list of entries, each with a 'name'")
    return items


def _strings(entry: dict, key: str, source: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if not isinstance(value, list):
        raise AliasFileError(f"{source}: '{key}' of '{entry['name']}' must be a list")
    return tuple(str(v) for v in value)


def _coordinates(entry: dict, source: str) -> tuple[float, float] | None:
    value = entry.get("coordinates")
    if value is None:
        return None
    try:
        lat, lon = (float(v) for v in value)
    except (TypeError, ValueError):
        lat = lon = float("nan")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise AliasFileError(f"{source}: 'coordinates' of '{entry['name']}' must be [latitude, longitude] in degrees")
    return (lat, lon)


def _merge(base: dict[str, dict], items: list[dict], list_keys: tuple[str, ...]) -> None:
    """Merge entries by canonical name: lists are joined, other keys overridden."""
    for item in items:
        current = base.setdefault(item["name"], {"name": item["name"]})
        for k, v in item.items():
            if k in list_keys:
                current[k] = [*current.get(k, []), *(v or [])]
            else:
                current[k] = v


def _read(path: Path | None) -> tuple[str, dict]:
    if path is None:
        text = resources.files("generator").joinpath("data/aliases.yml").read_text(encoding="utf-8")
        return "generator/data/aliases.yml", _load_yaml(text) or {}
    try:
        data = _load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise AliasFileError(f"{path}: cannot be read as YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise AliasFileError(f"{path}: must be a mapping with 'organisations' and/or 'places'")
    return str(path), data


def load_aliases(extra: Path | None = None, additions: dict[str, list[dict]] | None = None) -> AliasTable:
    """The shipped table, with the project's ``extra`` file merged over it, then
    ``additions`` in the same layout (the editors' alias corrections)."""
    orgs: dict[str, dict] = {}
    places: dict[str, dict] = {}
    demonyms: dict[str, list[str]] = {}
    for path in (None, extra) if extra else (None,):
        source, data = _read(path)
        for country, words in (data.get("demonyms") or {}).items():
            demonyms.setdefault(str(country), []).extend(str(w) for w in words or [])
        _merge(orgs, _entries(data, "organisations", source), ("aliases", "descriptors", "people"))
        _merge(places, _entries(data, "places", source), ("aliases",))
    if additions:
        _merge(orgs, _entries(additions, "organisations", "corrections"), ("aliases", "descriptors", "people"))
        _merge(places, _entries(additions, "places", "corrections"), ("aliases",))
    source = str(extra or "generator/data/aliases.yml")
    return AliasTable(
        organisations=tuple(
            Organisation(
                name=o["name"],
                aliases=_strings(o, "aliases", source),
                descriptors=_strings(o, "descriptors", source),
                people=_strings(o, "people", source),
                side=o.get("side"),
                actor=bool(o.get("actor", False)),
                country=o.get("country"),
            )
            for o in orgs.values()
        ),
        places=tuple(
            Place(
                name=p["name"],
                country=p.get("country"),
                kind=p.get("kind", "place"),
                aliases=_strings(p, "aliases", source),
                within=p.get("within"),
                coordinates=_coordinates(p, source),
            )
            for p in places.values()
        ),
        demonyms=tuple(sorted((w, c) for c, words in demonyms.items() for w in words)),
    )

"""Places named together in one sentence, read as news names them: a scene, then the places
that hold it, smallest first ("Buffalo, New York"; "in the Reasi district of Jammu and
Kashmir"), or a place, then a part of it ("Baghdad's Tayaran Square"); a site no table knows
("the Hayat Hotel", "Kuje prison") is in the town named with it. Whatever the gazetteer takes
each name for, the one held is the scene and the others say where it lies.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from ..models import Article, EventMention
from .gazetteer import Location, is_region_name

Found = list[tuple[EventMention, Location | None, str | None]]
"""A sentence's event mentions, each with its place (None: placed nowhere) and the place as written."""
UNKNOWN = "place"
"""The kind of a location that neither the alias table nor GeoNames knows."""
_SPECIFICITY = {"country": 2, "province": 1, "region": 1, "governorate": 1, "state": 1}


def rank(location: Location) -> int:
    """0 for a town, village or site; 1 for a region; 2 for a country."""
    return _SPECIFICITY.get(location.kind, 0)


def fold_places(article: Article, found: Found) -> Found:
    """The scenes of a sentence's mentions, the places that hold them folded into them."""
    if len(found) > 1:  # one place alone holds none (most sentences name one)
        found = _fold_containers(_fold_chains(article, found))
    return _fold_sites(article, found)


_SETTLEMENT = re.compile(r"\s+(?:village|town|city|locality|settlement|community|hamlet)$", re.I)
_SITES = (
    r"(?:hotel|prison|jail|school|college|university|mosque|church|market|camp|base|barracks|hospital|cent(?:re|er)"
    r"|compound|checkpoint|station|airport|stadium|complex|neighbou?rhood|quarter|suburb|township|square|street"
    r"|road|avenue|bridge|roundabout|bazaa?r|plaza|mall)s?"
)
_SITE_AFTER = re.compile(rf"^(?:['’]s)?\s*(?:[\w-]+\s+){{0,2}}?{_SITES}\b", re.I)
_SITE_NAME = re.compile(rf"\b{_SITES}$", re.I)


def settlement_name(name: str) -> str:
    """ "Solhan village" is Solhan."""
    bare = _SETTLEMENT.sub("", name)
    return bare or name


def _fold_sites(article: Article, found: Found) -> Found:
    """A site no table knows is not a town: named beside one ("the Hyatt hotel in the capital,
    Mogadishu", "Kabul's Dashti Barchi neighbourhood") it is in that town, one scene, the site a
    spelling of it; named alone ("the well-known Hayat Hotel") it is where the article's own
    event happened, as "the hotel" would be."""
    towns = [loc for _, loc, _ in found if loc is not None and rank(loc) == 0 and loc.kind != UNKNOWN]
    out = []
    for m, loc, name in found:
        if loc is not None and loc.kind == UNKNOWN and name and _is_site(article, m, name):
            loc = towns[0] if towns else None
        out.append((m, loc, name))
    return out


def _is_site(article: Article, m: EventMention, name: str) -> bool:
    if _SITE_NAME.search(name):
        return True
    at = m.place_offsets[m.places.index(name)] if name in m.places and m.place_offsets else None
    return at is not None and bool(_SITE_AFTER.match(article.text[at + len(name) : at + len(name) + 40]))


_CONTAINED_IN = re.compile(r"(?:,\s*(?:in\s+)?|\s+(?:in|of)\s+)(?:the\s+)?(?:[\w'’-]+\s+){0,3}")
"""Between a place and the larger one that holds it: "Buffalo, New York", "Mpondwe in Kasese
District", "Kramatorsk, in eastern Ukraine's Donetsk region", "the Reasi district of Jammu"."""
_HOLDING = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}")
"""Between a place and a smaller one in it: "Baghdad's Tayaran Square", "Ukraine's Donetsk region"."""
_PART_OF = re.compile(r"\s+(?:suburb|neighbou?rhood|quarter|township|district|area)\s+of\s+(?:the\s+)?")
"""Between a place and a part of it named after it: "the Nairobi suburb of Kasarani", "the Kabul
district of Dasht-e-Barchi" (a region's own name comes with its word: "the Reasi district of
Jammu" names Reasi district, held by what follows)."""


_REGION_OF = re.compile(r"\s+(?:of|in)\s+(?:the\s+)?")
"""Between a region named with its word and the place that holds it: "Chatra district of
Jharkhand", "Kalinga province in the Cordillera". What holds a district or a province is
larger than it, whatever the tables know (or do not know) of its name."""


def _said_to_hold(found: Found, outer: int, inner: int, between: str) -> bool:
    """Does the sentence itself say that ``outer``, a place no table knows, holds the region
    ``inner``? A name no table knows is taken for a town, which holds no district; but "in X
    district of Y" says Y is the larger."""
    name = found[inner][0].places[0]
    return found[outer][1].kind == UNKNOWN and is_region_name(name) and bool(_REGION_OF.fullmatch(between))


def _fold_chains(article: Article, found: Found) -> Found:
    """News names a scene and then the places that hold it, smallest first ("Buffalo, New York";
    "in the Reasi district of Jammu and Kashmir"), or a place and then a part of it ("Baghdad's
    Tayaran Square", "the Nairobi suburb of Kasarani"): whatever the gazetteer takes each name
    for, the one held is the scene and the others say where it lies."""
    at = {i: m.place_offsets[0] for i, (m, loc, _) in enumerate(found) if loc is not None and m.place_offsets}
    order = sorted(at, key=at.__getitem__)
    holder: dict[int, int] = {}  # a place folded into the scene it holds
    for a, b in pairwise(order):
        between = article.text[at[a] + len(found[a][0].places[0]) : at[b]]
        if _CONTAINED_IN.fullmatch(between):
            outer, inner = b, a
        elif _HOLDING.fullmatch(between) or _PART_OF.fullmatch(between):
            outer, inner = a, b
        elif re.fullmatch(r"\s+and\s+", between) and a in holder:
            outer, inner = b, holder[a]  # "… of Jammu and Kashmir": both hold it
        else:
            continue
        inner = holder.get(inner, inner)
        if found[inner][1] == found[outer][1]:
            continue  # "Gweiran Prison in Hassakeh": one place, both its spellings kept
        if found[inner][1].kind == UNKNOWN and _is_site(article, found[inner][0], found[inner][0].places[0]):
            continue  # "Lhubiriha Secondary School in Mpondwe": the town is the scene, the site in it
        larger = rank(found[outer][1]) >= rank(found[inner][1]) or _said_to_hold(found, outer, inner, between)
        if larger and _holds(found[outer][1], found[inner][1], loose=True):
            holder[outer] = inner
    if not holder:
        return found
    out = list(found)
    for outer, inner in holder.items():
        m, town, name = out[inner]
        container = found[outer][1]
        if town.country is None or (town.kind == UNKNOWN and container.country):
            town = replace(town, country=container.country)
        if rank(container) < 2 and town.within is None:
            town = replace(town, within=container.name)
        out[inner] = (m, town, name)
    return [x for i, x in enumerate(out) if i not in holder]


def _fold_containers(found: Found) -> Found:
    """ "in Mpondwe in Kasese District, western Uganda": one scene, Mpondwe, which lies in
    Kasese District, in Uganda. A region or country that holds none of the towns beside it
    stays a scene of its own ("Hasakeh …, and an army base in neighbouring Iraq")."""
    towns = [i for i, (_, loc, _) in enumerate(found) if loc is not None and rank(loc) == 0]
    if not towns:
        # News names places from the smallest out: "in the Achin district of Nangarhar province".
        regions = sorted(
            (i for i, (m, loc, _) in enumerate(found) if loc is not None and rank(loc) == 1),
            key=lambda i: found[i][0].place_offsets[0] if found[i][0].place_offsets else 0,
        )
        towns = regions[:1]
    if not towns:
        return found
    out = list(found)
    folded = set()
    for i, (_, container, _) in enumerate(found):
        if container is None or rank(container) == 0 or i in towns:
            continue
        holds = [t for t in towns if _holds(container, out[t][1])]
        if not holds:
            continue
        folded.add(i)
        for t in holds:
            m, town, name = out[t]
            if town.country is None:
                town = replace(town, country=container.country)
            if rank(container) == 1 and town.within is None:
                town = replace(town, within=container.name)
            out[t] = (m, town, name)
    return [x for i, x in enumerate(out) if i not in folded]


def _holds(container: Location, town: Location, loose: bool = False) -> bool:
    """Can the container hold the town? Not in another country (unless the town is a place no
    table knows, placed in a country only by its article: ``loose``)."""
    if town.country is not None and container.country is not None and town.country != container.country:
        return loose and town.kind == UNKNOWN
    if rank(container) == 2:
        return True
    return town.within in (None, container.name)

"""Incident titles a reader can tell apart.

A title names the kind of event and its place, with the country when the place
is a town or region: "Abduction in Kuriga, Nigeria". Two incidents of one kind
in one place (the same province a year apart) read alike, so each of them also
gives its day ("Attack in Diyala, Iraq, 21 January 2022") or says that the day
is unknown; two that still read alike are numbered.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from .gazetteer import Location


def title_of(kind: str, location: Location) -> str:
    """ "Bombing in Kabul, Afghanistan"; "Ambush in Mozambique" for a country; a place whose
    country is unknown is named alone."""
    place = location.name
    if location.kind != "country" and location.country:
        place = f"{place}, {location.country}"
    return f"{kind.capitalize()} in {place}"


def day_words(day: dt.date | None) -> str:
    """ "21 January 2022", or "date unknown"."""
    return f"{day.day} {day:%B %Y}" if day else "date unknown"


def titles(incidents: Sequence[tuple[str, Location, dt.date | None]]) -> list[str]:
    """The title of each (kind, place, day), distinct from the others'."""
    plain = [title_of(kind, location) for kind, location, _ in incidents]
    alike = Counter(plain)
    dated = [f"{t}, {day_words(day)}" if alike[t] > 1 else t for t, (_, _, day) in zip(plain, incidents, strict=True)]
    still = Counter(dated)
    seen: Counter[str] = Counter()
    out = []
    for title in dated:
        if still[title] > 1:
            seen[title] += 1
            title = f"{title} ({seen[title]})"
        out.append(title)
    return out

"""Small locator maps drawn at build time: a country among its neighbours, and the places of
its incidents, with nothing fetched from another host (no tiles, no script, no font).

A map is two layers that share one frame. The *base* is a standalone SVG file of outlines
(``maps/<iso3>.svg``, one per country, or ``maps/overview.svg`` for every incident), drawn
once per build and shared by every page that shows it, so five thousand incident pages do
not carry five thousand copies of Syria. The *marks* are a few circles in an inline SVG laid
over it, each a link with a tooltip. Outlines are Natural Earth's 1:110m (``boundaries``),
clipped to the frame, in an equirectangular projection scaled at the frame's middle
latitude: at the scale of a country the distortion is small, and the arithmetic is plain.

Every number is written with fixed decimals and every list sorted, so the same incidents
give the same bytes; every text is escaped as XML.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .boundaries import Box, Country, Ring, area, countries

LOCATOR_WIDTH = 320
OVERVIEW_WIDTH = 640
MARGIN = 0.25
"""How much of the framed area is added on each side, so neighbours show around it."""
MIN_SPAN = 3.0
"""The least span of a frame, in degrees: a small country or one place is still seen in its region."""
ASPECT = (0.55, 1.0)
"""The least and greatest height-to-width ratio of a map: a long country is not a ribbon."""
OVERVIEW_MIN_SPAN = 12.0
"""An overview shows at least a region: two incidents a town apart are not a street map."""
OVERVIEW_ASPECT = (0.5, 0.75)
"""An overview is wide: it sits among the text of a page, not beside it."""
LABEL_MIN = (44.0, 14.0)
"""The least width and height (pixels) of a country's part in view for its name to be written."""

STYLE = (
    ".sea{fill:#f4f7fa}.land{fill:#e4e4e0;stroke:#fff;stroke-width:.8;stroke-linejoin:round}"
    ".focus{fill:#cfcfc8;stroke:#8a8a80;stroke-width:1}.has{fill:#d8d8d0}"
    ".name{fill:#6b6b66;font:10px system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;text-anchor:middle}"
    ".focus-name{fill:#3d3d3a;font-weight:600}"
)
_NOT_XML = str.maketrans({c: None for c in (*range(0x20), 0x7F) if chr(c) not in "\t\n\r"})


@dataclass(frozen=True, slots=True)
class Frame:
    """What a map shows (a box of longitudes and latitudes) and at what size (pixels)."""

    west: float
    south: float
    east: float
    north: float
    width: int
    height: int
    kx: float = field(init=False, repr=False, compare=False)
    """How much shorter a degree of longitude is than one of latitude, at the middle latitude."""
    scale: float = field(init=False, repr=False, compare=False)
    """Pixels per degree of latitude."""

    def __post_init__(self) -> None:
        kx = math.cos(math.radians((self.north + self.south) / 2))
        object.__setattr__(self, "kx", kx)
        object.__setattr__(self, "scale", self.width / ((self.east - self.west) * kx))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """Where a point falls on the map, in pixels from its top left corner."""
        return (lon - self.west) * self.kx * self.scale, (self.north - lat) * self.scale

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


@dataclass(frozen=True, slots=True)
class Mark:
    """One place on a map: where, what it links to, what its tooltip says, how many incidents."""

    longitude: float
    latitude: float
    href: str
    """A relative link (``page_url``), or empty for a mark that leads nowhere."""
    label: str
    count: int = 1
    precise: bool = True
    """False for a province or region: drawn as a wide ring, not a dot."""


def frame_around(
    west: float,
    south: float,
    east: float,
    north: float,
    width: int,
    *,
    min_span: float = MIN_SPAN,
    aspect: tuple[float, float] = ASPECT,
) -> Frame:
    """A frame holding the box with a margin around it, at least ``min_span`` degrees across,
    of a height that keeps the map's shape between ``aspect``'s bounds (height to width)."""
    span_x, span_y = max(east - west, min_span), max(north - south, min_span)
    mid_x, mid_y = (west + east) / 2, (south + north) / 2
    span_x, span_y = span_x * (1 + 2 * MARGIN), span_y * (1 + 2 * MARGIN)
    kx = math.cos(math.radians(mid_y))
    low, high = aspect
    if span_y > span_x * kx * high:
        span_x = span_y / (kx * high)
    elif span_y < span_x * kx * low:
        span_y = span_x * kx * low
    south, north = max(mid_y - span_y / 2, -85.0), min(mid_y + span_y / 2, 85.0)
    west, east = mid_x - span_x / 2, mid_x + span_x / 2
    height = round(width * (north - south) / ((east - west) * math.cos(math.radians((north + south) / 2))))
    return Frame(round(west, 4), round(south, 4), round(east, 4), round(north, 4), width, height)


def country_frame(country: Country, width: int = LOCATOR_WIDTH) -> Frame:
    """The frame of a country's map: its largest landmass and its neighbours around it."""
    west, south, east, north = country.boxes[country.rings.index(country.main)]
    return frame_around(west, south, east, north, width)


def points_frame(points: Iterable[tuple[float, float]], width: int = OVERVIEW_WIDTH) -> Frame | None:
    """The frame of an overview map: every (longitude, latitude) in ``points``, or ``None``."""
    points = list(points)
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return frame_around(
        min(lons), min(lats), max(lons), max(lats), width, min_span=OVERVIEW_MIN_SPAN, aspect=OVERVIEW_ASPECT
    )


def base_map(frame: Frame, *, title: str, focus: str | None = None, shaded: Iterable[str] = ()) -> str:
    """The outlines of every country in ``frame`` as a standalone SVG document: ``focus`` (an
    ISO alpha-3 code) darker and named, the ``shaded`` ones (countries with incidents) a shade
    darker than the rest."""
    shaded = set(shaded)
    land, in_view = [], []
    view = _padded(frame)
    for country in sorted(countries().values(), key=lambda c: (c.iso3 == focus, c.iso3)):
        if not _meet(country.box, view):
            continue
        clipped = (
            _clip(ring, view) for ring, box in zip(country.rings, country.boxes, strict=True) if _meet(box, view)
        )
        rings = [r for r in clipped if len(r) >= 3]
        if not rings:
            continue
        kind = "land focus" if country.iso3 == focus else "land has" if country.iso3 in shaded else "land"
        land.append(f'<path class="{kind}" d="{_path(rings, frame)}"/>')
        in_view.append((country, rings))
    names = _labels(in_view, frame, focus)
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{frame.view_box}" width="{frame.width}" '
            f'height="{frame.height}" role="img" aria-label="{_text(title)}">',
            f"<title>{_text(title)}</title>",
            f"<style>{STYLE}</style>",
            f'<rect class="sea" width="{frame.width}" height="{frame.height}"/>',
            *land,
            *names,
            "</svg>",
            "",
        ]
    )


def marks_svg(frame: Frame, marks: Sequence[Mark], *, label: str) -> str:
    """The inline layer of marks over a base map: each place a circle (wider for more incidents,
    a ring for a province), linked to its page, with its label as tooltip. Marks outside the
    frame are left out."""
    parts = [
        f'<svg class="map-marks" viewBox="{frame.view_box}" preserveAspectRatio="xMidYMid meet" '
        f'role="img" aria-label="{_text(label)}">'
    ]
    for mark in sorted(marks, key=lambda m: (-m.count, m.latitude, m.longitude, m.href)):
        if not frame.contains(mark.longitude, mark.latitude):
            continue
        x, y = frame.xy(mark.longitude, mark.latitude)
        radius = min(4.0 + 2.0 * math.sqrt(mark.count - 1), 12.0)
        circle = (
            f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}"/>'
            if mark.precise
            else f'<circle class="mark area" cx="{x:.1f}" cy="{y:.1f}" r="{radius * 2.5:.1f}"/>'
            f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="2.5"/>'
        )
        title = f"<title>{_text(mark.label)}</title>"
        parts.append(f'<a href="{_text(mark.href)}">{title}{circle}</a>' if mark.href else f"<g>{title}{circle}</g>")
    parts.append("</svg>")
    return "".join(parts)


def _text(value: str) -> str:
    return html.escape(value.translate(_NOT_XML), quote=True)


def _padded(frame: Frame) -> Box:
    """The frame grown by a little: outlines are cut there, outside the picture, so that no line
    is drawn along its border."""
    pad_x, pad_y = (frame.east - frame.west) * 0.02, (frame.north - frame.south) * 0.02
    return frame.west - pad_x, frame.south - pad_y, frame.east + pad_x, frame.north + pad_y


def _meet(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _clip(ring: Ring, view: Box) -> Ring:
    """The part of a ring inside ``view`` (Sutherland–Hodgman, one edge of the box at a time)."""
    west, south, east, north = view
    points = list(ring)
    for axis, bound, keep_above in ((0, west, True), (0, east, False), (1, south, True), (1, north, False)):
        if not points:
            break
        inside = (lambda p, a=axis, b=bound: p[a] >= b) if keep_above else (lambda p, a=axis, b=bound: p[a] <= b)
        clipped = []
        for current, previous in zip(points, points[-1:] + points[:-1], strict=True):
            if inside(current):
                if not inside(previous):
                    clipped.append(_cross(previous, current, axis, bound))
                clipped.append(current)
            elif inside(previous):
                clipped.append(_cross(previous, current, axis, bound))
        points = clipped
    return tuple(points)


def _cross(a: tuple[float, float], b: tuple[float, float], axis: int, bound: float) -> tuple[float, float]:
    t = (bound - a[axis]) / (b[axis] - a[axis])
    other = 1 - axis
    crossing = [0.0, 0.0]
    crossing[axis], crossing[other] = bound, a[other] + t * (b[other] - a[other])
    return crossing[0], crossing[1]


def _path(rings: Iterable[Ring], frame: Frame) -> str:
    """Path data, one decimal, points that round to the one before dropped."""
    parts = []
    for ring in rings:
        points: list[str] = []
        for lon, lat in ring:
            x, y = frame.xy(lon, lat)
            point = f"{x:.1f} {y:.1f}"
            if not points or points[-1] != point:
                points.append(point)
        if len(points) >= 3:
            parts.append("M" + "L".join(points) + "Z")
    return "".join(parts)


def _labels(in_view: Sequence[tuple[Country, Sequence[Ring]]], frame: Frame, focus: str | None) -> list[str]:
    """Country names, each at the middle of the country's largest part in view: the focus
    first, then the largest parts, each only where it has room and overlaps no name before it."""
    placed: list[tuple[float, float, float, float]] = []
    labels = []
    candidates = []
    for country, rings in in_view:
        ring = max(rings, key=area)
        candidates.append((country.iso3 != focus, -area(ring), country.iso3, country, ring))
    for not_focus, _, _, country, ring in sorted(candidates):
        xs, ys = zip(*(frame.xy(lon, lat) for lon, lat in ring), strict=True)
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        text_width = len(country.name) * 5.6 + 4
        if not_focus and (width < max(LABEL_MIN[0], text_width) or height < LABEL_MIN[1]):
            continue
        x = min(max((min(xs) + max(xs)) / 2, text_width / 2 + 2), frame.width - text_width / 2 - 2)
        y = min(max((min(ys) + max(ys)) / 2 + 3, 12.0), frame.height - 4.0)
        box = (x - text_width / 2, y - 10, x + text_width / 2, y + 2)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        kind = "name" if not_focus else "name focus-name"
        labels.append(f'<text class="{kind}" x="{x:.1f}" y="{y:.1f}">{_text(country.name)}</text>')
    return labels

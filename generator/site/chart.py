"""Draw how an incident's tolls evolved across reports, as one small standalone SVG.

A toll that rises from 20 to 28 over two days is the story a reader looks for
first, and a table of claims hides it. The chart is drawn at build time so the
site needs no JavaScript, and it is a whole document so it can be served as a
file and shown through ``<img>``: its own ``<style>`` (light and dark) and no
reference to the page or to another host.

The module is pure: records in, one string out. Every piece of text is escaped
as XML, since titles, wording and claimants come from untrusted articles, and
every number is formatted with fixed decimals, so the same input gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..models import KeyFigure
from .wording import MONTHS, counts_words, figure_text

MAX_SERIES = 6
"""More lines than this turn the chart into a tangle; the first ones (killed first) are kept."""
WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP = 56, 32, 18
"""Room for the count labels on the left and for a centred date label at the right edge."""
LEGEND_ROW = 18
MIN_TICK_GAP = 64
"""The least room between two date labels, in pixels, so "Jan 21" labels never touch."""
SAME_DAY_BAND, SAME_DAY_STEP = 0.7, 22.0
"""Reports of one day spread over at most this share of a day's width, this many pixels apart."""

# Okabe–Ito colours (told apart with every common colour-vision deficiency), yellow left out:
# it vanishes on white. Dashes and marker shapes differ too, for greyscale print.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
DASHES = ("", "7 3", "2 3", "9 3 2 3", "4 4", "1 2")
SHAPES = ("circle", "square", "diamond", "triangle", "triangle_down", "pentagon")
HEDGE_NOTES = {"hedged": "hollow: hedged figure", "at_least": "arrow: at least", "range": "bar: range given"}

STYLE = (
    ".bg{fill:#fff}.t{fill:#333;font:13px system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}"
    ".l{font-size:14px}.n{fill:#666}.g{stroke:#e3e3e3}.ax{stroke:#888}.h{fill:#fff}"
    "@media (prefers-color-scheme:dark){.bg,.h{fill:#1e2129}.t{fill:#ddd}.n{fill:#aaa}.g{stroke:#3a3e48}}"
)

# Characters XML 1.0 forbids even when escaped: a stray control byte in a title must not break the file.
_NOT_XML = re.compile(
    "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    "|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"  # and text-direction controls: they could reverse a number
)


@dataclass(frozen=True, slots=True)
class _Point:
    """One dated report of a figure, as drawn."""

    date: dt.date
    article: str
    count: int
    """Where the marker sits: the value, or the low end of a vague amount."""
    low: int | None
    high: int | None
    qualifier: str
    words: str
    """The figure as the article gave it (``at least 20``)."""
    claimant: str | None


@dataclass(frozen=True, slots=True)
class _Series:
    label: str
    points: tuple[_Point, ...]


def _text(value: str) -> str:
    """Text safe inside an SVG element or a quoted attribute."""
    return html.escape(_NOT_XML.sub("", value), quote=True)


def _series_of(figure: KeyFigure, published: Mapping[str, dt.date | None]) -> _Series | None:
    """The figure's dated, numbered reports in date order, or ``None`` when fewer than two
    reports give one: a single report has no evolution to show."""
    points = []
    for claim in figure.claims:
        date = published.get(claim.article)
        count = claim.value if claim.value is not None else claim.low
        if date is None or count is None:
            continue
        words = figure_text(claim)
        points.append(_Point(date, claim.article, count, claim.low, claim.high, claim.qualifier, words, claim.claimant))
    if len({p.article for p in points}) < 2:
        return None
    # A stable sort: reports of one day keep the oldest-first order of the claims.
    points.sort(key=lambda p: p.date)
    return _Series(counts_words(figure.category, figure.group), tuple(points))


def _is_range(point: _Point) -> bool:
    return point.low is not None and point.high is not None and point.low != point.high


def _nice_scale(top: int) -> tuple[int, int]:
    """The y axis's maximum and step: the smallest round step (1, 2, 2.5, 5 × 10ⁿ, whole
    numbers only) that reaches ``top`` in at most five gridlines."""
    top = max(top, 1)
    for exponent in range(0, 16):
        for mantissa in (10, 20, 25, 50):
            step = mantissa * 10**exponent // 10
            if step and step * 10 == mantissa * 10**exponent and math.ceil(top / step) <= 5:
                return math.ceil(top / step) * step, step
    return top, top  # pragma: no cover - counts this large are not people


def _date_label(day: dt.date, with_day: bool) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}" if with_day else MONTHS[day.month - 1]


def _date_ticks(lo: float, hi: float, px_per_day: float) -> list[tuple[dt.date, bool]]:
    """Calendar ticks inside the ordinal range ``[lo, hi]``: every day, every other day,
    Mondays, every other Monday, or the first of every 1–120 months, whichever is the
    finest that leaves :data:`MIN_TICK_GAP` between labels. The flag says the label
    names the day, not only the month."""
    first, last = math.ceil(lo), math.floor(hi)
    for days in (1, 2, 7, 14):
        if days * px_per_day >= MIN_TICK_GAP:
            # Weekly ticks fall on Mondays (ordinal 1 was a Monday).
            start = first + (1 - first) % days if days >= 7 else first
            return [(dt.date.fromordinal(o), True) for o in range(start, last + 1, days)]
    for months in (1, 2, 3, 6, 12, 24, 60, 120):
        if months * 28 * px_per_day >= MIN_TICK_GAP:
            break
    day = dt.date.fromordinal(first)
    index = day.year * 12 + day.month - 1 + (day.day != 1)  # the first month start on or after ``lo``
    index += -index % months
    ticks = []
    while (tick := dt.date(index // 12, index % 12 + 1, 1)).toordinal() <= last:
        ticks.append((tick, False))
        index += months
    return ticks


def _marker(shape: str, x: float, y: float, colour_class: str, hollow: bool) -> str:
    """One point's marker: filled for an exact figure, hollow (page-coloured) for a hedged one."""
    paint = f'class="h s{colour_class}"' if hollow else f'class="s{colour_class} f{colour_class}"'
    r = 4.5
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {paint} stroke-width="1.5"/>'
    outline = {
        "square": ((-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)),
        "diamond": ((0, -1.2), (1.2, 0), (0, 1.2), (-1.2, 0)),
        "triangle": ((0, -1.15), (1.1, 0.85), (-1.1, 0.85)),
        "triangle_down": ((0, 1.15), (1.1, -0.85), (-1.1, -0.85)),
        "pentagon": tuple((math.sin(k * 2 * math.pi / 5), -math.cos(k * 2 * math.pi / 5)) for k in range(5)),
    }[shape]
    points = " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in outline)
    return f'<polygon points="{points}" {paint} stroke-width="1.5"/>'


def _x_positions(
    series: Sequence[_Series], left: float, right: float
) -> tuple[dict[tuple[dt.date, str], float], list[tuple[float, str, str]]]:
    """Where each report sits across, and the ticks: a time scale, or when every report
    is of one day, the reports spread evenly in the order they appear."""
    dates = sorted({p.date for s in series for p in s.points})
    if len(dates) == 1:
        articles = list(dict.fromkeys(p.article for s in series for p in s.points))
        gap = (right - left) / max(len(articles) - 1, 1)
        pad = min(gap / 2, 40)
        gap = (right - left - 2 * pad) / max(len(articles) - 1, 1)
        where = {(dates[0], a): left + pad + i * gap for i, a in enumerate(articles)}
        every = math.ceil(MIN_TICK_GAP / gap) if gap < MIN_TICK_GAP else 1
        ticks = [(left + pad + i * gap, f"Report {i + 1}", "") for i in range(0, len(articles), every)]
        day = dates[0]
        ticks.append(((left + right) / 2, "", f"All reported {_date_label(day, True)}, {day.year}"))
        return where, ticks
    first, last = dates[0].toordinal(), dates[-1].toordinal()
    pad = max((last - first) * 0.05, 0.5)
    lo, hi = first - pad, last + pad
    scale = (right - left) / (hi - lo)
    # Reports of one day side by side across a part of the day, in the order they appear: a toll
    # that went 23, then 20, then 28 on one day reads so, not as the last one alone.
    of_day: dict[dt.date, list[str]] = {}
    for s in series:
        for p in s.points:
            if p.article not in of_day.setdefault(p.date, []):
                of_day[p.date].append(p.article)
    where = {}
    for day, articles in of_day.items():
        middle = left + (day.toordinal() - lo) * scale
        band = min(scale * SAME_DAY_BAND, SAME_DAY_STEP * (len(articles) - 1))
        for n, article in enumerate(articles):
            offset = band * (n / (len(articles) - 1) - 0.5) if len(articles) > 1 else 0.0
            where[(day, article)] = middle + offset
    ticks, year = [], None
    for day, with_day in _date_ticks(lo, hi, scale):
        x = left + (day.toordinal() - lo) * scale
        ticks.append((x, _date_label(day, with_day), str(day.year) if day.year != year else ""))
        year = day.year
    return where, ticks


def _legend(series: Sequence[_Series], notes: Sequence[str], top: float) -> tuple[list[str], int]:
    """The legend as a grid, as many columns as fit (text widths estimated, so deterministic),
    then a grey line naming the hedge marks in use. Returns the elements and the rows used."""
    widths = [30 + len(s.label) * 7.6 + 20 for s in series]
    for columns in range(len(series), 0, -1):
        column_widths = [max(widths[j::columns]) for j in range(columns)]
        if sum(column_widths) <= WIDTH - LEFT - 8 or columns == 1:
            break
    parts = []
    for i, s in enumerate(series):
        row, column = divmod(i, columns)
        x, y = LEFT + sum(column_widths[:column]), top + row * LEGEND_ROW
        dash = f' stroke-dasharray="{DASHES[i]}"' if DASHES[i] else ""
        parts.append(
            f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 24:.1f}" y2="{y:.1f}" class="s{i}" stroke-width="2"{dash}/>'
        )
        parts.append(_marker(SHAPES[i], x + 12, y, str(i), False))
        parts.append(f'<text x="{x + 30:.1f}" y="{y + 4:.1f}" class="t l">{_text(s.label)}</text>')
    rows = math.ceil(len(series) / columns)
    if notes:
        parts.append(
            f'<text x="{LEFT}" y="{top + rows * LEGEND_ROW + 4:.1f}" class="t n">{_text(" · ".join(notes))}</text>'
        )
        rows += 1
    return parts, rows


def _describe(series: Sequence[_Series], dropped: int) -> str:
    """The chart in words, for screen readers: each series' reports in date order."""
    lines = []
    for s in series:
        steps = " → ".join(
            f"{p.words} ({p.date.isoformat()}{', ' + p.claimant if p.claimant else ''})" for p in s.points
        )
        lines.append(f"{s.label}: {steps}.")
    if dropped:
        lines.append(f"{dropped} more figure{'s' if dropped > 1 else ''} not drawn.")
    return " ".join(lines)


def _draw_series(
    i: int, series: _Series, where: Mapping[tuple[dt.date, str], float], y_of: Callable[[int], float]
) -> list[str]:
    """One series: its line, then each report's marker with its hedge marks and a tooltip."""
    xy = [(where[(p.date, p.article)], y_of(p.count), p) for p in series.points]
    dash = f' stroke-dasharray="{DASHES[i]}"' if DASHES[i] else ""
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in xy)
    parts = [f'<polyline points="{line}" fill="none" class="s{i}" stroke-width="2"{dash}/>']
    for x, y, p in xy:
        tip = f"{series.label}: {p.words}, {p.date.isoformat()}" + (f" ({p.claimant})" if p.claimant else "")
        parts.append(f"<g><title>{_text(tip)}</title>")
        if _is_range(p):
            y1, y2 = y_of(p.low or 0), y_of(p.high or 0)
            parts.append(
                f'<path d="M{x:.1f} {y1:.1f}V{y2:.1f}M{x - 3:.1f} {y1:.1f}h6M{x - 3:.1f} {y2:.1f}h6" '
                f'class="s{i}" stroke-width="1.5" fill="none"/>'
            )
        if p.qualifier == "at_least":
            # Open-ended upwards: the true toll may be anywhere above the point.
            parts.append(
                f'<path d="M{x:.1f} {y - 6:.1f}V{y - 17:.1f}M{x - 3:.1f} {y - 13:.1f}L{x:.1f} {y - 17:.1f}'
                f'L{x + 3:.1f} {y - 13:.1f}" class="s{i}" stroke-width="1.5" fill="none"/>'
            )
        parts.append(_marker(SHAPES[i], x, y, str(i), p.qualifier != "exact") + "</g>")
    return parts


def toll_chart(figures: Sequence[KeyFigure], published: Mapping[str, dt.date | None], *, title: str) -> str | None:
    """An SVG document charting each figure's reports over time, or ``None`` when no figure
    has two dated reports with a number: then there is no change to show.

    ``figures`` come in page order (killed first); the first :data:`MAX_SERIES` that
    qualify are drawn. ``published`` maps article ids to publication dates.
    """
    drawable = [s for f in figures if (s := _series_of(f, published)) is not None]
    if not drawable:
        return None
    series, dropped = drawable[:MAX_SERIES], max(len(drawable) - MAX_SERIES, 0)
    points = [p for s in series for p in s.points]
    notes = [
        HEDGE_NOTES[kind]
        for kind, present in (
            ("hedged", any(p.qualifier != "exact" for p in points)),
            ("at_least", any(p.qualifier == "at_least" for p in points)),
            ("range", any(_is_range(p) for p in points)),
        )
        if present
    ]
    # The plot takes what the legend leaves: date labels, their year line, then the legend rows.
    _, legend_rows = _legend(series, notes, 0)
    bottom = HEIGHT - 56 - (legend_rows - 1) * LEGEND_ROW
    left, right = float(LEFT), float(WIDTH - RIGHT)
    top_count = max(max(p.count, p.high or 0) for p in points)
    y_max, y_step = _nice_scale(top_count)

    def y_of(count: int) -> float:
        return bottom - (bottom - TOP) * count / y_max

    where, ticks = _x_positions(series, left, right)
    words = _describe(series, dropped)
    ident = "toll-" + hashlib.blake2b(f"{title}\n{words}".encode(), digest_size=4).hexdigest()

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" style="max-width:{WIDTH}px">',
        f'<title id="{ident}-title">{_text(title)}</title>',
        f'<desc id="{ident}-desc">{_text(words)}</desc>',
        f"<style>{STYLE}{''.join(f'.s{i}{{stroke:{c}}}.f{i}{{fill:{c}}}' for i, c in enumerate(COLOURS))}</style>",
        f'<rect class="bg" width="{WIDTH}" height="{HEIGHT}" rx="4"/>',
    ]
    for count in range(0, y_max + 1, y_step):
        y = y_of(count)
        out.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" class="{"ax" if count == 0 else "g"}"/>'
        )
        out.append(f'<text x="{left - 6:.1f}" y="{y + 4:.1f}" class="t" text-anchor="end">{count:,}</text>')
    for x, label, sublabel in ticks:
        if label:
            out.append(f'<line x1="{x:.1f}" y1="{bottom:.1f}" x2="{x:.1f}" y2="{bottom + 4:.1f}" class="ax"/>')
            out.append(f'<text x="{x:.1f}" y="{bottom + 16:.1f}" class="t" text-anchor="middle">{_text(label)}</text>')
        if sublabel:
            out.append(
                f'<text x="{x:.1f}" y="{bottom + 29:.1f}" class="t n" text-anchor="middle">{_text(sublabel)}</text>'
            )
    for i, s in enumerate(series):
        # Series side by side by a few pixels, so equal counts on one day do not hide each other.
        dodge = (i - (len(series) - 1) / 2) * 3
        out.extend(_draw_series(i, s, {key: x + dodge for key, x in where.items()}, y_of))
    out.extend(_legend(series, notes, bottom + 46)[0])
    out.append("</svg>")
    return "\n".join(out) + "\n"

"""A small briefing built by hand for the render tests: two plain articles about
one prison attack, and one hostile article whose every field tries to break out
of the page (HTML, Markdown, Jinja, snippet markers, a 300-character word)."""

from __future__ import annotations

import datetime as dt

from generator.models import Article, Briefing, Claim, Incident, KeyFigure, SkippedFile, TextSpan

INCIDENT = "2022-01-20-al-hasakah-prison-attack"
HOSTILE_INCIDENT = "2022-02-01-hostile-place-attack"
HOSTILE_ARTICLE = "zz hostile (copy)"

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
LONG_WORD = "A" * 300
HOSTILE_TITLE = f"</title>{SCRIPT} *bold* _it_ [x](javascript:alert(3)) | {{{{ 7*7 }}}} {{% if x %}}"
HOSTILE_QUOTE = f'At least 5 | people | died {IMG} [click](javascript:alert(4)) {{: onclick="alert(5)" }} `code`'
HOSTILE_CLAIMANT = "<i>Evil</i> | Corp *x*"
HOSTILE_OTHER_NAME = "<b onmouseover=alert(6)>Evil Inc</b>"


def _spans(text: str, *parts: tuple[str, str]) -> tuple[TextSpan, ...]:
    """TextSpans for the given (kind, exact substring) pairs of ``text``."""
    spans = []
    for kind, part in parts:
        start = text.index(part)
        spans.append(TextSpan(start, start + len(part), kind, "subscription notice" if kind == "boilerplate" else ""))
    return tuple(spans)


def _claim(article: Article, number: str, sentence: str, **fields) -> Claim:
    """A claim on the first ``number`` inside ``sentence`` of ``article``."""
    quote_start = article.text.index(sentence)
    start = article.text.index(number, quote_start)
    values = {
        "category": "killed",
        "group": "unspecified",
        "value": None,
        "low": None,
        "high": None,
        "qualifier": "exact",
        "claimant": None,
    } | fields
    return Claim(
        article=article.id,
        quote=sentence,
        start=start,
        end=start + len(number),
        number_text=number,
        quote_start=quote_start,
        **values,
    )


def _article(article_id: str, title: str, published: dt.date, paragraphs: list[str], boilerplate: str = "", **kw):
    text = "\n\n".join([title, *paragraphs, *([boilerplate] if boilerplate else [])])
    parts = [("headline", title), *(("paragraph", p) for p in paragraphs)]
    spans = _spans(text, *parts)
    set_aside = _spans(text, ("boilerplate", boilerplate)) if boilerplate else ()
    return Article(
        id=article_id,
        path=f"articles/{article_id}.txt",
        text=text,
        title=title,
        published=published,
        report=spans,
        boilerplate=set_aside,
        **kw,
    )


def sample_briefing() -> Briefing:
    """Two articles on one incident (a rising toll), a context figure, a hostile
    article on a hostile incident, and two skipped files."""
    first = _article(
        "000_hasakah",
        "Islamic State attacks prison in Hasakah",
        dt.date(2022, 1, 21),
        [
            "At least 23 members of the Kurdish security forces were killed, the Syrian Observatory for Human "
            "Rights said.",
            "In 2019, 11 soldiers died in a similar attack in Iraq.",
        ],
        boilerplate="Subscribe to our newsletter for 5 euros.",
        publisher="Prensa Latina",
        url="https://example.org/hasakah",
    )
    second = _article(
        "001_hasakah_update",
        "Death toll rises in Hasakah prison siege",
        dt.date(2022, 1, 22),
        ["The toll among security forces rose to 28, the Observatory said. Nearly 40 people were injured."],
        publisher="Example News",
    )
    hostile = _article(
        HOSTILE_ARTICLE,
        HOSTILE_TITLE,
        dt.date(2022, 2, 2),
        [
            f"# Not a heading {IMG}",
            "---",
            HOSTILE_QUOTE,
            f'--8<-- "intro.md" 1. not a list > not a quote !!! danger "x" {LONG_WORD} \x02wzxhzdk:0\x03',
        ],
        boilerplate="Photo: 7 people in a 'caption' <b>here</b>.",
        publisher="<b>Evil</b> | Press",
        url="javascript:alert(6)",
    )
    c23 = _claim(
        first,
        "At least 23",
        first.text[first.report[1].start : first.text.index(", the Syrian")],
        group="security_forces", value=23, low=23, qualifier="at_least",
        claimant="Syrian Observatory for Human Rights", incident=INCIDENT,
    )  # fmt: skip
    c11 = _claim(first, "11", "In 2019, 11 soldiers died", group="security_forces", value=11, low=11, high=11)
    c28 = _claim(
        second, "28", "The toll among security forces rose to 28, the Observatory said.",
        group="security_forces", value=28, low=28, high=28,
        claimant="Syrian Observatory for Human Rights", incident=INCIDENT,
    )  # fmt: skip
    c40 = _claim(
        second, "Nearly 40", "Nearly 40 people were injured.",
        category="injured", value=40, low=None, high=40, qualifier="at_most", incident=INCIDENT,
    )  # fmt: skip
    hostile_claim = _claim(
        hostile, "At least 5", HOSTILE_QUOTE,
        value=5, low=5, qualifier="at_least", claimant=HOSTILE_CLAIMANT, incident=HOSTILE_INCIDENT,
    )  # fmt: skip
    # A figure read from the boilerplate: the text cannot anchor it, the claims table must.
    in_caption = _claim(
        hostile, "7", hostile.text[hostile.boilerplate[0].start : hostile.boilerplate[0].end],
        category="injured", value=7, low=7, high=7, incident=HOSTILE_INCIDENT,
    )  # fmt: skip
    incidents = (
        Incident(
            id=INCIDENT,
            title="Islamic State attack on Ghwayran prison",
            date=dt.date(2022, 1, 20),
            country="Syria",
            location="Al-Hasakah",
            kind="prison attack",
            actors=("Islamic State", "Syrian Democratic Forces"),
            articles=(first.id, second.id),
            aliases=("Hasakah", "Gweiran"),
            latitude=36.5024,
            longitude=40.7477,
            place_kind="city",
        ),
        Incident(
            id=HOSTILE_INCIDENT,
            title=f"Attack {SCRIPT} | [x](javascript:y) {LONG_WORD}",
            date=dt.date(2022, 2, 1),
            country="<u>Nowhere</u>",
            location="*Place* | # here",
            kind="attack `x`",
            actors=(HOSTILE_CLAIMANT,),
            articles=(hostile.id,),
        ),
    )
    key_figures = (
        KeyFigure(INCIDENT, "killed", "security_forces", 23, 23, 28, c28, False, (c23, c28)),
        KeyFigure(INCIDENT, "injured", "unspecified", None, 40, 40, c40, False, (c40,)),
        KeyFigure(HOSTILE_INCIDENT, "killed", "unspecified", 5, 5, None, hostile_claim, True, (hostile_claim,)),
    )
    skipped = (
        SkippedFile("articles/notes.md", "no article text after the front matter", "note"),
        SkippedFile("articles/bad | <b>file</b>.txt", "not UTF-8 *text*: save it as UTF-8", "error"),
    )
    return Briefing(
        articles=(first, second, hostile),
        claims=(c23, c11, c28, c40, hostile_claim, in_caption),
        incidents=incidents,
        key_figures=key_figures,
        skipped=skipped,
        organisations_named=(("001_hasakah_update", ("Amaq",)),),
        other_names=(
            ("Amaq", ("Amaq News Agency",)),
            ("Islamic State", ("ISIS", "Daesh")),
            ("Syrian Observatory for Human Rights", ("SOHR", "OSDH")),
            (HOSTILE_CLAIMANT, (HOSTILE_OTHER_NAME,)),
        ),
    )

"""Separating an article's report from the web page printed around it.

Articles are saved from news pages, so besides the report they carry the page's
furniture: paywall and login notices, comment prompts, share buttons, "Read
also" links, photo captions and credits, bylines, embedded tweets and agency
credits. None of it is reporting, and a figure in it ("You have 50.57% of this
article left to read", "Comments (12)") must never be read as a claim.

The rules are data: one function per family of boilerplate, returning regexes
that are matched against one line (one paragraph) of the article; its docstring
lists example lines it matches, and a test checks every example. A line is set
aside only when a rule matches it whole or by its unmistakable start, and each
family has a length limit, because boilerplate is short: when unsure, a line
stays in the report. A few rules need the neighbouring lines (a byline's name
above the author's title, a caption repeated with its credit) and live in
:func:`classify`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

AGENCIES = (
    "AP", "Associated Press", "AFP", "Agence France-Presse", "Reuters", "dpa", "EFE", "ANSA", "Anadolu",
    "Anadolu Agency", "UPI", "PA", "PA Media", "Xinhua", "TASS", "Bloomberg", "KUNA", "PTI", "IANS", "ANI",
    "Kyodo", "Yonhap", "Bernama", "AAP", "KNA", "epd", "Sputnik", "Interfax", "WAFA", "SANA", "IRNA", "APA",
)  # fmt: skip
"""News agencies whose name alone makes a credit line (``Reuters``, ``With AP, AFP and Reuters``)."""

_AGENCY = "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
_SOCIAL = r"facebook|twitter|x|email|e-mail|mail|whatsapp|linkedin|reddit|telegram|print|copy link|messenger|pinterest|flipboard|threads|bluesky|sms"
_AUTHOR_TITLES = (
    r"correspondent|editor|reporter|writer|journalist|contributor|columnist|bureau chief|producer|news desk"
)
_NAME_WORD = r"(?-i:[A-Z])[\w.'’-]+"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}"
_MONTH_DAY_YEAR = r"(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})"


def related_links() -> tuple[str, ...]:
    """Links to other stories of the site.

    Matches, for example:
    - Read also: ISIS claims Niger attacks, attributing them to West Africa Province
    - Read also: Article reserved for our subscribers The Islamic State’s “caliphate” lives on
    - Read more: Who are the Islamic State's fighters?
    - See also
    - ALSO READ | Pakistan mosque blast toll rises
    - Related: Niger's army under pressure
    - More on this story
    - Recommended
    """
    return (
        r"^(?:read|see|watch|listen)(?: also| more| next)\b",
        r"^also (?:read|see|watch)\b",
        r"^(?:related|recommended|further reading|most (?:read|popular|viewed|shared)|trending(?: now)?"
        r"|you (?:may|might) also like|editor'?s picks?|top stories)"
        r"(?:\s+(?:articles?|stories|links?|content|coverage|topics?|for you|reading|now))?\s*(?:[:|»>]|$)",
        r"^more (?:on this (?:story|topic)|from|stories|about this|news)\b.{0,80}$",
    )


def subscription_notices() -> tuple[str, ...]:
    """Paywall and subscription notices.

    Matches, for example:
    - Article reserved for our subscribers
    - You have 50.57% of this article left to read. The following is for subscribers only.
    - The following is for subscribers only.
    - Subscribe to continue reading
    - This article is only available to subscribers
    - Already a subscriber? Log in
    - Become a member for $1 a week
    - Get unlimited access to all our journalism
    - Continue reading the main story
    """
    return (
        r"\breserved for (?:our )?(?:subscribers|members)\b",
        r"\bfor (?:subscribers|members|premium members) only\b",
        r"^you have [\d.,]+\s?% of (?:this|the) (?:article|story) (?:left|remaining)",
        r"^subscribe\b.{0,60}\b(?:continue|read|unlock|access)\b",
        r"^(?:this|the) (?:article|story|content) is (?:only )?(?:available|reserved|accessible) (?:to|for) "
        r"(?:our )?(?:subscribers|members)",
        r"^(?:already|become) a (?:subscriber|member)\b",
        r"^(?:get|unlock) (?:unlimited|full|digital) access\b",
        r"^(?:to )?continue reading\b",
    )


def login_notices() -> tuple[str, ...]:
    """Login and registration notices.

    Matches, for example:
    - Thank you for registering
    - Please refresh the page or navigate to another page on the site to be automatically logged inPlease refresh your browser to be logged in
    - Log in to your account
    - Create a free account to keep reading
    - Forgot your password?
    - You are now logged in
    """
    return (
        r"^thank you for (?:registering|signing up|subscribing)\b",
        r"\bto be (?:automatically )?logged in\b",
        r"^(?:please )?(?:log|sign) ?in\b.{0,80}$",
        r"^(?:create|register for) (?:a |an |your )?(?:free )?(?:account|profile)\b",
        r"^(?:forgot|reset) (?:your )?password\b",
        r"^register (?:now|for free|here)\b",
        r"^(?:you are|you're) (?:now )?(?:logged|signed) in\b",
    )


def newsletter_prompts() -> tuple[str, ...]:
    """Newsletter and alert sign-up prompts.

    Matches, for example:
    - Sign up for our daily Middle East newsletter
    - Get our breaking news alerts
    - Sign up now
    """
    return (
        r"^(?:sign up|subscribe|register)\b.{0,60}\b(?:newsletters?|alerts?|briefing|bulletin|e-?mails?|updates)\b",
        r"^get (?:our|the) .{0,40}\b(?:newsletters?|alerts?|briefing|e-?mails?)\b",
        r"^(?:sign up|subscribe) (?:now|today|here|for free)\b",
    )


def comment_prompts() -> tuple[str, ...]:
    """Prompts to comment, and the comment section's headings.

    Matches, for example:
    - Leave a Comment
    - Comments
    - Comments (12)
    - 12 comments
    - Join our commenting forum
    - Join thought-provoking conversations, follow other Independent readers and see their replies
    - What do you think? Share your view in the comments.
    - Join the conversation: leave a comment below
    - Show comments
    - Be the first to comment
    - Have your say
    """
    return (
        r"^(?:leave|post|add|write|submit|show|view|load|hide|read|see) (?:a |all |the |your )?(?:\d+ )?"
        r"(?:comments?|reply)\b",
        r"^comments?\s*(?:\(\d+\)|\d+)?\s*[:.]?$",
        r"^\d+ comments?$",
        r"^join (?:the|our|in the) (?:conversation|discussion|debate|commenting)\b",
        r"^join\b.{0,60}\bconversations?\b",
        r"^what do you think\?",
        r"\bshare your (?:views?|thoughts|opinions?)\b.{0,30}$",
        r"^have your say\b",
        r"\bcommenting (?:forum|guidelines|policy|rules)\b",
        r"^(?:be the first to comment|no comments yet|comments are closed)\b",
    )


def share_lines() -> tuple[str, ...]:
    """Share buttons printed as text.

    Matches, for example:
    - Share this article: Facebook | Twitter | Email
    - Share on Facebook
    - Facebook Twitter WhatsApp Email
    - Copy link
    - Click to share on Twitter (Opens in new window)
    """
    return (
        r"^share (?:this|on|via|to)\b.{0,100}$",
        r"^share\s*(?:[:|]|$)",
        rf"^(?:(?:{_SOCIAL})\s*[|•·,/]?\s*){{2,}}$",
        r"^copy (?:link|url|the link)\b",
        r"^click to (?:share|print|e-?mail)\b",
    )


def photo_captions() -> tuple[str, ...]:
    """Photo captions and credits, and lines that say what a picture shows.

    Matches, for example:
    - (AP Photo/Samya Kullab)
    - Image: dpa
    - Photo: Nigerien soldiers on patrol in the Tillaberi region (file picture)
    - Photograph: Delil Souleiman/AFP/Getty Images
    - FILE PHOTO: Soldiers patrol a street in Niamey
    - Pictured: Kurdish fighters outside the prison
    - According to the SDF, the picture shows escaped prisoners who were arrested again.
    - A photo provided by the Kurdish-led Syrian Democratic Forces shows arrested Isis fighters (AP)
    - The video shows fighters outside the prison walls
    - Rescue workers at the site of the blast (AFP via Getty Images)
    """
    return (
        rf"^\(?(?:(?:{_AGENCY})\s*)?(?:photos?|images?|pictures?|foto|bild)\s*/[^)]{{0,80}}\)?$",
        r"^(?:file |main |top |header |cover |lead )?(?:photos?|images?|pictures?|photograph|photography|foto|bild"
        r"|video|graphic|illustration|screenshot|screengrab)(?: credits?| sources?)?\s*[:©]",
        r"^(?:photo|image) (?:credit|courtesy)\b",
        r"^pictured\s*[:,]",
        r"^(?:according to [^,]{1,80},\s*)?(?:the|this|a|an|our|above|below|file|handout)\s+(?:[\w-]+\s+){0,2}"
        r"(?:picture|photo|photograph|image|video|screenshot|screengrab|still)s?\b.{0,120}"
        r"\b(?:shows?|showing|shown|depicts?|depicting|pictured)\b",
        # A caption ends in its credit; a sentence ending "... said the ministry. (AFP)" is kept.
        rf"[^.!?\s]\s*\((?:{_AGENCY})\)\s*$",
        r"\((?:[\w .-]{0,40}/)?[\w .-]{0,30}(?:getty images|getty|shutterstock|epa-efe|epa)\)\s*$",
    )


def credited_captions() -> tuple[str, ...]:
    """Longer captions, told by their end: a photo credit, or the picture's place and full date
    as agencies caption them.

    Matches, for example:
    - Residents inspect a burnt-out bus on the road to Gao, Mali, on 3 May 2022. Photograph: Jane Doe/Reuters
    - Police stand guard outside the hospital in Maiduguri after the blast. Photo: John Roe
    - Pupils return to class in Zaria [Credit: Musa Bello]
    - Mourners gather outside the mosque in Quetta, Pakistan, Monday, Jan. 9, 2023. AP
    - Soldiers patrol the market in Gao, Mali, Tuesday, May 3, 2022.
    """
    weekday = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    month = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
    return (
        r"[.!?]['’\"”]?\s+(?:photograph|photo|picture|image)s?(?: credits?)?\s*:\s*[^.:]{1,80}$",
        r"\[\s*(?:photo\s+)?credits?\s*:\s*[^\]]{1,80}\]\s*$",
        rf",\s+{weekday},\s+{month}\.?\s+\d{{1,2}},\s+\d{{4}}\.(?:\s+\(?(?:{_AGENCY})(?:\s+photo[^)]*)?\)?)?\s*$",
    )


def embedded_tweets() -> tuple[str, ...]:
    """Tweets embedded in the page, which end in the author's handle and a date.

    Matches, for example:
    - The group mobilised its sleeper cells (1). – Mazloum Abdî (@MazloumAbdi) January 21, 2022
    - — Rudaw English (@RudawEnglish) 21 January 2022
    - Fighting continues near the prison pic.twitter.com/AbC123
    """
    return (
        rf"\(@\w{{1,15}}\)\s*{_MONTH_DAY_YEAR}\s*$",
        r"\bpic\.twitter\.com/\w+",
        r"^[—–-]\s*[^()]{1,80}\(@\w{1,15}\)",
    )


def bylines() -> tuple[str, ...]:
    """Author lines: "By" and a name, or an author's title on a line of its own.

    Matches, for example:
    - By Bel Trew
    - By Bel Trew, Middle East Correspondent
    - By Jane Doe and John Roe
    - Middle East Correspondent
    - Staff Writer
    """
    return (
        rf"^by\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*(?:\s*[,|]\s*(?:[\w'’-]+\s+){{0,4}}(?:{_AUTHOR_TITLES}))?$",
        rf"^(?:{_NAME_WORD}\s+){{0,4}}(?:{_AUTHOR_TITLES})$",
    )


def agency_credits() -> tuple[str, ...]:
    """Credits to news agencies and reporters, usually the article's last line.

    Matches, for example:
    - With AP, AFP and Reuters
    - Reuters
    - (AFP)
    - With agencies
    - Additional reporting by Jane Doe in Baghdad
    - (Reporting by Jane Doe; Editing by John Roe)
    """
    return (
        rf"^(?:with\s+|[—–-]\s*)?\(?\s*(?:{_AGENCY})(?:\s*(?:,|/|&|and|with)\s*(?:{_AGENCY}))*\s*\)?\s*\.?$",
        r"^(?:with\s+|[—–-]\s*)?(?:agencies|news agencies|wires|wire services)\.?$",
        r"^\(?\s*(?:additional )?(?:reporting|writing|editing|compiled|written|edited) by\b.{0,200}$",
    )


def source_credits() -> tuple[str, ...]:
    """A line naming the source of the story.

    Matches, for example:
    - Source: Iraq News
    - Sources: SOHR, SDF
    """
    return (r"^sources?\s*:\s*[^.:]{1,60}$",)


def site_debris() -> tuple[str, ...]:
    """Leftovers of the page layout.

    Matches, for example:
    - source site-29
    - Advertisement
    - Story continues below advertisement
    - Scroll to continue with content
    - Skip to main content
    - © 2022 The Independent. All rights reserved.
    - Download our app
    - Follow us on Twitter
    - 4 min read
    - Updated 2 hours ago
    """
    return (
        r"^source site-\d+$",
        r"^(?:advertisement|advertising|sponsored(?: content)?|promoted(?: content)?|ad|paid content|partner content)$",
        r"^(?:story|article) continues (?:below|after)\b",
        r"^(?:scroll|continue) (?:down )?to (?:continue|read)\b",
        r"^skip to (?:main )?content$",
        r"^(?:©|\(c\)|copyright\b).{0,120}$",
        r"\ball rights reserved\b",
        r"^download (?:our|the) (?:free )?app\b",
        r"^follow (?:us|@\w+)\b.{0,60}$",
        r"^(?:loading|please wait)\W*$",
        r"^(?:click|tap) here\b.{0,80}$",
        r"^(?:\d+ )?min(?:ute)?s? read$",
        r"^(?:(?:first |last )?(?:published|posted|updated)\s*:?\s*)?"
        r"\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?)\s+ago$",
    )


def separators() -> tuple[str, ...]:
    """Lines without a letter or digit: rules, ornaments, stray punctuation.

    Matches, for example:
    - * * *
    - ———
    """
    return (r"^[\W_]+$",)


@dataclass(frozen=True, slots=True)
class Family:
    """One family of boilerplate rules and the reason recorded for the lines it sets aside."""

    reason: str
    patterns: Callable[[], tuple[str, ...]]
    max_chars: int = 300
    """Longer lines are never this boilerplate: a report paragraph stays in the report."""


FAMILIES: tuple[Family, ...] = (
    Family("site debris", site_debris),
    Family("related link", related_links),
    Family("subscription notice", subscription_notices),
    Family("login notice", login_notices),
    Family("newsletter prompt", newsletter_prompts, 200),
    Family("comment prompt", comment_prompts, 200),
    Family("share buttons", share_lines, 150),
    Family("photo caption", photo_captions),
    Family("photo caption", credited_captions, 600),
    Family("embedded tweet", embedded_tweets, 1000),
    Family("byline", bylines, 120),
    Family("agency credit", agency_credits, 250),
    Family("source credit", source_credits, 80),
    Family("separator", separators, 80),
)
"""Tried in order; the first family that matches names the reason."""


@cache
def _compiled() -> tuple[tuple[Family, re.Pattern[str]], ...]:
    return tuple((f, re.compile("|".join(f"(?:{p})" for p in f.patterns()), re.IGNORECASE)) for f in FAMILIES)


def classify_line(line: str) -> str | None:
    """The reason ``line`` (one stripped line of an article) is boilerplate, or ``None`` for report text."""
    for family, pattern in _compiled():
        if len(line) <= family.max_chars and pattern.search(line):
            return family.reason
    return None


_NAME_LINE = re.compile(rf"{_NAME}")
_AUTHOR_TITLE_LINE = re.compile(rf"(?:{_NAME_WORD}\s+){{0,4}}(?:{_AUTHOR_TITLES})", re.IGNORECASE)
_CAPTION_CREDIT = re.compile(r"\s*\([^()]{1,60}\)")
_PHOTO_CREDIT_LINE = re.compile(r"\((?:[\w.-]+\s+)?(?:photo|image|picture)\s*/[^)]{1,80}\)", re.IGNORECASE)


def classify(lines: Sequence[str]) -> list[str | None]:
    """The reason each line is boilerplate (``None``: report text), using its neighbours too.

    ``lines`` are the article's non-blank lines, stripped, in order. Besides the
    one-line rules this finds:

    - a byline's name on the line above the author's title (``Bel Trew`` /
      ``Middle East Correspondent``);
    - a caption printed twice, the second time with its credit (``A photo …``
      then ``A photo … (AP)``);
    - the caption on the line above an agency photo credit (``Kurdish Peshmerga
      forces oversee …`` then ``(AP Photo/Samya Kullab)``), as agencies print them.
    """
    reasons = [classify_line(line) for line in lines]
    for i in range(1, len(lines)):
        above, line = lines[i - 1], lines[i]
        if reasons[i - 1] is None and _NAME_LINE.fullmatch(above) and _AUTHOR_TITLE_LINE.fullmatch(line):
            reasons[i - 1] = "byline"
        if 20 <= len(above) <= 300 and line.startswith(above) and _CAPTION_CREDIT.fullmatch(line[len(above) :]):
            reasons[i - 1] = reasons[i] = "photo caption"
        if i > 1 and reasons[i - 1] is None and len(above) <= 300 and _PHOTO_CREDIT_LINE.fullmatch(line):
            reasons[i - 1] = "photo caption"
    return reasons

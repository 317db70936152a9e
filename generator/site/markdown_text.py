"""Turning untrusted text into Markdown or HTML that reads as text and nothing else.

Titles, quotes, article text, claimant names, publishers, file paths and skip
reasons all come from input files. The render templates print them through
:func:`finalize`, so escaping is the default and only our own helpers (which
return :class:`markupsafe.Markup`) can emit Markdown or HTML syntax.

Tables, lists and article texts are written as raw HTML blocks, which Markdown passes
through unread: there values go through :func:`escape_html` (the ``h`` filter), which
escapes for HTML alone — a backslash would show — and links through :func:`page_url`,
since MkDocs rewrites ``.md`` links only where Markdown wrote them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import lru_cache
from urllib.parse import quote, urlsplit

import yaml
from markupsafe import Markup

# Python-Markdown's own backslash-escapable characters (``Markdown.ESCAPED_CHARS``).
# Escaping all of them, not only those that matter at the start of a line, keeps
# emphasis, links, attribute lists (``{: onclick=... }``), headings, lists,
# admonitions (``!!!``) and snippet markers (``--8<--``) inert wherever a value lands.
_MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()#+-.!")
_BACKSLASHED = str.maketrans({ch: "\\" + ch for ch in _MARKDOWN_SPECIALS})
BIDI_CONTROLS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
"""The marks, embeddings, overrides and isolates that change the order text is shown in:
a right-to-left override in a quote would show "12" as "21" beside the figure 12."""
_CONTROL = str.maketrans(
    dict.fromkeys((*(c for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n\r"), *BIDI_CONTROLS))
)
"""Deletes the control characters (Unicode's Cc: U+0000–001F, U+007F–009F) but tab and the
line breaks, and the text-direction controls. Translate tables run in C: the article pages
escape megabytes of text."""
_WHITESPACE = re.compile(r"\s+")


def _drop_control_characters(text: str) -> str:
    """Remove control characters (whitespace aside) and text-direction controls.

    Python-Markdown marks its stashed raw HTML with STX/ETX (``\\x02``, ``\\x03``):
    left in, they could pull our own stashed HTML into another place.
    """
    return text.translate(_CONTROL)


def escape_text(text: str, *, strip: bool = True) -> Markup:
    """Escape ``text`` to show literally inside one Markdown line.

    Whitespace runs (newlines too) become one space, so a value can never start a
    block (heading, list, table row, setext underline). Markdown specials get a
    backslash, HTML specials become entities, and ``|`` becomes ``&#124;`` so a
    table cell stays one cell. ``strip=False`` keeps a leading or trailing space,
    for a piece of a longer line.
    """
    text = _WHITESPACE.sub(" ", _drop_control_characters(text))
    if strip:
        text = text.strip()
    text = text.translate(_BACKSLASHED)
    return Markup(html.escape(text, quote=True).replace("|", "&#124;"))


def escape_html(text: object, *, strip: bool = True) -> Markup:
    """Escape ``text`` to show literally inside a raw HTML block, on one line.

    Control and text-direction characters go, whitespace runs become one space (so a
    value never starts a line, where a snippet marker or a Markdown block could begin),
    and HTML specials become entities: ``<``, ``>``, ``&`` and both quotes, so the value
    is also safe in an attribute. ``Markup`` passes unchanged; ``None`` is a dash.
    """
    if isinstance(text, Markup):
        return text
    if text is None:
        return Markup("—")
    plain = str(text).translate(_CONTROL)
    # str.split() collapses the same whitespace as the pattern, in C: most values are short.
    plain = " ".join(plain.split()) if strip else _WHITESPACE.sub(" ", plain)
    return Markup(html.escape(plain, quote=True))


def front_matter_title(text: str) -> Markup:
    """A YAML front matter ``title:`` line for a page whose heading is untrusted.

    Material prints ``page.meta.title`` unescaped, in ``<title>`` and in the
    header, so the value is HTML-escaped here. Without it the title would come
    from the H1, which Material's ``<title>`` passes through ``striptags``: that
    unescapes ``&lt;/title&gt;&lt;script&gt;`` back into live HTML.
    """
    return front_matter(text)


def front_matter(
    title: str,
    *,
    tags: list[str] | None = None,
    hide: list[str] | None = None,
    search: dict[str, object] | None = None,
) -> Markup:
    """The YAML front matter lines of a page: its escaped ``title`` (see
    :func:`front_matter_title`), Material ``tags`` (already checked to be plain
    words by the caller), the parts of Material's layout to ``hide`` (a wide table
    needs the room), and what the page tells the site's search (``search``, see
    :mod:`.search_facts`: plain text, escaped where the theme prints it)."""
    plain = _WHITESPACE.sub(" ", _drop_control_characters(title)).strip()
    data: dict[str, object] = {"title": html.escape(plain, quote=True)}
    if tags:
        data["tags"] = [html.escape(t, quote=True) for t in tags]
    if search:
        data["search"] = _plain_values(search)
    if hide:
        data["hide"] = list(hide)
    text = yaml.safe_dump(data, allow_unicode=True, width=float("inf"), sort_keys=False)
    return Markup(text.rstrip("\n"))


def _plain_values(facts: dict[str, object]) -> dict[str, object]:
    """``facts`` with every text on one line and free of control characters, as a title is."""

    def plain(value: object) -> object:
        if isinstance(value, str):
            return _WHITESPACE.sub(" ", _drop_control_characters(value)).strip()
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    return {key: plain(value) for key, value in facts.items()}


def finalize(value: object) -> object:
    """Jinja2 ``finalize`` hook: what every ``{{ value }}`` prints.

    ``Markup`` (our own helpers' output) passes unchanged; numbers and dates are
    trusted; ``None`` prints as a dash; any other value is escaped text.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        return "—"
    if isinstance(value, int | dt.date) and not isinstance(value, bool):
        return str(value)
    return escape_text(str(value))


def link(text: object, href: str) -> Markup:
    """A Markdown link with escaped text; ``href`` must come from :func:`page_href`."""
    label = text if isinstance(text, Markup) else escape_text(str(text))
    return Markup(f"[{label}]({href})")


def page_href(target: str, here: str, anchor: str = "") -> str:
    """The relative link from the page ``here`` to the page ``target`` (both
    relative to ``docs/``), percent-quoted, in the ``.md`` form MkDocs validates."""
    depth = here.count("/")
    path = "../" * depth + quote(target, safe="/")
    return f"{path}#{quote(anchor)}" if anchor else path


def page_url(target: str, here: str, anchor: str = "") -> str:
    """The relative URL from the built page of ``here`` to the built page of ``target`` (both
    given relative to ``docs/``, as ``incidents/x.md``), for links inside raw HTML, written as
    MkDocs writes the links it converts: a page ``a/b.md`` is built at ``a/b/`` (directory
    URLs), ``a/index.md`` at ``a/``, any other file keeps its path. Percent-quoted."""
    relative = _relative(_url_of(target), _url_of(here))
    return f"{relative}#{quote(anchor)}" if anchor else relative


@lru_cache(maxsize=1 << 14)
def _relative(url: str, here: str) -> str:
    """``url`` relative to the folder of ``here`` (both site paths, a folder's ending in ``/``),
    percent-quoted: ``articles/a/`` from ``incidents/x/`` is ``../../articles/a/``."""
    target, base = [p for p in url.split("/") if p], [p for p in here.split("/") if p]
    common = 0
    while common < min(len(target), len(base)) and target[common] == base[common]:
        common += 1
    parts = [".."] * (len(base) - common) + target[common:]
    folder = url.endswith("/") or url == ""
    relative = "/".join(parts) + ("/" if folder and parts else "")
    return quote(relative or "./", safe="/~.")


def _url_of(path: str) -> str:
    """Where MkDocs publishes a docs file, relative to the site root."""
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def html_link(text: object, href: str, **attributes: str) -> Markup:
    """``<a href="…">text</a>`` with escaped text; ``href`` must come from :func:`page_url`."""
    extra = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in sorted(attributes.items()))
    return Markup(f'<a href="{html.escape(href, quote=True)}"{extra}>{escape_html(text)}</a>')


def external_html_link(text: str, url: str | None) -> Markup | None:
    """An HTML link to a plain ``http(s)`` address (the checks of :func:`external_link`), or ``None``."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return html_link(text, quote(url.strip(), safe=":/?#@!$&'*+,;=%~"), rel="nofollow noopener")


def external_link(text: str, url: str | None) -> Markup | None:
    """A link to an article's original web address, or ``None`` unless it is a
    plain ``http(s)`` URL (no ``javascript:``, no spaces or brackets)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    href = quote(url.strip(), safe=":/?#@!$&'*+,;=%~")
    return Markup(f'{link(text, href)}{{: rel="nofollow noopener" }}')

"""Fixtures for the tests in a real browser: Debian's Chromium, driven headless by
Playwright, against the built site served on 127.0.0.1.

The site is the seeds plus the hostile articles of ``tests/browser/data/``; the
search tests also build one of every article of the shared gold sets
(``../shared/corpus/{seeds,dev,wide}``), and skip those tests without them. Every
page a test opens records what it asked the network for (and aborts anything
bound for another host), the console errors, uncaught exceptions and dialogs,
so a test can assert that nothing of the sort happened.

Without Chromium at ``/usr/bin/chromium`` (or without Playwright) the browser
tests skip, saying why; ``make test`` sets ``BRIEFINGS_BROWSER=required`` so
that they fail instead. Screenshots go to ``$BRIEFINGS_ARTIFACTS``, else to
``test-artifacts/`` at the repository root.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import ROOT, SHARED, copy_project

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium (package ``chromium``): Playwright never downloads a browser here."""

REQUIRED_ENV = "BRIEFINGS_BROWSER"
"""Set to ``required`` (``make test`` does) to fail, not skip, when no browser can run."""

ARTIFACTS_ENV = "BRIEFINGS_ARTIFACTS"
DATA = Path(__file__).parent / "data"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})

# Without the background-networking flags Chromium keeps calling Google's hosts,
# which a closed network refuses; the rest keep a headless run quiet and small.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
TIMEOUT_MS = 15_000
"""Generous for a page load on a busy CI machine; a passing run takes far less."""
GOLD_SETS = ("seeds", "dev", "wide")
"""The shared gold sets whose articles, together, make the search tests' larger site."""


def _no_browser(reason: str) -> None:
    """Skip, or fail when the browser tests were asked for (``BRIEFINGS_BROWSER=required``)."""
    if os.environ.get(REQUIRED_ENV, "").lower() == "required":
        pytest.fail(f"{reason} ({REQUIRED_ENV}=required)", pytrace=False)
    pytest.skip(f"{reason}; `make test` installs it and runs these tests")


def _built(project: Path, what: str) -> Path:
    """``briefings build --strict`` of ``project``; the project folder (its site is in ``site/``)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(project)
        result = CliRunner().invoke(cli, ["build", "--strict", "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, f"the site with {what} does not build:\n{result.output}"
    return project


@pytest.fixture(scope="package")
def browser_site(tmp_path_factory) -> Path:
    """A project of the seeds plus the hostile articles, built with ``briefings build --strict``;
    the project folder (its site is in ``site/``)."""
    project = copy_project(tmp_path_factory.mktemp("browser-site") / "project")
    for article in sorted(DATA.glob("*.*")):
        shutil.copy(article, project / "seeds" / article.name)
    return _built(project, "the hostile articles")


@pytest.fixture(scope="package")
def shared_site(tmp_path_factory) -> Path:
    """A project of every article of the shared gold sets, built; skipped without ``../shared``."""
    folders = [SHARED / "corpus" / name / "articles" for name in GOLD_SETS]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        pytest.skip(f"the shared gold sets are not here ({', '.join(missing)})")
    articles = tmp_path_factory.mktemp("shared-articles")
    for folder in folders:
        for article in sorted(folder.glob("*.*")):
            shutil.copy(article, articles / article.name)
    project = copy_project(tmp_path_factory.mktemp("shared-site") / "project", articles)
    return _built(project, "the shared gold sets' articles")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _serving(site: Path) -> Iterator[str]:
    """``site`` over HTTP on 127.0.0.1 at a free port; its base URL, ending in ``/``."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="package")
def server(browser_site) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 at a free port; its base URL, ending in ``/``."""
    with _serving(browser_site / "site") as url:
        yield url


@pytest.fixture(scope="package")
def shared_server(shared_site) -> Iterator[str]:
    """The shared gold sets' site over HTTP on 127.0.0.1; its base URL."""
    with _serving(shared_site / "site") as url:
        yield url


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, launched once for the session by Playwright."""
    if not CHROMIUM.exists():
        _no_browser(f"no Chromium at {CHROMIUM}: install it with `sudo apt-get install chromium`")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _no_browser("Playwright is not installed: `pip install --require-hashes -r requirements/test.txt`")
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The folder for screenshots: ``$BRIEFINGS_ARTIFACTS``, else ``test-artifacts/``."""
    folder = Path(os.environ.get(ARTIFACTS_ENV) or ROOT / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class WatchedPage:
    """A Playwright page with a record of what it did; any other attribute (``locator``,
    ``keyboard``, ``evaluate``…) is the Playwright page's own."""

    page: Any
    """The Playwright ``Page``."""
    base_url: str
    """The site's address, ending in ``/``."""
    requests: list[str] = field(default_factory=list)
    """Every URL the page (or its workers) asked for, in order."""
    off_host: list[str] = field(default_factory=list)
    """URLs bound for a host other than 127.0.0.1 or localhost: aborted, never sent."""
    console_errors: list[str] = field(default_factory=list)
    """Console messages of type ``error``."""
    page_errors: list[str] = field(default_factory=list)
    """Uncaught exceptions in the page."""
    dialogs: list[str] = field(default_factory=list)
    """``alert``/``confirm``/``prompt`` dialogs, dismissed: ``"alert: 1"``."""

    def __getattr__(self, name: str) -> Any:
        if name == "page":  # not set yet: no recursion through the line below
            raise AttributeError(name)
        return getattr(self.page, name)

    def open(self, path: str = "") -> Any:
        """Go to ``path`` of the site (``incidents/x/``) and wait for it to load."""
        response = self.page.goto(self.base_url + path.lstrip("/"), wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
        return response

    def problems(self) -> list[str]:
        """Everything a page must not do: dialogs, console errors, exceptions, requests off the host."""
        return [
            *(f"dialog {d}" for d in self.dialogs),
            *(f"console error: {m}" for m in self.console_errors),
            *(f"page error: {e}" for e in self.page_errors),
            *(f"request off the host: {u}" for u in self.off_host),
        ]


@pytest.fixture
def page(browser, server) -> Iterator[WatchedPage]:
    """A fresh context and page on the served site, recording requests, errors and dialogs."""
    with _watched_page(browser, server) as watched:
        yield watched


@pytest.fixture
def shared_page(browser, shared_server) -> Iterator[WatchedPage]:
    """A fresh page on the shared gold sets' site, watched as ``page`` is."""
    with _watched_page(browser, shared_server) as watched:
        yield watched


@contextmanager
def _watched_page(browser: Any, base_url: str) -> Iterator[WatchedPage]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    watched = WatchedPage(page=None, base_url=base_url)

    def route(route: Any) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            watched.off_host.append(route.request.url)
            route.abort()

    def dialog(d: Any) -> None:
        watched.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    context.route("**/*", route)
    context.on("request", lambda request: watched.requests.append(request.url))
    watched.page = context.new_page()
    watched.page.on("console", lambda m: m.type == "error" and watched.console_errors.append(m.text))
    watched.page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
    watched.page.on("dialog", dialog)
    try:
        yield watched
    finally:
        context.close()

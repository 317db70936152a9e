"""Material's search on a built site, timed in headless Chromium driven by Playwright.

The site is served on 127.0.0.1; the browser opens the home page, clicks the search
box and waits until the search is ready (its worker has downloaded the index and
built it), then types the place of one of the site's incidents and waits for the
first result. Playwright is a test dependency (``requirements/test.txt``) and
Chromium is Debian's (``make chromium``): without either, nothing is measured.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")


def _incident_place(site: Path) -> str | None:
    """A place to search for: the scene of the site's middle incident (by its place, from the export)."""
    export = site / "downloads" / "briefings.json"
    try:
        incidents = json.loads(export.read_text(encoding="utf-8"))["incidents"]
    except (OSError, ValueError, KeyError):
        return None
    places = sorted(i["location"] for i in incidents if i.get("location") and i.get("place_kind") == "city")
    return places[len(places) // 2] if places else None


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def browser_search(site: Path) -> dict | None:
    """Material's search in headless Chromium: seconds from opening the home page until the
    search is ready (index downloaded and built in its worker), then from typing a place to
    its first result. None when Playwright or Chromium is missing; ``error`` when the browser
    gave up (two minutes without the search ready or a result)."""
    query = _incident_place(site)
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists() or query is None:
        return None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(120_000)
            clock = time.perf_counter()
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/", wait_until="load")
            page.locator("input[data-md-component=search-query]").click()
            page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(state="visible")
            ready = time.perf_counter() - clock
            clock = time.perf_counter()
            page.keyboard.type(query)
            page.locator(".md-search-result__item").first.wait_for(state="visible")
            answered = time.perf_counter() - clock
            browser.close()
    except Error as exc:
        return {"query": query, "error": str(exc).splitlines()[0]}
    finally:
        httpd.shutdown()
        httpd.server_close()
    return {"query": query, "ready_seconds": ready, "answer_seconds": answered}

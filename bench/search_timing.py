"""The site's search on a built site, timed and weighed in headless Chromium driven by Playwright.

The site is served on 127.0.0.1; the browser opens the home page, clicks the search
box and waits until the search is ready, then types the place of one of the site's
incidents and waits for the results, then another place. Every byte the browser
fetches for search (everything under ``pagefind*/``) is counted: opening the search
loads Pagefind's script; the first query also what is loaded once per visit (its
worker and WebAssembly, the index's metadata); each query the index chunks holding
its words and the fragments of the results shown. Bytes are as this server
sends them, uncompressed; the ``gzip`` figures are what a server that compresses its
text files (the two scripts, ``parts.json``) would send: Pagefind's index files
are compressed already. Playwright is a test dependency (``requirements/test.txt``)
and Chromium is Debian's (``make chromium``): without either, nothing is measured.
"""

from __future__ import annotations

import functools
import gzip
import json
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
TEXT = (".js", ".json", ".css")
"""Files a compressing server sends gzip-compressed; Pagefind's index files are compressed already."""


def _incident_places(site: Path) -> list[str]:
    """Two places to search for: the scenes of two of the site's incidents (from the export)."""
    export = site / "downloads" / "briefings.json"
    try:
        incidents = json.loads(export.read_text(encoding="utf-8"))["incidents"]
    except (OSError, ValueError, KeyError):
        return []
    places = sorted({i["location"] for i in incidents if i.get("location") and i.get("place_kind") == "city"})
    return [places[len(places) // 2], places[len(places) // 3]] if len(places) >= 2 else places


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Fetched:
    """Every response under ``pagefind*/`` the browser received: its path, bytes, and bytes gzip-compressed."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.files: list[tuple[str, int, int]] = []

    def __call__(self, response) -> None:
        path = urlsplit(response.url).path
        if not path.lstrip("/").startswith("pagefind"):
            return
        try:
            body = response.body()
        except Exception:  # Playwright cannot read every body (a worker's script)
            body = b""
        if not body and (self.site / path.lstrip("/")).is_file():
            body = (self.site / path.lstrip("/")).read_bytes()
        zipped = len(gzip.compress(body, compresslevel=6)) if path.endswith(TEXT) else len(body)
        self.files.append((path, len(body), zipped))

    def since(self, start: int) -> dict:
        files = self.files[start:]
        return {"requests": len(files), "bytes": sum(f[1] for f in files), "gzip_bytes": sum(f[2] for f in files)}


def browser_search(site: Path) -> dict | None:
    """Search in headless Chromium: seconds from opening the home page until the search is
    ready, then from typing a place to its results, and the bytes fetched for each step.
    None when Playwright or Chromium is missing; ``error`` when the browser gave up (two
    minutes without the search ready or an answer)."""
    queries = _incident_places(site)
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists() or not queries:
        return None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]
    fetched = _Fetched(site)
    answers = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.on("response", fetched)
            page = context.new_page()
            page.set_default_timeout(120_000)
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/", wait_until="load")
            clock, start = time.perf_counter(), len(fetched.files)
            page.locator("[data-briefings-search-query]").click()
            page.locator("[data-briefings-search-meta]", has_text="Type to start searching").wait_for(state="visible")
            ready = {"seconds": time.perf_counter() - clock, **fetched.since(start)}
            for query in queries:
                clock, start = time.perf_counter(), len(fetched.files)
                page.locator("[data-briefings-search-query]").fill(query)
                page.wait_for_function(
                    "q => document.querySelector('[data-briefings-search-results]').dataset.query === q", arg=query
                )
                seconds = time.perf_counter() - clock
                page.wait_for_load_state("networkidle")
                shown = page.locator(".md-search-result__item").count()
                answers.append({"query": query, "seconds": seconds, "results_shown": shown, **fetched.since(start)})
            browser.close()
    except Error as exc:
        return {"query": queries[0], "error": str(exc).splitlines()[0]}
    finally:
        httpd.shutdown()
        httpd.server_close()
    first = answers[0]
    return {
        "query": first["query"],
        "ready_seconds": ready["seconds"],
        "answer_seconds": first["seconds"],
        "open": ready,
        "queries": answers,
        "first_query_bytes": ready["bytes"] + first["bytes"],
        "first_query_gzip_bytes": ready["gzip_bytes"] + first["gzip_bytes"],
    }

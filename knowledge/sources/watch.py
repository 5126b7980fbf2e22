"""`facts watch`: read every watched source politely, extract its passage, and keep each version.

Polite: one request at a time per host with a pause between them (longer if robots.txt asks for a
Crawl-delay), robots.txt read first and obeyed, a user agent that says who is asking, a timeout on every
request and a cap on what is read. A page that cannot be read is reported and never taken for a change;
a page that loads without the passage is a change (the passage is gone), which moderators should see.

The network is asked from the event loop (aiohttp), the HTML is parsed on a worker thread, and the base is
written through `call`, which the bot points at its one-at-a-time core thread (handlers.off_loop) and the
shell at a plain call: the watch never holds the base while it waits for a server.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, TypeVar
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import aiohttp
from sqlite_utils import Database

from knowledge.sources.check import describe
from knowledge.sources.passage import extract
from knowledge.store import watch as store
from knowledge.store.rows import now_iso

log = logging.getLogger(__name__)

T = TypeVar("T")
Call = Callable[..., Awaitable[Any]]  # call(fn, *args) -> fn(*args), wherever the base may be used

USER_AGENT = "Mozilla/5.0 (compatible; PrivyWatch/1.0; re-reads the sources of a fact base for changes)"
ROBOTS_AGENT = "PrivyWatch"
MAX_PAGE_BYTES = 5 * 1024 * 1024  # a help page is well under 1 MB; more is not a page to read whole
MAX_CRAWL_DELAY = 30.0  # seconds: a Crawl-delay above this is honoured as this (one run must end)
HOSTS_AT_ONCE = 4
# What a passage can be read from; a PDF is reported as unreadable rather than kept as an empty passage.
PAGE_TYPES = frozenset(("text/html", "application/xhtml+xml", "text/plain", "application/octet-stream"))


@dataclass(frozen=True, slots=True)
class Watched:
    """One watched passage after a run: new (first read), same, changed, or failed (with why)."""

    url: str
    watch: str
    state: str
    facts: tuple[str, ...]
    error: str = ""
    found: bool = True  # False: the page was read but holds no such passage (gone, or a wrong anchor)


@dataclass
class WatchReport:
    """One run of `facts watch`."""

    results: list[Watched] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(r.state == state for r in self.results)

    def summary(self) -> str:
        """'watched 12 passages: 1 changed, 10 same, 0 new, 1 could not be read'."""
        return (
            f"watched {len(self.results)} passage{'s' if len(self.results) != 1 else ''}: "
            f"{self.count('changed')} changed, {self.count('same')} same, {self.count('new')} new, "
            f"{self.count('failed')} could not be read"
        )

    def lines(self) -> list[str]:
        """A line for each passage that changed or could not be read, then the summary."""
        out = []
        for r in self.results:
            facts = ", ".join(r.facts)
            if r.state == "changed":
                gone = ", the passage is gone" if not r.found else ""
                out.append(f"changed{gone}: {r.url} ({facts}): in /review until verified or edited")
            elif r.state == "failed":
                out.append(f"could not read ({r.error}): {r.url} ({facts}); not flagged")
            elif not r.found:  # read, but the watch finds nothing: most likely a wrong anchor or selector
                out.append(f"no passage matches watch {r.watch!r}: {r.url} ({facts})")
        return [*out, self.summary()]


async def direct(fn: Callable[..., T], *args: Any) -> T:
    """`call` for the shell: the base is this process's alone, so it is used in place."""
    return fn(*args)


async def run_watch(
    db: Database,
    *,
    call: Call = direct,
    timeout: float = 20.0,
    delay: float = 1.0,
    fetch_url: Callable[[str], str] | None = None,
) -> WatchReport:
    """Read every watched passage of the live shared facts and keep what changed. `fetch_url` maps a
    source's URL to the one asked (tests point it at a local server); by default the URL itself."""
    targets: dict[tuple[str, str], list[str]] = await call(store.watched, db)
    by_url: dict[str, list[str]] = {}
    for url, watch in targets:
        by_url.setdefault(url, []).append(watch)
    pages = await fetch_pages(list(by_url), timeout=timeout, delay=delay, fetch_url=fetch_url)
    report = WatchReport()
    for url, watches in by_url.items():
        html, error = pages[url]
        passages = await asyncio.to_thread(_extract_all, html, watches) if html is not None else {}
        for watch in watches:
            facts = tuple(targets[(url, watch)])
            if html is None:
                await call(store.record_failure, db, url, watch, error, now_iso())
                report.results.append(Watched(url, watch, "failed", facts, error))
            else:
                passage = passages[watch]
                state = await call(store.record, db, url, watch, passage, now_iso())
                report.results.append(Watched(url, watch, state, facts, found=bool(passage)))
    log.info("%s", report.summary())
    return report


def _extract_all(html: str, watches: list[str]) -> dict[str, str]:
    return {watch: extract(html, watch) for watch in watches}


async def fetch_pages(
    urls: list[str], *, timeout: float, delay: float, fetch_url: Callable[[str], str] | None = None
) -> dict[str, tuple[str | None, str]]:
    """Each URL's HTML, or None and why not: hosts in parallel (a few at once), each host's pages one
    after another, robots.txt first."""
    mapped = {url: (fetch_url or _same)(url) for url in urls}
    hosts: dict[str, list[str]] = {}
    for url, asked in mapped.items():
        hosts.setdefault(urlsplit(asked).netloc.lower(), []).append(url)
    out: dict[str, tuple[str | None, str]] = {}
    gate = asyncio.Semaphore(HOSTS_AT_ONCE)
    limits = aiohttp.ClientTimeout(total=timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}
    async with aiohttp.ClientSession(timeout=limits, headers=headers) as session:

        async def one_host(pages: list[str]) -> None:
            async with gate:
                robots = await _robots(session, mapped[pages[0]])
                pause = min(max(delay, float(robots.crawl_delay(ROBOTS_AGENT) or 0)), MAX_CRAWL_DELAY)
                for n, url in enumerate(pages):
                    if n:
                        await asyncio.sleep(pause)
                    if not robots.can_fetch(ROBOTS_AGENT, mapped[url]):
                        out[url] = (None, "robots.txt asks robots not to read it")
                        continue
                    out[url] = await _page(session, mapped[url])

        await asyncio.gather(*(one_host(pages) for pages in hosts.values()))
    return out


def _same(url: str) -> str:
    return url


async def _robots(session: aiohttp.ClientSession, url: str) -> RobotFileParser:
    """The host's robots.txt, as the convention reads it: missing (another 4xx) allows everything, 401 and
    403 forbid everything; one that cannot be fetched allows, and the page's own request then says whether
    the host answers at all."""
    parts = urlsplit(url)
    where = f"{parts.scheme}://{parts.netloc}/robots.txt"
    robots = RobotFileParser(where)
    lines: list[str] = []  # no rules: everything allowed
    try:
        async with session.get(where, allow_redirects=True) as response:
            if response.status == 200:
                lines = (await response.content.read(512 * 1024)).decode("utf-8", "replace").splitlines()
            elif response.status in (401, 403):
                lines = ["User-agent: *", "Disallow: /"]
    except (TimeoutError, aiohttp.ClientError):
        pass  # the page's own request will say whether the host answers
    robots.parse(lines)
    return robots


async def _page(session: aiohttp.ClientSession, url: str) -> tuple[str | None, str]:
    """The page's HTML (redirects followed), or None and a few words on why not."""
    try:
        async with session.get(url, allow_redirects=True) as response:
            if response.status != 200:
                return None, _status(response.status)
            if response.content_type not in PAGE_TYPES:
                return None, f"not a web page ({response.content_type})"
            body = await response.content.read(MAX_PAGE_BYTES)
            charset = response.charset or "utf-8"
    except TimeoutError:  # before ClientError: aiohttp's read timeout is both
        return None, "timed out"
    except aiohttp.ClientError as exc:
        return None, describe(exc)
    try:
        return body.decode(charset, "replace"), ""
    except LookupError:  # a charset Python does not know
        return body.decode("utf-8", "replace"), ""


def _status(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)

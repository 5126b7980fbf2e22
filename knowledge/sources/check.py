"""Ask each source URL whether it still answers, a few at a time, with a timeout and one retry.

HEAD first (no body to download); GET when a server refuses HEAD (405, 403 from some CDNs, 501). A timeout
or a 5xx is tried once more after a pause, since both are often passing; a 4xx or a connection error is not.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import urldefrag, urlsplit

import aiohttp

log = logging.getLogger(__name__)

HEAD_REFUSED = (403, 405, 501)  # a server that answers HEAD so may still serve the page to GET
USER_AGENT = "Mozilla/5.0 (compatible; PrivyLinkCheck/1.0; checks the sources of a fact base)"


@dataclass(frozen=True, slots=True)
class LinkResult:
    """What one URL answered: the final status (None when nothing answered) and where redirects led."""

    url: str
    status: int | None
    final_url: str  # equal to url when nothing redirected
    error: str  # "timed out", "connection refused", ...; empty when a server answered
    checked_at: str  # UTC, ISO seconds

    @property
    def dead(self) -> bool:
        return self.status is None or self.status >= 400

    @property
    def redirected(self) -> bool:
        return not self.dead and self.final_url != self.url

    @property
    def state(self) -> str:
        """ok, redirect or dead."""
        return "dead" if self.dead else "redirect" if self.redirected else "ok"

    def reason(self) -> str:
        """'404 Not Found', 'timed out': why a link is dead, in a few words."""
        if self.status is None:
            return self.error or "no answer"
        try:
            return f"{self.status} {HTTPStatus(self.status).phrase}"
        except ValueError:
            return str(self.status)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


async def _ask(session: aiohttp.ClientSession, method: str, url: str) -> tuple[int, str]:
    """One request, redirects followed (HEAD does not follow them unless told); the body is never read."""
    async with session.request(method, url, allow_redirects=True) as response:
        return response.status, str(response.url)


async def _once(session: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    status, final = await _ask(session, "HEAD", url)
    if status in HEAD_REFUSED:
        status, final = await _ask(session, "GET", url)
    return status, final


def describe(exc: aiohttp.ClientError) -> str:
    """A few words for the report, not a traceback."""
    if isinstance(exc, aiohttp.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, aiohttp.InvalidURL):
        return "not a valid URL"
    if isinstance(exc, aiohttp.ClientSSLError):
        return "TLS certificate or handshake failed"
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return "host not found"
    if isinstance(exc, aiohttp.ClientConnectorError):
        errno = exc.os_error.errno
        return f"cannot connect ({os.strerror(errno).lower() if errno else 'no connection'})"
    if isinstance(exc, aiohttp.NonHttpUrlClientError):
        return "not an http or https URL"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "server disconnected"
    return type(exc).__name__


async def check_url(session: aiohttp.ClientSession, url: str, retry_delay: float = 1.0) -> LinkResult:
    """The answer `url` gives, retried once after a timeout or a 5xx."""
    page = urldefrag(url).url  # the fragment never reaches the server, so it cannot be redirected away
    result = LinkResult(url, None, url, "not checked", _now())
    for attempt in range(2):
        if attempt:
            log.debug("retrying %s after %s", url, result.reason())
            await asyncio.sleep(retry_delay)
        try:
            status, final = await _once(session, page)
        except TimeoutError:  # before ClientError: aiohttp's read timeout is both
            result = LinkResult(url, None, url, "timed out", _now())
            continue
        except aiohttp.ClientError as exc:
            return LinkResult(url, None, url, describe(exc), _now())
        result = LinkResult(url, status, url if final == page else final, "", _now())
        if status < 500:
            break
    return result


async def check_urls(
    urls: Iterable[str], *, concurrency: int = 8, timeout: float = 10.0, retry_delay: float = 1.0
) -> list[LinkResult]:
    """Every URL's result, in the order given, at most `concurrency` requests in flight at once."""
    gate = asyncio.Semaphore(max(1, concurrency))
    limits = aiohttp.ClientTimeout(total=timeout)
    connector = aiohttp.TCPConnector(limit=max(1, concurrency))
    headers = {"User-Agent": USER_AGENT}

    async with aiohttp.ClientSession(timeout=limits, connector=connector, headers=headers) as session:

        async def one(url: str) -> LinkResult:
            async with gate:
                return await check_url(session, url, retry_delay)

        return list(await asyncio.gather(*(one(u) for u in dict.fromkeys(urls))))


PROBE_HOSTS = 5  # the most cited hosts asked before any link is judged: all silent means we are offline


def probe_targets(urls: Iterable[str], count: int = PROBE_HOSTS) -> list[str]:
    """The home pages of the `count` hosts most cited in `urls`: the likeliest to be up."""
    seen: dict[str, int] = {}
    for url in urls:
        try:
            parts = urlsplit(url)
        except ValueError:
            continue
        if parts.scheme in ("http", "https") and parts.netloc:
            root = f"{parts.scheme}://{parts.netloc}/"
            seen[root] = seen.get(root, 0) + 1
    return sorted(seen, key=lambda root: -seen[root])[:count]


async def network_reachable(urls: Iterable[str], timeout: float = 10.0) -> tuple[bool, list[str]]:
    """Whether any of the most cited hosts answers at all (any HTTP status will do), and the hosts asked.
    With no network every link would look dead; this tells "offline" from "dead" before judging one."""
    targets = probe_targets(urls)
    if not targets:
        return True, []
    limits = aiohttp.ClientTimeout(total=min(timeout, 10.0))
    async with aiohttp.ClientSession(timeout=limits, headers={"User-Agent": USER_AGENT}) as session:

        async def answers(url: str) -> bool:
            try:
                async with session.head(url, allow_redirects=False):
                    return True
            except (TimeoutError, aiohttp.ClientError):
                return False

        found = await asyncio.gather(*(answers(u) for u in targets))
    return any(found), [urlsplit(u).netloc for u in targets]

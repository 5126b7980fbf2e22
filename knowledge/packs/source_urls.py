"""A source's URL as the base keeps it: no tracking parameters, the host in lower case without a trailing
dot; and the pages that cannot back a fact (a site's home page, a tag, topic or search listing) told apart.

The issue-18 audit found 10 links with `utm_`, `?ref=` or `ampDeviceId` and a host written
`learn.microsoft.com.`: the same page under several URLs, which also defeats the link check's one row a URL.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

# Query parameters that say who sent a reader, never which page: dropped, compared in lower case.
TRACKING = frozenset(
    (
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref",
        "ref_src",
        "ref_url",
        "ampdeviceid",
        "ampsessionid",
    )
)
TRACKING_PREFIXES = ("utm_",)

# A path segment that names a listing of pages rather than a page: /tag/ai, /topics/privacy, /search?q=.
LISTING_SEGMENTS = frozenset(
    ("tag", "tags", "topic", "topics", "category", "categories", "author", "authors", "label", "search")
)
_HOST = re.compile(r"(?i:https?)://([^/?#]*)")
_HOME = re.compile(r"(?i:https?)://[^/?#]+/?(?:#.*)?$")
# /tag/ai or /search: the listing's name last or next to last (unb.com.bd/category/Tech/slug/161380 is an
# article filed under a category, not the category's page).
_LISTING = re.compile(
    r"(?i:https?)://[^/?#]+(?:/[^?#]*)?/(?i:("
    + "|".join(sorted(LISTING_SEGMENTS))
    + r"))(?:/[^/?#]*)?/?(?:[?#]|$)"
)
# A path ending in a GUID names one article (support.microsoft.com/en-gb/topic/<title>-<guid>), not a listing.
_ARTICLE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/?$", re.IGNORECASE)


def is_tracking(name: str) -> bool:
    """True for a query parameter that only tracks the reader (utm_source, fbclid, ref, ampDeviceId...)."""
    low = name.lower()
    return low in TRACKING or low.startswith(TRACKING_PREFIXES)


def clean_url(url: str) -> str:
    """`url` without tracking parameters, its host in lower case without a trailing dot; anything else
    (path, the order and spelling of the other parameters, the fragment) exactly as written."""
    if "?" not in url:
        host = _HOST.match(url)
        if host is None or (host.group(1) == host.group(1).lower() and not host.group(1).endswith(".")):
            return url  # the common case, on every read of the base: nothing to clean
    return _clean(url)


@lru_cache(maxsize=4096)
def _clean(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return url  # the validator names a URL it cannot read
    netloc = parts.netloc
    if parts.hostname:
        at = netloc.rfind("@") + 1
        host_and_port = netloc[at:]
        host, colon, port = host_and_port.rpartition(":") if "]" not in host_and_port else ("", "", "")
        if not colon or not port.isdigit():
            host, colon, port = host_and_port, "", ""
        netloc = netloc[:at] + host.lower().rstrip(".") + colon + port
    kept = [p for p in parts.query.split("&") if p and not is_tracking(p.split("=", 1)[0])]
    return urlunsplit((parts.scheme, netloc, parts.path, "&".join(kept), parts.fragment))


def listing_reason(url: str) -> str | None:
    """Why `url` is a listing (a home page, a tag or topic page, a search) and not a page a fact can rest
    on; None when it looks like a page. Regular expressions, not urlsplit: it runs on every source of an
    import of 100k facts."""
    if _HOME.match(url):
        return "is a site's home page"
    found = _LISTING.match(url)
    if found and not _ARTICLE_ID.search(urlsplit(url).path):
        return f"is a /{found.group(1).lower()}/ listing of pages"
    return None


def looks_like_section(url: str) -> bool:
    """One short word as the whole path (theverge.com/tumblr): on a newsroom, a section or tag page."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    segment = path.strip("/")
    return bool(segment) and "/" not in segment and segment.isalpha() and len(segment) <= 30

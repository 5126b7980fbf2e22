"""The date a question asks about ("in October 2024", "before the 3 November change", "last year")."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from knowledge.reading.words import fold

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
VERB_MONTHS = frozenset(("may", "mar"))  # also verbs: a date only with a year or "before"/"after"
# Dates, most exact form first. An edge word may stand a word or two before the date ("before
# LinkedIn's 3 November change"); a day or month without a year needs today to place it.
_EDGE = r"(?:\b(?P<edge>before|after|since)\s+(?:[\w'’]+\s+){0,2}?)?"
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "in May", "before October": the one form without a digit (every other has a day or a year).
_BARE_MONTH = re.compile(
    rf"(?:\b(?P<edge>before|after|since)|\b(?:in|during))\s+(?P<m>{_MONTH_NAMES})\b(?![\w'’])"
)
_DATE_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("day", re.compile(_EDGE + r"\b(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    (
        "day",
        re.compile(
            _EDGE
            + rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH_NAMES})\b\.?(?:,?\s+(?P<y>20\d\d)\b)?"
        ),
    ),
    (
        "day",
        re.compile(
            _EDGE
            + rf"\b(?P<m>{_MONTH_NAMES})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>20\d\d)\b)?"
        ),
    ),
    ("month", re.compile(_EDGE + rf"\b(?P<m>{_MONTH_NAMES})\.?,?\s+(?P<y>20\d\d)\b")),
    ("month", _BARE_MONTH),
    ("year", re.compile(r"(?:\b(?P<edge>before|after|since)|\b(?:in|during|as of|of))\s+(?P<y>20\d\d)\b")),
)
_WITHOUT_DIGITS = (("month", _BARE_MONTH),)  # what a text without a digit may hold
_DIGIT = re.compile(r"\d")
_AGO = re.compile(
    r"\b(?:last (?P<last>year|month)|(?P<n>a|an|one|two|three|[1-9]) (?P<unit>year|month)s? ago)\b"
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}


def date_in(text: str, today: date | None = None) -> date | None:
    """A date the question asks about, or None: "in October 2024", "2024-10-01", "back in 2024",
    "before the 3 November change", "after 3 Nov 2025", "last year".

    A month means its last day and a year its last day (the state of things by then); "before" means
    the day before, "after" the day after, "since" the first day. A date without a year is the latest
    such date not after `today`; without `today`, such dates are not read.
    """
    lowered = fold(text)
    # Every form but a bare month ("in May") has a digit in it: most questions have none, and each of
    # those forms tries its edge words at every character (the most of date_in's time).
    forms = _DATE_FORMS if _DIGIT.search(lowered) else _WITHOUT_DIGITS
    for kind, pattern in forms:
        for m in pattern.finditer(lowered):
            span = _span(kind, m, today)
            if span:
                return _edge_day(span, m.group("edge"))
    return _relative(lowered, today)


def _span(kind: str, m: re.Match[str], today: date | None) -> tuple[date, date] | None:
    """The first and last day a matched date names, or None when it is no date (31 February)."""
    found = m.groupdict()
    raw = found.get("m")
    if raw in VERB_MONTHS and not found.get("y") and not found.get("edge"):
        return None  # "gpt 4 may use my chats" names no day
    month = 1 if raw is None else int(raw) if raw.isdigit() else _MONTHS[raw]
    try:
        if found.get("y"):
            year = int(found["y"])
        elif today is None:
            return None
        else:
            day = int(found["d"]) if kind == "day" else 1
            year = today.year if date(today.year, month, day) <= today else today.year - 1
        if kind == "day":
            that_day = date(year, month, int(found["d"]))
            return that_day, that_day
        if kind == "month":
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def _edge_day(span: tuple[date, date], edge: str | None) -> date:
    first, last = span
    if edge == "before":
        return first - timedelta(days=1)
    if edge == "after":
        return last + timedelta(days=1)
    return first if edge == "since" else last


def _relative(lowered: str, today: date | None) -> date | None:
    """'last year' (its last day), 'last month', 'two years ago': only with today to count from."""
    m = _AGO.search(lowered)
    if m is None or today is None:
        return None
    if m.group("last") == "year":
        return date(today.year - 1, 12, 31)
    if m.group("last") == "month":
        return today.replace(day=1) - timedelta(days=1)
    n = _NUMBERS.get(m.group("n")) or int(m.group("n"))
    months = today.year * 12 + today.month - 1 - (n * 12 if m.group("unit") == "year" else n)
    year, month = divmod(months, 12)
    return date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))

"""Unanswered questions are kept for moderators without what could identify or reach a person.

An audit found these kept as typed: `jane dot roe at example dot com`, `jane.roe(at)example.com`,
`jane.roe @ example.com`, `0170/1234567`, `555 0123`, an IBAN, and `@jane_roe`. Phone numbers in
local formats are found by Google's libphonenumber (the phonenumbers package) for the regions whose
languages Privy reads, IBANs by their checksum (python-stdnum); e-mail addresses, written plainly or
spelled out, and handles by the patterns below. Dates and years stay: they are what a question is about.
"""

from __future__ import annotations

import re

import phonenumbers
from stdnum import iban

from knowledge.reading.clean import MENTION

# Where Privy's languages are spoken: a local number of these is found without its country code.
PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES", "PT", "IT", "NL", "PL", "JP")
MIN_PHONE_DIGITS = 7  # "555 0123"; fewer is a year, a count or a price

_DOT = r"(?:\s*\.\s*|\s*[\(\[\{]\s*dot\s*[\)\]\}]\s*|\s+dot\s+)"
_AT = r"(?:\s*@\s*|\s*[\(\[\{]\s*at\s*[\)\]\}]\s*|\s+at\s+)"
_EMAIL = re.compile(rf"[\w+-]+(?:{_DOT}[\w+-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)+", re.I)
_SPELLED_AT = re.compile(r"^[\w+-]+\s+at\s+", re.I)  # "look at linkedin.com" is not an address
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_][A-Za-z0-9_.]{1,31}")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,30}\b", re.I)
_DIGITS = re.compile(r"(?<![\w/])\+?\d[\d ().\-/]{5,}\d(?![\w/])")
_DATE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?"
)


def redact(text: str) -> str:
    """The question without e-mail addresses, mentions, handles, IBANs and phone numbers."""
    text = _EMAIL.sub(_email, text)
    text = MENTION.sub("[mention]", text)
    text = _HANDLE.sub("[handle]", text)
    text = _IBAN.sub(lambda m: "[iban]" if iban.is_valid(m.group()) else m.group(), text)
    return _phones(text)


def _email(match: re.Match[str]) -> str:
    """An address, unless it is only "word at domain.tld" ("look at linkedin.com")."""
    found = match.group()
    if _SPELLED_AT.match(found) and not re.search(r"\bdot\b|[\(\[\{]", found, re.I):
        return found
    return "[email]"


def _phones(text: str) -> str:
    """Numbers libphonenumber reads as possible phone numbers in any of PHONE_REGIONS, and any other run
    of 8 or more digits with separators, that are not dates or years."""
    spans: list[tuple[int, int]] = []
    for region in PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
            if _is_phone(match.raw_string, MIN_PHONE_DIGITS):
                spans.append((match.start, match.end))
    spans += [(m.start(), m.end()) for m in _DIGITS.finditer(text) if _is_phone(m.group(), 8)]
    out, last = [], 0
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < last:
            continue
        out += [text[last:start], "[phone]"]
        last = end
    return "".join(out) + text[last:]


def _is_phone(found: str, least: int) -> bool:
    return sum(c.isdigit() for c in found) >= least and not _DATE.fullmatch(found.strip())

"""A question made safe to keep: what could identify or reach a person taken out before it is stored."""

from __future__ import annotations

import re

from knowledge.reading.clean import MENTION

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w/])\+?\d[\d ().-]{6,}\d(?![\w/])")


def redact(text: str) -> str:
    """The question without what could identify or reach a person: e-mail addresses, phone numbers,
    mentions. Dates and years stay (no run of digits and separators shorter than 8 is a phone number)."""
    text = _EMAIL.sub("[email]", text)
    text = MENTION.sub("[mention]", text)
    return _PHONE.sub(_phone, text)


_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")


def _phone(match: re.Match[str]) -> str:
    """A run of 8 or more digits (with spaces, dots, dashes, brackets) that is not a date."""
    found = match.group()
    if sum(c.isdigit() for c in found) < 8 or _DATE.fullmatch(found.strip()):
        return found
    return "[phone]"

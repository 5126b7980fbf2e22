"""The language a question is written in.

STUB, to be replaced by branch `lang` (issue 20, point 1), which builds the real detector with a
maintained language-identification package. Until then every question reads as unknown (None), so
answers fall back to the asker's locale or English; tests that need a language pass it explicitly.
"""

from __future__ import annotations


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of `text`'s language, or None when unsure (stub: always None)."""
    return None

"""Dates and region names the local way: Babel's CLDR data, English as Privy always wrote it."""

from __future__ import annotations

from datetime import date
from functools import cache

from knowledge.i18n.catalogues import LANGUAGES, babel_locale, messages
from knowledge.i18n.speaking import N_, _, language
from knowledge.regions import EEA, GLOBAL, UK, display_name, short_name

# Groups no place library names, translated in the catalogues.
GROUP_NAMES = {
    EEA: N_("the EEA (EU, Iceland, Liechtenstein, Norway)"),
    GLOBAL: N_("everywhere else"),
}
GROUP_SHORT = {EEA: N_("EEA / EU"), GLOBAL: N_("Elsewhere")}
ENGLISH_DAY = "d MMM y"  # '3 Nov 2025', as Privy wrote dates before it spoke other languages


def day_text(day: date) -> str:
    """'3 Nov 2025' in English, '3. November 2025', '2025年11月3日'... in the reply's language."""
    lang = language()
    if lang == "en":
        return f"{day.day} {day.strftime('%b %Y')}"
    from babel.dates import format_date  # only when a reply is in another language: `ask` starts fast

    return format_date(day, "long", locale=babel_locale(lang))


def region_name(code: str) -> str:
    """'the UK' in English, 'Vereinigtes Königreich' in German: the region's name in the reply's language."""
    lang = language()
    if lang == "en":
        return display_name(code)
    if code in GROUP_NAMES:
        return _(GROUP_NAMES[code])
    return _territory(code, lang) or display_name(code)


def region_short(code: str) -> str:
    """A compact name for buttons and titles ('UK', 'EWR / EU'), in the reply's language."""
    lang = language()
    if lang == "en":
        return short_name(code)
    if code in GROUP_SHORT:
        return _(GROUP_SHORT[code])
    return _territory(code, lang) or short_name(code)


@cache
def _territory(code: str, lang: str) -> str | None:
    from babel import Locale

    territory = "GB" if code == UK else code.upper()
    return Locale.parse(babel_locale(lang)).territories.get(territory)


def prepare() -> None:
    """Every catalogue read and Babel's data for each language loaded, once: a bot calls it off the event
    loop at start, so no first reply in a language pays for it on the loop (about 0.3 s in all, measured
    on a shared core; 30 ms a catalogue, 60 ms for Babel's first date)."""
    for lang in LANGUAGES:
        messages(lang)
        if lang != "en":
            _load_babel(lang)


def _load_babel(lang: str) -> None:
    from babel.dates import format_date

    format_date(date(2000, 1, 1), "long", locale=babel_locale(lang))
    _territory(UK, lang)


def in_region(name: str) -> str:
    """' in the UK': where an answer holds, as the lead and the saved-region wording both write it."""
    return _(" in {where}").format(where=name)

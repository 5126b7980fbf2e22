"""The messages the code uses, and the catalogues brought up to date with them.

`make catalogues` (python -m tests.catalogues) writes locale/privy.pot from every `_()` and `N_()` in
knowledge/, handlers/ and bot.py (Babel's extractor) and adds each new message to every language's
locale/<lang>/LC_MESSAGES/privy.po, untranslated, for a person to translate; tests/knowledge/
test_catalogues.py fails until each is translated in every language (docs/languages.md).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import write_po

from knowledge.i18n.catalogues import (
    DOMAIN,
    ENGLISH,
    LANGUAGES,
    LOCALE_DIR,
    babel_locale,
    po_path,
    read_catalogue,
)

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None}
SOURCES = ("knowledge", "handlers")
SCRIPTS = ("bot.py",)


def used_messages() -> Catalog:
    """Every message the code marks, with where it is used (the template, locale/privy.pot)."""
    template = Catalog(domain=DOMAIN, project="Privy", fuzzy=False)
    found: list[tuple[str, int, str]] = []
    for folder in SOURCES:
        for name, line, message, _, _ in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            found.append((f"{folder}/{name}", line, message))
    for script in SCRIPTS:
        for line, message, _, _ in extract_from_file("python", ROOT / script, keywords=KEYWORDS):
            found.append((script, line, message))
    for path, line, message in found:
        if isinstance(message, str) and message:
            template.add(message, locations=[(path, line)])
    return template


def update() -> list[str]:
    """locale/privy.pot written, and each language's catalogue given the messages it lacks (untranslated)
    and rid of those the code no longer uses; returns the languages changed."""
    template = used_messages()
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("wb") as out:
        write_po(out, template, omit_header=True, sort_output=True, include_lineno=False)
    changed = []
    for lang in LANGUAGES:
        if lang == ENGLISH:
            continue
        path = po_path(lang)
        catalogue = (
            read_catalogue(lang) if path.exists() else Catalog(locale=babel_locale(lang), domain=DOMAIN)
        )
        before = {m.id for m in catalogue if m.id}
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        if {m.id for m in catalogue if m.id} != before or not path.exists():
            changed.append(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            write_po(out, catalogue, omit_header=True, sort_output=True, no_location=True)
    return changed


if __name__ == "__main__":
    print("catalogues changed:", ", ".join(update()) or "none")

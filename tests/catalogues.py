"""The messages the code uses, and the catalogues brought up to date with them.

`make catalogues` (python -m tests.catalogues) writes locale/privy.pot from every `_()` and `N_()` in
knowledge/, handlers/ and bot.py (Babel's extractor) and adds each new message to every language's
locale/<lang>/LC_MESSAGES/privy.po, untranslated, for a person to translate; tests/knowledge/
test_catalogues.py fails until each is translated in every language (docs/languages.md).
"""

from __future__ import annotations

from io import BytesIO
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


def brought_up_to_date() -> dict[Path, bytes]:
    """What `make catalogues` writes: locale/privy.pot, and each language's catalogue given the messages it
    lacks (untranslated) and rid of those the code no longer uses, as bytes by path."""
    template = used_messages()
    out = BytesIO()
    write_po(out, template, omit_header=True, sort_output=True, include_lineno=False)
    files = {LOCALE_DIR / f"{DOMAIN}.pot": out.getvalue()}
    for lang in LANGUAGES:
        if lang == ENGLISH:
            continue
        path = po_path(lang)
        catalogue = (
            read_catalogue(lang) if path.exists() else Catalog(locale=babel_locale(lang), domain=DOMAIN)
        )
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        out = BytesIO()
        write_po(out, catalogue, omit_header=True, sort_output=True, no_location=True)
        files[path] = out.getvalue()
    return files


def update() -> list[str]:
    """The catalogues written as `brought_up_to_date` has them; returns the files that changed."""
    changed = []
    for path, content in brought_up_to_date().items():
        if not path.exists() or path.read_bytes() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            changed.append(str(path.relative_to(ROOT)))
    return changed


if __name__ == "__main__":
    print("catalogues changed:", ", ".join(update()) or "none")

"""The message catalogues are complete: every message the code marks is translated in every language,
with the same placeholders, and no catalogue keeps messages the code no longer uses (make catalogues)."""

from __future__ import annotations

import re
from string import Formatter

import pytest

from knowledge.i18n.catalogues import ENGLISH, LANGUAGES, read_catalogue
from knowledge.i18n.speaking import choose, speaking, supported
from tests.catalogues import used_messages

TRANSLATED = [lang for lang in LANGUAGES if lang != ENGLISH]
USED = {m.id for m in used_messages() if isinstance(m.id, str) and m.id}


def fields(text: str) -> set[str]:
    """The {placeholders} of a message (str.format's fields)."""
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def test_the_code_marks_the_messages_people_read() -> None:
    # a sample from each surface: the lead's templates, the reply's headings, buttons, help, errors, commands
    for message in ("Yes — {since}{platform} trains AI on {data}{where}.", "Steps", "Wrong region",
                    "Ask for example:", "You don't have permission to use that.", "ask", "(English)"):  # fmt: skip
        assert message in USED


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated(lang: str) -> None:
    catalogue = read_catalogue(lang)
    translated = {m.id: m.string for m in catalogue if m.id and m.string and not m.fuzzy}
    missing = sorted(USED - set(translated))
    assert not missing, (
        f"{lang}: {len(missing)} messages untranslated (make catalogues, then translate): {missing[:5]}"
    )
    unused = sorted({m.id for m in catalogue if m.id} - USED)
    assert not unused, f"{lang}: messages the code no longer uses (make catalogues): {unused[:5]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_their_placeholders(lang: str) -> None:
    for message in read_catalogue(lang):
        if message.id and isinstance(message.string, str) and message.string:
            assert fields(message.string) == fields(str(message.id)), (lang, message.id, message.string)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_command_names_are_discord_names(lang: str) -> None:
    """A slash command's or option's name is 1-32 lowercase word characters in every locale (Discord
    refuses the whole command list otherwise); the message menu's name may have spaces."""
    from handlers.command_names import OPTION_NAMES

    names = {*OPTION_NAMES, "ask", "help", "region", "set", "clear", "privacy", "show", "forget", "status",
             "reminders", "checklist"}  # fmt: skip
    strings = {m.id: m.string for m in read_catalogue(lang)}
    for name in names:
        assert re.fullmatch(r"[-_'\w]{1,32}", strings[name]) and strings[name] == strings[name].lower()


def test_a_missing_message_falls_back_to_english() -> None:
    from knowledge.i18n.speaking import _

    with speaking("de"):
        assert _("Steps") == "Schritte"
        assert _("A message no catalogue has") == "A message no catalogue has"


@pytest.mark.parametrize(
    ("code", "lang"),
    [("de", "de"), ("pt-BR", "pt-BR"), ("pt", "pt-BR"), ("pt_PT", "pt-PT"), ("es-419", "es"), ("en-GB", "en"),
     ("fr-FR", "fr"), ("JA", "ja"), ("zh-CN", None), ("", None), (None, None)],
)  # fmt: skip
def test_locales_and_codes_map_to_the_languages_spoken(code: str | None, lang: str | None) -> None:
    assert supported(code) == lang
    assert choose(code, "nl") == (lang or "nl")


def test_the_committed_catalogues_are_what_make_catalogues_writes() -> None:
    """A message added by hand, or a template not regenerated, shows here: a fresh clone's `make catalogues`
    would otherwise change tracked files."""
    from tests.catalogues import ROOT, brought_up_to_date

    stale = [
        str(p.relative_to(ROOT)) for p, content in brought_up_to_date().items() if p.read_bytes() != content
    ]
    assert not stale, f"run make catalogues and commit: {stale}"

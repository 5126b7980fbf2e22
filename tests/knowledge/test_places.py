"""Reading the asker's region out of free text, without false hits on ordinary words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.places import SEPARATORS, _key, _tokens, resolve_region
from knowledge.regions import GLOBAL, coverage, covering, known_codes, normalize

REGION_TABLE = [
    ("I'm in Leeds, is LinkedIn training on my posts?", "uk"),
    ("linkedn ai data toggle boston", "us"),
    ("Geneva based - does LinkedIn use my data?", "ch"),
    ("Amsterdam: linkedin AI training on my posts?", "nl"),
    ("I live in Italy, where do I switch it off?", "it"),
    ("opt out linkedin generative ai, florida", "us"),
    ("im in denver, is that true", "us"),
    ("I'm in Birmingham, UK. Should I opt out?", "uk"),
    ("Has Meta restarted AI training with British users' posts?", "uk"),
    ("Does Facebook use EU users' data?", "eea"),
    ("members in the European Economic Area", "eea"),
    ("France: can I opt out now?", "fr"),
    ("I'm in Scotland", "uk"),
    ("Cardiff here, is Meta training on my photos", "uk"),
    ("German user here", "de"),
    ("Swiss user asking", "ch"),
    ("I am in the US", "us"),
    ("U.S. users", "us"),
    ("uk members", "uk"),
    ("Zürich: does X train Grok on my posts", "ch"),
    ("I'm in Nice, does Meta train AI?", "fr"),
    ("Living in Reading, is LinkedIn training AI?", "uk"),
    ("I'm in Toronto", "ca"),
    ("We are in São Paulo", "br"),
    ("german here — is microsoft training copilot on my data?", "de"),
    ("are dutch linkedin users' posts used for ai?", "nl"),
    ("as a swiss person do i need to turn it off?", "ch"),
    ("brit here, does bing copilot use my chats?", "uk"),
    ("berlin - can i still object to instagram using my posts?", "de"),
    # Plural demonyms name people, never a language: no "here" or "users" needed after them.
    ("can Americans opt out of meta ai training", "us"),
    ("can americans opt out of meta ai training", "us"),
    ("do Brits get the linkedin toggle", "uk"),
    ("what can Canadians do about x training grok", "ca"),
    ("are germans affected by the linkedin change", "de"),
    ("Europeans can object to meta, right?", "eea"),
    ("New Zealanders and meta ai", "nz"),
    ("Poles and the linkedin setting", "pl"),
    # A place with evidence: a cue before it, "here"/"based" after it, or a name that is no word.
    ("I'm in Leeds, is LinkedIn training AI on my posts?", "uk"),
    ("im in the US", "us"),
    ("Im in brasil", "br"),
    ("from Dublin", "ie"),
    ("Bath here, is meta training on my photos?", "uk"),
    ("here in Reading, is linkedin training ai", "uk"),
    ("I'm in Bath", "uk"),
    ("from Nice", "fr"),
    ("linkedin genai on my cv?? canada here", "ca"),  # a country the word list also has ("canada")
    ("in march 2025 was meta training on eu posts", "eea"),  # March is a month before a town
    ("is X training grok on posts by the Irish", "ie"),
    ("can the Dutch object to meta", "nl"),
    # short names people use for their state or part of a country
    ("linkedin ai, i'm in NSW", "au"),
    ("brisbane qld here, is meta training on my posts", "au"),
    ("socal here, is linkedin using my data for ai", "us"),
    ("is meta training on my photos? im in yorkshire", "uk"),
]

NO_PLACE = [
    "Is that nice?",
    "I was reading about LinkedIn AI training",
    "Take a bath",
    "What time is it",
    "tell us how to opt out",
    "polish my CV",
    "I speak german and french",
    "nice - thanks for the answer",
    "IT department asks about Copilot",
    "Mobile users of linkedin",
    "Is AI training on by default?",
    "",
    "🙂🙂🙂",
    # A capital at the start of a sentence is no evidence, even where a town has that name.
    "Can meta train on my photos?",
    "Nice, so is LinkedIn training AI?",
    "Bath, is meta training on my photos?",
    "Reading, is linkedin training ai?",
    "Reading the news: is LinkedIn training AI?",
    "Of course. Is meta training AI on my posts?",
    "Thanks! Nice. Can I opt out?",
    "Hail, is X training grok?",
    "the poles of the debate on ai",  # an ordinary plural needs a capital to be people
    "the french version of the linkedin app",
    "is there a bath here",
    "I want turkey for dinner",
    "does the AI ACT stop this?",  # a law, not the Australian Capital Territory
    "act now and opt out",
]


@pytest.mark.parametrize(("text", "code"), REGION_TABLE)
def test_place_resolves_to_region(text: str, code: str) -> None:
    assert resolve_region(text) == code


@pytest.mark.parametrize("text", NO_PLACE)
def test_ordinary_words_are_not_places(text: str) -> None:
    assert resolve_region(text) is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [("GB", "uk"), ("uk", "uk"), ("EU", "eea"), ("de", "de"), ("Germany", "de"), ("xx", None)],
)
def test_normalize_region_codes(typed: str, code: str | None) -> None:
    assert normalize(typed) == code


def test_eea_group_covers_members_and_specific_beats_global() -> None:
    assert coverage(("eea",), "de") == 2
    assert coverage(("de",), "de") == 3
    assert coverage(("global",), "de") == 1
    assert coverage(("uk",), "de") == 0
    assert coverage(("eea",), "ch") == 0, "Switzerland is not in the EEA"


# Letters that fold or decompose (accents, a final sigma, a ligature, a dotted capital I), and the
# apostrophes and dots that keys drop.
PLACE_TEXT = st.text(st.sampled_from("abΣσς İéﬁﷺ.'’ -,"), max_size=40)


@given(PLACE_TEXT)
def test_key_of_words_is_their_keys_joined(text: str) -> None:
    """find_places looks runs of words up by their own keys joined, which must be the key of the run."""
    words = [t for t in _tokens(text) if t not in SEPARATORS]
    assert _key(" ".join(words).rstrip(".'’")) == " ".join(_key(w) for w in words)


@pytest.mark.parametrize("asker", ["de", "uk", "us", "eea", GLOBAL])
def test_covering_codes_are_coverage_at_least(asker: str) -> None:
    fact_regions = [("de",), ("eea",), ("uk", "us"), (GLOBAL,), ("fr", GLOBAL), ("eea", "uk"), ()]
    fact_regions += [(code,) for code in sorted(known_codes())]
    for regions in fact_regions:
        for least in (1, 2, 3):
            assert (not covering(asker, least).isdisjoint(regions)) == (coverage(regions, asker) >= least)

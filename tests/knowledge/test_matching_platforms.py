"""knowledge/matching/platforms.py as tables: which platforms a question names, in order of mention."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from knowledge.matching.platforms import Choices, PlatformNames
from knowledge.model import Platform
from knowledge.service import Privy

PLATFORMS = [
    Platform("linkedin", "LinkedIn", ("linked in",)),
    Platform("meta", "Meta", ("facebook", "instagram", "whatsapp", "threads")),
    Platform("x", "X", ("twitter", "grok")),
    Platform("reddit", "Reddit", ()),
    Platform("openai", "OpenAI", ("chatgpt", "open ai")),
]


@pytest.fixture(scope="module")
def names() -> PlatformNames:
    return PlatformNames(PLATFORMS)


@pytest.mark.parametrize(
    ("question", "found"),
    [
        ("Is LinkedIn training AI on my posts?", ["linkedin"]),
        ("is linked in using my data", ["linkedin"]),  # an alias of two words
        ("linkdin ai opt out", ["linkedin"]),  # a typo
        ("Does Instagram use my photos?", ["meta"]),  # a product is its owner
        ("facebok and instagram", ["meta"]),  # named twice: once
        ("Is X training Grok on my posts?", ["x"]),
        ("my xbox data", []),  # X only as a word of its own
        ("is x using my posts", ["x"]),  # its id, as people type it
        ("What about X's new terms?", []),  # "X's": not the short name on its own
        ("ChatGPT or LinkedIn first?", ["openai", "linkedin"]),  # in order of mention
        ("LinkedIn or ChatGPT first?", ["linkedin", "openai"]),
        ("my credit card data", []),  # "credit" is no typo of "reddit"
        ("does reddit sell posts", ["reddit"]),
        # a subreddit names Reddit, after any platform named in words; forum threads are no app
        ("From r/AskHistorians: can we keep our threads out of AI deals?", ["reddit"]),
        ("[r/ChatGPT] does it train on my chats?", ["openai", "reddit"]),
        ("can it summarise support threads and email threads?", []),
        ("are my threads posts used for ai", ["meta"]),
        ("Is Threads training on our threads?", ["meta"]),
        ("is redidt selling my posts", ["reddit"]),  # two letters swapped: the ratio alone says 83
        ("", []),
    ],
)
def test_detect(names: PlatformNames, question: str, found: list[str]) -> None:
    assert names.detect(question) == found


@pytest.mark.parametrize(
    ("platform", "shown"), [("linkedin", "LinkedIn"), ("x", "X"), ("unknown", "unknown")]
)
def test_name_of(names: PlatformNames, platform: str, shown: str) -> None:
    assert names.name_of(platform) == shown


def test_name_words_are_the_words_of_every_name(names: PlatformNames) -> None:
    assert {"linkedin", "linked", "in", "facebook", "chatgpt", "open", "ai"} <= names.name_words
    assert "x" not in names.name_words  # a short name is matched by case, not as a word


@pytest.mark.parametrize(
    ("word", "closest"),
    [
        ("linkdin", "linkedin"),
        ("linkedin", "linkedin"),
        ("instagarm", "instagram"),
        ("credit", None),
        ("zzzzzz", None),
    ],
)
def test_choices_closest(word: str, closest: str | None) -> None:
    choices = Choices(["linkedin", "instagram", "reddit", "facebook"], 84)
    assert choices.closest(word) == closest
    assert choices.closest(word) == closest  # remembered, the same


def test_choices_by_length_find_what_a_full_scan_finds() -> None:
    """Only lengths that can reach the cutoff are compared: the same best match as comparing all the
    words with the typo's first letter."""
    words = ["ai", "data", "training", "trainings", "linkedin", "model", "models", "opt-out", "photos", "dat"]
    choices = Choices(words, 80)
    for word in ["trainng", "modles", "photo", "dta", "optout", "linkedinn", "ata"]:
        scores = [(fuzz.ratio(word, w), -i, w) for i, w in enumerate(words) if w[0] == word[0]]
        best = max(scores)
        assert choices.closest(word) == (best[2] if best[0] >= 80 else None), word


@given(st.lists(st.text("abcde", min_size=5, max_size=8), min_size=1, max_size=12, unique=True), st.data())
def test_two_letters_swapped_back_are_found_as_by_trying_each_place(
    names: list[str], data: st.DataObject
) -> None:
    """A name with two neighbouring letters swapped is read as the name whose swap comes first in the word,
    as swapping the word's letters place by place finds it (the ratio finds only the name itself)."""
    choices = Choices(names, 100, swaps=True)
    name = data.draw(st.sampled_from(names))
    at = data.draw(st.integers(1, len(name) - 2))
    word = data.draw(st.sampled_from([name, name[:at] + name[at + 1] + name[at] + name[at + 2 :], "abcdefg"]))
    swaps = [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)]
    assert choices.closest(word) == (word if word in names else next((s for s in swaps if s in names), None))


def test_of_two_names_a_swap_gives_the_one_swapped_first_in_the_word() -> None:
    for names in (["acbdef", "abcedf"], ["abcedf", "acbdef"]):  # in either order
        assert Choices(names, 100, swaps=True).closest("abcdef") == "acbdef"


def test_a_typo_keeps_its_first_letter() -> None:
    """ "pinterest" is a name the base lacks, not a typo of "interest", however close."""
    choices = Choices(["interest", "pinterest"], 84)
    assert Choices(["interest"], 84).closest("pinterest") is None
    assert choices.closest("pintrest") == "pinterest" and choices.closest("intrest") == "interest"


@pytest.mark.parametrize(
    ("question", "together"),
    [
        ("Is LinkedIn or ChatGPT training on my posts?", ["linkedin", "openai"]),
        ("do reddit, linkedin and x sell my posts", ["reddit", "linkedin", "x"]),
        ("LinkedIn vs ChatGPT: who trains on what", ["linkedin", "openai"]),
        ("I post on LinkedIn. Is ChatGPT trained on it?", []),  # two sentences: one is context
        ("Does ChatGPT read my LinkedIn?", []),  # words between: one asks about the other
        ("facebook or instagram?", []),  # one owner: one platform
    ],
)
def test_platforms_asked_about_side_by_side(names: PlatformNames, question: str, together: list[str]) -> None:
    assert names.coordinated(question) == together


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("Does Linkdin save my posts?", "Does linkedin save my posts?"),  # what reads the words sees the name
        ("is chatgtp training on it", "is chatgpt training on it"),
        ("a shared board on the thread", "a shared board on the thread"),  # words, not typos: left alone
        ("the credit card and the facebook page", "the credit card and the facebook page"),
    ],
)
def test_spelled_writes_a_misspelt_name_as_the_name(names: PlatformNames, text: str, spelled: str) -> None:
    assert names.spelled(text) == spelled


def test_a_name_written_in_two_words_is_joined(names: PlatformNames) -> None:
    assert (
        names.joined("is chat gpt learning from me? and Chat-GPT?")
        == "is chatgpt learning from me? and chatgpt?"
    )
    assert (
        names.joined("face book, linked in, open ai") == "facebook, linked in, open ai"
    )  # two-word names stay
    assert names.joined("a chat about gpt") == "a chat about gpt"


def test_my_selfie_is_no_name(shared_privy: Privy) -> None:
    """Snapchat's "My Selfie" feature is no alias: "fed my selfie into grok" names X alone."""
    assert shared_privy.index.names.detect("someone fed my selfie into grok and posted it") == ["x"]

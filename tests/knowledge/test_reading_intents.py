"""What a question asks for, read from its words: laws are not regulators, and a platform opting people in is
about their data while opting oneself in to a beta is not."""

from __future__ import annotations

from knowledge.reading.intent import intents, is_on_topic


def test_regulations_are_laws_not_a_regulator_acting() -> None:
    """Saying a setting is missing "due to privacy regulations" does not ask what a regulator did."""
    assert "regulator" not in intents(
        "why can't I see the linkedin setting, is it due to privacy regulations?"
    )
    assert "regulator" in intents("what did the regulator say about linkedin's ai training?")
    assert "regulator" in intents("is meta's ai training regulated in brazil?")


def test_a_platform_opting_people_in_is_on_topic() -> None:
    assert is_on_topic("so linkedin opted everyone in by default?")
    assert is_on_topic("apparently they auto-enrolled all US members")
    assert not is_on_topic("I opted in to the instagram beta, how do I leave it?")

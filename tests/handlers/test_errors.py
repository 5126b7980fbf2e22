"""The one error path: every core error a person can act on becomes one sentence; bugs become None."""

from __future__ import annotations

import pytest
from discord import app_commands

from handlers.embeds import CONTENT
from handlers.errors import UserFacingError, user_message
from knowledge.errors import CoreError
from knowledge.packs.format import PackError, Problem
from knowledge.store.drafts import ChangeError
from knowledge.store.facts import ConflictError, NotFoundError
from tests.handlers.privy_setup import make_privy

FACT = make_privy().store.get("linkedin-genai-uk-test")[0]


async def _noop(interaction: object) -> None:
    """A command body, only to name the command an error came from."""


COMMAND = app_commands.Command(name="fact", description="d", callback=_noop)


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (
            NotFoundError("no fact with id 'nope'"),
            "No fact with id 'nope'. /fact search finds ids. Nothing was changed.",
        ),
        (
            ConflictError(FACT, 3, "bob"),
            "linkedin-genai-uk-test was changed by bob (now revision 3) since you opened it",
        ),
        (ChangeError("you proposed this change; another moderator has to approve it"), None),
        (PackError([Problem("x-fact", "regions", "unknown region code 'atlantis'")]), None),
        (CoreError("a plain core sentence"), "a plain core sentence"),
        (UserFacingError("a handler's own sentence"), "a handler's own sentence"),
        (RuntimeError("a bug"), None),
    ],
    ids=["not-found", "conflict", "change", "pack", "core", "handler", "bug"],
)
def test_each_core_error_is_one_sentence(error: Exception, shown: str | None) -> None:
    text = user_message(error)
    if isinstance(error, ChangeError):
        assert text == str(error)
    elif isinstance(error, PackError):
        assert text == "Nothing was changed:\n• `x-fact` **regions**: unknown region code 'atlantis'"
    else:
        assert text == shown
    wrapped = app_commands.CommandInvokeError(COMMAND, error)
    assert user_message(wrapped) == text  # as a slash command raises it: the same sentence


def test_a_pack_error_lists_a_few_problems_within_discord_limits() -> None:
    problems = [Problem(f"fact-{i}", "answer", "x" * 300) for i in range(200)]
    text = user_message(PackError(problems)) or ""
    assert text.startswith("Nothing was changed:\n• `fact-0` **answer**:")
    lines = text.splitlines()
    assert 2 < len(lines) <= 17 and lines[-1] == f"… and {200 - (len(lines) - 2)} more."
    assert len(text) <= CONTENT

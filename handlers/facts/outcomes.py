"""A moderator's change and its result: made off the event loop, then shown as users will get it.

`apply` runs on a worker thread (handlers.off_loop): the write, then the answer users get, which may
rebuild the index. `outcome_reply` lays the result out on the loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec

from handlers.facts import render as show
from handlers.replies import Reply
from knowledge.curation.preview import Shown, as_users_see
from knowledge.curation.workflow import Curator, Outcome

P = ParamSpec("P")


@dataclass
class Done:
    """What a change did, and the answer users now get (None when nothing is live to show)."""

    outcome: Outcome
    shown: Shown | None


def proposed(outcome: Outcome) -> bool:
    """True when the change waits for a second moderator instead of being live."""
    return not outcome.live


def apply(curator: Curator, write: Callable[P, Outcome], /, *args: P.args, **kwargs: P.kwargs) -> Done:
    """Make the change, then see it as users will."""
    outcome = write(*args, **kwargs)
    if proposed(outcome) or outcome.fact is None:
        return Done(outcome, None)
    return Done(outcome, as_users_see(curator.view, outcome.fact))


def outcome_reply(done: Done, headline: str) -> Reply:
    """'Saved ... This is what users get:' with the answer, or 'Proposed ...' when it waits for approval."""
    outcome = done.outcome
    if proposed(outcome) and outcome.change is not None:
        text = (
            f"Proposed as change #{outcome.change.id}. Another moderator must approve it in /review "
            "before users see it."
        )
        return Reply(text, [], None)
    if done.shown is None:
        return Reply(headline, [], None)
    shown = done.shown
    return Reply(
        show.result_text(f"{headline} (revision {outcome.rev}).", shown), show.shown_embeds(shown), None
    )

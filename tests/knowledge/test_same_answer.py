"""Same question, same answer (issue 17, point 6): a follow-up is answered exactly as the whole question
it stands for; a question complete on its own is answered on its own, whatever came before."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.answers.followup import Context
from knowledge.model import Answer
from knowledge.service import Privy

FIRSTS = [
    "is linkedin training ai on my posts?",
    "Is LinkedIn training AI on my posts? I'm in Texas",
    "how do I stop meta using my photos for ai? im in Dublin",
    "is X using my posts for grok? I'm in Munich",
]
FOLLOW_UPS = ["and in the UK?", "what about Meta?", "how do I do that?", "and in Canada?", "what about x?"]
ALONE = [
    "how do i delete my facebook account",
    "is meta training ai on my posts in india",
    "can i opt out of youtube ai training? Canada here",
    "how do I turn off LinkedIn using my data for AI training? I'm in Leeds",
]


def shown(answer: Answer) -> tuple[object, ...]:
    """Everything a person sees decided: status, facts, lead, steps, region, summary."""
    return (
        answer.status,
        answer.reply_kind,
        [f.id for f in answer.facts],
        answer.lead,
        answer.steps,
        answer.region,
        answer.summary,
        answer.clarify_options,
    )


@pytest.mark.parametrize("first", FIRSTS)
@pytest.mark.parametrize("follow", FOLLOW_UPS)
def test_a_follow_up_is_answered_as_the_question_it_stands_for(
    shared_privy: Privy, first: str, follow: str
) -> None:
    context = Context.of(shared_privy.ask(first))
    assert context is not None
    then = shared_privy.ask(follow, context=context)
    assert then.follow_up and then.stands_for
    direct = shared_privy.ask(then.stands_for, region=then.region)
    assert shown(then) == shown(direct)


@pytest.mark.parametrize("first", FIRSTS)
@pytest.mark.parametrize("question", ALONE)
def test_a_complete_question_is_answered_on_its_own(shared_privy: Privy, first: str, question: str) -> None:
    context = Context.of(shared_privy.ask(first))
    then = shared_privy.ask(question, context=context)
    assert not then.follow_up
    assert shown(then) == shown(shared_privy.ask(question))


def test_deleting_an_account_after_a_linkedin_answer_is_not_covered(shared_privy: Privy) -> None:
    context = Context.of(shared_privy.ask("is linkedin training ai on my posts? I'm in the UK"))
    then = shared_privy.ask("how do i delete my facebook account", context=context)
    assert then.status == "no_match" and then.reply_kind == "not_covered"


def test_a_follow_up_keeps_the_date_asked(shared_privy: Privy) -> None:
    day = date(2024, 10, 1)
    context = Context.of(shared_privy.ask("Is LinkedIn training AI on my posts? I'm in Texas", as_of=day))
    then = shared_privy.ask("and in the UK?", context=context, as_of=day)
    assert shown(then) == shown(shared_privy.ask(then.stands_for, region="uk", as_of=day))

"""Issue 12's examples at the core: intent, asking only when it matters, follow-ups, one clear answer,
'Did you mean', help. Each asserts what the asker reads (the text reply) and the answer's data."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.answers.followup import Context
from knowledge.answers.text import NO_MATCH, NOT_COVERED, UNSURE, render_text
from knowledge.model import Answer
from knowledge.reading.intent import asks_where, is_how_to, is_yes_no, other_job, small_talk
from knowledge.service import Privy
from tests.conftest import TODAY

BODY_AIM = 1300  # "aim for a body under about 1,200 characters": everything above the sources
DISCORD_CONTENT = 2000


def ask(privy: Privy, question: str, *, as_of: date | None = None, context: Context | None = None) -> tuple:
    answer = privy.ask(question, as_of=as_of, context=context)
    return answer, render_text(answer)


def body(reply: str) -> str:
    return reply.split("\nSources:")[0]


# ---- the examples, one by one ---------------------------------------------------------------


def test_insta_pics_in_the_us(shared_privy: Privy) -> None:
    answer, reply = ask(shared_privy, "does insta use my pics for ai? im in the US")
    assert answer.status == "answered" and answer.platform == "meta" and answer.region == "us"
    assert "non-public" in reply


def test_americans_opt_out_of_meta_says_no_first(shared_privy: Privy) -> None:
    answer, reply = ask(shared_privy, "can Americans opt out of meta ai training")
    assert answer.status == "answered" and answer.region == "us"
    assert reply.split("\n\n")[1].startswith("There is no opt-out in the US.")  # the direct answer, first


@pytest.mark.parametrize("follow_up", ["what about the UK?", "and in the UK?"])
def test_a_region_follow_up_keeps_platform_and_topic(shared_privy: Privy, follow_up: str) -> None:
    first, _ = ask(shared_privy, "can Americans opt out of meta ai training")
    answer, reply = ask(shared_privy, follow_up, context=Context.of(first))
    assert answer.status == "answered" and answer.follow_up
    assert (answer.platform, answer.region) == ("meta", "uk")
    assert answer.question == follow_up  # the person's words, not the spelt-out question
    assert "objection form" in reply.lower()
    assert NO_MATCH not in reply


def test_without_context_a_bare_follow_up_gets_no_guess(shared_privy: Privy) -> None:
    answer, _ = ask(shared_privy, "and in the UK?")
    assert answer.status == "no_match"


def test_github_copilot_is_not_consumer_copilot(shared_privy: Privy) -> None:
    answer, reply = ask(shared_privy, "is github copilot trained on my private repos")
    assert answer.status == "answered" and answer.platform == "github"
    assert "private repositories" in reply and "Bing" not in reply


def test_fb_posts_in_brasil_are_not_the_whatsapp_answer(shared_privy: Privy) -> None:
    answer, reply = ask(shared_privy, "does meta train ai on my fb posts? Im in brasil")
    assert answer.status == "answered" and answer.region == "br"
    assert "ANPD" in reply and "personal chats" not in reply


def test_before_the_pause_it_is_not_paused(shared_privy: Privy) -> None:
    answer, reply = ask(
        shared_privy, "is meta training ai on my instagram, I'm in the EU", as_of=date(2024, 6, 1)
    )
    assert answer.status == "answered" and answer.region == "eea"
    assert not reply.split("\n\n")[1].startswith("No, it was paused")
    assert "Not yet" in reply


def test_x_in_dublin_leads_with_the_grok_steps_and_one_story(shared_privy: Privy) -> None:
    answer, reply = ask(shared_privy, "how do I stop x using my tweets for ai, I'm in Dublin")
    assert answer.status == "answered" and answer.region == "ie"
    assert answer.facts[0].id == "x-grok-optout-global-2024"
    direct, steps = reply.split("\n\n")[1:3]
    assert "Grok" in direct and steps.startswith("Steps:\n1. ")
    assert "untick" in steps
    assert "Also relevant" not in reply
    # the story tells only of this platform, topic and people: facts that follow one another in time
    assert "Its privacy policy allows it" not in reply and "noyb" not in reply


def test_leeds_linkedin_answers_yes_then_steps_without_fragments(shared_privy: Privy) -> None:
    answer, reply = ask(shared_privy, "I'm in Leeds, is LinkedIn training AI on my posts?")
    assert answer.status == "answered" and answer.region == "uk"
    parts = reply.split("\n\n")
    assert parts[1].startswith(
        "Yes — since 3 Nov 2025 LinkedIn trains AI on profile details and public posts in the UK."
    )
    assert parts[2].startswith("Steps:\n1. Open LinkedIn's Settings & Privacy")
    assert "Also relevant" not in reply and "\n- Yes, by default" not in reply
    # oldest first, UK only: opted in until the ICO stepped in, paused, then announced for 3 Nov 2025
    assert "How this changed:\n- Until 19 Sep 2024: Yes" in reply
    assert "\n- 20 Sep 2024 to 17 Sep 2025: No — paused" in reply
    assert "\n- 18 Sep 2025 to 2 Nov 2025: Not yet" in reply
    assert len(body(reply)) < BODY_AIM


@pytest.mark.parametrize(
    "question",
    [
        "Can meta train on my photos?",
        "Nice, so is Instagram training AI?",
        "Bath, is meta using my instagram for ai?",
    ],
)
def test_a_capital_at_the_start_is_no_place(shared_privy: Privy, question: str) -> None:
    answer, reply = ask(shared_privy, question)
    assert answer.region is None and answer.status == "clarify"
    assert "Where are you?" in reply


@pytest.mark.parametrize(
    "question",
    [
        "facebook's privacy defaults are terrible, everything is public unless you dig through menus",
        "how do i turn off the meta ai assistant in whatsapp",
        "can i get rid of the meta ai button in instagram search",
        "how do I delete my facebook account",
        "how do i download all my data from linkedin",
        "how to download my facebook data",
        "can i get a copy of my instagram data",
        "how do i hide my linkedin profile from my boss",
        "how do i use grok to make images",
        "is my phone's microphone listening to me for facebook ads",
    ],
)
def test_other_subjects_get_one_line_on_what_privy_covers(shared_privy: Privy, question: str) -> None:
    answer, reply = ask(shared_privy, question)
    assert answer.status == "no_match" and answer.facts == []
    assert reply == NOT_COVERED
    assert not answer.worth_reviewing  # not queued for moderators either


def test_switching_off_meta_ai_without_a_feature_named_is_about_training(shared_privy: Privy) -> None:
    answer, reply = ask(shared_privy, "how do i turn off meta ai")
    assert answer.status == "clarify" and answer.platform == "meta" and reply != NOT_COVERED


def test_meta_how_to_without_a_region_asks_where(shared_privy: Privy) -> None:
    answer, reply = ask(shared_privy, "how do I keep meta away from my photos")
    assert answer.status == "clarify" and {"uk", "eea", "us"} <= set(answer.clarify_options)
    assert "Yes." not in reply and "Where are you?" in reply


def test_grok_steps_are_the_same_everywhere_so_no_question(shared_privy: Privy) -> None:
    answer, reply = ask(shared_privy, "grok opt out pls")
    assert answer.status == "answered" and answer.region is None
    assert "Steps:\n1. On x.com" in reply
    assert "Where this differs: EEA / EU has its own answer; ask again with your country." in reply


@pytest.mark.parametrize("greeting", ["hi", "hello privy!", "help", "what can you do?", "thanks!"])
def test_greetings_and_help_get_the_help_reply(shared_privy: Privy, greeting: str) -> None:
    answer, reply = ask(shared_privy, greeting)
    assert answer.status == "no_match" and answer.reply_kind == "help"
    assert reply.startswith("Hi, I'm Privy.") and "and in the UK?" in reply and "Privacy:" in reply
    assert "I don't have a sourced answer" not in reply


# ---- intent -------------------------------------------------------------------------------------------


def test_which_countries_gets_a_line_per_region(shared_privy: Privy) -> None:
    answer, reply = ask(shared_privy, "which countries is meta training ai in")
    assert answer.status == "answered" and answer.topic == "regions"
    lines = [line for line in reply.splitlines() if line.startswith("- ")]
    assert any(line.startswith("- UK: Yes — since 13 Sep 2024 Meta trains AI") for line in lines)
    assert any(line.startswith("- EEA / EU: Yes — since 27 May 2025") for line in lines)
    assert any(line.startswith("- US: Yes — Meta trains AI on public posts") for line in lines)
    assert not any("personal chats" in line for line in lines)  # WhatsApp's chats are another question
    assert len(reply) < 1200


@pytest.mark.parametrize(
    ("text", "how_to", "yes_no", "where"),
    [
        ("how do I stop x using my tweets", True, False, False),
        ("grok opt out pls", True, False, False),
        ("what can Swiss users do about linkedin", True, False, False),
        ("is LinkedIn training AI on my posts?", False, True, False),
        ("before the change, could people in the EU opt out?", True, True, False),
        ("did X stop using EU posts?", False, True, False),
        ("in which countries is meta training ai", False, False, True),
        ("where is the X setting that stops Grok training", False, False, False),
    ],
)
def test_intent_words(text: str, how_to: bool, yes_no: bool, where: bool) -> None:
    assert (is_how_to(text), is_yes_no(text), asks_where(text)) == (how_to, yes_no, where)


def test_small_talk_and_other_jobs_are_told_apart() -> None:
    assert small_talk("good bot") and small_talk("hey privy") and not small_talk("hi, is meta training ai?")
    assert other_job("how do I make my instagram account private")
    assert not other_job("does making my account private stop grok training on my posts")
    assert other_job("how do I export my linkedin data")
    assert not other_job("can I download my chatgpt data and stop it training on my chats")


# ---- follow-ups -----------------------------------------------------------------------------------------


def test_what_about_meta_and_how_do_i_do_that(shared_privy: Privy) -> None:
    first, _ = ask(shared_privy, "I'm in Leeds, is LinkedIn training AI on my posts?")
    meta, meta_reply = ask(shared_privy, "what about Meta?", context=Context.of(first))
    assert (meta.platform, meta.region, meta.topic) == ("meta", "uk", "status")
    assert meta_reply.split("\n\n")[1].startswith("Yes — since 13 Sep 2024 Meta trains AI")
    steps, steps_reply = ask(shared_privy, "how do I do that?", context=Context.of(meta))
    assert (steps.platform, steps.region, steps.topic) == ("meta", "uk", "objection")
    assert "Steps:\n1. Open the objection link" in steps_reply


def test_a_question_that_stands_alone_ignores_the_context(shared_privy: Privy) -> None:
    first, _ = ask(shared_privy, "I'm in Leeds, is LinkedIn training AI on my posts?")
    answer, _ = ask(shared_privy, "does chat gpt learn from my convos", context=Context.of(first))
    assert answer.platform == "openai" and not answer.follow_up


def test_a_clarify_leaves_context_so_a_place_answers_it(shared_privy: Privy) -> None:
    clarify, _ = ask(shared_privy, "is instagram training ai on my posts")
    assert clarify.status == "clarify"
    answer, _ = ask(shared_privy, "I'm in Germany", context=Context.of(clarify))
    assert (answer.status, answer.platform, answer.region) == ("answered", "meta", "de")


def test_the_context_token_round_trips_and_rejects_junk() -> None:
    context = Context("linkedin", "status", "uk", ("linkedin-genai-uk-2025", "linkedin-optout-europe-2025"))
    footer = f"As of 7 Dec 2026 · Reply to follow up · {context.token()}"
    assert Context.from_text(footer) == context
    assert Context.from_text("nothing here") is None
    assert Context.from_text("ref x/not-a-topic//").topic is None


# ---- one clear answer, unsure ---------------------------------------------------------------------------


def test_every_fact_answered_by_its_own_question_fits_a_chat(shared_privy: Privy) -> None:
    longest = 0
    for fact in shared_privy.store.facts():
        answer = shared_privy.ask(fact.question, region=fact.regions[0], as_of=fact.valid_from or TODAY)
        reply = render_text(answer)
        assert "Also relevant" not in reply
        longest = max(longest, len(body(reply)))
    assert longest < 1500, longest  # the odd long story; typical bodies are far shorter


def test_chat_replies_stay_short(shared_privy: Privy) -> None:
    questions = [
        "I'm in Leeds, is LinkedIn training AI on my posts?",
        "#MetaAI in the EU, is it training on my public posts now",
        "how do I stop x using my tweets for ai, I'm in Dublin",
        "does chat gpt learn from my convos",
    ]
    for question in questions:
        _, reply = ask(shared_privy, question)
        assert len(body(reply)) < BODY_AIM and len(reply) < DISCORD_CONTENT, question


@pytest.mark.parametrize("question", ["google ai", "meta privacy stuff?", "linkedin ai thing?", "linkedin"])
def test_vague_questions_offer_the_closest_questions(shared_privy: Privy, question: str) -> None:
    answer, reply = ask(shared_privy, question)
    assert answer.status == "no_match" and answer.reply_kind == "unsure" and answer.confidence <= 0.3
    assert reply.startswith(UNSURE) and "\n1. " in reply
    assert 1 <= len(answer.suggestions) <= 3
    platform = answer.platform
    assert all(shared_privy.store.get(fid)[0].platform == platform for fid, _ in answer.suggestions)


def test_json_contract_is_unchanged(shared_privy: Privy) -> None:
    answer: Answer = shared_privy.ask("grok opt out pls")
    out = answer.to_dict(render_text(answer))
    contract = {"question", "status", "platform", "region", "as_of", "confidence", "facts", "reply"}
    assert contract <= set(out)
    assert set(out) - contract <= {
        "lead",
        "stands_for",
        "nearby",
        "clarify",
        "lang",
    }  # optional, docs/answer-json.md


def test_only_real_misses_are_kept_for_moderators(fresh_privy: Privy) -> None:
    for question in ("google ai", "hi", "how do i turn off the meta ai assistant in whatsapp"):
        fresh_privy.scoped("").answer(question)
    fresh_privy.scoped("").answer("Is Telegram training AI on my videos?")
    kept = [row["question"] for row in fresh_privy.db.query("select question from unanswered")]
    assert kept == ["Is Telegram training AI on my videos?"]


# ---- two platforms side by side -------------------------------------------------------------------------


def test_two_platforms_asked_together_get_one_answer_that_names_the_other(shared_privy: Privy) -> None:
    answer, reply = ask(shared_privy, "is meta or linkedin training ai on my posts? im in germany")
    assert (answer.status, answer.platform, answer.region) == ("answered", "meta", "de")
    assert answer.also_asked == [("linkedin", "LinkedIn")]
    assert "You asked about LinkedIn too: ask about it on its own for its answer." in body(reply)
    assert answer.to_dict(reply)["also_asked"] == ["linkedin"]


def test_a_platform_named_only_as_context_is_not_asked_about(shared_privy: Privy) -> None:
    answer, reply = ask(
        shared_privy, "I write on my Substack; ChatGPT scraped it. Can I opt out of Substack AI training?"
    )
    assert answer.platform == "substack" and answer.also_asked == []
    assert "too:" not in reply and "also_asked" not in answer.to_dict(reply)


def test_a_clarify_for_two_platforms_names_the_second(shared_privy: Privy) -> None:
    answer, reply = ask(shared_privy, "do linkedin, x and reddit use my posts for ai")
    assert answer.status == "clarify" and answer.platform == "linkedin"
    assert reply.endswith("You asked about X and Reddit too: ask about each on its own for its answer.")


def test_a_person_asking_how_to_stop_training_gets_their_way_out_not_a_website_owners(
    shared_privy: Privy,
) -> None:
    answer, reply = ask(shared_privy, "how do I stop Apple training AI on my data? I'm in the US")
    assert answer.facts[0].claim is not None and not answer.facts[0].claim.who  # for people, not publishers
    assert "robots.txt" not in reply and "form" in reply
    _, site_reply = ask(shared_privy, "how do I stop Apple training AI on my website? I'm in the US")
    assert "robots.txt" in site_reply and "Applebot-Extended" in site_reply


def test_a_claude_user_asking_to_stop_anthropic_gets_the_setting(shared_privy: Privy) -> None:
    _, reply = ask(shared_privy, "how do I stop Anthropic training AI on my data? I'm in the US")
    assert "Help Improve Claude" in reply and "privacy@anthropic.com" not in reply
    _, non_user = ask(
        shared_privy, "I don't use Claude. Can I stop Anthropic training on public info about me?"
    )
    assert "privacy@anthropic.com" in non_user

"""The relevance gate: answer only questions about a platform training AI on people's data, about the right
product; everything else is told in one line what Privy covers."""

from __future__ import annotations

import pytest

from knowledge.answers.relevance import judge
from knowledge.answers.text import render_text
from knowledge.service import Privy

DECLINED = [
    "Do you guys know, how can one use a claude code max subscription with aider?",
    "Does llama2 provide a list of sources used for training the model",
    "Hello do we need a copilot license for this training ?",
    "does copilot studio train on my data?",
    "i am having trouble with disabling / opting out of training on my data on gemini CLI.",
    "Is there telemetry? if so, how could we opt-out?",
    "Why do I have GPT-4 in ChatGPT trained up to April 2023 but Copilot only up to September 2021?",
    "is my codebase used to train Google's models when I use the CLI at work?",
    "Meta AI hasn't been rolled out in my country yet, is there a fix?",
    "can linkedin show my job history to recruiters in another city?",
    "Just so you know Discord can't read all your messages in a private server",
    "it would be nice if this bot could post to our slack channel too",
    # wiring up other models or gateways, training a product on one's own files, whether a feature works
    "Can I run it with a local model in LM Studio rather than the OpenAI API?",
    "does sending Claude requests through OpenRouter change how long they keep them?",
    "How would I train Gemini on our wiki pages so it answers staff questions?",
    "Does Copilot voice work offline?",
    "which language model is perplexity running these days?",
    "am I allowed to sell t-shirts with art I made in Firefly commercially?",
    # what a product costs or includes, where it has launched, what it got wrong, where one can use it
    "does chatgpt go come with image generation or is that plus only?",
    "has meta ai launched in canada?",
    "claude made up facts about my hometown, why?",
    "can I use our Gemini plan with JetBrains?",
]
ANSWERED = [
    ("does claude train on my chats?", "anthropic"),
    ("does microsoft 365 copilot train on our company files?", "microsoft"),
    ("ms copilot training on my stuff, how do i switch it off", "microsoft"),
    ("does Copilot use the code in my private repos for training?", "github"),
    (
        "ChatGPT and Gemini are told not to train on your content by this setting. Should I turn it on on my "
        "Substack?",
        "substack",
    ),
    ("do i have to tag every deviation on deviantart so ai datasets can't use it?", "deviantart"),
    ("I'm sorry Slack, what are you doing with user DMs and files?", "slack"),
    ("does google train gemini on my gmail?", "google"),
    # a platform opting people in, selling what they post, or their secrets ending up in training data
    ("X opted all users in to Grok training, how do I get out?", "x"),
    ("did linkedin auto enroll everyone in the us?", "linkedin"),
    ("is tumblr selling our posts to midjourney?", "automattic"),
    ("if my password is in a chat, could it end up in chatgpt's training data?", "openai"),
    ("is the objection form for meta's ai training available in brazil?", "meta"),
    # what an AI "includes" is a product question only when it is not the asker's own posts or profile
    ("does grok include my tweets?", "x"),
    ("is my linkedin profile included in their ai?", "linkedin"),
]


@pytest.mark.parametrize("question", DECLINED)
def test_declined_with_what_privy_covers(shared_privy: Privy, question: str) -> None:
    answer = shared_privy.ask(question)
    assert answer.status == "no_match"
    assert render_text(answer).startswith("That's not something I cover. I answer whether platforms train AI")


@pytest.mark.parametrize(("question", "platform"), ANSWERED)
def test_answered_for_the_product_asked_about(shared_privy: Privy, question: str, platform: str) -> None:
    answer = shared_privy.ask(question)
    assert answer.status in {"answered", "clarify"}
    assert answer.platform == platform
    assert answer.status == "clarify" or answer.facts[0].platform == platform


def test_a_code_question_about_copilot_is_about_github_copilot() -> None:
    assert judge("will copilot chat use my code snippets for training?", ["microsoft"]).platform == "github"
    assert judge("does copilot in word train on my documents?", ["microsoft"]).platform == "microsoft"


def test_asking_about_ones_own_data_outweighs_a_plugin_named() -> None:
    """'via this plugin' is a tool, but 'our code won't be used to train' is the question Privy answers."""
    text = "if we submit our PRs to Copilot via this plugin, will our code be used to train any model?"
    assert not judge(text, ["microsoft"]).declined
    assert judge("is there a way to use this plugin with copilot?", ["microsoft"]).declined


def test_each_decline_names_its_reason() -> None:
    """The reason is kept with the answer so a moderator can see why a question was not answered."""
    assert judge("does gemini cli train on my code?", ["google"]).declined == "another product"
    assert judge("whatsapp ai is not rolled out here, i don't have the feature", ["meta"]).declined
    assert judge("how do i change my linkedin headline", ["linkedin"]).declined == "not about AI"
    assert judge("is linkedin training ai on my posts", ["linkedin"]).declined == ""


def test_what_the_gate_leaves_to_the_rest_of_the_pipeline() -> None:
    """A bare name gets "Did you mean"; a question naming no platform is the matcher's to miss."""
    assert judge("linkedin", ["linkedin"]).declined == ""
    assert judge("what's the best pizza in leeds?", []).declined == ""
    assert (
        judge("how do I stop amazon using my alexa recordings to improve alexa?", ["amazon"]).declined == ""
    )


def test_the_asker_training_a_product_is_not_the_product_training_on_them() -> None:
    """Training Claude on one's notes is building something; Claude training on them is ours."""
    assert judge("can I train claude on my notes?", ["anthropic"]).declined == "using a tool"
    assert judge("does claude train on my notes?", ["anthropic"]).declined == ""


def test_opting_oneself_in_to_a_beta_is_not_a_platform_opting_people_in(shared_privy: Privy) -> None:
    assert shared_privy.ask("I opted in to the Instagram beta, how do I leave it?").status == "no_match"
    assert shared_privy.ask("LinkedIn opted everyone in by default, how do I get out?").status != "no_match"


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("I do not consent to LinkedIn using my posts", "a request to a project"),
        ("  i don't give my consent for meta to train on my photos", "a request to a project"),
        ("does meta ai work offline?", "another question about the product"),
    ],
)
def test_what_opens_a_question_is_read_only_at_its_start(question: str, reason: str) -> None:
    """Saying one does not consent, or asking whether a feature works, opens the sentence; the same words
    later in it are a question about the asker's data."""
    assert judge(question.lower(), ["meta"]).declined == reason
    later = f"if i say {question.strip().lower()}, is meta then still training ai on my posts?"
    assert judge(later, ["meta"]).declined == ""


def test_any_word_ending_in_ai_is_about_ai() -> None:
    """ "OpenAI" and "#NoToMetaAI" count as talk of AI, as "AI" does."""
    for text in (
        "what does linkedin do with openai",
        "linkedin and the #notometaai thing",
        "linkedin and ai",
    ):
        assert judge(text, ["linkedin"]).declined == "", text
    assert judge("what does linkedin do with mail", ["linkedin"]).declined == "not about AI"

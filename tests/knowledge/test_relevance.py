"""The relevance gate: answer only questions about a platform training AI on people's data, about the right
product; everything else is told in one line what Privy covers."""

from __future__ import annotations

import pytest

from knowledge.answers.relevance import judge
from knowledge.answers.text import render_text
from knowledge.i18n.speaking import speaking
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
    # the asker training their own model, on or with a platform's data or outputs
    "Can I use ChatGPT outputs to train my own commercial model under the terms?",
    "We trained the classifier on tweets from 2019, should we retrain on X data from this year?",
    "Is the training of the tokenizer deterministic? I get different vocab each run on the Reddit dump.",
    "Our model was trained on Stack Overflow questions; can we publish it under MIT?",
    "Is there any way to train my voice so Alexa recognises me better?",
    # opting out of something else, a part of the screen, what is shown to whom, a patch for a project
    "Can I opt out of receiving LinkedIn marketing emails?",
    "How do I opt out of Reddit's personalized ads?",
    "How do I opt out of Zoom's cloud recording being on by default for my meetings?",
    "Our org wants to block Copilot suggestions matching public code, where's the policy setting?",
    "How do I stop LinkedIn from showing my profile in search engines?",
    "Would you accept a PR that adds support for Anthropic's models next to OpenAI?",
    # someone else using one's things, an employer reading messages, opinions, what a product can do
    "How do I report a fake LinkedIn profile using my photos?",
    "Somebody is using my art on Pinterest without credit, how do I report it?",
    "Can my employer read my Slack DMs?",
    "Anyone else think the new Meta AI app is creepy? It posted someone's prompt publicly",
    "I trained my Gemini Gem on our style guide, why does it ignore it half the time?",
    "Can ChatGPT read PDFs now or do I need Plus?",
    "How accurate is Otter.ai for transcribing Zoom meetings?",
    # errors and the asker's own scraping
    "I'm getting 'model not found' with claude-3-opus, was it deprecated?",
    "Does the LinkedIn scraper still work after their last update? I'm collecting data for training.",  # remarks that ask nothing and say nothing of training or the asker's data
    "My Facebook feed is all AI slop now, it's unbearable.",
    "Spotify's AI DJ keeps playing the same five songs.",
    "Instagram labels posts made with AI now. Wouldn't it be possible to add a filter to hide them from the feed?",
    "We're building an LLM app on Azure; does Microsoft see our prompts?",
    "Where do I find Anthropic's model card for Claude 3.5 Sonnet?",  # how a model is made, or the law around its training data, not whose data it is trained on
    "How long did it take OpenAI to train GPT-4?",
    "Was Claude trained with RLHF or constitutional AI?",
    "Is Grok trained to be less politically correct?",
    "Why does Gemini refuse to draw people? Was it trained badly?",
    "Does Copilot's training data include GPL code and could that get me sued?",
    "How do I train Alexa to recognize my kid's voice?",  # data sold or shared for advertising, and who else can see one's messages
    "Is Meta selling my data to advertisers?",
    "Does Spotify sell my listening data to advertisers?",
    "Can Zoom hosts see my private chat messages?",
    "Can I be fired for refusing to use ChatGPT at work?",
    "Why is Meta AI in my Instagram search bar and can I use it to find old DMs?",
    "Meta is training AI on our posts now. What is everyone doing to protect their photos?",
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
    # licensing people's posts to AI companies is them using the posts; so is what a platform does with them
    ("Is it true Reddit licenses our comments to AI companies? I never agreed to that", "reddit"),
    ("How do I stop Meta using my photos?", "meta"),
    ("Are Threads posts used to train Llama? I'm in the US", "meta"),
    (
        "When using the OpenAI provider, are the prompts sent by this extension used for training by OpenAI?",
        "openai",
    ),
    ("wix: can i keep ai scrapers off my portfolio site?", "wix"),
    (
        "DeviantArt now marks everything as 'noai' by default? Or do I have to tick it for each upload?",
        "deviantart",
    ),
    ("Apparently Dropbox's new AI features send files to OpenAI. I store client contracts there.", "dropbox"),
    (
        "Just read LinkedIn is taking UK users' data for AI from November. Ugh.",
        "linkedin",
    ),  # a privacy violation is not a question about terms of use
    (
        "Can we opt out? We use Slack at a clinic and patient details in chats would be a privacy violation.",
        "slack",
    ),
    (
        "How does Copilot Business handle our prompts and suggestions, retained or used for training?",
        "github",
    ),
    ("Is it safe to paste my company's code into ChatGPT?", "openai"),
    ("Is the OpenAI embeddings endpoint trained on the documents we send to it?", "openai"),
    ("Is Copilot in Outlook reading my mail to train their model?", "microsoft"),
    (
        "Does Meta sell my posts to AI companies or use them for ads targeting models?",
        "meta",
    ),  # advertising is ours where a fact is about that sharing; a lawsuit over training on messages is ours
    ("Is LinkedIn sharing my data with Microsoft for ads?", "linkedin"),
    ("Is LinkedIn being sued for using private messages to train AI?", "linkedin"),
    (
        "Dear Tech Guru: My granddaughter says Facebook is using my photos for artificial intelligence. Is that "
        "true, and how do I make it stop? I live in Ohio.",
        "meta",
    ),  # a product's name, a regulator's, a quoted setting
    ("does InMail get used for the AI stuff?", "linkedin"),
    ("Did the Garante do anything about the LinkedIn thing?", "linkedin"),
    ("so whatsapp can read our messages now for their ai??", "meta"),
    (
        "Is the 'Use my data for training content creation AI models' toggle supposed to be on by default?",
        "linkedin",
    ),
    ("is copilot in microsoft 365 trained on our team's docs? we bought an E3 license", "microsoft"),
    ("is perplexity using my search history to get smarter", "perplexity"),  # lay words, own data
    (  # deleting an account, asked about with what was licensed for training, is ours
        "Since the Google deal, are my Reddit comments in their AI? Is deleting my account the only way out?",
        "reddit",
    ),
    ("Hello, the Claude is formed on my discussions now? It is possible to refuse?", "anthropic"),  # "formé"
    (  # the partner in a deal is not the platform whose users' posts it licenses
        "Does the Google deal mean my old Reddit comments are used for AI training too?",
        "reddit",
    ),
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


def test_a_long_post_about_a_platform_is_answered_not_met_with_did_you_mean(shared_privy: Privy) -> None:
    """In a long post the best-scored fact shares few of its many words; another of the platform's facts
    saying what the post is about shows it is a question for Privy."""
    post = (
        "LinkedIn seems to have auto enrolled folks in the US, but people in the EU say they are not seeing "
        "this in their settings (privacy laws, I guess). If you're outside the US, do you see it?"
    )
    answer = shared_privy.ask(post)
    assert answer.status == "answered"
    assert answer.platform == "linkedin"


def test_asking_about_data_the_claim_leaves_out_gets_the_list_of_what_is_used(shared_privy: Privy) -> None:
    """A question on data LinkedIn's training claim does not speak of (private messages) gets the list of
    what it uses, with no yes from a claim on other data (profile details and public posts); one on data
    the claim lists (posts) gets the claim's own fact."""
    messages = shared_privy.ask(
        "Does LinkedIn also use my private messages for AI training? I live in the EU"
    )
    assert messages.facts[0].id == "linkedin-data-categories-2025" and not messages.lead
    text = render_text(messages)
    assert text.splitlines()[3].startswith("Per LinkedIn's list")
    assert "Private messages, login details, payment data and salary data are excluded" in text
    posts = shared_privy.ask("are irish linkedin users' posts getting used for ai these days?")
    assert posts.facts[0].claim is not None and posts.facts[0].claim.training == "yes"


def test_a_platforms_own_words_name_it_when_its_name_is_missing(shared_privy: Privy) -> None:
    """A quoted setting name, or rare words only one platform's facts use, say which platform is meant; one
    shared word ("write") does not."""
    setting = shared_privy.ask("is 'improve the model for everyone' on by default?")
    assert setting.status == "answered" and setting.platform == "openai"
    assert "Improve the model for everyone" in render_text(setting)
    quoted = shared_privy.ask("where do i turn off 'data for generative ai improvement'?")
    assert quoted.platform == "linkedin" and quoted.status == "clarify"
    assert render_text(quoted).startswith("The answer about LinkedIn depends on where you live")
    term = shared_privy.ask(
        "The opt-out is weasel-wordy: you can opt out from global models. Are there others?"
    )
    assert term.status == "answered" and term.platform == "slack"
    assert shared_privy.ask("can you write me a poem about chats?").status == "no_match"


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


def test_a_word_only_one_platforms_facts_use_is_found_from_its_word_list(shared_privy: Privy) -> None:
    """The own-term check reads the word's list, not every fact of the platform: the same verdicts as
    counting the platform's facts that use it."""
    index = shared_privy.index
    for platform, word in (("slack", "global"), ("linkedin", "linkedin"), ("grammarly", "write")):
        own = sum(1 for row in index.rows(platform) if word in row.stored_texts.replace("|", " ").split())
        assert index.only_in(platform, word) == (own >= index.facts_using(word) > 0), (platform, word)
    assert index.only_in("slack", "global") and not index.only_in("slack", "train")


LONG_POST_WITH_A_STORY = (
    "Hi! Not a bug exactly. I'm using Claude Code with my personal Max subscription (logged in via /login, not "
    "an API key) and I've been on it since 2023. After the terms popup I clicked accept without reading. Are my "
    "coding sessions in this repo now used to train Anthropic's models? Where do I turn it off?"
)


def test_a_long_post_is_judged_on_what_it_asks_not_on_its_story(shared_privy: Privy) -> None:
    """The subscription, the log-in and the repo are the story; the question asks whether Anthropic trains on
    the sessions. Asked alone, the story is a question about using a tool."""
    answer = shared_privy.ask(LONG_POST_WITH_A_STORY)
    assert answer.status in {"answered", "clarify"} and answer.platform == "anthropic"
    assert answer.as_of == shared_privy.today()  # "since 2023" tells the story, it is not the day asked about
    story = LONG_POST_WITH_A_STORY.split(" Are my")[0] + " Can I use it with this proxy?"
    assert shared_privy.ask(story).status == "no_match"


@pytest.mark.parametrize(
    "question",
    [
        "Anyone here used a YouTube channel to train their dog? Which trainer actually worked for you?",
        "Can I train for a marathon with just the Strava free plan and Spotify playlists?",
        "Does the GitHub Student Developer Pack include free training courses or certificates?",
        "What's the best Kindle model for reading in bed?",
        "How do I train my Instagram algorithm to stop showing me gym content?",
    ],
)
def test_train_and_model_in_another_sense_are_declined(shared_privy: Privy, question: str) -> None:
    answer = shared_privy.ask(question)
    assert answer.status == "no_match"
    assert render_text(answer).startswith("That's not something I cover.")


def test_a_regulator_named_with_nothing_of_ai_is_declined_but_what_it_is_is_answered(
    shared_privy: Privy,
) -> None:
    assert (
        shared_privy.ask("How long does the Irish DPC take to answer a complaint usually?").status
        == "no_match"
    )
    assert shared_privy.ask("wat is the ico").status == "answered"


def test_a_platform_training_on_what_a_tool_sends_is_about_the_platform() -> None:
    """The plug-in is how the code got there; the question is what GitHub does with it."""
    text = "Since the April change, is GitHub training on the code snippets the plugin sends from my editor?"
    assert judge(text, ["microsoft", "github"]) == judge(text, ["github"])
    assert judge(text, ["github"]).declined == ""
    assert judge("which LLM does Perplexity use under the hood?", ["perplexity"]).declined


def test_my_discord_is_a_community_not_the_platform_asked_about() -> None:
    text = "Someone in my Discord said SoundCloud changed its terms so they can train AI on uploads. Is that true?"
    assert judge(text, ["soundcloud", "discord"]).platform == "soundcloud"
    assert judge("is my discord used to train ai?", ["soundcloud", "discord"]).platform == "discord"


@pytest.mark.parametrize(
    "question",
    [
        "Is anyone actually surprised Meta trains on Instagram pics? Did we think the free app was a charity?",
        "Imagine training an AI on Reddit comments and acting surprised when it tells people to eat glue",
        "Will Meta be fined for training on EU users' posts?",
        "Can I use Claude to help write a GDPR objection letter to Meta?",
    ],
)
def test_rhetoric_forecasts_and_using_ai_for_a_job_are_declined(shared_privy: Privy, question: str) -> None:
    assert shared_privy.ask(question).status == "no_match"


def test_a_company_privy_knows_nothing_of_gets_no_answer_about_others(shared_privy: Privy) -> None:
    """Facts about no one platform would answer "does Signal use my messages?" for a company they do not
    speak of; a question naming none is still theirs."""
    answer = shared_privy.ask(
        "Does Signal use any of my messages for AI? They don't have AI features, right?"
    )
    assert answer.status == "no_match" and not answer.facts
    assert render_text(answer).startswith("I don't have a sourced answer for that.")
    assert shared_privy.ask("Do opt-outs stop training that has already happened?").status == "answered"


def test_a_tool_named_is_only_how_the_data_reached_the_platform(shared_privy: Privy) -> None:
    """A GitHub issue asking whether OpenAI trains on what an extension sends it is about OpenAI; the same
    extension asked about on its own (set-up, a key) is a question about the tool."""
    post = (
        "[Question] Is the code this extension sends to OpenAI used to train their models?\n\n"
        "We use it with our own OpenAI API key, not a ChatGPT login. Is API traffic used for training by default?"
    )
    answer = shared_privy.ask(post)
    assert answer.status in {"answered", "clarify"} and answer.platform == "openai"
    assert shared_privy.ask("How do I set my own OpenAI API key in this extension?").status == "no_match"
    rant = "now mandatory opt out of copilot training in this integration is absolutely unacceptable"
    assert shared_privy.ask(rant).status == "no_match"  # says, asks nothing


def test_a_platform_asked_about_is_answered_with_its_own_facts_first(shared_privy: Privy) -> None:
    """A WeTransfer question from the Netherlands once got Meta's and LinkedIn's legal basis (a fact about no
    one platform, for the EEA) before WeTransfer's own facts; that fact still answers the question it is for."""
    answer = shared_privy.ask(
        "We send video files to clients with WeTransfer. Their new terms made the rounds. "
        "Does that mean they can use our files to train models? We're in the Netherlands"
    )
    assert answer.facts and answer.facts[0].platform == "wetransfer"
    legal = shared_privy.ask("why does meta ask me to object instead of asking consent")
    assert legal.facts and legal.facts[0].platform is None


@pytest.mark.parametrize(
    ("question", "platform"),
    [
        ("Does Zoom use our call audio to make its AI smarter??", "zoom"),
        ("Does Gmail scan my emails to teach Gemini stuff?", "google"),
        ("my kid talks to Snapchat's My AI all day. does it use what he says to get better?", "snapchat"),
    ],
)
def test_training_in_lay_words_is_answered(shared_privy: Privy, question: str, platform: str) -> None:
    answer = shared_privy.ask(question)
    assert answer.status in {"answered", "clarify"} and answer.platform == platform


@pytest.mark.parametrize(
    "question",
    [
        "where do I find the setting that stops my account being used for AI training?",
        "they switched on AI training for my profile by default. how do I turn it off in the app?",
        "my posts are used to train their AI now, apparently there's an opt out but I can't find it",
        "Where is the setting so they don't train AI with my data? I'm in Dublin",  # a place is no product
    ],
)
def test_a_setting_sought_on_a_platform_never_named_gets_which_platform(
    shared_privy: Privy, question: str
) -> None:
    answer = shared_privy.ask(question)
    assert answer.status == "clarify" and answer.reply_kind == "which_platform"
    reply = render_text(answer)
    assert reply.startswith("Which platform do you mean?") and "LinkedIn" in reply and "Meta" in reply
    assert answer.to_dict(reply)["clarify"]["question"] == "Which platform?"


@pytest.mark.parametrize(
    "question",
    [
        "will you train your model on the settings files I upload?",  # asked of a project
        "is there a setting to opt out of AI training across every app?",  # platforms in general
        "does Otter have a setting to keep my meetings out of AI training?",  # a product the pack lacks
        "Notion: how do I opt out of AI training on my pages?",
        "can I turn off the option so my data is not in the training dataset of the model?",  # a model's data
        "AI training on my posts should be opt-in, not a setting buried in menus.",  # asks nothing
    ],
)
def test_which_platform_is_not_asked_of_a_project_a_product_or_in_general(
    shared_privy: Privy, question: str
) -> None:
    answer = shared_privy.ask(question)
    assert answer.reply_kind != "which_platform" and answer.status != "clarify"


def test_a_setting_named_help_something_is_a_question_not_a_call_for_help(shared_privy: Privy) -> None:
    answer = shared_privy.ask("Help Improve Claude: is that switched on by default on the Pro plan?")
    assert answer.reply_kind != "help" and answer.status == "answered" and answer.platform == "anthropic"
    assert shared_privy.ask("help me").reply_kind == "help"


def test_a_long_post_asking_whether_inside_a_request_is_read_for_that_ask(shared_privy: Privy) -> None:
    post = (
        "Hi all. We run a 40 seat tenant and bought Microsoft 365 Copilot licences for the sales team in "
        "March, rolled out through the admin centre with the usual onboarding. Our data protection officer "
        "needs written confirmation whether the prompts and the files Copilot reads are used to train the "
        "underlying models. Can anyone point me to the official page?"
    )
    answer = shared_privy.ask(post)
    assert answer.status in ("answered", "clarify") and answer.platform == "microsoft"


def test_a_quoted_setting_name_says_whose_setting_it_is(shared_privy: Privy) -> None:
    answer = shared_privy.ask(
        '"Data for Generative AI Improvement" is on in my settings and I live in Munich. '
        "Are they training on my posts already? How do I turn it off?"
    )
    assert answer.platform == "linkedin" and answer.facts[0].platform == "linkedin"
    generic = shared_privy.ask("Which tablet is best for my dad? He doesn't need 'AI features' at all.")
    assert generic.status == "no_match"


def test_a_model_one_paints_is_not_an_ai_model(shared_privy: Privy) -> None:
    answer = shared_privy.ask(
        "my reddit post of a painted gundam model was removed as self promotion, how do others share builds?"
    )
    assert answer.status == "no_match"


def test_a_long_post_asking_whether_the_api_trains_is_read_for_that_ask(shared_privy: Privy) -> None:
    post = (
        "[Question] Mistral provider and privacy. I set the editor plug-in up with a paid La Plateforme key "
        "last week and pointed it at a side project, which works fine with the default settings. Before I use "
        "it on work code: does Mistral use the inputs/outputs from the paid API to train its models?"
    )
    assert judge(post, ["mistral"]).declined == ""


def test_ai_as_an_adjective_is_not_talk_of_training() -> None:
    assert not judge("my feed is full of ads for ai girlfriends now, was i hacked?", []).training
    assert judge("are my posts being used for ai?", ["meta"]).training


def test_the_site_a_claim_was_read_on_is_not_the_platform_it_is_about(shared_privy: Privy) -> None:
    answer = shared_privy.ask(
        'saw a tiktok video saying "Google now lets Gemini learn from your chats unless you opt out". true? texas'
    )
    assert answer.platform == "google"


@pytest.mark.parametrize(
    ("question", "platforms"),
    [
        (
            "is it allowed to post art i finished with AI shading on deviantart? will they ban me",
            ["deviantart"],
        ),
        ("how do I turn off Meta AI in my daughter's Messenger so she can't chat with it?", ["meta"]),
        ("wake up people. they don't need to train on anything, they have it all. do your own research", []),
        ("place your bets: does OpenAI end up training on everything by 2027? i say yes", ["openai"]),
        (
            "lol imagine still paying for chatgpt plus in 2026 when the free models train on you the same",
            ["openai"],
        ),
    ],
)
def test_rules_for_posting_turning_an_assistant_off_and_remarks_are_declined(
    question: str, platforms: list[str]
) -> None:
    assert judge(question, platforms).declined


def test_a_setting_sought_in_another_language_is_not_answered_by_a_general_fact(shared_privy: Privy) -> None:
    with speaking("es"):
        answer = shared_privy.ask("¿Dónde está el ajuste para que no entrenen la IA con mis datos?")
    assert answer.status == "clarify" and answer.reply_kind == "which_platform" and not answer.facts


@pytest.mark.parametrize(
    ("question", "platform"),
    [
        ("how do I block Google-Extended on my site?", "google"),
        ("how do I stop ClaudeBot crawling my website?", "anthropic"),
        ("how do I block Applebot-Extended?", "apple"),
    ],
)
def test_an_ai_crawlers_name_is_talk_of_ai(shared_privy: Privy, question: str, platform: str) -> None:
    answer = shared_privy.ask(question)
    assert answer.status == "answered" and answer.platform == platform


# Kinds the blind rounds and the real set's tuning half showed, one table for each verdict: a comment names each kind.
DECLINED_KINDS = [
    # what turning training off does to a feature is declined
    "If I switch the Gemini training setting off, will Gemini forget my saved preferences?",
    "if i opt out of meta ai training on instagram do i stop seeing the ai stickers?",
    "If I turn off the Alexa setting that uses my recordings for training, will my routines break?",
    # whom one is seen by where a feature is and setting training aside are declined
    "so is it true server mods can read our DMs on discord??",
    "is it legal for my school to use chatgpt to grade essays?",
    "Meta AI on whatsapp doesnt show up for me in Lisbon, is it blocked?",
    "Spotify is rolling out the AI DJ in 40 more countries, is it out in Chile yet?",
    "Not asking about training, I opted out already: who at OpenAI can read my chats?",
    "Every app nags me with a new privacy policy; is it worth reading Instagram's or just accept?",
    # keeping outputs paperwork seo and leaks are declined
    "how long does Snapchat keep My AI chats, and can I auto-delete them every week?",
    "copilot lost all my chats after an update, any way to get the history back?",
    "Who owns the copyright on images I generate with Firefly? I know it was trained on Adobe Stock.",
    "Gemini keeps telling people I died in 2020. How do I get Google to fix what it says about me?",
    "what's Claude's training data cutoff these days?",
    "is grok trained to flatter Elon? it praised him three times today",
    "what do I need in my privacy policy if my app sends user notes to the OpenAI API? subprocessor?",
    "Zero data retention at OpenAI: how do we apply for it and is there a minimum spend?",
    "traffic from google dropped by half since AI Overviews; any SEO fix? schema markup?",
    "CCPA do-not-sell request to Meta: how do I send it? nothing to do with AI, I hate the ads",
    "is it true the Slack AI prompt injection bug could leak private channels?",
    "> the LinkedIn leak was scraped data\n\nso were passwords in it? should I change mine?",
    "can the other people in a WhatsApp group see what I ask Meta AI there?",
    "I'm fine-tuning a model on my own Reddit comment export. is that against their terms?",
    "would love to know if anyone got Claude Code to stop crawling node_modules, it burns my usage",
    # monitoring safety exports and encryption are declined
    "our IT wants to read everyone's Copilot prompts, is that legal in Spain?",
    "is it safe for my dad to use the Meta AI glasses at home?",
    "Google Takeout of Gemini activity only has timestamps and no text. is that expected?",
    'whatsapp shows "messages are end-to-end encrypted, not even WhatsApp can read them". still current?',
    "the regulator fined Meta for ad profiling. can I get my data deleted because of it?",
    # a products own screens and services are declined
    "how does snapchat's My AI know my location? i never told it",
    "can I read my daughter's My AI chats through Family Center?",
    "how do i unpin My AI, it's pinned at the top of my chats",
    "is it cheating if I let Grammarly's AI rewrite my essay?",
    "how many InMail credits come with Premium now?",
    "does Claude or ChatGPT write better cover letters?",
    "Instagram put an AI info label on my real photo, how do I get the label off?",
    "how do I turn off YouTube auto-dubbing on my channel?",
    "Siri reads my texts out loud in the car, how do I stop that?",
    "someone put an AI cover of my song on Spotify under my name, how do I get it taken down?",
    "how do I get Google Assistant back instead of Gemini on my phone?",
    "got an email about the Siri settlement, how do I file a claim?",
    "is it legal to record a Zoom call in Germany without telling people, to feed it to an AI note-taker?",
    "do the old Meta AI celebrity characters still exist?",
    # reminders and whats the harm are remarks
    "Reminder that Threads posts are public, so anyone can read them.",
    "why block GPTBot at all, what's the harm?",
    # a product's prices, limits, scams and features found in the 17th and 18th rounds
    "did anyone get copilot in excel working for pivot tables? it keeps saying it can't help",
    "how do I stop AI Companion auto-joining every zoom call? I'm only a participant",
    "Claude Pro vs Max: what are the usage limits now?",
    "a scam app called ChatGPT AI Chat charged me $9 a week, how do I get my money back?",
    "is this ad with a deepfake of Elon selling an AI trading bot by Meta a scam?",
    "does the EU AI Act ban emotion detection in Zoom meetings?",
    "hot take: Reddit licensing our posts to Google is fine. change my mind",
    "why can't I get Meta AI in WhatsApp here in Berlin? can I switch it on with a VPN?",
    "how do I get rid of this ring icon in WhatsApp search?",
    "the response matched public code so copilot blocked it, how do I stop that?",
    "is it true you just scrape reddit for your answers?",
    "my LinkedIn job feed only shows roles in Poland, how do I change my location for recruiters?",
    # round 19 and 20: a suggested reply, a cap reached, a bot answering customers, staff reading DMs
    "Meta AI keeps suggesting replies in my DMs, how do I turn that off?",
    "our club wants to use chatgpt to write the newsletter, is that ok under GDPR?",
    "can discord staff or server mods read my DMs?",
    # a company the facts do not cover asked about, a platform beside it only for comparison
    "Does Notion AI train on our workspace pages? Slack at least has a global models opt-out.",
    "is signal doing any ai training on messages like meta does with whatsapp?",
    "does twitch use my vods to train ai? youtube has that checkbox in studio",
    "character.ai: are they training on my chats? chatgpt at least has a toggle",
    "How do I get Midjourney to stop training on my ArtStation? I left Instagram over this",
    "is janitor ai training on our chats? found it thru a discord server",
    # reach and shadowbans
    "my Instagram reach dropped to zero after I tried the AI captions, is that a shadowban?",
    # what a data deal brought in
    "How much did Reddit earn from licensing data to Google?",
    # who can read one's messages with nothing of AI, and "is it safe" as in children, sign-ins and resold accounts
    "WhatsApp\n\nwho can actually read my messages? my employer says they can see them on the work phone",
    "is it safe to let my 11 year old use snapchat? she says everyone in her class has it and she mainly wants the "
    "my ai thing",
    "is it safe to buy a cheap chatgpt plus account from a reseller on telegram? they want 5 dollars a month, "
    "shared account",
    # an app that will not respond, selling what one made, a plan to buy, deleting one image
    "Claude in Slack won't respond in private channels. What permission do I need to give the app?",
    "OpenAI terms say I own the Output. so can I sell a book cover I made in chatgpt on etsy or not?",
    "Copilot Pro in India — can I use it inside Word with Microsoft 365 Basic or do I need Personal?",
    "Meta AI in Messenger made an image of me from my profile pic, how do I delete it from the chat?",
    # another company asked about in a post's title, the platform only where it was heard
    (
        "Does Fandom sell our wiki to AI companies?\n\nWe've been building the wiki for a game for 9 years on "
        "Fandom. Someone on the Discord said Fandom signed a licensing deal. Is that true? And if we fork to a "
        "self-hosted MediaWiki, can we take the page histories with us?"
    ),
]
ANSWERED_KINDS = [
    # what turning training off covers (not what it does to a feature)
    ("If I opt out of LinkedIn's AI training, will my old posts still be used? I'm in the US", "linkedin"),
    # a question about the sentence before it, in a long post with another ask
    (
        (
            "We are moving the whole flat off smart speakers, one room at a time, and the kitchen one goes last "
            "because the kids use it for timers. Someone told me Amazon uses the Alexa voice recordings to train "
            "Alexa. Is that still the case, and is there a setting for it? Also, does anyone know a self-hosted "
            "timer that works with Home Assistant?"
        ),
        "amazon",
    ),
    # a list of asks, one of them about training
    (
        (
            "Long post, sorry. I draw comics and have moved most of my work to my own site this year.\n"
            "1) Does DeviantArt let third parties use my old uploads for datasets?\n"
            "2) Is a watermark worth it?\n"
            "3) Good alternatives to Tumblr for comics?"
        ),
        "deviantart",
    ),
    # training said in lay words, or as a setting already switched off
    ("if i dump my diary into chatgpt does that end up teaching the thing?", "openai"),
    (
        "14 years of my reddit comments being piped into google's robot brain. any setting to keep mine out?",
        "reddit",
    ),
    ("does alexa keep the voice clips to make itself smarter? where's the switch?", "amazon"),
    ("pinterest boards = fodder for their image generator now? im in ireland, can i say no", "pinterest"),
    ("made my instagram private to keep it out of meta's ai. US. was that enough?", "meta"),
    (
        "I've switched off Product Improvement and Training in Grammarly on the web; same login on desktop, covered?",
        "grammarly",
    ),
    ("[meta.math.se] does the AI data licensing cover our site or only Stack Overflow?", "stackoverflow"),
    # a name written apart and misspelt; a claim quoted from another site; whose toggle it is
    ("is chat gtp learning from what i type? can i stop it", "openai"),
    (
        'quote-posting from bsky: "github trains copilot on your data from april". free tier too? Munich',
        "github",
    ),
    (
        "card on our board: check Figma's AI content training toggle for the team. is it on by default?",
        "figma",
    ),
    ("Didn't the Irish DPC make Meta delete the models? I'm in Cork, do I still need to object?", "meta"),
    ("who made you? whatever. is linkedin using my profile for AI in the UK?", "linkedin"),
    # llama and ai licensing are the platforms not a project or a tool
    (
        "Meta says it doesn't train on DMs, sure. are we in the US just training data for Llama? any opt-out?",
        "meta",
    ),
    ("reddit sold us to google, is there any opt out from the AI licensing?", "reddit"),
    # asks in other shapes are answered
    # a feature request to the platform itself that asks what control over training there is now
    (
        "Feature request for Grammarly: let me exclude one document from training. Is the account-wide "
        "switch still the only way?",
        "grammarly",
    ),
    # a setting's name is talk of training, and a statement can ask
    ("not sure whether switching off Gemini Apps Activity also covers Gemini in Gmail", "google"),
    ("wondering if Dropbox ever changed that third-party AI setting from last year", "dropbox"),
    # a site named by its community's address; a sentence asked about by the one after it
    ("From r/AskHistorians: can we keep our posts out of the AI licensing deals at all?", "reddit"),
    ("[r/ChatGPT] does it train on my chats if I never touched the settings?", "openai"),
    (
        "On meta.stackexchange.com: is there any way to keep my answers out of the OpenAI deal?",
        "stackoverflow",
    ),
    (
        "Our support tool posts tickets to the Claude API with customer names in the prompt, for every "
        "customer we have. Anthropic's commercial terms say API content isn't trained on. Does that "
        "still hold since the consumer terms changed?",
        "anthropic",
    ),
    # where a claim was seen is not whose it is; whether a platform was allowed to train is ours
    ("> Gmail now trains Gemini on your mail\n\nsource? I keep seeing this on tiktok", "google"),
    ("was X even allowed to train grok on our EU posts back then? I'm in Belgium", "x"),
    (
        "my blog is on wordpress.com, not self-hosted. is there a toggle to keep it out of AI deals?",
        "automattic",
    ),
    # lay and quoted ways of saying training are answered
    ("is chat gpt learning from my work notes? what do i switch off", "openai"),  # a name in two words
    ("my uncle heard Elon is putting his tweets into the robot. is that true? he's in Perth", "x"),
    ("Does X decide whether to train Grok on my posts by my IP? I'm in Lyon on a US VPN", "x"),
    (
        'from the help page: "We may use content you provide to train the models that power ChatGPT." what '
        "does content cover, uploaded PDFs too?",
        "openai",
    ),
    (
        "Reddit's Public Content Policy says they license public content to partners. still current?",
        "reddit",
    ),
    # the platform whose setting or account it is is the one asked about
    (
        "someone in my discord says anyone can train on our uploads unless we untick a box in youtube studio",
        "youtube",
    ),
    (
        "Our school turned on Copilot Chat for students' Microsoft accounts. does Microsoft train on it?",
        "microsoft",
    ),
    # a platforms own words and the askers open source are read
    ("I opted this blog out of AI training, but does that cover reblogs?", "automattic"),
    ("are my old tweets used to train AI? I'm in Ohio", "x"),
    ("are my deviations in AI datasets by default?", "deviantart"),
    # open source the asker writes is not a project's model
    (
        "I turned off 'Help improve Claude'. I write open source software and you can have that, but is "
        "there an incognito mode for the rest?",
        "anthropic",
    ),
    # a platform's own product, its company or its owner as the one that trains, or both companies asked
    ("Snapchat's My AI: does My AI use my chats for training?", "snapchat"),
    ("Does Codex in ChatGPT use my repos to train?", "openai"),
    ("does Elon use my tweets to train grok?", "x"),
    ("does twitch use my vods? does youtube use them too for ai training?", "youtube"),
    # a platform named by its own kind of post
    ("are my Reels used to train ai?? im in the uk", "meta"),
    ("are my Shorts being used to train AI?", "youtube"),
    # lay words for training, the noai tag, and licensing people's posts (no software licence)
    ("reddit licensing my comments 4 ai??", "reddit"),
    (
        "my daughter put copilot on my laptop. do microsoft use what i type to make their computer cleverer?",
        "microsoft",
    ),
    (
        "meta wants a FORM just so my photos don't get eaten by their chatbot?? is that still how it works",
        "meta",
    ),
    (
        "I opted my whole DeviantArt gallery out with the noai thing back when DreamUp launched in 2022. is that "
        "still honoured, or do I have to do something new?",
        "deviantart",
    ),
    # the platform's own model named as what was trained on the asker's work
    (
        "DeviantArt's DreamUp button still sits in the top bar every time I log in. What I have never understood: "
        "are the pieces I've uploaded part of what DreamUp was trained on, or not?",
        "deviantart",
    ),
    # a question asked inside a sentence with no question mark, in a long post ending on a request;
    # a platform's large language models are not a project's language model
    (
        "Good morning,\n\nOur school uses Microsoft 365 A3 licences. Teachers are asking whether Microsoft "
        "trains its large language models on students' documents and emails when they use Copilot Chat signed "
        "in with the school account. Could someone from Microsoft confirm, ideally with a link to the "
        "documentation?\n\nKind regards,\nIT Coordinator",
        "microsoft",
    ),
    # an opt-out made in the words of its screen, and data that "went in"
    (
        "I unticked the grok box in settings. are my tweets from 2010-2023 still going to be used, or is it only "
        "new posts from here on?\n\nedit: private account was never an option, I need the reach",
        "x",
    ),
    (
        "got the email from linkedin in september 2025 and finally turned the setting off on 1 november. does "
        "that mean none of my stuff went in, even my old posts from 2019? glasgow btw",
        "linkedin",
    ),
    # names as speech-to-text and short links write them
    ("does chat gee pee tee use what i tell it to train like if i tell it about my health", "openai"),
    ("lnkd ai thing on by default in usa?", "linkedin"),
    # "the meta objection" is Meta's, not a forum's meta
    ("when was the meta objection deadline for the eu? did i miss it or can i still do it", "meta"),
    # a platform training on a legal basis is not the asker training a model
    ("Does Google rely on 'legitimate interest' to train Gemini on conversations in the UK?", "google"),
    # the platform asked whether it gives the data away is the one asked about, not its partner
    (
        "Sending my photos to OpenAI??\nFound a 'Third-party AI' toggle switched on in settings that I never "
        "touched. Is Dropbox giving my family photos to OpenAI to train their AI?",
        "dropbox",
    ),
    # a sentence saying a platform trains, in lay words, asked about by the next one
    (
        "I am 82 and my daughter set up one of these Alexa things for me. A lady at church told me that Amazon "
        "keep the recordings of what I say and use them to teach the machine. Is that so?",
        "amazon",
    ),
]


@pytest.mark.parametrize("question", DECLINED_KINDS)
def test_questions_of_other_kinds_are_declined(shared_privy: Privy, question: str) -> None:
    assert shared_privy.ask(question).status == "no_match"


@pytest.mark.parametrize(("question", "platform"), ANSWERED_KINDS)
def test_questions_of_these_kinds_are_answered_about_their_platform(
    shared_privy: Privy, question: str, platform: str
) -> None:
    answer = shared_privy.ask(question)
    assert answer.status in ("answered", "clarify") and answer.platform == platform

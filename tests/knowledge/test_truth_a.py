"""Issue 18's corrections for LinkedIn, X, Google and YouTube, asked as a person would: each on the day it
changed and the day before, through the whole pipeline (Privy on an in-memory base seeded with the embedded
pack), checking the fact that answers and what the person reads. Then the sources of those platforms' facts:
the platform's own page, a regulator or the NGO first, no reprint of a wire story as a source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest

from knowledge.answers.text import render_text
from knowledge.model import Fact
from knowledge.packs import publishers
from knowledge.packs.format import embedded_packs
from knowledge.service import Privy
from tests.knowledge.dated_answers import check_dated, host_of

PLATFORMS = ("linkedin", "x", "google", "youtube")
FACTS_ALL = [f for pack in embedded_packs() for f in pack.facts if not f.retired]
FACTS = [f for f in FACTS_ALL if f.platform in PLATFORMS]
REGISTRY = publishers.default_registry()
FIRST_PARTY_KINDS = ("official", "regulator", "court", "ngo")


@dataclass(frozen=True)
class Case:
    """A question on a day, the fact that must answer it, how the answer starts and words it must contain."""

    question: str
    as_of: date | None
    fact: str
    lead: str  # how the answer starts, computed from the fact's claim ("" for a fact that claims no yes/no)
    words: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.question} @ {self.as_of or 'today'}"


X_DUBLIN = "Is X training Grok on my posts? I'm in Dublin"
X_MUNICH = "ngl is X using my posts for grok lol, im in munich"
LI_LONDON = "How do I opt out of LinkedIn AI training? I'm in London"
LI_HK = "How do I opt out of LinkedIn AI training? I'm in Hong Kong"
LI_TORONTO = "How do I opt out of LinkedIn AI training? I'm in Toronto"
LI_SUED = "Is LinkedIn being sued for using private messages to train AI?"

CASES = [
    # X in the EU: training from 7 May 2024; suspended from 8 Aug 2024 (undertaking in the High Court), for
    # good from 4 Sep 2024 (case struck out); the DPC's inquiry opened on 11 Apr 2025.
    Case(X_DUBLIN, date(2024, 8, 7), "x-grok-training-eea-2024", "yes — since 7 may 2024", ("26 july 2024",)),
    Case(
        X_DUBLIN,
        date(2024, 8, 8),
        "x-grok-eea-suspension-2024",
        "no — paused since 8 aug 2024",
        ("8 august",),
    ),
    Case(
        X_MUNICH,
        date(2024, 8, 20),
        "x-grok-eea-suspension-2024",
        "no — paused",
        ("while the case continued",),
    ),
    Case(
        X_DUBLIN, date(2024, 9, 3), "x-grok-eea-suspension-2024", "no — paused", ("while the case continued",)
    ),
    Case(
        X_DUBLIN,
        date(2024, 9, 4),
        "x-grok-eea-suspended-2024",
        "no — paused since 8 aug 2024",  # the fact of 4 Sep carries the pause of 8 Aug on
        ("permanently",),
    ),
    Case(
        X_MUNICH,
        None,
        "x-grok-eea-suspended-2024",
        "no — paused",
        ("11 april 2025", "inquiry", "no decision"),
    ),
    # LinkedIn's settings switch existed in the UK until about 19 Sep 2024, in Hong Kong until 10 Oct 2024
    # and in Canada until the pause announced on 10 Dec 2024; during the pauses there was nothing to switch,
    # and from LinkedIn's announcement on 18 Sep 2025 the switch mattered again before 3 Nov 2025.
    Case(
        LI_LONDON,
        date(2024, 9, 19),
        "linkedin-optout-uk-2024",
        "",
        ("use my data for training content creation",),
    ),
    Case(LI_LONDON, date(2024, 9, 20), "linkedin-genai-uk-2024", "no — paused since 20 sep 2024"),
    Case(
        LI_HK,
        date(2024, 10, 10),
        "linkedin-optout-hk-2024",
        "",
        ("use my data for training content creation",),
    ),
    Case(LI_HK, date(2024, 10, 11), "linkedin-genai-hk-paused-2024", "no — paused since 11 oct 2024"),
    Case(
        LI_TORONTO,
        date(2024, 12, 9),
        "linkedin-optout-ca-2024",
        "",
        ("use my data for training content creation",),
    ),
    Case(LI_TORONTO, date(2024, 12, 10), "linkedin-genai-ca-paused-2024", "no — paused since 10 dec 2024"),
    Case(LI_LONDON, date(2025, 9, 17), "linkedin-genai-uk-2024", "no — paused"),
    Case(
        LI_LONDON,
        date(2025, 9, 18),
        "linkedin-optout-europe-2025",
        "",
        ("use my data for training content creation",),
    ),
    # The January 2025 class action: filed on 21 Jan, dropped by the plaintiff on 30 Jan 2025.
    Case(LI_SUED, date(2025, 1, 29), "linkedin-class-action-us-2025", "", ("21 january 2025", "pending")),
    Case(
        LI_SUED,
        date(2025, 1, 30),
        "linkedin-class-action-dropped-us-2025",
        "",
        ("dismissed", "30 january 2025"),
    ),
    Case(
        "Is LinkedIn using my data to train AI? I'm in the US",
        None,
        "linkedin-genai-default-global-2024",
        "yes",
        ("on by default", "dropped it on 30 january 2025"),
    ),
    Case(
        "Did LinkedIn start AI training before updating its privacy policy?",
        None,
        "linkedin-setting-before-policy-us-2024",
        "",
        ("18 september 2024", "dismissed it on 30 january 2025"),
    ),
    # Coverage: Australia's OAIC spoke about X on 31 Jul 2024; Brazil's ANPD opened its inspection of X on
    # 26 Jul 2024.
    Case(
        "What did Australia's privacy regulator say about X training Grok?",
        date(2024, 7, 31),
        "x-oaic-au-2024",
        "",
        ("privacy act", "initial phases"),
    ),
    Case(
        "Is Brazil's ANPD investigating X over Grok training?",
        date(2024, 7, 26),
        "x-anpd-br-2024",
        "",
        ("26 july",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_corrected_fact_answers_for_its_day(shared_privy: Privy, case: Case) -> None:
    check_dated(shared_privy, case.question, case.as_of, case.fact, words=case.words, lead=case.lead)


@pytest.mark.parametrize(
    ("question", "day"),
    [
        (LI_LONDON, date(2024, 9, 20)),
        (LI_HK, date(2024, 10, 11)),
        (LI_TORONTO, date(2024, 12, 10)),
    ],
)
def test_during_a_pause_there_are_no_steps_to_follow(shared_privy: Privy, question: str, day: date) -> None:
    answer = shared_privy.ask(question, as_of=day)
    assert answer.steps == [] and "Steps:" not in render_text(answer)


@pytest.mark.parametrize(
    ("question", "day", "fact_id"),
    [
        ("Is Brazil's ANPD investigating X over Grok training?", date(2024, 7, 25), "x-anpd-br-2024"),
        (
            "What did Australia's privacy regulator say about X training Grok?",
            date(2024, 7, 30),
            "x-oaic-au-2024",
        ),
    ],
)
def test_no_regulator_fact_before_the_regulator_spoke(
    shared_privy: Privy, question: str, day: date, fact_id: str
) -> None:
    assert fact_id not in [f.id for f in shared_privy.ask(question, as_of=day).facts]


@pytest.mark.parametrize(
    ("fact_id", "training"),
    [
        ("x-grok-training-eea-2024", "yes"),
        ("x-grok-eea-suspension-2024", "paused"),
        ("x-grok-eea-suspended-2024", "paused"),
        ("linkedin-genai-announced-2025", "not_yet"),
        ("linkedin-genai-uk-before-pause-2024", "yes"),
        ("linkedin-genai-uk-2024", "paused"),
    ],
)
def test_the_eu_and_uk_claims_say_what_the_regulators_said(fact_id: str, training: str) -> None:
    fact = _fact(fact_id)
    assert fact.claim is not None and fact.claim.kind == "training" and fact.claim.training == training


def test_the_settings_switch_for_everywhere_covers_only_the_us_and_global() -> None:
    assert _fact("linkedin-optout-global-2024").regions == ("us", "global")
    for region, until in (("uk", date(2024, 9, 19)), ("hk", date(2024, 10, 10)), ("ca", date(2024, 12, 9))):
        fact = _fact(f"linkedin-optout-{region}-2024")
        assert fact.regions == (region,) and fact.valid_until == until
        assert fact.claim is not None and fact.claim.opt_out == "setting"


# Reprints of wire stories and thin aggregators the issue found presented as originals.
NOT_SOURCES = (
    "thestar.com.my",
    "newsmax.com",
    "geo.tv",
    "perthnow.com.au",
    "windowsreport.com",
    "ecommercebridge.ie",
    "ppc.land",
    "newsbytesapp.com",
)


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f.id)
def test_a_fact_rests_on_an_original_and_names_its_first_party_or_why_not(fact: Fact) -> None:
    hosts = [host_of(s.url) for s in fact.sources]
    assert not [h for h in hosts if h.endswith(NOT_SOURCES)], hosts
    assert not [s.url for s in fact.sources if "utm_" in s.url or "ref=" in s.url]
    first_party = [h for h in hosts if _first_party(h)]
    assert first_party or fact.first_party.startswith("none found: searched "), (fact.id, hosts)


def test_most_facts_of_these_platforms_cite_a_first_party_page() -> None:
    cited = [f for f in FACTS if any(_first_party(host_of(s.url)) for s in f.sources)]
    assert len(cited) / len(FACTS) >= 0.7, (len(cited), len(FACTS))


def test_every_first_party_policy_page_cited_is_watched() -> None:
    for fact in FACTS:
        for source in fact.sources:
            entry = REGISTRY.lookup(host_of(source.url))
            if entry is not None and entry.kind == "official":
                assert source.watch, (fact.id, source.url)


def _first_party(host: str) -> bool:
    # Open Terms Archive's note about X's terms is neither X, a regulator nor the NGO involved
    entry = REGISTRY.lookup(host)
    return entry is not None and entry.kind in FIRST_PARTY_KINDS and host != "opentermsarchive.org"


def _fact(fact_id: str) -> Fact:
    return next(f for f in FACTS if f.id == fact_id)


# Facts re-sourced to the platform's, the regulator's or the NGO's own page (read in stored copies), asked as a
# person would on the day their answer changed and on the day before; `host` is the first-party site the fact
# must now cite.
@dataclass(frozen=True)
class Resourced:
    """A question on a day, the fact that must answer it, the site it cites, and words the person must read."""

    question: str
    as_of: date | None
    fact: str
    host: str
    words: tuple[str, ...] = ()
    never: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.fact} @ {self.as_of or 'today'}"


SC_TRAINING = "Is SoundCloud training AI on my music?"
SC_OPT_OUT = "How do I opt out of SoundCloud AI training?"
DISCORD_POLICY = (
    "Did Discord change its privacy policy to feed my messages to AI?"  # no year: the day asked counts
)

RESOURCED = [
    # SoundCloud rewrote its terms on 21 May 2025: before, the CEO's letter of 14 May; from then, the terms.
    Resourced(
        SC_TRAINING, date(2025, 5, 20), "soundcloud-status-global-2025", "soundcloud.com", ("14 may 2025",)
    ),
    Resourced(
        SC_TRAINING,
        date(2025, 5, 21),
        "soundcloud-status-terms-global-2025",
        "soundcloud.com",
        ("21 may 2025", "replicate or synthesize your voice", "opt-in"),
    ),
    Resourced(
        SC_OPT_OUT,
        date(2025, 5, 20),
        "soundcloud-optout-global-2025",
        "soundcloud.com",
        ("revising its terms",),
    ),
    Resourced(
        SC_OPT_OUT,
        date(2025, 5, 21),
        "soundcloud-optin-terms-global-2025",
        "soundcloud.com",
        ("nothing to opt out of", "unless you opt in"),
        ("revising its terms",),
    ),
    Resourced(
        "Did SoundCloud change its terms to allow AI training on uploads?",
        None,
        "soundcloud-ai-terms-clause-2024",
        "soundcloud.com",
        ("february 2024", "21 may 2025"),
    ),
    Resourced(
        "Can I opt out of Stack Overflow sharing my answers with AI companies?",
        None,
        "stackoverflow-no-optout-global-2024",
        "stackoverflow.com",
        ("perpetual and irrevocable", "even after you remove it"),
    ),
    Resourced(
        "Is Stack Overflow giving my answers to OpenAI for AI training?",
        None,
        "stackoverflow-openai-global-2024",
        "stackoverflow.co",
        ("openai",),
    ),
    Resourced(
        DISCORD_POLICY,
        date(2023, 3, 9),
        "discord-ai-policy-global-2023",
        "discord.com",
        ("9 march 2023", "10 march 2023", "does not store or record voice or video content"),
    ),
    Resourced(
        "Does Bluesky train AI on my posts?",
        None,
        "bluesky-no-genai-training-global-2024",
        "bsky.app",
        ("no intention",),
    ),
    Resourced(
        "Did noyb file complaints about X training Grok on EU data?",
        date(2024, 8, 12),
        "x-noyb-complaints-eea-2024",
        "noyb.eu",
        ("nine countries",),
    ),
    Resourced(
        "Is the Irish DPC investigating X over training Grok on EU data?",
        date(2025, 4, 11),
        "x-dpc-inquiry-eea-2025",
        "dataprotection.ie",
        ("11 april 2025", "section 110"),
    ),
    Resourced(
        "Is LinkedIn sharing my data with Microsoft for ads from November 2025?",
        date(2025, 11, 3),
        "linkedin-microsoft-ads-global-2025",
        "linkedin.com",
        ("microsoft",),
    ),
    Resourced(
        "Which LinkedIn data is used for AI training, and are private messages included? I'm in Berlin",
        date(2025, 11, 3),
        "linkedin-data-categories-2025",
        "linkedin.com",
        ("private messages",),
    ),
]


@pytest.mark.parametrize("case", RESOURCED, ids=str)
def test_a_resourced_fact_answers_from_its_own_first_party_page(shared_privy: Privy, case: Resourced) -> None:
    check_dated(
        shared_privy, case.question, case.as_of, case.fact, words=case.words, never=case.never, host=case.host
    )


@pytest.mark.parametrize(
    ("question", "day_before", "fact_id"),
    [
        (SC_TRAINING, date(2025, 5, 20), "soundcloud-status-terms-global-2025"),
        (SC_OPT_OUT, date(2025, 5, 20), "soundcloud-optin-terms-global-2025"),
        (
            DISCORD_POLICY,
            date(2023, 3, 8),
            "discord-ai-policy-global-2023",
        ),
        (
            "Is the Irish DPC investigating X over training Grok on EU data?",
            date(2025, 4, 10),
            "x-dpc-inquiry-eea-2025",
        ),
    ],
)
def test_a_resourced_fact_is_not_shown_the_day_before_it_became_true(
    shared_privy: Privy, question: str, day_before: date, fact_id: str
) -> None:
    check_dated(shared_privy, question, day_before, None, absent=fact_id)


# New facts from the platforms' own pages (issue 18, point 7): who they answer, and what the person reads.
@dataclass(frozen=True)
class Covered:
    """A question from somewhere, the new fact that must answer it first, its lead and the words it must show."""

    question: str
    fact: str
    lead: str
    host: str
    words: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.question


COVERED = [
    Covered(
        "Does TikTok use my data to train its AI? I'm in Toronto",
        "tiktok-ml-training-ca-2025",
        "yes — tiktok trains ai",
        "tiktok.com",
        ("other regions", "machine learning models and algorithms"),
    ),
    Covered(
        "is tiktok training ai on my videos? im in sydney",
        "tiktok-ml-training-au-2025",
        "yes — tiktok trains ai",
        "tiktok.com",
        ("oaic",),
    ),
    Covered(
        "Does TikTok train AI on my videos? I live in Berlin",
        "tiktok-ml-training-eea-ch-2025",
        "yes — tiktok trains ai",
        "tiktok.com",
        ("legitimate interests", "right to object"),
    ),
    Covered(
        "How do I stop TikTok training AI on my data? I'm in France",
        "tiktok-objection-eea-ch-2025",
        "you can object in france",
        "tiktok.com",
        ("tiktok.com/legal/report/privacy",),
    ),
    Covered(
        "Can other companies or developers train AI on my Reddit posts?",
        "reddit-developer-terms-ai-global-2026",
        "",
        "redditinc.com",
        ("without our permission", "24 march 2026"),
    ),
]


@pytest.mark.parametrize("case", COVERED, ids=str)
def test_a_new_first_party_fact_answers_where_its_page_applies(shared_privy: Privy, case: Covered) -> None:
    check_dated(
        shared_privy, case.question, None, case.fact, words=case.words, lead=case.lead, host=case.host
    )


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        # the US has its own TikTok policy, and the UK a new one since 11 Nov 2026 that we have not read;
        # Brazil's policy we have not read either: none of these gets another region's policy
        ("Does TikTok use my data to train AI? I'm in Texas", "tiktok-ml-training-us-2026"),
        ("Does TikTok use my data to train AI? I'm in London", None),
        ("Does TikTok use my data to train AI? I'm in São Paulo", None),
    ],
)
def test_tiktok_regional_policies_do_not_answer_for_other_regions(
    shared_privy: Privy, question: str, fact_id: str | None
) -> None:
    answer = shared_privy.ask(question)
    shown = [f.id for f in answer.facts]
    others = {"tiktok-ml-training-eea-ch-2025", "tiktok-objection-eea-ch-2025", "tiktok-ml-training-ca-2025"}
    assert not others & set(shown), shown
    if fact_id:
        assert shown[:1] == [fact_id], shown


@pytest.mark.parametrize(
    ("day", "fact_id"),
    [(date(2026, 11, 10), "tiktok-ml-training-uk-2025"), (date(2026, 11, 11), None)],
)
def test_tiktoks_uk_answer_ends_when_its_new_uk_policy_took_effect(
    shared_privy: Privy, day: date, fact_id: str | None
) -> None:
    question = "Does TikTok use my data to train AI? I'm in Manchester"
    if fact_id:
        check_dated(
            shared_privy, question, day, fact_id, words=("11 november 2026",), lead="yes — tiktok trains ai"
        )
    else:
        check_dated(shared_privy, question, day, None, absent="tiktok-ml-training-uk-2025")


SESSION_PLATFORMS = ("discord", "stackoverflow", "bluesky", "soundcloud", "tiktok", "pinterest", "reddit")


@pytest.mark.parametrize(
    "fact", [f for f in FACTS_ALL if f.platform in SESSION_PLATFORMS], ids=lambda f: f.id
)
def test_help_centre_pages_are_cited_in_english(fact: Fact) -> None:
    # Discord's Clyde and Data Privacy Controls articles were cited in Hindi- and German-locale copies
    for source in fact.sources:
        locale = re.search(r"/hc/([a-z]{2}(?:-[a-z]{2})?)/", source.url)
        assert locale is None or locale.group(1).startswith("en"), source.url


@pytest.mark.parametrize(("day", "shown"), [(date(2025, 9, 28), False), (date(2025, 9, 29), True)])
def test_discords_own_models_are_answered_from_its_privacy_policy_of_29_september_2025(
    shared_privy: Privy, day: date, shown: bool
) -> None:
    question = "Does Discord use my posts to build AI models?"
    fact = "discord-safety-models-global-2025"
    if shown:
        words = ("to create systems and models", "public posts", "voice or video calls")
        check_dated(
            shared_privy, question, day, fact, words=words, lead="yes — since 29 sep 2025", host="discord.com"
        )
    else:
        check_dated(shared_privy, question, day, None, absent=fact)


OAIC_QUESTION = "What did Australia's privacy regulator say about X training Grok?"


@pytest.mark.parametrize(
    ("day", "fact_id", "host", "words"),
    [
        (date(2024, 10, 20), "x-oaic-au-2024", "abc.net.au", ("initial phases",)),
        (
            date(2024, 10, 21),
            "x-oaic-au-guidance-2024",
            "oaic.gov.au",
            ("october 2024 guidance", "reasonably expect"),
        ),
    ],
)
def test_the_oaics_own_guidance_answers_from_the_day_it_was_published(
    shared_privy: Privy, day: date, fact_id: str, host: str, words: tuple[str, ...]
) -> None:
    check_dated(shared_privy, OAIC_QUESTION, day, fact_id, words=words, host=host)

"""Follow-ups ("and in the UK?", "what about Meta?", "how do I do that?"): the previous answer's platform,
topic and region, carried as a short token in Privy's own reply, so no one's message is kept anywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.model import TOPICS, Answer
from knowledge.places import resolve_region
from knowledge.reading.intent import asks_where, is_how_to
from knowledge.reading.words import fold, words

TOKEN_PREFIX = "ref "
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_TOKEN = re.compile(r"\bref ([a-z0-9-]*)/([a-z-]*)/([a-z]*)/([a-z0-9,-]*)")
_LEAD_IN = re.compile(
    r"^\W*(and|also|plus|but|so|ok(ay)?|then|what about|how about|same (for|in|with)|what if|and what about|"
    r"and how about|is it the same|does that apply|what for|in|for|now)\b"
)
_DO_THAT = re.compile(
    r"\b(do|stop|turn off|switch off|change|undo|disable|block|opt out of) (that|this|it)\b"
    r"|\b(that|this|it|there|then)\W*$"
)
_POINTS_BACK = re.compile(r"\b(it|that|this|them|they|the same|too|as well|also|either)\b")
MAX_FOLLOW_UP_WORDS = 8
MAX_PLACE_WORDS = 6
# A question for a topic, with the platform's name: what a follow-up asks when it names only a change.
_ASK = {
    "status": "Is {p} using my posts to train AI?",
    "opt-out": "How do I stop {p} using my data to train AI?",
    "objection": "How do I object to {p} using my data for AI?",
    "regulator": "Is a regulator investigating {p} over AI training?",
    "timeline": "When did {p} start training AI on my data?",
    "background": "Is {p} using my posts to train AI?",
    "regions": "In which countries is {p} training AI on people's data?",
}


@dataclass(frozen=True)
class Context:
    """What a follow-up needs from the answer before it: platform, topic, region and the facts shown."""

    platform: str | None = None
    topic: str | None = None
    region: str | None = None
    fact_ids: tuple[str, ...] = ()

    @classmethod
    def of(cls, answer: Answer) -> Context | None:
        """The context an answer leaves for the next question, or None when it leaves none."""
        if answer.reply_kind == "which_platform":  # "Which platform?": a reply naming one asks the same
            return cls(None, answer.topic, None if answer.region_shown else answer.region)
        if answer.platform is None and not answer.facts:
            return None
        topic = answer.topic or (answer.facts[0].topic if answer.facts else None)
        ids = tuple(f.id for f in answer.facts[:2] if _SLUG.match(f.id))
        region = None if answer.region_shown else answer.region  # a hidden saved region stays hidden
        return cls(answer.platform, topic, region, ids)

    def token(self) -> str:
        """'ref linkedin/status/uk/linkedin-genai-uk-2025': short, in Privy's own reply, read back by from_text."""
        return f"{TOKEN_PREFIX}{self.platform or ''}/{self.topic or ''}/{self.region or ''}/{','.join(self.fact_ids)}"

    @classmethod
    def from_text(cls, text: str | None) -> Context | None:
        """The context in a reply's footer or last line, or None when there is none (not ours, or edited)."""
        m = _TOKEN.search(text or "")
        if m is None:
            return None
        platform, topic, region, ids = m.groups()
        if topic and topic not in (*TOPICS, "regions"):
            topic = ""
        return cls(platform or None, topic or None, region or None, tuple(i for i in ids.split(",") if i))


@dataclass(frozen=True)
class FollowUp:
    """A follow-up spelt out: the question to answer and the region it is for."""

    question: str
    region: str | None
    platform: str | None


def names_only_a_place(text: str) -> bool:
    """'I'm in Germany', 'uk', 'Leeds here': an answer to "Where are you?", not a new question."""
    return len(words(text)) <= MAX_PLACE_WORDS and resolve_region(text) is not None


def is_follow_up(text: str, *, names_platform: bool, names_region: bool, complete: bool = False) -> bool:
    """Short and leaning on what came before: 'and in the UK?', 'what about Meta?', 'how do I do that?'.

    `complete`: the text names a platform and asks something of its own ("how do i delete my facebook
    account"): unless it leans on what came before ("it", "that", "and..."), it stands on its own."""
    lowered = fold(text)
    n = len(words(lowered))
    if n > MAX_FOLLOW_UP_WORDS * 2:
        return False
    if _LEAD_IN.match(lowered) or _DO_THAT.search(lowered):
        return True
    if names_platform and complete and not _POINTS_BACK.search(lowered):
        return False
    return n <= MAX_FOLLOW_UP_WORDS and (names_region or names_platform) and not _has_subject(lowered)


def _has_subject(lowered: str) -> bool:
    """Whether a short question says what it is about ('train', 'opt out', 'data'): then it stands alone."""
    return re.search(r"\btrain|\bopt|\bdata\b|\bposts?\b|\bai\b|\bchats?\b|\bphotos?\b", lowered) is not None


def spell_out(
    text: str,
    context: Context,
    *,
    platform: str | None,
    platform_name: str | None,
    region: str | None,
) -> FollowUp | None:
    """The follow-up as a whole question: its own platform or the last one, its topic or the last one."""
    platform = platform or context.platform
    if platform is None or platform_name is None:
        return None
    if is_how_to(text):
        topic = "opt-out"
    elif asks_where(text):
        topic = "regions"
    else:
        topic = context.topic or "status"
    question = _ASK.get(topic, _ASK["status"]).format(p=platform_name)
    return FollowUp(question, region or context.region, platform)

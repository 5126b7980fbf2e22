"""What kind of data a question asks about and a claim speaks of: "my tweets" and "public posts" are both
posts, "my photos" and "Gemini chats" are not. A claim on other data than was asked never says yes or no."""

from __future__ import annotations

from collections.abc import Iterable

from knowledge.reading.words import words

# Words a person or a fact uses for one kind of data. Words for any data ("data", "content", "stuff",
# "information") are in none: a claim in those words covers every kind, and a question in them asks of all.
_KINDS: dict[str, str] = {
    "posts": """post posts tweet tweets toot toots reblog reblogs status statuses article articles blog blogs
        story stories answer answers question questions comment comments reply replies caption captions thread
        threads""",
    "photos": """photo photos picture pictures pic pics image images selfie selfies art artwork artworks
        drawing drawings illustration illustrations deviation deviations portfolio""",
    "videos": """video videos reel reels short shorts clip clips vod vods stream streams livestream
        livestreams""",
    "messages": """message messages dm dms chat chats conversation conversations inbox text texts prompt
        prompts response responses input inputs output outputs interaction interactions""",
    "voice": """voice recording recordings audio speech call calls meeting meetings""",
    "code": """code coding repo repos repository repositories snippet snippets commit commits""",
    "files": """file files document documents doc docs upload uploads attachment attachments note notes
        design designs draft drafts""",
    "profile": """profile profiles cv cvs resume resumes""",
    "emails": """email emails e-mail e-mails mail gmail""",
    "music": """music song songs track tracks playlist playlists listening""",
    "searches": """search searches browsing""",
}
_KIND_OF: dict[str, str] = {word: kind for kind, said in _KINDS.items() for word in said.split()}
# A post may be a photo or a video: a claim on public posts speaks of the photos posted, and the reverse.
_ALSO: dict[str, frozenset[str]] = {
    "posts": frozenset({"photos", "videos"}),
    "photos": frozenset({"posts"}),
    "videos": frozenset({"posts"}),
}


def data_kinds(text: str) -> frozenset[str]:
    """The kinds of data the words name ("my tweets and DMs" -> posts, messages); empty: none in particular."""
    return frozenset(kind for word in words(text) if (kind := _KIND_OF.get(word)) is not None)


def claim_fits(asked: frozenset[str], claimed: Iterable[str]) -> bool:
    """Whether a claim on `claimed` (its data, as the pack says it) answers a question on `asked` kinds: yes
    when either names no kind in particular, or they share one."""
    kinds = frozenset().union(*(data_kinds(item) for item in claimed))
    if not asked or not kinds:
        return True
    return bool(kinds & asked.union(*(_ALSO.get(kind, frozenset()) for kind in asked)))

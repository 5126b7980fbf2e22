"""knowledge/store/search_index.py as tables: the rows written beside each fact, and when they are rebuilt."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge.service import Privy
from knowledge.store import search_index, search_rows
from knowledge.store.db import write
from knowledge.store.search_index import (
    NO_PLATFORM,
    fingerprint,
    is_current,
    join_texts,
    platform_token,
    split_texts,
    texts_of,
)
from tests.knowledge.small_base import MOD, TODAY, small_privy


@pytest.fixture
def privy() -> Privy:
    return small_privy()


def _row(privy: Privy, fact_id: str) -> dict[str, Any]:
    return next(privy.db.query("select * from search_facts where fact_id = ?", [fact_id]))


@pytest.mark.parametrize(
    ("platform", "token"), [("linkedin", "pf-linkedin"), (None, NO_PLATFORM), ("", NO_PLATFORM)]
)
def test_platform_token(platform: str | None, token: str) -> None:
    assert platform_token(platform) == token


@pytest.mark.parametrize(
    ("data", "texts"),
    [
        ({"question": "Is LinkedIn training AI on my posts?"}, [["ai", "linkedin", "post", "train"]]),
        ({"question": "Posts, posts and POSTS"}, [["post"]]),  # distinct words, stemmed, lower case
        ({"question": "Opt-out?", "variants": ["the opt-out form"]}, [["opt-out"], ["form", "opt-out"]]),
        ({}, [[]]),
    ],
)
def test_texts_of(data: dict[str, Any], texts: list[list[str]]) -> None:
    assert texts_of(data) == texts


@pytest.mark.parametrize("texts", [[["ai", "post"], ["linkedin"]], [["one"]], [[]]])
def test_texts_are_stored_and_read_back(texts: list[list[str]]) -> None:
    assert split_texts(join_texts(texts)) == tuple(tuple(t) for t in texts)


@pytest.mark.parametrize(
    ("fact_id", "expected"),
    [
        ("linkedin-status-uk", {"platform": "linkedin", "topic": "status", "retired": 0, "regions": "uk",
                                "valid_from": "2025-11-03", "valid_until": None}),
        ("linkedin-status-uk-paused", {"valid_from": None, "valid_until": "2025-11-02"}),
        ("ico-guidance", {"platform": None, "topic": "regulator", "regions": "uk"}),
        ("zoom-old", {"retired": 1}),  # retired facts keep their row, flagged (moderators search them)
    ],
)  # fmt: skip
def test_each_fact_has_a_row_of_what_ranking_needs(privy: Privy, fact_id: str, expected: dict) -> None:
    row = _row(privy, fact_id)
    assert {k: row[k] for k in expected} == expected


def test_words_hold_the_platform_token_and_every_text_word(privy: Privy) -> None:
    rowid = _row(privy, "zoom-calls")["rowid"]
    words, answer = privy.db.execute(
        "select words, answer from search_words where rowid = ?", [rowid]
    ).fetchone()
    assert words.split() == [
        "pf-zoom",
        "sc--",
        "ai",
        "call",
        "meet",
        "recording",
        "train",
        "zoom",
    ]  # sc--: shared
    assert "model" in answer.split()  # the answer's words, for /fact search only


def test_a_save_rewrites_one_row_in_the_same_transaction(privy: Privy) -> None:
    before = _row(privy, "zoom-calls")
    _, rev = privy.store.get("zoom-calls")
    entry = {**_entry(privy, "zoom-calls"), "question": "Does Zoom train AI on my webinars?"}
    privy.store.save(entry, MOD, base_rev=rev, today=TODAY)
    after = _row(privy, "zoom-calls")
    assert after["rowid"] == before["rowid"]
    assert "webinar" in after["texts"] and "call" not in after["texts"].split("|")[0]
    assert privy.db.execute("select count(*) from search_words").fetchone()[0] == privy.store.count()
    hits = privy.db.execute("select rowid from search_words where search_words match 'webinar'").fetchall()
    assert hits == [(before["rowid"],)]


def test_vocab_counts_facts_per_word_in_questions_only(privy: Privy) -> None:
    df = dict(privy.db.execute("select term, doc from search_vocab where col = 'words'").fetchall())
    assert df["linkedin"] == 4 and df["pf-linkedin"] == 4 and df["zoom"] == 2
    assert "setting" not in df  # a word of answers only


def test_a_platforms_rows_using_a_word_are_those_whose_texts_have_it(privy: Privy) -> None:
    """The `platform'word` terms (column pwords) find exactly the platform's rows whose texts use the
    word, retired ones too; with no platform, every row's."""
    rows = privy.db.execute("select rowid, platform, texts from search_facts").fetchall()
    words = {w for _, _, texts in rows for w in texts.replace("|", " ").split()}
    for platform in {p for _, p, _ in rows} | {None}:
        for word in words:
            expected = {
                r
                for r, p, texts in rows
                if (platform is None or p == platform) and word in texts.replace("|", " ").split()
            }
            assert set(search_rows.rows_using(privy.db, platform, word)) == expected, (platform, word)
        # several words in one statement: each word's rows, as one at a time
        each = search_rows.rows_using_each(privy.db, platform, sorted(words))
        assert each == [search_rows.rows_using(privy.db, platform, word) for word in sorted(words)], platform


def _fts_counts(privy: Privy) -> dict[str, int]:
    rows = privy.db.execute("select term, doc from search_vocab where col = 'words'").fetchall()
    return {t: n for t, n in rows if not t.startswith(("pf-", "sc-"))}


def test_the_word_counts_kept_by_writes_are_fts5s_own(privy: Privy) -> None:
    """search_counts, read at every start instead of walking FTS5's index, counts what FTS5 counts after
    edits, a word dropped, a retirement, a server's own fact and a rebuild."""
    assert dict(search_rows.vocabulary(privy.db)) == _fts_counts(privy)
    _, rev = privy.store.get("zoom-calls")
    entry = {**_entry(privy, "zoom-calls"), "question": "Does Zoom train AI on my webinars?", "variants": []}
    privy.store.save(entry, MOD, base_rev=rev, today=TODAY)
    privy.store.retire("linkedin-status-uk", "gone", MOD)
    own = {**_entry(privy, "zoom-calls"), "id": "town-zoom", "question": "Does Zoom train on town halls?"}
    privy.scoped("42").store.save(own, MOD, today=TODAY)
    counts = dict(search_rows.vocabulary(privy.db))
    assert counts == _fts_counts(privy)
    assert counts["webinar"] == 1 and counts["town"] == 1 and "recording" not in counts
    with write(privy.db):
        search_index.rebuild(privy.db)
    assert dict(search_rows.vocabulary(privy.db)) == counts


def test_rebuild_gives_the_rows_writes_gave(privy: Privy) -> None:
    rows = list(privy.db.query("select fact_id, platform, topic, retired, regions, texts from search_facts"))
    with write(privy.db):
        assert search_index.rebuild(privy.db) == privy.store.count()
    again = list(privy.db.query("select fact_id, platform, topic, retired, regions, texts from search_facts"))
    assert sorted(again, key=str) == sorted(rows, key=str)
    assert is_current(privy.db)


def test_a_new_way_of_reading_words_rebuilds_the_tables_on_open(privy: Privy) -> None:
    assert is_current(privy.db) and len(fingerprint()) == 16
    privy.db.execute("update meta set value = 'stale' where key = 'search_fingerprint'")
    privy.db.execute("delete from search_facts")
    assert not is_current(privy.db)
    reopened = Privy(privy.db, seed=False, today=lambda: TODAY)
    assert is_current(reopened.db)
    assert reopened.db.execute("select count(*) from search_facts").fetchone()[0] == privy.store.count()


def _entry(privy: Privy, fact_id: str) -> dict[str, Any]:
    from knowledge.model import fact_as_pack_entry

    return fact_as_pack_entry(privy.store.get(fact_id)[0])

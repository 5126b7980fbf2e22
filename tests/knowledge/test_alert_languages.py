"""Alert notices in the language of the channel they are for (issue 20): computed once in it, saying
which, while the shared log of changes stays English whoever saves; a server's new locale moves only its
own channels, and a pass where none changed writes nothing."""

from __future__ import annotations

import json
from datetime import date

import pytest

from knowledge.i18n.speaking import speaking
from knowledge.model import fact_as_pack_entry
from knowledge.service import Privy
from knowledge.store import alerts as store
from tests.knowledge.claims_base import MOD, Clock, claims_privy

POLISH, ENGLISH = "111", "222"


@pytest.fixture
def privy() -> Privy:
    """A Polish server's channel and an English one's, both on Norra in Germany, subscribed on 12 May 2025
    and ticked on the 13th, 14 days before Norra's objection deadline."""
    clock = Clock(date(2025, 5, 12))
    privy = claims_privy(today=clock)
    privy.scoped(POLISH).subscribe_alerts(POLISH, "1", regions="de", lang="pl")
    privy.scoped(ENGLISH).subscribe_alerts(ENGLISH, "2", regions="de", lang="en-GB")
    clock.day = date(2025, 5, 13)
    return privy


def notices(privy: Privy, table: str = "alert_outbox") -> list[dict[str, object]]:
    return [json.loads(n) for (n,) in privy.db.execute(f"select notice from {table} order by id").fetchall()]


def test_a_deadline_notice_is_written_in_each_channels_language(privy: Privy) -> None:
    assert privy.alerts.tick() == 2
    polish, english = notices(privy)
    assert (polish["lang"], english["lang"]) == ("pl", "en")
    assert str(polish["now"]).startswith("Pozostało dni: 14; termin upływa 27 maja 2025.")
    assert str(english["now"]).startswith("14 days left: the deadline is 27 May 2025.")


def test_a_save_in_another_language_logs_the_change_in_english(privy: Privy) -> None:
    privy.alerts.tick()
    logged, posted = len(notices(privy, "answer_changes")), len(notices(privy))
    fact, _ = privy.store.get("norra-objection-eea")
    with speaking("de"):  # whoever saves, in whatever language their reply was in
        privy.store.save(
            {**fact_as_pack_entry(fact), "claim": {"kind": "opt_out", "opt_out": "setting"}}, MOD
        )
    [log] = notices(privy, "answer_changes")[logged:]
    assert log["lang"] == "en" and str(log["now"]).startswith("You can opt out with a setting.")
    polish, english = notices(privy)[posted:]
    assert polish["lang"] == "pl" and str(polish["now"]).startswith("Możesz się sprzeciwić w ustawieniach")
    assert english["lang"] == "en" and english["now"] == log["now"]


def test_a_server_that_changes_its_locale_moves_only_its_own_channels(privy: Privy) -> None:
    assert privy.alerts.follow_locales({int(POLISH): "pl", int(ENGLISH): "en-US"}) == 0
    assert privy.alerts.follow_locales({int(POLISH): "ja", int(ENGLISH): "en-US"}) == 1
    langs = {s.guild_id: s.lang for s in store.subscriptions(privy.db)}
    assert langs == {POLISH: "ja", ENGLISH: "en"}
    assert privy.alerts.follow_locales({int(ENGLISH): "sv-SE"}) == 0  # not spoken: English, as it was

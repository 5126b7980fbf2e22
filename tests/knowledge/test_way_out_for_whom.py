"""The way out shown beside a training claim is the one for the same people (issue 17, point 3), and an alert
whose one-line summary did not change says what did (made-up facts)."""

from __future__ import annotations

from datetime import date
from typing import Any

from knowledge.alerts.notice import change_notice
from knowledge.answers.regional import RegionRow, region_groups, rows_for
from knowledge.answers.status_view import row_cells
from knowledge.model import Fact
from knowledge.packs.format import parse_fact

DAY = date(2026, 6, 1)


def fact(fid: str, claim: dict[str, Any], **more: Any) -> Fact:
    topic = "status" if claim["kind"] == "training" else "opt-out"
    return parse_fact(
        {
            "id": fid,
            "platform": "velora",
            "regions": ["global"],
            "topic": topic,
            "question": f"What about {fid}?",
            "answer": "Velora's own page says so.",
            "sources": [{"url": "https://velora.example.com/help", "title": "Help", "publisher": "Velora"}],
            "verified": "2026-05-01",
            "claim": claim,
            **more,
        }
    )


TRAINS_CHATS = fact("velora-chats", {"kind": "training", "training": "yes", "data": ["chats"]})
# Sorted first by id, and a setting like the chat one: only whom it is for tells them apart.
ROBOTS = fact("velora-a-robots", {"kind": "opt_out", "opt_out": "setting", "who": "website owners"})
CHAT_SETTING = fact("velora-z-setting", {"kind": "opt_out", "opt_out": "setting"}, steps=["Settings", "Off"])


def test_the_chat_setting_not_the_website_owners_line_is_the_way_out_of_chat_training() -> None:
    (group,) = region_groups([TRAINS_CHATS, ROBOTS, CHAT_SETTING])
    assert group.opt_out is CHAT_SETTING
    assert rows_for([TRAINS_CHATS, ROBOTS, CHAT_SETTING], DAY, ["global"])["global"].opt_out is CHAT_SETTING


def test_a_plans_own_way_out_comes_before_one_for_everyone_and_another_plans() -> None:
    single = fact("velora-single", {"kind": "training", "training": "yes", "who": "single users"})
    admins = fact("velora-a-admins", {"kind": "opt_out", "opt_out": "setting", "who": "business admins"})
    own = fact("velora-b-single-out", {"kind": "opt_out", "opt_out": "form", "who": "single users"})
    (group,) = region_groups([single, admins, own, CHAT_SETTING])
    assert group.opt_out is own


def test_the_only_way_out_is_shown_even_when_it_is_for_others() -> None:
    (group,) = region_groups([TRAINS_CHATS, ROBOTS])
    assert group.opt_out is ROBOTS


def test_an_alert_whose_summary_is_unchanged_says_the_steps_changed() -> None:
    other_steps = fact(
        "velora-y-setting", {"kind": "opt_out", "opt_out": "setting"}, steps=["Profile", "Off"]
    )
    before = RegionRow(("global",), TRAINS_CHATS, other_steps)
    after = RegionRow(("global",), TRAINS_CHATS, CHAT_SETTING)
    notice = change_notice("velora", "Velora", ("global",), before, after, DAY, "edit velora-z-setting")
    assert notice.now == "Yes — Velora trains AI on chats. You can opt out with a setting."
    assert notice.before == "The same as now, with other steps."
    assert notice.steps == ("Settings", "Off")


def test_the_status_row_says_whom_a_claim_and_a_way_out_for_others_are_for() -> None:
    plan = fact("velora-plan", {"kind": "training", "training": "yes", "data": ["chats"], "who": "Free plan"})
    cells = row_cells(RegionRow(("global",), plan, ROBOTS))
    assert cells["training"] == "trains (chats; Free plan)"
    assert cells["opt_out"] == "a setting (website owners)"
    own = fact("velora-plan-out", {"kind": "opt_out", "opt_out": "setting", "who": "Free plan"})
    assert row_cells(RegionRow(("global",), plan, own))["opt_out"] == "a setting"


def test_no_way_out_for_others_is_shown_beside_a_claim_that_they_are_not_trained_on() -> None:
    not_trained = fact("velora-no", {"kind": "training", "training": "no", "data": ["chats"]})
    (group,) = region_groups([not_trained, ROBOTS])
    assert group.training is not_trained and group.opt_out is None
    assert rows_for([not_trained, ROBOTS], DAY, ["global"])["global"].opt_out is None
    (kept,) = region_groups([not_trained, CHAT_SETTING])  # a way out for everyone stays
    assert kept.opt_out is CHAT_SETTING

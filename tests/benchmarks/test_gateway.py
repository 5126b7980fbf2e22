"""The gateway benchmark end to end at a tiny size: the harness keeps working as the bot changes.

No speed is asserted (that is make bench's); what is checked is that both bots log in to every server,
answer /ask, and that only the bot of issue 23 drops the chatter before discord.py builds objects.
"""

from __future__ import annotations

import pytest

from benchmarks import gateway


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("gateway") / "GATEWAY.md"
    assert (
        gateway.main(["--servers", "60", "--rates", "300", "--step", "1", "--record", "--out", str(out)]) == 0
    )
    return out.read_text(encoding="utf-8")


def _table(text: str, header: str) -> list[list[str]]:
    """The rows for 60 servers of the table whose header starts with `header`."""
    block = text.split(header, 1)[1].split("\n\n", 1)[0]
    return [
        [c.strip() for c in line.strip("|").split("|")]
        for line in block.splitlines()
        if line.startswith("| 60 |")
    ]


def test_both_bots_log_in_and_only_the_new_one_drops_chatter(recorded: str) -> None:
    summary = {row[1]: row for row in _table(recorded, "| servers | bot | logged in s")}
    assert set(summary) == {"before", "now"}
    assert summary["before"][7] == "0"
    assert int(summary["now"][7].replace(",", "")) >= 250  # about 300 messages in the 1 s step, all chatter
    steps = _table(recorded, "| servers | bot | asked msgs/s")
    assert [(row[1], row[2], row[6]) for row in steps] == [("before", "300", "0"), ("now", "300", "0")]


def test_the_record_says_how_to_run_it_and_the_targets(recorded: str) -> None:
    assert "`python -m benchmarks.gateway --servers 60 --rates 300 --step 1 --record --out" in recorded
    assert "Targets (issue 23):" in recorded and "messages/s with /ask p95 < 100 ms" in recorded
    assert "load average" in recorded

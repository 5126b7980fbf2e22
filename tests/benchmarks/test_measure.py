"""The benchmark's measuring tools measure what they say: a stall is a stall, a percentile a percentile."""

from __future__ import annotations

import asyncio
import time

import pytest

from benchmarks.generate import Question
from benchmarks.measure import LONG_QUESTION_CHARS, _longest_stall, long_question, pct


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        ([5.0], 50, 5.0),
        ([3.0, 1.0, 2.0], 50, 2.0),
        ([float(v) for v in range(1, 101)], 99, 99.0),
        ([float(v) for v in range(1, 101)], 100, 100.0),
    ],
)
def test_pct(values: list[float], p: int, expected: float) -> None:
    assert pct(values, p) == expected


def test_a_call_on_the_loop_stalls_it_and_one_on_a_thread_does_not() -> None:
    async def on_loop() -> None:
        time.sleep(0.2)  # blocks the loop, as a save made on it did

    async def off_loop() -> None:
        await asyncio.to_thread(time.sleep, 0.2)

    took, stall = asyncio.run(_longest_stall(on_loop))
    assert took >= 0.2 and stall >= 0.15
    took, stall = asyncio.run(_longest_stall(off_loop))
    assert took >= 0.2 and stall < 0.15


def test_the_long_question_is_a_post_of_the_issues_length() -> None:
    questions = [
        Question(f"Is platform {n} training AI on my posts? I'm in Leeds.", "f", ("plain",))
        for n in range(60)
    ]
    text = long_question(questions)
    assert len(text) == LONG_QUESTION_CHARS and text.startswith(questions[0].text)

"""How many server messages one bot process can ignore while /ask stays fast, before and after issue 23.

    python -m benchmarks.gateway [--servers 5000,20000] [--rates 2000,5000,10000,20000] [--step 4] [--record]
    GATEWAY_SERVERS=5000 make bench

For each size, the same run twice, side by side: the bot as it was before (`--before`: every message built
into discord.py objects, the cache never frozen) and as it is now. A fake Discord (benchmarks.gateway_fake,
this process, one core) holds the servers, one shard per 1,000 as Discord assigns them; the real bot
(benchmarks.gateway_bot, its own process on the other core) logs in, caches them, and is then flooded
with server chatter at rising rates while a member runs /ask ten times a second. A step's /ask time is
from the INTERACTION_CREATE being sent until the bot's callback arrives (Discord allows 3 s). Then, in
the bot, one full collection is timed. Capacity is the highest rate delivered in full (98%) whose /ask p95
stays under 100 ms. With --record the tables are also written to benchmarks/GATEWAY.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from aiohttp import web

from benchmarks.gateway_fake import FakeGateway
from benchmarks.report import machine

PROJECT = Path(__file__).resolve().parent.parent
RECORD = Path(__file__).resolve().parent / "GATEWAY.md"
SERVERS = (5000, 20000)
RATES = (2000, 5000, 10000, 15000, 20000)
SERVERS_PER_SHARD = 1000
ASKS_PER_S = 10
FAST_MS = 100.0  # /ask p95 under this counts as keeping up
KEPT_UP = 0.98  # ... with at least this share of the asked rate delivered
DEADLINE_MS = 3000.0  # Discord's interaction deadline
TARGET_RATE = 10_000  # messages a second, issue 23
TARGET_GC_MS = 50.0  # a full collection at 20k servers
QUESTIONS = (
    "Is LinkedIn training AI on my posts? I'm in Leeds",
    "how do I stop Meta using my photos for AI, I live in Berlin",
    "does Slack train on my messages",
    "can I opt out of ChatGPT training",
)


@dataclass
class Step:
    rate: int
    delivered: float
    p50_ms: float
    p95_ms: float
    late: int  # answers after Discord's 3 s, or none
    cpu_us: float = 0.0  # the bot's CPU time per message delivered in this step (asks included)


@dataclass
class Run:
    servers: int
    mode: str
    ready_s: float = 0.0
    steps: list[Step] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def capacity(self) -> float:
        """The highest rate the bot kept up with: delivered in full (the fake's own timing loses a few
        tenths of a percent; a bot that falls behind slows the sender far more) with /ask p95 under
        FAST_MS. 0 if none."""
        kept_up = [
            s for s in self.steps if s.delivered >= KEPT_UP * s.rate and s.p95_ms < FAST_MS and not s.late
        ]
        return float(max((s.rate for s in kept_up), default=0))


async def _line(stream: asyncio.StreamReader, timeout: float) -> dict[str, Any]:
    while True:
        raw = await asyncio.wait_for(stream.readline(), timeout)
        if not raw:
            raise RuntimeError("the bot process ended early")
        text = raw.decode().strip()
        if text.startswith("{"):
            return json.loads(text)


async def _ask_bot(bot: asyncio.subprocess.Process, command: str) -> dict[str, Any]:
    """Send the bot process a command on stdin and read its JSON answer."""
    assert bot.stdin is not None and bot.stdout is not None
    bot.stdin.write(command.encode() + b"\n")
    await bot.stdin.drain()
    return await _line(bot.stdout, timeout=120)


async def _ask_during(fake: FakeGateway, seconds: float, counter: list[int]) -> list[str]:
    asked = []
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        counter[0] += 1
        asked.append(await fake.ask(QUESTIONS[counter[0] % len(QUESTIONS)], counter[0] % fake.servers))
        await asyncio.sleep(1 / ASKS_PER_S)
    return asked


async def _step(
    fake: FakeGateway, rate: int, seconds: float, bodies: list[tuple[int, str]], counter: list[int]
) -> Step:
    asking = asyncio.create_task(_ask_during(fake, seconds, counter))
    delivered = await fake.flood(rate, seconds, bodies)
    asked = await asking
    deadline = time.monotonic() + DEADLINE_MS / 1000
    while time.monotonic() < deadline and not all(i in fake.answered for i in asked):
        await asyncio.sleep(0.05)
    times = [(fake.answered.get(i, math.inf) - fake.started[i]) * 1000 for i in asked]
    late = sum(t > DEADLINE_MS for t in times)
    times.sort()
    p95 = times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
    await asyncio.sleep(1.0)  # let a bot that fell behind drain before the next step
    return Step(rate, delivered, statistics.median(times), p95, late)


async def measure(servers: int, mode: str, rates: tuple[int, ...], step_s: float, db: str) -> Run:
    fake = FakeGateway(servers, shard_count=max(1, math.ceil(servers / SERVERS_PER_SHARD)))
    runner = web.AppRunner(fake.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    fake.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    args = [str(fake.port), str(fake.shard_count), db] + (["--before"] if mode == "before" else [])
    bot = await asyncio.create_subprocess_exec(
        *(os.environ.get("GATEWAY_BOT_CMD", f"{sys.executable} -m benchmarks.gateway_bot").split()),
        *args,
        cwd=PROJECT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert bot.stdout is not None and bot.stdin is not None
    run = Run(servers, mode)
    try:
        ready = await _line(bot.stdout, timeout=900)
        run.ready_s = ready["ready_s"]
        bodies = fake.message_bodies()
        counter = [0]
        await _step(fake, 0, 2.0, bodies, counter)  # warm-up: the first questions load the index
        for rate in rates:
            cpu_before = await _ask_bot(bot, "cpu")
            sent_before = fake.sent
            step = await _step(fake, rate, step_s, bodies, counter)
            used = (await _ask_bot(bot, "cpu"))["cpu_s"] - cpu_before["cpu_s"]
            step.cpu_us = used / max(1, fake.sent - sent_before) * 1e6
            run.steps.append(step)
            print(
                f"  {servers:,} servers, {mode}: {rate:,}/s asked, {step.delivered:,.0f}/s delivered, "
                f"/ask p95 {step.p95_ms:,.0f} ms, {step.late} late, {step.cpu_us:.0f} µs CPU a message",
                file=sys.stderr,
                flush=True,
            )
            if step.late > len(QUESTIONS):
                break  # most answers miss Discord's deadline: higher rates say nothing more
        run.stats = await _ask_bot(bot, "stats")
        bot.stdin.write(b"quit\n")
        await bot.stdin.drain()
        await asyncio.wait_for(bot.wait(), 60)
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
        await runner.cleanup()
    return run


def _seeded_db(folder: str) -> str:
    """The embedded pack in a base both runs share (seeded once, so neither pays for it)."""
    from knowledge.service import Privy

    path = os.path.join(folder, "privy.db")
    Privy(path).db.conn.close()
    return path


def report(runs: list[Run]) -> str:
    lines = [
        "| servers | bot | logged in s | capacity msgs/s | full collection ms | frozen objects | RSS MB | dropped |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        s = r.stats
        lines.append(
            f"| {r.servers:,} | {r.mode} | {r.ready_s:.1f} | {r.capacity:,.0f} | {s.get('gc_full_ms', 0):,.1f} | "
            f"{s.get('frozen', 0):,} | {s.get('rss_mb', 0):,} | {s.get('dropped', 0):,} |"
        )
    lines += [
        "",
        "| servers | bot | asked msgs/s | delivered msgs/s | /ask p50 ms | /ask p95 ms | over 3 s | bot CPU µs a message |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        for st in r.steps:
            lines.append(
                f"| {r.servers:,} | {r.mode} | {st.rate:,} | {st.delivered:,.0f} | {st.p50_ms:,.1f} | "
                f"{st.p95_ms:,.1f} | {st.late} | {st.cpu_us:,.0f} |"
            )
    lines += ["", "Targets (issue 23):"]
    for r in runs:
        if r.mode != "now":
            continue
        cap = r.capacity
        lines.append(
            f"- {'met' if cap >= TARGET_RATE else '**missed**'}: {r.servers:,} servers, "
            f"≥ {TARGET_RATE:,} messages/s with /ask p95 < {FAST_MS:.0f} ms: {cap:,.0f}/s"
        )
        if r.servers >= 20000:
            gc_ms = r.stats.get("gc_full_ms", math.inf)
            lines.append(
                f"- {'met' if gc_ms < TARGET_GC_MS else '**missed**'}: a full collection at "
                f"{r.servers:,} servers < {TARGET_GC_MS:.0f} ms: {gc_ms:,.1f} ms"
            )
    return "\n".join(lines)


async def run_all(servers: tuple[int, ...], rates: tuple[int, ...], step_s: float) -> list[Run]:
    """Both bots at every size, one after the other, on one seeded base."""
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        db = _seeded_db(folder)
        for size in servers:
            for mode in ("before", "now"):
                runs.append(await measure(size, mode, rates, step_s, db))
    return runs


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument(
        "--servers", type=_numbers, default=_numbers(os.environ.get("GATEWAY_SERVERS", "")) or SERVERS
    )
    parser.add_argument("--rates", type=_numbers, default=RATES)
    parser.add_argument("--step", type=float, default=4.0, help="seconds at each rate")
    parser.add_argument("--record", action="store_true", help=f"also write {RECORD.name}")
    parser.add_argument("--out", type=Path, default=RECORD, help="where --record writes")
    opts = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 1:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # the fake's core; the bot takes another
    began = time.time()
    found = asyncio.run(run_all(opts.servers, opts.rates, opts.step))
    text = report(found)
    print(text)
    if opts.record:
        how = " ".join(["python -m benchmarks.gateway", *(argv if argv is not None else sys.argv[1:])])
        head = (
            f"# Privy under gateway load\n\n`{how}`, {datetime.now():%Y-%m-%d %H:%M}, "
            f"{time.time() - began:.0f} s in all.\n\n{_machine_line()}\n\n"
            f"{(__doc__ or '').split(chr(10), 4)[4].strip()}\n\n"
        )
        opts.out.write_text(head + text + "\n", encoding="utf-8")
    return 0


def _machine_line() -> str:
    facts = machine()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"Machine: {', '.join(f'{k} {v}' for k, v in facts.items())}; load average {load:.2f} at the end."


if __name__ == "__main__":
    raise SystemExit(main())

"""The measurements, each run in a fresh child process of `benchmarks.run` so that memory is its own.

- import: `facts import` into a new base, in one process, as the CLI does it.
- serve: open the base as the bot does, a first question, then every question once through Privy.ask,
  the naive scan and FTS5's bm25.
- update: a moderator's save on a base of this size, as the bot makes it (off the event loop, through
  handlers.off_loop.CoreCalls) and, for comparison, on the loop; the longest stall of a 10 ms ticker;
  the saving process's next question, and the time from the commit until a second process (`watch`)
  serves the change; peak memory; the export.
"""

from __future__ import annotations

import asyncio
import json
import math
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.generate import TODAY, Question

PROJECT = Path(__file__).resolve().parent.parent
TICK_S = 0.010  # the heartbeat: the bot's loop should wake every 10 ms even while a save runs
SAVES = 3  # saves measured per size (the longest stall and the slowest change to reach the watcher)
LONG_QUESTION_CHARS = 2000
MARK = "Benchmark edit"
WATCH_TIMEOUT_S = 60.0  # a change not served by then counts as never served (nan in the table)


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries a parent's peak into
    ru_maxrss across fork and exec, so every child of the benchmark would report at least its size."""
    return _status_mb("VmHWM") or _ru_maxrss_mb()


def rss_mb() -> float:
    """This process's resident memory now."""
    return _status_mb("VmRSS") or _ru_maxrss_mb()


def _status_mb(key: str) -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _ru_maxrss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB elsewhere


def _reset_peak() -> bool:
    """Start VmHWM again from the current RSS (Linux: clear_refs 5), so a later peak is this step's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def pct(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def read_questions(file: Path) -> list[Question]:
    return [Question(**{**q, "kinds": tuple(q["kinds"])}) for q in json.loads(file.read_text())]


# ---- import ----------------------------------------------------------------------------------------
def child_import(pack_file: Path, db_file: Path) -> dict[str, Any]:
    """`facts import` on a fresh base, as the CLI does it (knowledge.curation.workflow.Curator): the file
    read within bounds, validated, planned and written in one transaction, in this one process."""
    from knowledge.curation.workflow import Curator
    from knowledge.packs.format import read_text
    from knowledge.scoped import SHARED
    from knowledge.service import Privy
    from knowledge.store.facts import Author

    start = time.perf_counter()
    # The generated pack cites invented hosts, which the publisher registry would refuse: not checked here.
    curator = Curator(Privy(db_file, seed=False, today=lambda: TODAY).scoped(SHARED), require_registry=False)
    outcome = curator.import_text(read_text(pack_file), pack_file.name, Author("benchmark"))
    assert outcome.plan is not None
    return {
        "import_s": time.perf_counter() - start,
        "added": len(outcome.plan.added),
        "import_rss_mb": peak_rss_mb(),
    }


# ---- serve -----------------------------------------------------------------------------------------
def long_question(questions: list[Question]) -> str:
    """A rambling post of about 2,000 characters on the subject (the issue's slow case)."""
    text = ""
    for q in questions:
        if len(text) >= LONG_QUESTION_CHARS:
            break
        text += q.text + " "
    return text[:LONG_QUESTION_CHARS]


WARM_QUESTION = "Is anyone training AI on my posts? I'm in Leeds"  # not in the set: warms place names


def _timed(
    ask: Callable[[str], Any], questions: list[Question], budget_s: float
) -> tuple[list[float], list[Any]]:
    """Each question once, in order, until the budget is spent (at least 50): wall ms and what came back."""
    took, got = [], []
    deadline = time.perf_counter() + budget_s
    for q in questions:
        if len(took) >= 50 and time.perf_counter() > deadline:
            break
        start = time.perf_counter()
        got.append(ask(q.text))
        took.append((time.perf_counter() - start) * 1000)
    return took, got


def child_serve(
    db_file: Path, questions_file: Path, naive_seconds: float, scorer: str, profile: bool = False
) -> dict[str, Any]:
    """Open the base as the bot does, then ask every question once through Privy.ask, the naive scan and
    FTS5's bm25, side by side in this one process; with `profile`, print where the slowest 1% went."""
    from rapidfuzz import fuzz

    from benchmarks.fts import Bm25
    from benchmarks.naive import NaiveIndex
    from knowledge.reading import language
    from knowledge.service import Privy

    questions = read_questions(questions_file)
    t0 = time.perf_counter()
    privy = Privy(db_file, seed=False, today=lambda: TODAY)
    open_s = time.perf_counter() - t0
    language.preload()  # as the bot does at start (handlers.client.settle), not in a question
    privy.ask(WARM_QUESTION)
    first_s = time.perf_counter() - t0
    profiles: list[tuple[float, str, Any]] = []
    real_ms, real_ok, answered_ok, statuses = [], [], [], {}
    for q in questions:
        profiler = _profiler() if profile else None
        start = time.perf_counter()
        answer = privy.ask(q.text)
        took = (time.perf_counter() - start) * 1000
        if profiler is not None:
            profiler.disable()
            profiles.append((took, q.text, profiler))
        real_ms.append(took)
        ok = answer.status == "answered" and bool(answer.facts) and answer.facts[0].id == q.expected
        real_ok.append(ok)
        if answer.status == "answered":
            answered_ok.append(ok)
        statuses[answer.status] = statuses.get(answer.status, 0) + 1
    if profile:
        _print_slowest(profiles)
    start = time.perf_counter()
    second_ms = []
    for q in questions:  # the same questions again: what a process that has met them all does
        at = time.perf_counter()
        privy.ask(q.text)
        second_ms.append((time.perf_counter() - at) * 1000)
    qps = len(questions) / (time.perf_counter() - start)
    long_text = long_question(questions)
    long_ms = []
    for _ in range(3):
        start = time.perf_counter()
        privy.ask(long_text)
        long_ms.append((time.perf_counter() - start) * 1000)
    rss = peak_rss_mb()  # before either baseline exists: this is the bot's own peak
    reloads = privy.index.reloads

    start = time.perf_counter()
    naive = NaiveIndex(privy.store.facts(), getattr(fuzz, scorer))
    naive_build_s = time.perf_counter() - start
    for q in questions[:3]:
        naive.best(q.text)
    naive_ms, naive_best = _timed(naive.best, questions, naive_seconds)
    del naive
    as_written = NaiveIndex(privy.store.facts(), getattr(fuzz, scorer), per_call=True)
    for q in questions[:3]:
        as_written.best(q.text)
    written_ms, written_best = _timed(as_written.best, questions, naive_seconds)
    del as_written
    bm25 = Bm25(privy.db)
    for q in questions[:3]:
        bm25.best(q.text)
    fts_ms, fts_best = _timed(bm25.best, questions, naive_seconds)
    n, m = len(naive_ms), len(fts_ms)
    naive_ok = [best == q.expected for best, q in zip(naive_best, questions, strict=False)]
    fts_ok = [best == q.expected for best, q in zip(fts_best, questions, strict=False)]
    kinds: dict[str, list[int]] = {}
    for i, q in enumerate(questions[:n]):
        for kind in q.kinds:
            tally = kinds.setdefault(kind, [0, 0, 0])
            tally[0] += 1
            tally[1] += real_ok[i]
            tally[2] += naive_ok[i]
    return {
        "open_s": open_s,
        "first_s": first_s,
        "questions": len(questions),
        "real_p50_ms": pct(real_ms, 50),
        "real_p99_ms": pct(real_ms, 99),
        "real_max_ms": max(real_ms),
        "real_mean_ms": statistics.fmean(real_ms),
        "second_p99_ms": pct(second_ms, 99),
        "long_ms": statistics.median(long_ms),
        "long_chars": len(long_text),
        "batch_qps": qps,
        "real_top1": sum(real_ok) / len(real_ok),
        "precision": sum(answered_ok) / len(answered_ok) if answered_ok else 0.0,
        "statuses": statuses,
        "rss_mb": rss,
        "reloads": reloads,
        "naive_build_s": naive_build_s,
        "naive_n": n,
        "naive_p50_ms": pct(naive_ms, 50),
        "naive_p99_ms": pct(naive_ms, 99),
        "naive_mean_ms": statistics.fmean(naive_ms),
        "naive_top1": sum(naive_ok) / n,
        "real_top1_same": sum(real_ok[:n]) / n,
        "real_mean_same_ms": statistics.fmean(real_ms[:n]),
        "written_n": len(written_ms),
        "written_p50_ms": pct(written_ms, 50),
        "written_mean_ms": statistics.fmean(written_ms),
        "written_same_answers": all(a == b for a, b in zip(written_best, naive_best, strict=False)),
        "real_mean_written_ms": statistics.fmean(real_ms[: len(written_ms)]),
        "fts_n": m,
        "fts_p50_ms": pct(fts_ms, 50),
        "fts_mean_ms": statistics.fmean(fts_ms),
        "fts_top1": sum(fts_ok) / m,
        "real_top1_fts_same": sum(real_ok[:m]) / m,
        "kinds": kinds,
    }


def _profiler() -> Any:
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    return profiler


def _print_slowest(profiles: list[tuple[float, str, Any]]) -> None:
    """The slowest 1% of the questions (at least one), each with its profile, on stderr."""
    import io
    import pstats

    profiles.sort(key=lambda p: -p[0])
    for took, text, profiler in profiles[: max(1, len(profiles) // 100)]:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print(f"--- {took:.1f} ms (profiled): {text}\n{out.getvalue()}", file=sys.stderr)


# ---- update ----------------------------------------------------------------------------------------
async def _longest_stall(call: Callable[[], Any]) -> tuple[float, float]:
    """(seconds `call` took, the longest a 10 ms ticker on this loop was late while it ran)."""
    late: list[float] = []
    running = True

    async def ticker() -> None:
        last = time.perf_counter()
        while running:
            await asyncio.sleep(TICK_S)
            now = time.perf_counter()
            late.append(now - last - TICK_S)
            last = now

    task = asyncio.create_task(ticker())
    await asyncio.sleep(5 * TICK_S)  # the ticker is running before the save starts
    late.clear()
    start = time.perf_counter()
    await call()
    took = time.perf_counter() - start
    running = False
    await task
    return took, max(late, default=0.0)


def _edited(privy: Any, fact_id: str, n: int) -> tuple[dict[str, Any], int]:
    """The fact's entry with a changed answer, and the revision it was based on."""
    from knowledge.model import fact_as_pack_entry

    fact, rev = privy.store.get(fact_id)
    entry = fact_as_pack_entry(fact)
    entry["answer"] = f"{MARK} {n}. {fact.answer}"[:1500]
    return entry, rev


def child_update(db_file: Path, questions_file: Path, export: bool = True) -> dict[str, Any]:
    """A moderator's save on this base, as the bot makes it, watched by a second process; then export."""
    from handlers.off_loop import CoreCalls
    from knowledge.service import Privy
    from knowledge.store.facts import Author

    questions = read_questions(questions_file)
    privy = Privy(db_file, seed=False, today=lambda: TODAY)
    target = next(
        (
            q
            for q in questions
            if (a := privy.ask(q.text)).status == "answered" and a.facts and a.facts[0].id == q.expected
        ),
        None,
    )
    if target is None:
        raise SystemExit("no question of the set was answered with its expected fact: nothing to edit")
    author = Author("benchmark", "bench")
    core = CoreCalls(privy)
    rss_before = rss_mb()
    measured_peak = _reset_peak()
    reloads_before = privy.index.reloads

    watcher = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.run", "--child", "watch", str(db_file), target.text, str(SAVES)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert watcher.stdout is not None
    assert watcher.stdout.readline().strip() == "ready"
    commits: list[float] = []
    next_ms: list[float] = []
    next_ok: list[bool] = []

    def save_and_answer(n: int) -> None:
        entry, rev = _edited(privy, target.expected, n)
        privy.store.save(entry, author, base_rev=rev, today=TODAY)
        commits.append(time.time())  # committed: the other process may serve it from now on
        start = time.perf_counter()
        answer = privy.ask(target.text)  # the bot's next question after the save
        next_ms.append((time.perf_counter() - start) * 1000)
        next_ok.append(bool(answer.facts) and answer.facts[0].answer.startswith(f"{MARK} {n}."))

    async def run_saves() -> dict[str, list[float]]:
        out: dict[str, list[float]] = {"off": [], "off_stall": [], "on": [], "on_stall": [], "served": []}
        for n in range(1, SAVES + 1):
            took, stall = await _longest_stall(lambda n=n: core(save_and_answer, n))
            seen = float(watcher.stdout.readline())
            out["served"].append(seen - commits[-1])
            out["off"].append(took)
            out["off_stall"].append(stall)
        for n in range(SAVES + 1, 2 * SAVES + 1):  # the old way: the same save made on the loop itself

            async def on_loop(n: int = n) -> None:
                save_and_answer(n)

            took, stall = await _longest_stall(on_loop)
            out["on"].append(took)
            out["on_stall"].append(stall)
        return out

    saves = asyncio.run(run_saves())
    update_peak = peak_rss_mb()
    watcher.wait(timeout=30)
    result = {
        "save_s": statistics.median(saves["off"]),
        "stall_ms": max(saves["off_stall"]) * 1000,
        "on_loop_stall_ms": max(saves["on_stall"]) * 1000,
        "served_ms": max(saves["served"]) * 1000 if not any(map(math.isnan, saves["served"])) else math.nan,
        "next_ms": max(next_ms),
        "next_served": all(next_ok),
        "save_reloads": privy.index.reloads - reloads_before,
        "update_rss_before_mb": rss_before,
        "update_peak_mb": update_peak if measured_peak else float("nan"),
    }
    if export:
        _reset_peak()
        start = time.perf_counter()
        text = privy.store.export_text()
        result["export_s"] = time.perf_counter() - start
        result["export_mb"] = len(text.encode()) / 1e6
        result["export_peak_mb"] = peak_rss_mb()
    return result


def child_watch(db_file: Path, question: str, saves: int) -> None:
    """The second process: asks `question` over and over, and says when each save's edit is served."""
    from knowledge.service import Privy

    privy = Privy(db_file, seed=False, today=lambda: TODAY)
    privy.ask(question)
    print("ready", flush=True)
    for n in range(1, saves + 1):
        wanted, deadline = f"{MARK} {n}.", time.monotonic() + WATCH_TIMEOUT_S
        while True:
            answer = privy.ask(question)
            if answer.facts and answer.facts[0].answer.startswith(wanted):
                print(time.time(), flush=True)
                break
            if time.monotonic() > deadline:  # never served: say so, rather than keep the saver waiting
                print("nan", flush=True)
                break
            time.sleep(0.002)

"""The measurements, each run in a fresh child process of `benchmarks.run` so that memory is its own.

- import: `facts import` into a new base, in one process, as the CLI does it.
- serve: open the base as the bot does, the first question, then every question through Privy.ask and
  through the naive scan.
- update: a moderator's save on a base of this size, as the bot makes it (off the event loop, through
  handlers.off_loop.CoreCalls) and, for comparison, on the loop; the longest stall of a 10 ms ticker;
  the time until a second process (`watch`) serves the change; peak memory; the export.
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
    from knowledge.service import Privy
    from knowledge.store.facts import Author

    start = time.perf_counter()
    # The generated pack cites invented hosts, which the publisher registry would refuse: not checked here.
    curator = Curator(Privy(db_file, seed=False, today=lambda: TODAY), require_registry=False)
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


def child_serve(db_file: Path, questions_file: Path, naive_seconds: float, scorer: str) -> dict[str, Any]:
    """Open the base as the bot does, then time every question through Privy.ask and the naive scan."""
    from rapidfuzz import fuzz

    from benchmarks.naive import NaiveIndex
    from knowledge.service import Privy

    questions = read_questions(questions_file)
    t0 = time.perf_counter()
    privy = Privy(db_file, seed=False, today=lambda: TODAY)
    open_s = time.perf_counter() - t0
    privy.ask(questions[0].text)
    first_s = time.perf_counter() - t0
    for q in questions[:20]:
        privy.ask(q.text)
    real_ms, real_ok, statuses = [], [], {}
    for q in questions:
        start = time.perf_counter()
        answer = privy.ask(q.text)
        real_ms.append((time.perf_counter() - start) * 1000)
        real_ok.append(
            answer.status == "answered" and bool(answer.facts) and answer.facts[0].id == q.expected
        )
        statuses[answer.status] = statuses.get(answer.status, 0) + 1
    start = time.perf_counter()
    for q in questions:
        privy.ask(q.text)
    batch_qps = len(questions) / (time.perf_counter() - start)
    long_text = long_question(questions)
    long_ms = []
    for _ in range(3):
        start = time.perf_counter()
        privy.ask(long_text)
        long_ms.append((time.perf_counter() - start) * 1000)
    rss = peak_rss_mb()  # before the naive index exists: this is the bot's own peak

    start = time.perf_counter()
    naive = NaiveIndex(privy.store.facts(), getattr(fuzz, scorer))
    naive_build_s = time.perf_counter() - start
    for q in questions[:3]:
        naive.best(q.text)
    naive_ms, naive_ok = [], []
    deadline = time.perf_counter() + naive_seconds
    for q in questions:
        if len(naive_ms) >= 50 and time.perf_counter() > deadline:
            break
        start = time.perf_counter()
        best = naive.best(q.text)
        naive_ms.append((time.perf_counter() - start) * 1000)
        naive_ok.append(best == q.expected)
    n = len(naive_ms)
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
        "long_ms": statistics.median(long_ms),
        "long_chars": len(long_text),
        "batch_qps": batch_qps,
        "real_top1": sum(real_ok) / len(real_ok),
        "statuses": statuses,
        "rss_mb": rss,
        "naive_build_s": naive_build_s,
        "naive_n": n,
        "naive_p50_ms": pct(naive_ms, 50),
        "naive_p99_ms": pct(naive_ms, 99),
        "naive_top1": sum(naive_ok) / n,
        "real_top1_same": sum(real_ok[:n]) / n,
        "kinds": kinds,
    }


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


def child_update(db_file: Path, questions_file: Path) -> dict[str, Any]:
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

    watcher = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.run", "--child", "watch", str(db_file), target.text, str(SAVES)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert watcher.stdout is not None
    assert watcher.stdout.readline().strip() == "ready"

    def save_and_answer(n: int) -> None:
        entry, rev = _edited(privy, target.expected, n)
        privy.store.save(entry, author, base_rev=rev, today=TODAY)
        privy.ask(target.text)  # the bot's next question after the save: the vocabulary is reloaded

    async def run_saves() -> dict[str, list[float]]:
        out: dict[str, list[float]] = {"off": [], "off_stall": [], "on": [], "on_stall": [], "served": []}
        for n in range(1, SAVES + 1):
            wall = time.time()
            took, stall = await _longest_stall(lambda n=n: core(save_and_answer, n))
            seen = float(watcher.stdout.readline())
            out["served"].append(seen - wall)
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

    _reset_peak()
    start = time.perf_counter()
    text = privy.store.export_text()
    export_s = time.perf_counter() - start
    export_peak = peak_rss_mb()
    libyaml_s, same = _libyaml_export(privy, text)
    return {
        "save_s": statistics.median(saves["off"]),
        "stall_ms": max(saves["off_stall"]) * 1000,
        "on_loop_stall_ms": max(saves["on_stall"]) * 1000,
        "served_ms": max(saves["served"]) * 1000 if not any(map(math.isnan, saves["served"])) else math.nan,
        "update_rss_before_mb": rss_before,
        "update_peak_mb": update_peak if measured_peak else float("nan"),
        "export_s": export_s,
        "export_mb": len(text.encode()) / 1e6,
        "export_peak_mb": export_peak,
        "libyaml_export_s": libyaml_s,
        "libyaml_same_text": same,
    }


def _libyaml_export(privy: Any, product_text: str) -> tuple[float, bool]:
    """The same export through libyaml's CSafeDumper, beside the product's: (seconds, same text?).

    The product's export_text uses yaml.safe_dump (pure Python); issue 13 proposes the C dumper."""
    import yaml

    from knowledge.model import fact_as_pack_entry

    if not hasattr(yaml, "CSafeDumper"):
        return float("nan"), False
    start = time.perf_counter()
    platforms = privy.store.platforms()
    data = {
        "pack": "privy-export",
        "platforms": [
            {"id": p.id, "name": p.name, **({"aliases": list(p.aliases)} if p.aliases else {})}
            for p in platforms
        ],
        "facts": [fact_as_pack_entry(f) for f in privy.store.facts(include_retired=True)],
    }
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100)
    return time.perf_counter() - start, text == product_text


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

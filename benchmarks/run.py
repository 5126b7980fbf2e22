"""Answer speed, start-up, import and memory from 1k to 100k facts, beside the naive rapidfuzz scan.

    python -m benchmarks.run [--sizes 1000,10000,20000,100000] [--quick] [--out FILE]

For each size: generate a pack and its questions (benchmarks.generate), then in one fresh process import
the pack as `bot.py facts import` does (one process: knowledge.curation.workflow.Curator), and
in another open that file with knowledge.service.Privy and ask every question through Privy.ask (the whole
answer pipeline), then the same questions through the naive scan. Each size's processes are its own, so
peak memory is per size. Last, the cold start of `python bot.py ask` on the embedded pack. Prints a
markdown table and writes it, with the machine and the command, to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.generate import TODAY, Question, dump_yaml, generate

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SIZES = (1000, 10000, 20000, 100000)
QUICK_SIZES = (1000, 10000)
COLD_QUESTION = "Can I stop LinkedIn training AI on my posts? I'm in Leeds"
TARGETS = {
    "speedup_20k": 10.0,
    "p99_100k_ms": 5.0,
    "rss_100k_mb": 300.0,
    "import_100k_s": 30.0,
    "cold_s": 0.5,
}


# ---- measuring, inside a child process -----------------------------------------------------------
def _peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries a parent's peak into
    ru_maxrss across fork and exec, so every child of the benchmark would report at least its size."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB elsewhere


def child_import(pack_file: Path, db_file: Path) -> dict[str, Any]:
    """`facts import` on a fresh base, as the CLI does it: the file read, validated, planned and written
    through the curation workflow, in this one process."""
    from knowledge.curation.workflow import Curator
    from knowledge.packs.format import read_text
    from knowledge.service import Privy
    from knowledge.store.facts import Author

    start = time.perf_counter()
    curator = Curator(Privy(db_file, seed=False, today=lambda: TODAY))
    outcome = curator.import_text(read_text(pack_file), pack_file.name, Author("benchmark"))
    plan = outcome.plan
    assert plan is not None
    return {
        "import_s": time.perf_counter() - start,
        "added": len(plan.added),
        "import_rss_mb": _peak_rss_mb(),
    }


def child_serve(db_file: Path, questions_file: Path, naive_seconds: float, scorer: str) -> dict[str, Any]:
    """Open the base as the bot does, then time every question through Privy.ask and the naive scan."""
    from rapidfuzz import fuzz

    from benchmarks.naive import NaiveIndex
    from knowledge.service import Privy

    questions = [
        Question(q["text"], q["expected"], tuple(q["kinds"])) for q in json.loads(questions_file.read_text())
    ]
    t0 = time.perf_counter()
    privy = Privy(db_file, seed=False, today=lambda: TODAY)
    privy.index.refresh()  # load the vocabulary now, as the first question would
    build_s = time.perf_counter() - t0
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
    rss = _peak_rss_mb()  # before the naive index exists: this is the bot's own peak

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
        "build_s": build_s,
        "questions": len(questions),
        "real_p50_ms": _pct(real_ms, 50),
        "real_p99_ms": _pct(real_ms, 99),
        "real_mean_ms": statistics.fmean(real_ms),
        "batch_qps": batch_qps,
        "real_top1": sum(real_ok) / len(real_ok),
        "statuses": statuses,
        "rss_mb": rss,
        "naive_build_s": naive_build_s,
        "naive_n": n,
        "naive_p50_ms": _pct(naive_ms, 50),
        "naive_p99_ms": _pct(naive_ms, 99),
        "naive_top1": sum(naive_ok) / n,
        "real_top1_same": sum(real_ok[:n]) / n,
        "kinds": kinds,
    }


def _pct(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


# ---- orchestrating, in the parent ----------------------------------------------------------------
def _child(*args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--child", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"benchmark child {args[0]} failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_size(size: int, tmp: Path, n_questions: int, args: argparse.Namespace) -> dict[str, Any]:
    t0 = time.perf_counter()
    generated = generate(size, seed=args.seed, n_questions=n_questions)
    pack_file, questions_file, db_file = tmp / f"pack-{size}.yaml", tmp / f"q-{size}.json", tmp / f"{size}.db"
    pack_file.write_text(dump_yaml(generated.pack), encoding="utf-8")
    questions_file.write_text(json.dumps([asdict(q) for q in generated.questions]))
    result: dict[str, Any] = {"size": size, "generate_s": time.perf_counter() - t0, **generated.stats}
    del generated
    _say(f"  {size:>7} facts: generated in {result['generate_s']:.1f} s; importing")
    result.update(_child("import", str(pack_file), str(db_file)))
    _say(f"  {size:>7} facts: imported in {result['import_s']:.1f} s; asking")
    result.update(
        _child("serve", str(db_file), str(questions_file), str(args.naive_seconds), args.naive_scorer)
    )
    for file in (pack_file, questions_file):
        file.unlink()
    return result


def cold_start(tmp: Path, runs: int) -> dict[str, float]:
    """`python bot.py ask` on the embedded pack, wall and CPU time: a new database, and one already seeded."""

    def once(db: Path, **env: str) -> tuple[float, float]:
        before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(
            [sys.executable, "bot.py", "ask", COLD_QUESTION],
            cwd=PROJECT,
            env={**os.environ, "PRIVY_DB": str(db), "PRIVY_LOG_LEVEL": "WARNING", **env},
            check=True,
            capture_output=True,
        )
        wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime

    once(tmp / "prime.db")  # the place-name cache, built once per machine, exists from here on
    fresh = [once(tmp / f"fresh-{i}.db") for i in range(runs)]
    warm = [once(tmp / "fresh-0.db") for _ in range(runs)]
    first_ever = once(tmp / "first.db", PRIVY_CACHE=str(tmp / "empty-cache"))
    return {
        "warm_s": statistics.median(w for w, _ in warm),
        "warm_cpu_s": statistics.median(c for _, c in warm),
        "fresh_s": statistics.median(w for w, _ in fresh),
        "fresh_cpu_s": statistics.median(c for _, c in fresh),
        "first_ever_s": first_ever[0],
    }


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ---- reporting -----------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{mem_kb / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
        memory = "unknown"
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
    }


def report(results: list[dict[str, Any]], cold: dict[str, float], meta: dict[str, Any]) -> str:
    m = meta["machine"]
    lines = [
        "# Privy benchmarks",
        "",
        f"`{meta['command']}` (what `make bench` runs), {meta['date']}, {meta['wall_s']:.0f} s in all.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; {m['platform']}; Python {m['python']}. "
        f"Load average {meta['load_before']:.2f} at the start and {meta['load_after']:.2f} at the end: "
        "other work on the machine makes every time below longer.",
        "",
        "| facts | import s | index build s | p50 ms | p99 ms | naive p50 ms | naive p99 ms | faster (p50) "
        "| questions/s | top-1 | naive top-1 | peak RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['size']:,} | {r['import_s']:.1f} | {r['build_s']:.1f} | {r['real_p50_ms']:.2f} "
            f"| {r['real_p99_ms']:.2f} | {r['naive_p50_ms']:.1f} | {r['naive_p99_ms']:.1f} "
            f"| {r['naive_p50_ms'] / r['real_p50_ms']:.1f}× | {r['batch_qps']:,.0f} "
            f"| {r['real_top1_same']:.1%} | {r['naive_top1']:.1%} | {r['rss_mb']:.0f} |"
        )
    lines += [
        "",
        f'Cold start of `python bot.py ask "..."` on the embedded pack, median of {meta["cold_runs"]} runs: '
        f"**{cold['warm_s']:.2f} s** ({cold['warm_cpu_s']:.2f} s of CPU) with the database already seeded, "
        f"{cold['fresh_s']:.2f} s ({cold['fresh_cpu_s']:.2f} s of CPU) on a new database, which loads the pack "
        f"first. The first run on a machine also builds the place-name cache: {cold['first_ever_s']:.2f} s, once.",
        "",
        "## Targets",
        "",
        *_targets(results, cold),
        "",
        "## Import",
        "",
        "`bot.py facts import` into a new SQLite file, in a fresh process, as the CLI does it: the YAML read "
        "from libyaml's events within the safety bounds (depth, aliases, duplicate keys), validated, planned "
        "and written in one transaction, all in one process (no worker processes to orphan).",
        "",
        "| facts | import s | facts/s | peak RSS MB |",
        "|---:|---:|---:|---:|",
        *(
            f"| {r['size']:,} | {r['import_s']:.1f} | {r['size'] / r['import_s']:,.0f} | {r['import_rss_mb']:.0f} |"
            for r in results
        ),
        "",
        "## Accuracy by kind of question",
        "",
        "Top-1 is right when the first fact of the answer is the expected one (and, for Privy, the status is "
        "`answered`), over the questions both were asked. A question can be of several kinds.",
        "",
        "| facts | kind | questions | Privy top-1 | naive top-1 |",
        "|---:|---|---:|---:|---:|",
    ]
    for r in results:
        for kind, (n, real, naive) in sorted(r["kinds"].items()):
            lines.append(f"| {r['size']:,} | {kind} | {n} | {real / n:.1%} | {naive / n:.1%} |")
    lines += ["", "## How it is measured", "", *_method(results, meta)]
    return "\n".join(lines) + "\n"


def _targets(results: list[dict[str, Any]], cold: dict[str, float]) -> list[str]:
    by_size = {r["size"]: r for r in results}
    out = []

    def line(ok: bool, text: str) -> None:
        out.append(f"- {'met' if ok else '**missed**'}: {text}")

    if 20000 in by_size:
        r = by_size[20000]
        ratio = r["naive_p50_ms"] / r["real_p50_ms"]
        line(
            ratio >= TARGETS["speedup_20k"],
            f"20k facts, at least 10× faster than the naive scan: {ratio:.1f}×",
        )
    if 100000 in by_size:
        r = by_size[100000]
        line(r["real_p99_ms"] <= TARGETS["p99_100k_ms"], f"100k facts, p99 ≤ 5 ms: {r['real_p99_ms']:.2f} ms")
        line(r["rss_mb"] <= TARGETS["rss_100k_mb"], f"100k facts, peak RSS ≤ 300 MB: {r['rss_mb']:.0f} MB")
        line(
            r["import_s"] <= TARGETS["import_100k_s"],
            f"import of 100k facts ≤ 30 s: {r['import_s']:.1f} s from the YAML file, in one process",
        )
    line(
        cold["warm_s"] <= TARGETS["cold_s"],
        f"cold `ask` ≤ 0.5 s: {cold['warm_s']:.2f} s (the very first, on a new database, "
        f"{cold['fresh_s']:.2f} s: it loads the embedded pack, once)",
    )
    parity = all(r["real_top1_same"] >= r["naive_top1"] for r in results)
    line(parity, "accuracy: Privy's top-1 at least the naive scan's, at every size")
    return out


def _method(results: list[dict[str, Any]], meta: dict[str, Any]) -> list[str]:
    sizes = "; ".join(
        f"{r['size']:,} facts: {r['platforms']:,} platforms, {r['regions']} region codes" for r in results
    )
    partial = [
        f"{r['size']:,} ({r['naive_n']} of {r['questions']})"
        for r in results
        if r["naive_n"] < r["questions"]
    ]
    return [
        f"- Packs from `benchmarks/generate.py`, seed {meta['seed']} ({sizes}); all six topics, 2-5 variants "
        "a fact, validity windows, https sources. The questions are paraphrases in other words than the "
        "facts', a quarter with a typo, each naming the asker's place and some a month; exactly one fact "
        "answers each (by its product and data, topic, region and date).",
        "- import: what `bot.py facts import` does (Curator.import_text), in a fresh process, into a new "
        "SQLite file.",
        "- index build: `Privy(db)` and its matcher in a fresh process, loading every fact and indexing it. "
        "The bot does this at start and again after every change to the facts.",
        "- p50/p99: wall time of one `Privy.ask` (place, date, platform, ranking, the Answer), warm, one "
        "question at a time; questions/s: the same questions again, back to back.",
        f"- naive: `benchmarks/naive.py`, one `rapidfuzz.process.extractOne` (`fuzz.{meta['scorer']}`) over "
        "every question and variant, processed once up front; in the same process, after Privy's run. "
        + (
            f"It has a time budget, so it answered fewer questions at {', '.join(partial)}; the accuracy and "
            "the speed-up compare the same questions."
            if partial
            else "It answered every question."
        ),
        "- peak RSS: the serving process's peak (VmHWM) after Privy's run, before the naive index is built.",
        "- cold start: a new process each run, with the place-name cache (built once per machine) in place.",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="comma-separated fact counts (default 1000,10000,20000,100000)")
    parser.add_argument("--quick", action="store_true", help="1k and 10k only, fewer questions: a smoke run")
    parser.add_argument("--questions", type=int, default=None, help="questions per size (default 1000)")
    parser.add_argument(
        "--naive-seconds", type=float, default=25.0, help="time budget of the naive scan per size"
    )
    parser.add_argument(
        "--naive-scorer", default="QRatio", help="the rapidfuzz.fuzz scorer of the naive scan"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results (markdown)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        if kind == "import":
            result = child_import(Path(rest[0]), Path(rest[1]))
        else:
            result = child_serve(Path(rest[0]), Path(rest[1]), float(rest[2]), rest[3])
        print(json.dumps(result))
        return 0

    sizes = (
        [int(s) for s in args.sizes.split(",")] if args.sizes else list(QUICK_SIZES if args.quick else SIZES)
    )
    n_questions = args.questions or (300 if args.quick else 1000)
    cold_runs = 3 if args.quick else 5
    given = sys.argv[1:] if argv is None else argv
    command = "python -m benchmarks.run" + (f" {' '.join(given)}" if given else "")
    started, load_before = time.perf_counter(), os.getloadavg()[0]
    results = []
    with tempfile.TemporaryDirectory(prefix="privy-bench-") as name:
        tmp = Path(name)
        _say(f"benchmarking {', '.join(f'{s:,}' for s in sizes)} facts ({n_questions} questions each)")
        for size in sizes:
            results.append(run_size(size, tmp, n_questions, args))
        _say("  cold start of bot.py ask")
        cold = cold_start(tmp, cold_runs)
    meta = {
        "command": command,
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "wall_s": time.perf_counter() - started,
        "machine": machine(),
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "cold_runs": cold_runs,
        "seed": args.seed,
        "scorer": args.naive_scorer,
    }
    text = report(results, cold, meta)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    _say(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

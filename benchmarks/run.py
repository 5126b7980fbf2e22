"""Answer speed, start-up, saves and memory from 1k to 100k facts, beside the naive rapidfuzz scan and FTS5.

    python -m benchmarks.run [--sizes 1000,20000,100000] [--layouts today,skewed] [--quick] [--profile]
                             [--record [--out FILE]]
    BENCH_SIZES=1000,20000 make bench       # a shorter run; BENCH_LAYOUTS=today for one layout only

For each layout (how facts spread over platforms, benchmarks.generate.LAYOUTS) and size: generate a pack
and its questions, then in fresh processes (benchmarks.measure) import the pack as `bot.py facts import`
does; open that base with knowledge.service.Privy and ask every question once through Privy.ask (the
whole answer pipeline), then through the naive scan and FTS5's bm25, side by side in that process; save a
fact as the bot does, with a second process waiting to serve the change; on the first layout also export
the base and time a cold `bot.py ask` on it. Last, the cold start of `python bot.py ask` on the embedded
pack. Prints markdown tables and the targets, met or missed; with --record (`make bench RECORD=1`) also
writes them, with the machine and the command, to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from benchmarks import measure
from benchmarks.children import run_child
from benchmarks.generate import Generated, dump_yaml, generate
from benchmarks.report import machine, report
from benchmarks.truth import holds_on, specificity

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SIZES = (1000, 20000, 100000)
QUICK_SIZES = (1000, 10000)
LAYOUTS = ("today", "skewed")  # benchmarks.generate.LAYOUTS; the first is also exported and asked by the CLI
COLD_QUESTION = "Can I stop LinkedIn training AI on my posts? I'm in Leeds"
CLI_RUNS = 3


# ---- orchestrating, in the parent ----------------------------------------------------------------
def _child(*args: str) -> dict[str, Any]:
    return run_child("benchmarks.run", *args)


def run_size(size: int, layout: str, tmp: Path, n_questions: int, args: argparse.Namespace) -> dict[str, Any]:
    t0 = time.perf_counter()
    generated = generate(size, seed=args.seed, n_questions=n_questions, layout=layout)
    name = f"{layout}-{size}"
    pack_file, questions_file, db_file = tmp / f"pack-{name}.yaml", tmp / f"q-{name}.json", tmp / f"{name}.db"
    pack_file.write_text(dump_yaml(generated.pack), encoding="utf-8")
    questions_file.write_text(json.dumps([asdict(q) for q in generated.questions]))
    result: dict[str, Any] = {
        "size": size,
        "layout": layout,
        "generate_s": time.perf_counter() - t0,
        **generated.stats,
    }
    result["key_disagreements"] = key_disagreements(generated)
    del generated
    say = f"  {layout:>6} {size:>7,} facts:"
    _say(f"{say} generated in {result['generate_s']:.1f} s; importing")
    result.update(_child("import", str(pack_file), str(db_file)))
    pack_file.unlink()
    _say(f"{say} imported in {result['import_s']:.1f} s; asking")
    serve = ["serve", str(db_file), str(questions_file), str(args.naive_seconds), args.naive_scorer]
    result.update(_child(*serve, *(["profile"] if args.profile else [])))
    _say(f"{say} p50 {result['real_p50_ms']:.2f} ms, p99 {result['real_p99_ms']:.2f} ms; saving")
    main_layout = layout == LAYOUTS[0]
    result.update(_child("update", str(db_file), str(questions_file), "export" if main_layout else "-"))
    if main_layout:
        result["cli_ask_s"] = cli_ask(db_file, CLI_RUNS)
    questions_file.unlink()
    db_file.unlink()
    return result


def key_disagreements(generated: Generated) -> int:
    """Where the benchmark's answer key and the core's rule differ on this generated set (0 expected):
    the rank of each fact's regions for each asker of a question, and each expected fact's validity."""
    from knowledge.packs.format import parse_fact
    from knowledge.regions import coverage

    askers = {q.region for q in generated.questions}
    lists = {tuple(f["regions"]) for f in generated.pack["facts"]}
    wrong = sum(specificity(r, a) != coverage(r, a) for r in lists for a in askers)
    facts = {f["id"]: f for f in generated.pack["facts"]}
    for q in generated.questions:
        day = date.fromisoformat(q.day)
        wrong += holds_on(facts[q.expected], day) != parse_fact(facts[q.expected]).valid_on(day)
    return wrong


def cli_ask(db: Path, runs: int) -> float:
    """`python bot.py ask` on a base of this size, in a new process each time: the median wall time."""
    env = {**os.environ, "PRIVY_DB": str(db), "PRIVY_LOG_LEVEL": "WARNING"}
    walls = []
    for _ in range(runs + 1):  # the first marks the base seeded (a write, once) and warms the file cache
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "bot.py", "ask", COLD_QUESTION],
            cwd=PROJECT,
            env=env,
            check=True,
            capture_output=True,
        )
        walls.append(time.perf_counter() - start)
    return statistics.median(walls[1:])


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=os.environ.get("BENCH_SIZES"),
        help="comma-separated fact counts (default: $BENCH_SIZES, else 1000,20000,100000)",
    )
    parser.add_argument(
        "--layouts",
        default=os.environ.get("BENCH_LAYOUTS", ",".join(LAYOUTS)),
        help="comma-separated: today (the generator's usual spread), skewed (a few huge platforms)",
    )
    parser.add_argument("--quick", action="store_true", help="1k and 10k only, fewer questions: a smoke run")
    parser.add_argument("--questions", type=int, default=None, help="questions per size (default 300)")
    parser.add_argument(
        "--naive-seconds", type=float, default=15.0, help="time budget of each baseline per size"
    )
    parser.add_argument(
        "--profile", action="store_true", help="print a profile of the slowest 1%% of questions (stderr)"
    )
    parser.add_argument(
        "--naive-scorer", default="QRatio", help="the rapidfuzz.fuzz scorer of the naive scan"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--record", action="store_true", help="also write the results to benchmarks/RESULTS.md (or --out)"
    )
    parser.add_argument("--out", type=Path, default=None, help="where --record writes (markdown)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        if kind == "watch":
            measure.child_watch(Path(rest[0]), rest[1], int(rest[2]))
            return 0
        if kind == "prime":
            from knowledge.reading import language

            language.preload()
            print(json.dumps({}))
            return 0
        if kind == "import":
            result = measure.child_import(Path(rest[0]), Path(rest[1]))
        elif kind == "update":
            result = measure.child_update(Path(rest[0]), Path(rest[1]), export=rest[2:] == ["export"])
        else:
            profile = rest[4:] == ["profile"]
            result = measure.child_serve(Path(rest[0]), Path(rest[1]), float(rest[2]), rest[3], profile)
        print(json.dumps(result))
        return 0

    sizes = (
        [int(s) for s in args.sizes.split(",")] if args.sizes else list(QUICK_SIZES if args.quick else SIZES)
    )
    layouts = [name for name in args.layouts.split(",") if name]
    n_questions = args.questions or (100 if args.quick else 300)
    cold_runs = 3 if args.quick else 5
    given = sys.argv[1:] if argv is None else argv
    command = "python -m benchmarks.run" + (f" {' '.join(given)}" if given else "")
    started, load_before = time.perf_counter(), os.getloadavg()[0]
    results = []
    with tempfile.TemporaryDirectory(prefix="privy-bench-") as name:
        tmp = Path(name)
        _say(
            f"benchmarking {', '.join(f'{s:,}' for s in sizes)} facts, {' and '.join(layouts)} layouts "
            f"({n_questions} questions each)"
        )
        _child("prime")  # the language model cut to our languages, built once per machine: not in a run
        for layout in layouts:
            for size in sizes:
                results.append(run_size(size, layout, tmp, n_questions, args))
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
        "saves": measure.SAVES,
        "questions": n_questions,
        "naive_seconds": args.naive_seconds,
        "cli_runs": CLI_RUNS,
    }
    text = report(results, cold, meta)
    print(text)
    if args.record or args.out:
        out = args.out or RESULTS
        out.write_text(text, encoding="utf-8")
        _say(f"written to {out}")
    else:
        _say("not recorded: `make bench RECORD=1` (or --record) writes benchmarks/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

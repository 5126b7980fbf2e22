"""The same work on each store, side by side: `facts import`, questions, and a save another process serves.

    python -m benchmarks.stores [--facts 1000] [--questions 300] [--store URL ...] [--record [--out FILE]]

With no --store: SQLite (a new file) and PostgreSQL (a throwaway cluster of the benchmark's own,
tests/pgcluster.py, on a Unix socket). A store is whatever `knowledge.service.Privy` opens: a file path
or a postgresql:// URL. For each store, in fresh processes: import a generated pack as `bot.py facts
import` does; open the store and ask every question once through Privy.ask; save a fact as the bot does
while a second process asks its question over and over, and time the commit until that process serves
the edit. A store Privy cannot open is reported in one line ("PostgreSQL store not available: ...") and
the other columns still run. With --record the table is also written to benchmarks/STORES.md.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.children import run_child
from benchmarks.generate import TODAY, dump_yaml, generate
from benchmarks.measure import MARK, WARM_QUESTION, WATCH_TIMEOUT_S, _edited, pct, read_questions
from benchmarks.report import machine

PROJECT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "STORES.md"
SAVES = 3  # saves timed per store: the slowest to reach the other process is reported


def kind(store: str) -> str:
    """What a store is called in the table."""
    return "PostgreSQL" if store.startswith(("postgresql://", "postgres://")) else "SQLite"


def hidden(text: str, store: str) -> str:
    """`text` with the store URL's password, if it has one, replaced by *** wherever it appears."""
    password = urlsplit(store).password if "://" in store else None
    return text.replace(password, "***") if password else text


# ---- the children: one measurement each, in a fresh process, JSON on the last line ----------------
def child_import(store: str, pack_file: str) -> dict[str, Any]:
    """`facts import` of the pack into the empty store, as the CLI does it; or why the store cannot open."""
    from knowledge.curation.workflow import Curator
    from knowledge.packs.format import read_text
    from knowledge.scoped import SHARED
    from knowledge.service import Privy
    from knowledge.store.facts import Author

    start = time.perf_counter()
    try:
        privy = Privy(store, seed=False, today=lambda: TODAY)
    except Exception as exc:  # the store is not supported (yet) or not reachable: one line, not a traceback
        why = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return {"unavailable": hidden(f"{type(exc).__name__}: {why}", store)}
    opened = time.perf_counter() - start
    # The generated pack cites invented hosts, which the publisher registry would refuse: not checked here.
    curator = Curator(privy.scoped(SHARED), require_registry=False)
    outcome = curator.import_text(read_text(Path(pack_file)), Path(pack_file).name, Author("benchmark"))
    assert outcome.plan is not None
    return {
        "create_s": opened,
        "import_s": time.perf_counter() - start - opened,
        "added": len(outcome.plan.added),
    }


def child_ask(store: str, questions_file: str) -> dict[str, Any]:
    """Open the store as the bot does, then every question once through Privy.ask."""
    from knowledge.reading import language
    from knowledge.service import Privy

    questions = read_questions(Path(questions_file))
    start = time.perf_counter()
    privy = Privy(store, seed=False, today=lambda: TODAY)
    open_s = time.perf_counter() - start
    language.preload()  # as the bot does at start, not in a question
    privy.ask(WARM_QUESTION)
    took, right = [], 0
    begin = time.perf_counter()
    for q in questions:
        at = time.perf_counter()
        answer = privy.ask(q.text)
        took.append((time.perf_counter() - at) * 1000)
        right += answer.status == "answered" and bool(answer.facts) and answer.facts[0].id == q.expected
    return {
        "open_s": open_s,
        "p50_ms": pct(took, 50),
        "p95_ms": pct(took, 95),
        "qps": len(questions) / (time.perf_counter() - begin),
        "top1": right / len(questions),
    }


def child_save(store: str, questions_file: str) -> dict[str, Any]:
    """Save a fact as the bot does, SAVES times, while another process (`watch`) asks its question."""
    from knowledge.service import Privy
    from knowledge.store.facts import Author

    privy = Privy(store, seed=False, today=lambda: TODAY)
    target = next(
        (q for q in read_questions(Path(questions_file)) if _answers(privy.ask(q.text), q.expected)), None
    )
    if target is None:
        raise SystemExit("no question was answered with its expected fact: nothing to edit")
    watcher = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.stores", "--child", "watch", store, target.text],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert watcher.stdout is not None and watcher.stdout.readline().strip() == "ready"
    served, saves = [], []
    for n in range(1, SAVES + 1):
        entry, rev = _edited(privy, target.expected, n)
        start = time.perf_counter()
        privy.store.save(entry, Author("benchmark", "bench"), base_rev=rev, today=TODAY)
        committed = time.time()  # the other process may serve the edit from now on
        saves.append((time.perf_counter() - start) * 1000)
        seen = float(watcher.stdout.readline())
        served.append((seen - committed) * 1000)
    watcher.wait(timeout=30)
    return {"save_ms": statistics.median(saves), "served_ms": max(served)}


def child_watch(store: str, question: str) -> None:
    """The other process: asks `question` until each save's edit is served, and says when (nan: never)."""
    from knowledge.service import Privy

    privy = Privy(store, seed=False, today=lambda: TODAY)
    privy.ask(question)
    print("ready", flush=True)
    for n in range(1, SAVES + 1):
        wanted, deadline = f"{MARK} {n}.", time.monotonic() + WATCH_TIMEOUT_S
        while not _edit_served(privy.ask(question), wanted):
            if time.monotonic() > deadline:
                print("nan", flush=True)
                break
            time.sleep(0.002)
        else:
            print(time.time(), flush=True)


def _answers(answer: Any, expected: str) -> bool:
    return answer.status == "answered" and bool(answer.facts) and answer.facts[0].id == expected


def _edit_served(answer: Any, wanted: str) -> bool:
    return bool(answer.facts) and answer.facts[0].answer.startswith(wanted)


# ---- the parent ------------------------------------------------------------------------------------
def _child(*args: str) -> dict[str, Any]:
    return run_child("benchmarks.stores", *args)


def measure_store(store: str, pack_file: Path, questions_file: Path) -> dict[str, Any]:
    """Every measurement on one store, or {"unavailable": why} when Privy cannot open it."""
    result = _child("import", store, str(pack_file))
    if "unavailable" in result:
        return result
    result.update(_child("ask", store, str(questions_file)))
    result.update(_child("save", store, str(questions_file)))
    return result


ROWS = (  # (label, key, format)
    ("`facts import` into the empty store, s", "import_s", "{:.2f}"),
    ("open, s", "open_s", "{:.2f}"),
    ("question p50, ms", "p50_ms", "{:.2f}"),
    ("question p95, ms", "p95_ms", "{:.2f}"),
    ("questions a second, one process", "qps", "{:,.0f}"),
    ("top-1 (the expected fact first)", "top1", "{:.1%}"),
    ("a moderator's save, ms (median)", "save_ms", "{:.1f}"),
    ("the save served by another process, ms after the commit (slowest)", "served_ms", "{:.0f}"),
)


def table(columns: list[tuple[str, dict[str, Any]]], facts: int, questions: int) -> str:
    """The stores side by side, then one line for each store that could not be measured, saying why."""
    lines = [
        f"{facts:,} generated facts, {questions:,} questions, {SAVES} saves; each step in a fresh process.",
        "",
        "| | " + " | ".join(name for name, _ in columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for label, key, fmt in ROWS:
        cells = [_cell(result.get(key), fmt) for _, result in columns]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    lines += [f"{name} store not available: {r['unavailable']}" for name, r in columns if "unavailable" in r]
    return "\n".join(lines).rstrip() + "\n"


def _cell(value: Any, fmt: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and math.isnan(value):
        return "never"
    return fmt.format(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stores", description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=int, default=1000, help="facts in the generated pack (default 1000)")
    parser.add_argument("--questions", type=int, default=300, help="questions asked (default 300)")
    parser.add_argument(
        "--store", action="append", help="a file path or postgresql:// URL (again for more); default: both"
    )
    parser.add_argument("--record", action="store_true", help="also write the table to benchmarks/STORES.md")
    parser.add_argument("--out", type=Path, default=OUT, help="where --record writes (markdown)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _run_child(args.child)

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="privy-stores-") as tmp_name:
        tmp = Path(tmp_name)
        generated = generate(args.facts, seed=args.seed, n_questions=args.questions, layout="today")
        pack_file, questions_file = tmp / "pack.yaml", tmp / "questions.json"
        pack_file.write_text(dump_yaml(generated.pack), encoding="utf-8")
        questions_file.write_text(json.dumps([asdict(q) for q in generated.questions]))
        columns = [
            (kind(store), measure_store(store, pack_file, questions_file))
            for store in args.store or [str(tmp / "privy.db")]
        ]
        if not args.store:
            columns.append(("PostgreSQL", _on_own_cluster(pack_file, questions_file)))
    text = table(columns, args.facts, len(generated.questions))
    print(text, end="")
    if args.record:
        m = machine()
        args.out.write_text(
            "# Privy on each store\n\n"
            f"`python -m benchmarks.stores {' '.join(argv if argv is not None else sys.argv[1:])}`, "
            f"{datetime.now():%Y-%m-%d %H:%M}, {time.perf_counter() - started:.0f} s in all.\n\n"
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; {m['platform']}; Python {m['python']}.\n\n"
            + text,
            encoding="utf-8",
        )
    return 0


def _on_own_cluster(pack_file: Path, questions_file: Path) -> dict[str, Any]:
    """The measurements on a PostgreSQL server of the benchmark's own, stopped and removed afterwards."""
    from tests.pgcluster import ClusterUnavailable, ThrowawayCluster

    try:
        cluster = ThrowawayCluster().start()
    except ClusterUnavailable as exc:
        return {"unavailable": str(exc).splitlines()[0]}
    try:
        return measure_store(cluster.new_database(), pack_file, questions_file)
    finally:
        cluster.stop()


def _run_child(child: list[str]) -> int:
    name, *rest = child
    if name == "watch":
        child_watch(rest[0], rest[1])
        return 0
    steps = {"import": child_import, "ask": child_ask, "save": child_save}
    print(json.dumps(steps[name](rest[0], rest[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

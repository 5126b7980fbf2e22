"""The benchmark's results as markdown: the tables, the targets met or missed, and how it was measured."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any

TARGETS = {  # issue 24, at 100k facts unless said
    "p99_today_ms": 3.0,
    "slowest_today_ms": 10.0,
    "p99_skewed_ms": 30.0,
    "speedup_20k": 20.0,  # mean time of the naive scan as the issue ran it over Privy's, same questions
    "speedup_100k": 150.0,
    "served_other_ms": 50.0,  # from the save's commit until another process serves it
    "open_s": 0.8,
    "rss_mb": 200.0,
    "cold_s": 0.5,
    "stall_ms": 100.0,
}
# Top-1 of the search before issue 24 (candidates from FTS5, facts decoded per question) on today's answer
# pipeline (commit 3508aff, the last before the in-memory rows; the claims engine and the relevance gate
# already in) on these same question sets (seed 1, 300 questions), measured once: the floor for "top-1 not
# lower". The issue's first floor came from an older pipeline (60db9f8: 247, 241, 239, 238, 217, 234),
# which other issues have changed since; on the same pipeline the old search gets one question fewer at 1k.
BEFORE_TOP1 = {  # right answers of 300
    ("today", 1_000): 246 / 300,
    ("today", 20_000): 242 / 300,
    ("today", 100_000): 239 / 300,
    ("skewed", 1_000): 237 / 300,
    ("skewed", 20_000): 218 / 300,
    ("skewed", 100_000): 234 / 300,
}


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
        f"`{meta['command']}` (`make bench RECORD=1`), {meta['date']}, {meta['wall_s']:.0f} s in all.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; {m['platform']}; Python {m['python']}. "
        f"Load average {meta['load_before']:.2f} at the start and {meta['load_after']:.2f} at the end: "
        "other work on the machine makes every time below longer.",
        "",
        "## Answers, side by side",
        "",
        f"{meta['questions']} questions, each asked once in a fresh process that has just opened the base "
        "(times in ms). *Naive* is the scan as the issue ran it (every wording processed on every call), *prepared* "
        "the same scan with the wordings processed once; *faster* is each one's mean time over Privy's on the "
        "same questions. "
        "*Open* is `Privy(db)`; RSS is the serving process's peak after every question.",
        "",
        "| layout | facts | platforms (biggest) | open s | p50 | p99 | slowest | mean | again p99 | q/s "
        "| top-1 | precision | naive p50 | naive mean | prepared p50 | prepared mean | naive top-1 | FTS5 p50 "
        "| FTS5 mean | FTS5 top-1 | faster than naive | faster than prepared | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['layout']} | {r['size']:,} | {r['platforms']:,} ({r['biggest']:,}) | {r['open_s']:.2f} "
            f"| {r['real_p50_ms']:.2f} | {r['real_p99_ms']:.2f} | {r['real_max_ms']:.1f} "
            f"| {r['real_mean_ms']:.2f} | {r['second_p99_ms']:.2f} | {r['batch_qps']:,.0f} "
            f"| {r['real_top1']:.1%} | {r['precision']:.1%} | {r['written_p50_ms']:.1f} "
            f"| {r['written_mean_ms']:.1f} | {r['naive_p50_ms']:.1f} | {r['naive_mean_ms']:.1f} "
            f"| {r['naive_top1']:.1%} | {r['fts_p50_ms']:.1f} | {r['fts_mean_ms']:.1f} | {r['fts_top1']:.1%} "
            f"| {_speedup(r):.0f}× | {_prepared_speedup(r):.0f}× | {r['rss_mb']:.0f} |"
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
        "## A moderator's save, and who serves it",
        "",
        f"The same fact edited {meta['saves']} times on a base of each size, as the bot saves it: on a worker "
        "thread (`handlers.off_loop.CoreCalls`) while an asyncio loop runs a 10 ms ticker. *Stall* is how "
        "late the ticker woke at worst (beside it, the same save made on the loop itself). *Next question* "
        "is the saving process's next answer (the slowest of the saves), *reloads* how many times it read "
        "every search row again for them (0: the change log was enough). *Other process* is the time from "
        "the commit until a second process, asking the same question over and over, gets the edited "
        "answer (the slowest). Export is `FactStore.export_text()`, the whole base as YAML (first layout "
        "only), and CLI ask `python bot.py ask` in a new process on that base, median of "
        f"{meta['cli_runs']}. A long question is a post of {results[0]['long_chars']:,} characters.",
        "",
        "| layout | facts | save s | stall ms | stall ms, on the loop | next question ms | reloads "
        "| other process ms | RSS MB before | peak RSS MB, update | export s | long question ms | CLI ask s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {r['layout']} | {r['size']:,} | {r['save_s']:.3f} | {r['stall_ms']:.1f} "
            f"| {r['on_loop_stall_ms']:.1f} | {r['next_ms']:.1f}{'' if r['next_served'] else ' (not served)'} "
            f"| {r['save_reloads']} | {r['served_ms']:.0f} | {r['update_rss_before_mb']:.0f} "
            f"| {r['update_peak_mb']:.0f} | {_num(r.get('export_s'), 1)} | {r['long_ms']:.1f} "
            f"| {_num(r.get('cli_ask_s'), 2)} |"
            for r in results
        ),
        "",
        "## Import",
        "",
        "`bot.py facts import` into a new SQLite file, in a fresh process, as the CLI does it: the pack read "
        "within bounds from libyaml's events, validated, planned and written in one transaction (the search "
        "rows and their change log with the facts), in one process.",
        "",
        "| layout | facts | import s | facts/s | peak RSS MB |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {r['layout']} | {r['size']:,} | {r['import_s']:.1f} | {r['size'] / r['import_s']:,.0f} "
            f"| {r['import_rss_mb']:.0f} |"
            for r in results
        ),
        "",
        "## Accuracy by kind of question",
        "",
        "Top-1 is right when the first fact of the answer is the expected one (and, for Privy, the status is "
        "`answered`), over the questions both were asked. A question can be of several kinds.",
        "",
        "| layout | facts | kind | questions | Privy top-1 | naive top-1 |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for r in results:
        for kind, (n, real, naive) in sorted(r["kinds"].items()):
            lines.append(
                f"| {r['layout']} | {r['size']:,} | {kind} | {n} | {real / n:.1%} | {naive / n:.1%} |"
            )
    lines += ["", "## How it is measured", "", *_method(results, meta)]
    return "\n".join(lines) + "\n"


def _speedup(r: dict[str, Any]) -> float:
    """The naive scan as the issue ran it, over Privy, on the questions both were asked: the target's ratio."""
    return float(r["written_mean_ms"] / r["real_mean_written_ms"])


def _prepared_speedup(r: dict[str, Any]) -> float:
    """The same scan with its wordings processed once, over Privy: a stricter ratio, printed beside."""
    return float(r["naive_mean_ms"] / r["real_mean_same_ms"])


def _num(value: float | None, places: int) -> str:
    return "–" if value is None else f"{value:.{places}f}"


def _targets(results: list[dict[str, Any]], cold: dict[str, float]) -> list[str]:
    out = []

    def line(ok: bool, text: str) -> None:
        out.append(f"- {'met' if ok else '**missed**'}: {text}")

    for r in results:
        where = f"{r['layout']} layout, {r['size'] // 1000}k facts"
        if r["size"] == 100_000 and r["layout"] == "today":
            line(
                r["real_p99_ms"] <= TARGETS["p99_today_ms"], f"{where}: p99 ≤ 3 ms: {r['real_p99_ms']:.2f} ms"
            )
            line(
                r["real_max_ms"] <= TARGETS["slowest_today_ms"],
                f"{where}: slowest ≤ 10 ms: {r['real_max_ms']:.1f} ms",
            )
        if r["size"] == 100_000 and r["layout"] == "skewed":
            line(
                r["real_p99_ms"] <= TARGETS["p99_skewed_ms"],
                f"{where}: p99 ≤ 30 ms: {r['real_p99_ms']:.2f} ms",
            )
        wanted = {20_000: TARGETS["speedup_20k"], 100_000: TARGETS["speedup_100k"]}.get(r["size"])
        if wanted is not None:
            line(
                _speedup(r) >= wanted,
                f"{where}: ≥ {wanted:.0f}× the naive scan (mean): {_speedup(r):.0f}× "
                f"({r['real_mean_written_ms']:.2f} ms against {r['written_mean_ms']:.1f} ms; {wanted:.0f}× would "
                f"be {r['written_mean_ms'] / wanted:.2f} ms a question). Against the prepared scan "
                f"({r['naive_mean_ms']:.1f} ms), {_prepared_speedup(r):.0f}×"
                + ("" if _prepared_speedup(r) >= wanted else f", short of {wanted:.0f}×"),
            )
        if r["size"] == 100_000:
            line(r["open_s"] <= TARGETS["open_s"], f"{where}: open ≤ 0.8 s: {r['open_s']:.2f} s")
            line(r["rss_mb"] <= TARGETS["rss_mb"], f"{where}: peak RSS ≤ 200 MB: {r['rss_mb']:.0f} MB")
            line(
                r["served_ms"] <= TARGETS["served_other_ms"],
                f"{where}: a save served by another process ≤ 50 ms after its commit: {r['served_ms']:.0f} ms",
            )
            line(
                r["next_served"] and r["save_reloads"] == 0,
                f"{where}: a save served by the saving process at its next question, with no reload: "
                f"{'served' if r['next_served'] else 'NOT served'}, {r['save_reloads']} reloads, "
                f"{r['next_ms']:.1f} ms",
            )
            line(
                r["stall_ms"] <= TARGETS["stall_ms"],
                f"{where}: no loop stall over 100 ms during a save: {r['stall_ms']:.1f} ms at worst",
            )
            if "cli_ask_s" in r:
                line(
                    r["cli_ask_s"] <= TARGETS["cold_s"],
                    f"{where}: cold `bot.py ask` ≤ 0.5 s (issue 13): {r['cli_ask_s']:.2f} s",
                )
        before = BEFORE_TOP1.get((r["layout"], r["size"]))
        if before is not None and r["questions"] == 300:
            line(
                r["real_top1"] >= before,
                f"{where}: top-1 not lower than before issue 24: {r['real_top1']:.1%} (before: {before:.1%})",
            )
    line(
        cold["warm_s"] <= TARGETS["cold_s"],
        f"cold `ask` ≤ 0.5 s: {cold['warm_s']:.2f} s (the very first, on a new database, "
        f"{cold['fresh_s']:.2f} s: it loads the embedded pack, once)",
    )
    parity = all(r["real_top1_same"] >= r["naive_top1"] for r in results)
    line(parity, "accuracy: Privy's top-1 at least the naive scan's, at every size")
    return out


def _agreement(results: list[dict[str, Any]]) -> str:
    wrong = {(r["layout"], r["size"]): r.get("key_disagreements", 0) for r in results}
    if not any(wrong.values()):
        return "they agree everywhere"
    return "**they differ** " + ", ".join(
        f"{n} times at {size:,} ({layout})" for (layout, size), n in wrong.items() if n
    )


def _method(results: list[dict[str, Any]], meta: dict[str, Any]) -> list[str]:
    sizes = "; ".join(
        f"{r['layout']} {r['size']:,} facts: {r['platforms']:,} platforms (the biggest {r['biggest']:,} "
        f"facts), {r['regions']} region codes"
        for r in results
    )
    partial = [
        f"{r['layout']} {r['size']:,} (naive {r['naive_n']}, FTS5 {r['fts_n']} of {r['questions']})"
        for r in results
        if min(r["naive_n"], r["fts_n"]) < r["questions"]
    ]
    return [
        f"- Packs from `benchmarks/generate.py`, seed {meta['seed']} ({sizes}); all six topics, 2-5 variants "
        "a fact, validity windows, https sources. The questions are paraphrases in other words than the "
        "facts', a quarter with a typo, each naming the asker's place (a country's name as pycountry "
        "writes it, or a city or nation) and some a month; exactly one fact answers each (by its product "
        "and data, topic, region and date). Layout *today* spreads facts over platforms as this benchmark "
        "always did (weights 1/rank^0.6); *skewed* puts thousands of facts on a few platforms (1/rank).",
        "- The answer key is `benchmarks/truth.py`, the contract's rule written out (most specific region "
        "wins, valid on the day; the EEA listed from the treaty), not the core's code; place names are "
        "not filtered by what the core reads right. Checked against the core's rule on every generated "
        f"set: {_agreement(results)}.",
        "- open: `Privy(db)` in a fresh process: it reads every search row into memory "
        "(knowledge/matching/memory.py; no fact's JSON is decoded, each claim read once per distinct claim) "
        "and the word counts the writes keep beside them (search_counts); it then follows the change log "
        "(knowledge/store/changes.py) instead of reloading. `bot.py ask` (*CLI ask*), which answers a "
        "question or two, reads the rows lazily instead: the word counts and the base's size at once, a "
        "platform's rows when a question needs them.",
        "- p50/p99/slowest/mean: wall time of one `Privy.ask` (place, date, platform, ranking, the Answer), "
        "each question once, after one warm-up question not in the set; *again p99* and questions/s: "
        "the same questions a second time, back to back. *precision*: of the questions Privy answered "
        "(status `answered`), the share whose first fact is the expected one.",
        f"- naive: `benchmarks/naive.py`, one `rapidfuzz.process.extractOne` (`fuzz.{meta['scorer']}`) over "
        "every question and variant with `processor=utils.default_process`, which processes every wording "
        "again on each call: the simple approach as written, and the scan the issue timed (its table: 1.4, "
        "27-28 and 110-134 ms a question at 1k, 20k and 100k, under load; the prepared scan's times are "
        "about half of those at 20k and 100k). *Prepared*: the same scan with the wordings processed once up "
        "front, the same answers"
        + ("" if all(r.get("written_same_answers", True) for r in results) else " (**they differ here**)")
        + ". FTS5: `benchmarks/fts.py`, the question's words OR'ed against the same search rows, best bm25 "
        "rank. All three in the same process, after "
        f"Privy's run, each with a budget of {meta['naive_seconds']:.0f} s. "
        + (
            f"They answered fewer questions at {', '.join(partial)}; the accuracy and the speed-up compare "
            "the same questions."
            if partial
            else "They answered every question."
        ),
        "- peak RSS: the serving process's peak (VmHWM) after Privy's runs, before either baseline is built; "
        "for the update, VmHWM is reset (clear_refs) just before the saves.",
        "- cold start: a new process each run, with the place-name cache (built once per machine) in place.",
        "- Where the slow tail comes from: `make bench PROFILE=1` prints a profile of the slowest 1% of the "
        "questions of each run. On these layouts it is the first question a process meets about a "
        "platform: each fact it scores has its texts split and weighed once (about 12 µs a fact; a "
        "platform of up to 100 facts is scored whole, a bigger one's 60 sharing the most words), the "
        "platform's word lists are read from FTS5 (one term each, `platform'word`), and the facts an answer "
        "shows are decoded from JSON (a ranked fact stands on its search row until more of it is read: "
        "knowledge/matching/deferred.py); and a question naming no platform, which scores up to 100 facts "
        "about none. Whether regions differ and which claim answers are read from the claims kept with "
        "the search rows: no fact is decoded for them.",
        "- The speed-up targets (20× and 150× the naive scan's mean) are judged against the scan as the issue "
        "ran it; the ratio against the prepared scan is printed beside them and in the table. Privy's time "
        "is per question, not per fact (about the same mean at every size): reading the question (place "
        "names, a date, the platform, whether it is one for Privy at all) is a few tenths of a millisecond "
        "before any fact is scored, and scoring its few dozen candidates, choosing among them and decoding "
        "the facts shown most of the rest; the naive scan's time grows with the base instead, so the ratio "
        "rises with size.",
    ]

"""A Privy process on a PostgreSQL base, driven by JSON lines on stdin (tests/knowledge/test_pg_processes.py).

{"ask": "question", "region": "uk"}       -> {"facts": [ids...]}
{"save": ["id", ...]}                      -> {"saved": n}: each fact saved by a thread with its own
                                              handle, all at once, as the bot's lanes and a CLI would
"""

from __future__ import annotations

import json
import sys
import threading
from datetime import date
from typing import Any

from knowledge.service import Privy
from knowledge.store.facts import Author

TODAY = date(2026, 12, 7)
BY = Author("worker", "1001")


def fact(fact_id: str) -> dict[str, Any]:
    """A fact of its own, answering a question no other fact answers."""
    n = fact_id.rsplit("-", 1)[-1]
    return {
        "id": fact_id,
        "platform": "zoom",
        "regions": ["uk"],
        "topic": "status",
        "question": f"Does Zoom train AI on whiteboard number {n} quokka{n}?",
        "answer": "No. Zoom says it does not use audio, video or chat content to train its AI models.",
        "sources": [{"url": "https://www.zoom.com/en/trust/", "title": "Trust Center", "publisher": "Zoom"}],
        "verified": "2026-11-20",
    }


def save_all(privy: Privy, ids: list[str]) -> int:
    handles = [privy.reader() for _ in ids]
    errors: list[str] = []

    def save(handle: Privy, fact_id: str) -> None:
        try:
            handle.store.add(fact(fact_id), BY)
        except Exception as exc:  # reported to the test, which fails on it
            errors.append(f"{fact_id}: {exc}")

    threads = [threading.Thread(target=save, args=pair) for pair in zip(handles, ids, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for handle in handles:
        handle.db.close()
    if errors:
        raise RuntimeError("; ".join(errors))
    return len(ids)


def main() -> None:
    url, key_file = sys.argv[1], sys.argv[2]
    privy = Privy(url, seed=False, today=lambda: TODAY, key_file=key_file)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        if "ask" in command:
            answer = privy.ask(command["ask"], region=command.get("region"))
            print(json.dumps({"facts": [f.id for f in answer.facts]}), flush=True)
        elif "save" in command:
            print(json.dumps({"saved": save_all(privy, command["save"])}), flush=True)
    privy.db.close()


if __name__ == "__main__":
    main()

"""`bot.py facts ...` from the shell: import with a plan and a progress bar, export, check, history, revert."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import bot
import cli_facts


def fact(n: int, answer: str = "Zoom says it does not train its AI on call content.") -> dict[str, Any]:
    return {
        "id": f"cli-fact-{n}",
        "platform": "zoom",
        "regions": ["global"],
        "topic": "background",
        "question": f"Test question number {n} about Zoom and AI?",
        "answer": answer,
        "sources": [
            {"url": f"https://www.zoom.com/en/trust/test-{n}", "title": "Example", "publisher": "Zoom"}
        ],
        "verified": "2026-01-01",
    }


def write_pack(path: Path, facts: list[dict[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump({"pack": "cli", "platforms": [], "facts": facts}), encoding="utf-8")
    return path


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PRIVY_DB", str(tmp_path / "privy.db"))

    def run(*argv: str) -> tuple[int, str, str]:
        code = bot.main(["facts", *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_import_history_revert_with_names(cli: Any, tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "one.yaml", [fact(1)])
    assert cli("import", str(pack), "--by", "alice")[0] == 0
    write_pack(pack, [fact(1, answer="Zoom changed its terms.")])
    code, out, _ = cli("import", str(pack), "--by", "bob", "--dry-run")
    assert (code, out.splitlines()) == (
        0,
        [f"would import {pack}: 0 added, 1 changed, 0 unchanged", "  change cli-fact-1"],
    )
    assert cli("import", str(pack), "--by", "bob")[0] == 0
    assert cli("revert", "cli-fact-1", "1", "--by", "carol")[0] == 0

    code, out, _ = cli("history", "cli-fact-1", "--json")
    history = json.loads(out)
    assert [(r["rev"], r["by"], r["action"]) for r in history] == [
        (1, "cli:alice", "import"),
        (2, "cli:bob", "import"),
        (3, "cli:carol", "revert"),
    ]
    assert history[1]["changes"] == ["answer"]


def test_a_bad_pack_imports_nothing_and_names_the_field(cli: Any, tmp_path: Path) -> None:
    bad = fact(2)
    bad["sources"] = [{"url": "http://example.org"}]
    pack = write_pack(tmp_path / "bad.yaml", [fact(1), bad])
    code, _, err = cli("import", str(pack))
    assert code == 1
    assert "cli-fact-2: sources[0].url: must be an https URL" in err
    assert "nothing imported" in err
    code, out, _ = cli("check", str(pack))
    assert code == 1 and "cli-fact-2: sources[0].url" in out
    assert cli("history", "cli-fact-1")[0] == 1  # the good fact was not imported either


def test_export_is_importable_unchanged(cli: Any, tmp_path: Path) -> None:
    assert cli("export", str(tmp_path / "a.yaml"))[0] == 0
    code, out, _ = cli("import", str(tmp_path / "a.yaml"), "--dry-run")
    facts = len(yaml.safe_load((tmp_path / "a.yaml").read_text(encoding="utf-8"))["facts"])
    assert code == 0 and f": 0 added, 0 changed, {facts} unchanged" in out
    assert cli("check", str(tmp_path / "a.yaml"))[0] == 0


def test_a_large_pack_shows_a_progress_bar(cli: Any, tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "big.yaml", [fact(n) for n in range(1000)])
    code, out, err = cli("import", str(pack), "--by", "bulk")
    assert code == 0 and "1000 added" in out
    lines = err.splitlines()
    assert "\r" not in err and 1 <= len(lines) <= 11  # a log gets a line a tenth, not a redraw per batch
    assert all(line.startswith("importing [") for line in lines) and lines[-1].endswith("] 1000/1000")


def test_in_a_terminal_the_bar_is_redrawn_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    bar = cli_facts._Bar()
    for done in range(0, 2001, 250):
        bar(done, 2000)
    drawn = sys.stderr.getvalue()
    assert drawn.count("\rimporting [") == 9 and drawn.endswith("] 2000/2000\n") and drawn.count("\n") == 1


def test_a_big_pack_imports_every_fact_in_order(cli: Any, tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "big.yaml", [fact(n) for n in range(1200)])
    assert cli("check", str(pack))[1].splitlines()[0] == f"{pack}: OK, 1200 facts"
    code, out, err = cli("import", str(pack), "--by", "bulk")
    assert (code, out.strip()) == (0, f"imported {pack}: 1200 added, 0 changed, 0 unchanged")
    assert err.splitlines()[-1].endswith("] 1200/1200")  # the bar reached the end
    assert cli("history", "cli-fact-1199")[0] == 0
    code, out, _ = cli("import", str(pack), "--dry-run")
    assert out.strip() == f"would import {pack}: 0 added, 0 changed, 1200 unchanged"  # no id to list


def test_a_problem_near_the_end_imports_nothing_and_says_where(cli: Any, tmp_path: Path) -> None:
    facts = [fact(n) for n in range(1200)]
    facts[1150]["regions"] = ["atlantis"]
    facts[1199]["id"] = "cli-fact-3"
    pack = write_pack(tmp_path / "bad.yaml", facts)
    code, _, err = cli("import", str(pack))
    assert code == 1
    problems = [line.strip() for line in err.splitlines() if line.startswith("  ")]
    assert problems == [
        "cli-fact-1150: regions: unknown region code 'atlantis'",
        "cli-fact-3: id: appears more than once in this pack",
    ]
    assert f"nothing imported: 2 problem(s) in {pack}" in err
    assert cli("history", "cli-fact-0")[0] == 1


def test_an_alias_to_an_anchor_far_up_is_imported(cli: Any, tmp_path: Path) -> None:
    text = write_pack(tmp_path / "x.yaml", [fact(n) for n in range(300)]).read_text(encoding="utf-8")
    source = "  - publisher: Zoom\n    title: Example\n    url: https://www.zoom.com/en/trust/test-{}\n"
    text = text.replace(source.format(0), "  - &first-source\n    " + source.format(0)[4:])
    text = text.replace(source.format(250), "  - *first-source\n")  # an alias to an anchor 250 facts up
    pack = tmp_path / "anchored.yaml"
    pack.write_text(text, encoding="utf-8")
    code, out, _ = cli("import", str(pack))
    assert (code, out.strip()) == (0, f"imported {pack}: 300 added, 0 changed, 0 unchanged")
    assert cli("export", str(tmp_path / "out.yaml"))[0] == 0
    exported = yaml.safe_load((tmp_path / "out.yaml").read_text(encoding="utf-8"))["facts"]
    assert (
        next(f for f in exported if f["id"] == "cli-fact-250")["sources"][0]["url"]
        == "https://www.zoom.com/en/trust/test-0"
    )


def test_a_dry_run_lists_the_ids_it_would_add_and_change_after_the_summary(cli: Any, tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p.yaml", [fact(1), fact(2)])
    assert cli("import", str(pack))[0] == 0
    write_pack(pack, [fact(1), fact(2, answer="Zoom changed its terms."), fact(3)])
    code, out, _ = cli("import", str(pack), "--dry-run")
    assert (code, out.splitlines()) == (
        0,
        [
            f"would import {pack}: 1 added, 1 changed, 1 unchanged",
            "  add    cli-fact-3",
            "  change cli-fact-2",
        ],
    )
    assert cli("history", "cli-fact-3")[0] == 1  # a dry run writes nothing


def test_a_sources_archive_url_is_kept_from_import_to_export(cli: Any, tmp_path: Path) -> None:
    archived = fact(1)
    archived["sources"] = [
        {
            "url": "https://zoom.com/trust",
            "publisher": "Zoom",
            "archive_url": "https://web.archive.org/x/zoom",
        }
    ]
    assert cli("import", str(write_pack(tmp_path / "a.yaml", [archived])))[0] == 0
    assert cli("export", str(tmp_path / "out.yaml"))[0] == 0
    exported = yaml.safe_load((tmp_path / "out.yaml").read_text(encoding="utf-8"))["facts"]
    source = next(f for f in exported if f["id"] == "cli-fact-1")["sources"][0]
    assert source == {
        "url": "https://zoom.com/trust",
        "publisher": "Zoom",
        "archive_url": "https://web.archive.org/x/zoom",
    }
    bad = fact(2)
    bad["sources"] = [{"url": "https://zoom.com/trust", "archive_url": "http://plain.example/x"}]
    code, out, _ = cli("check", str(write_pack(tmp_path / "b.yaml", [bad])))
    assert code == 1 and "cli-fact-2: sources[0].archive_url: must be an https URL" in out

"""Hostile packs, as an attacker or a careless moderator would send them: each is refused with one short,
clear problem, by `facts check`, by `facts import` (exit 1, nothing imported) and by Curator.read_pack (what
`/fact import` calls). A crash shows up as a signal, a hang as a timeout: the worst ones run in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.curation.workflow import Curator
from knowledge.packs.format import PackError
from knowledge.service import Privy
from knowledge.store.facts import Author

PROJECT = Path(__file__).resolve().parents[2]
FACT = """\
- id: hostile-1
  platform: zoom
  regions: [uk]
  topic: status
  question: Does Zoom train AI on my calls?
  answer: {answer}
  sources: [{{url: "https://zoom.com/trust", publisher: Zoom}}]
  verified: 2026-01-01
"""


def pack(*, name: str = "Zoom", aliases: str = "[]", answer: str = "No.", extra: str = "") -> str:
    platforms = f"platforms:\n- {{id: zoom, name: {name}, aliases: {aliases}}}\n"
    return "pack: hostile\n" + platforms + "facts:\n" + FACT.format(answer=answer) + extra


def alias_bomb(field: str) -> str:
    """Nine levels of nine aliases each (9^9 values) inside one field of a fact."""
    levels = ["&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"&l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    return pack(extra=f"  {field}: [{', '.join(levels)}]\n").replace(
        "  regions: [uk]\n", "", field == "regions"
    )


HOSTILE = {
    "nested-brackets": ("pack: hostile\nfacts: " + "[" * 100_000, "nested more than 20 levels deep"),
    "alias-bomb-regions": (alias_bomb("regions"), "aliases expand to more values than the file holds"),
    "alias-bomb-variants": (alias_bomb("variants"), "aliases expand to more values than the file holds"),
    "alias-bomb-steps": (alias_bomb("steps"), "aliases expand to more values than the file holds"),
    "duplicate-key": (
        pack(extra="  answer: Yes, it does.\n"),
        "the key 'answer' appears twice in this mapping",
    ),
    "nul-in-text": (pack(answer='"No.\\0 hidden"'), "answer: holds the control character #x0000 at 4"),
    "huge-name": (pack(name="Z" * 10_000), "zoom: name: is 10,000 characters; at most 80"),
    "1000-aliases": (
        pack(aliases=f"[{', '.join(f'alias {i}' for i in range(1000))}]"),
        "1,000 aliases; at most 30",
    ),
}
IDS = list(HOSTILE)


def run_cli(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRIVY_DB": str(tmp_path / "privy.db"), "PRIVY_LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [sys.executable, "bot.py", "facts", *argv],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,  # an alias bomb used to run past 60 s: now well under one
    )


@pytest.mark.parametrize("name", IDS)
def test_facts_check_and_import_refuse_it_with_one_short_line(tmp_path: Path, name: str) -> None:
    text, message = HOSTILE[name]
    file = tmp_path / f"{name}.yaml"
    file.write_text(text, encoding="utf-8")

    check = run_cli(tmp_path, "check", str(file))
    assert check.returncode == 1, check.stderr[-2000:]  # not a negative code: no signal, no crash
    assert message in check.stdout
    assert check.stderr.strip() == f"1 problem(s) in {file}"

    imported = run_cli(tmp_path, "import", str(file))
    assert imported.returncode == 1, imported.stderr[-2000:]
    assert message in imported.stderr and f"nothing imported: 1 problem(s) in {file}" in imported.stderr
    assert "Traceback" not in imported.stderr
    assert max(len(line) for line in (check.stdout + imported.stderr).splitlines()) < 200  # a short excerpt

    assert run_cli(tmp_path, "history", "hostile-1").returncode == 1  # nothing imported
    assert "hostile" not in run_cli(tmp_path, "export", str(tmp_path / "out.yaml")).stderr
    assert "Z" * 100 not in (tmp_path / "out.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", IDS)
def test_what_fact_import_in_discord_calls_refuses_it(tmp_path: Path, name: str) -> None:
    """Curator.read_pack, in a subprocess of its own so that a crash of the C loader would show."""
    text, message = HOSTILE[name]
    file = tmp_path / "pack.yaml"
    file.write_text(text, encoding="utf-8")
    code = (
        "import sys\n"
        "from knowledge.curation.workflow import Curator\n"
        "from knowledge.packs.format import PackError\n"
        "from knowledge.service import Privy\n"
        "curator = Curator(Privy(':memory:').scoped(''))\n"
        "try:\n"
        "    curator.read_pack(open(sys.argv[1], encoding='utf-8').read())\n"
        "except PackError as exc:\n"
        "    print('\\n'.join(str(p) for p in exc.problems)); sys.exit(3)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(file)], cwd=PROJECT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 3, proc.stderr[-2000:]
    assert message in proc.stdout and len(proc.stdout.splitlines()) == 1


def test_a_refused_pack_leaves_the_base_as_it_was(fresh_privy: Privy) -> None:
    curator = Curator(fresh_privy.scoped(""))
    before = (fresh_privy.store.count(), fresh_privy.store.platforms())
    for name in IDS:
        with pytest.raises(PackError):
            curator.import_text(HOSTILE[name][0], f"{name}.yaml", author_of("mod"))
    assert (fresh_privy.store.count(), fresh_privy.store.platforms()) == before


def test_a_file_too_big_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import bot
    from knowledge.packs import files as pack_files

    monkeypatch.setattr(pack_files, "MAX_PACK_BYTES", 1024 * 1024)
    monkeypatch.setenv("PRIVY_DB", str(tmp_path / "privy.db"))
    big = tmp_path / "big.yaml"
    big.write_text(pack() + "# padding\n" * 120_000, encoding="utf-8")
    for command in ("check", "import"):
        assert bot.main(["facts", command, str(big)]) == 1
        out = capsys.readouterr()
        assert "pack: file: big.yaml is bigger than 1 MB, the most a pack may be" in out.out + out.err


def test_too_many_platforms_is_one_problem(fresh_privy: Privy) -> None:
    platforms = "".join(f"- {{id: p{i}, name: P{i}}}\n" for i in range(5001))
    with pytest.raises(PackError) as exc:
        Curator(fresh_privy.scoped("")).read_pack(f"pack: many\nplatforms:\n{platforms}facts: []\n")
    assert [str(p) for p in exc.value.problems] == ["pack: platforms: at most 5,000 platforms in one pack"]


def test_a_renamed_platform_keeps_its_names_and_the_plan_says_which(empty_privy: Privy) -> None:
    curator = Curator(empty_privy.scoped(""))
    curator.import_text(pack(aliases="[zoom meetings]"), "one.yaml", author_of("mod"))
    _, plan = curator.read_pack(pack(name="Zoom Video"))
    assert plan.platforms == ["zoom"]
    assert plan.notes() == ["zoom: kept as aliases, not in the pack: zoom meetings, Zoom"]
    assert plan.summary().endswith(
        ", 1 platform(s) added or renamed, 2 platform name(s) kept that the pack leaves out"
    )
    curator.import_text(pack(name="Zoom Video"), "two.yaml", author_of("mod"))
    zoom = next(p for p in empty_privy.store.platforms() if p.id == "zoom")
    assert (zoom.name, zoom.aliases) == ("Zoom Video", ("zoom meetings", "Zoom"))
    assert empty_privy.ask("Does Zoom meetings train AI on my calls? I'm in Leeds").status == "answered"


def author_of(name: str) -> Author:

    return Author(name)

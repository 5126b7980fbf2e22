"""The command line as a user runs it: JSON contract, batch mode, fact packs, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_KEYS = {"question", "status", "platform", "region", "as_of", "confidence", "facts", "reply"}
FACT_KEYS = {
    "id",
    "platform",
    "regions",
    "topic",
    "valid_from",
    "valid_until",
    "answer",
    "steps",
    "sources",
    "verified",
}


def run(args: list[str], db: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update(PRIVY_DB=str(db), PRIVY_LOG_LEVEL="WARNING")
    return subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        text=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "privy.db"


def test_ask_json_follows_the_contract(db: Path) -> None:
    p = run(["ask", "Is LinkedIn training AI on UK members' data?", "--json"], db)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert set(out) >= CONTRACT_KEYS
    assert out["status"] == "answered" and out["platform"] == "linkedin" and out["region"] == "uk"
    assert set(out["facts"][0]) >= FACT_KEYS
    assert out["facts"][0]["sources"][0]["url"].startswith("https://")
    assert "clarify" not in out


def test_ask_batch_gives_one_json_line_per_question(db: Path) -> None:
    questions = ["How do I opt out of LinkedIn's AI training?", "", "lasagne recipe", "What is the ICO?"]
    p = run(["ask", "--json", "--as-of", "2024-10-01", "-"], db, stdin="\n".join(questions) + "\n")
    assert p.returncode == 0, p.stderr
    answers = [json.loads(line) for line in p.stdout.splitlines()]
    assert [a["status"] for a in answers] == ["clarify", "no_match", "no_match", "answered"]
    assert answers[0]["clarify"]["options"] and "uk" in answers[0]["clarify"]["options"]
    assert all(a["as_of"] == "2024-10-01" for a in answers)


def test_a_clarify_reply_says_how_to_give_the_region_here(db: Path) -> None:
    p = run(["ask", "Is Instagram training AI on my posts?", "--json"], db)
    reply = json.loads(p.stdout)["reply"]
    assert "depends on where you live" in reply and "--region CODE" in reply and "/region" not in reply


def test_the_console_asks_then_remembers_the_region(db: Path) -> None:
    lines = [
        "Is Instagram training AI on my posts?",
        ":region uk",
        "Is Instagram training AI on my posts?",
        ":quit",
    ]
    p = run(["console"], db, stdin="\n".join(lines) + "\n")
    assert p.returncode == 0, p.stderr
    first, after = p.stdout.split("privy> region set to uk", 1)
    assert "depends on where you live" in first and "':region CODE'" in first and "/region" not in first
    assert "Meta · UK" in after and "Sources:" in after


def test_the_console_follows_up_on_the_last_answer(db: Path) -> None:
    lines = [
        "I'm in Leeds, is LinkedIn training AI on my posts?",
        "and in the US?",
        "what about Meta?",
        "how do I do that?",
        "hi",
        ":help",
        ":quit",
    ]
    p = run(["console"], db, stdin="\n".join(lines) + "\n")
    assert p.returncode == 0, p.stderr
    replies = p.stdout.split("privy> ")[1:]
    titles = [r.split("\n", 1)[0] for r in replies[:4]]
    assert titles == ["LinkedIn · UK", "LinkedIn · US", "Meta · US", "Meta · US"]
    assert "Steps:\n       1. Workaround only" in replies[3]
    greeting, help_ = replies[4], replies[5]
    assert (
        greeting.startswith("Hi, I'm Privy.") and "':region CODE'" in greeting and "/region" not in greeting
    )
    assert help_.startswith("Hi, I'm Privy.") and "Regions:" in help_ and "Privacy:" in help_
    assert "in memory only" in help_


def test_run_with_no_token_is_the_console(db: Path) -> None:
    """`make run` on a fresh machine: no DISCORD_TOKEN, so the console answers on the embedded facts."""
    p = run(["run"], db, stdin="I'm in Leeds, is LinkedIn training AI on my posts?\n:quit\n")
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("No DISCORD_TOKEN set: starting the offline console")
    assert "privy> LinkedIn · UK" in p.stdout


def test_a_question_naming_no_platform_asks_which_then_takes_the_name(db: Path) -> None:
    lines = ["where are the settings to stop my account being used for AI training?", "linkedin", ":quit"]
    p = run(["console"], db, stdin="\n".join(lines) + "\n")
    assert p.returncode == 0, p.stderr
    which, named = p.stdout.split("privy> ")[1:3]
    assert which.startswith("Which platform do you mean?") and "LinkedIn, Medium, Meta" in which
    assert named.startswith("The answer about LinkedIn depends on where you live")  # now about LinkedIn
    p = run(["ask", "--json", "where are the settings to stop my account being used for AI training?"], db)
    out = json.loads(p.stdout)
    assert out["status"] == "clarify" and out["clarify"]["question"] == "Which platform?"
    assert "linkedin" in out["clarify"]["options"] and out["facts"] == []


def test_the_console_keeps_its_region_when_an_unknown_one_is_given(db: Path) -> None:
    lines = [
        ":region uk",
        ":region narnia",
        "Is Instagram training AI on my posts?",
        ":region elsewhere",
        ":quit",
    ]
    p = run(["console"], db, stdin="\n".join(lines) + "\n")
    replies = p.stdout.split("privy> ")[1:]
    assert replies[0].startswith("region set to uk")
    assert replies[1].startswith("unknown region 'narnia'") and replies[2].startswith("Meta · UK")
    assert replies[3].startswith("region set to global")  # the choice shown as "Elsewhere"


def test_ask_with_region_flag(db: Path) -> None:
    p = run(["ask", "Is LinkedIn training AI on my data?", "--region", "GB", "--as-of", "2024-10-01"], db)
    assert p.returncode == 0
    assert "LinkedIn · UK" in p.stdout and "Sources:" in p.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "x", "--as-of", "yesterday"], "--as-of must be a date YYYY-MM-DD"),
        (["ask", "x", "--region", "narnia"], "--region: unknown region 'narnia'"),
        (["ask", "x", "--lang", "xx"], "--lang: Privy does not speak 'xx'"),
        (["status", "meta", "--as-of", "2024-13-01"], "--as-of must be a date YYYY-MM-DD"),
        (["changes", "--region", "narnia"], "--region: unknown region 'narnia'"),
        (["changes", "--since", "last week"], "--since must be a date YYYY-MM-DD"),
    ],
)
def test_bad_flags_are_one_line_errors(db: Path, args: list[str], message: str) -> None:
    """The same mistake, the same exit status in every command: 2, as argparse gives a bad option."""
    p = run(args, db)
    assert p.returncode == 2
    assert p.stderr.startswith(message) and p.stderr.count("\n") == 1
    assert "Traceback" not in p.stderr


def test_bad_config_is_one_line_naming_the_variable(db: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update(PRIVY_DB=str(db), PRIVY_LOG_LEVEL="LOUD")
    p = subprocess.run(
        [sys.executable, "bot.py", "ask", "hi"], cwd=ROOT, env=env, text=True, capture_output=True, timeout=60
    )
    assert p.returncode == 2
    assert p.stderr.strip().count("\n") == 0 and "PRIVY_LOG_LEVEL" in p.stderr


def test_ask_never_imports_discord(db: Path) -> None:
    code = (
        "import sys, runpy; sys.argv=['bot.py','ask','What is the ICO?'];"
        "import bot; bot.main(sys.argv[1:]); print('discord' in sys.modules, file=sys.stderr)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update(PRIVY_DB=str(db), PRIVY_LOG_LEVEL="WARNING")
    p = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, text=True, capture_output=True, timeout=60
    )
    assert p.returncode == 0, p.stderr
    assert p.stderr.strip().splitlines()[-1] == "False"


def test_export_import_export_is_lossless(db: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert run(["facts", "export", str(first)], db).returncode == 0
    other = tmp_path / "other.db"
    imported = run(["facts", "import", str(first), "--by", "tester"], other)
    assert imported.returncode == 0, imported.stderr
    assert run(["facts", "export", str(second)], other).returncode == 0
    assert first.read_text() == second.read_text()


def test_check_lists_every_problem_with_id_and_field(db: Path, tmp_path: Path) -> None:
    pack = {
        "pack": "bad",
        "platforms": [{"id": "linkedin", "name": "LinkedIn"}],
        "facts": [
            {
                "id": "bad-one",
                "platform": "linkedin",
                "regions": ["narnia"],
                "topic": "status",
                "question": "q?",
                "answer": "a.",
                "sources": [{"url": "http://example.com"}],
                "verified": "2026-13-01",
            },
        ],
    }
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(pack))
    p = run(["facts", "check", str(path)], db)
    assert p.returncode == 1
    assert "bad-one: regions: unknown region code 'narnia'" in p.stdout
    assert "bad-one: sources[0].url: must be an https URL" in p.stdout
    assert "bad-one: verified: must be a real date" in p.stdout


def test_import_of_a_bad_pack_changes_nothing(db: Path, tmp_path: Path) -> None:
    good = {
        "id": "new-good",
        "platform": "linkedin",
        "regions": ["us"],
        "topic": "status",
        "question": "q?",
        "answer": "a.",
        "sources": [{"url": "https://example.com/a"}],
        "verified": "2026-11-01",
    }
    bad = dict(good, id="new-bad", sources=[])
    path = tmp_path / "mixed.yaml"
    path.write_text(yaml.safe_dump({"pack": "mixed", "platforms": [], "facts": [good, bad]}))
    p = run(["facts", "import", str(path)], db)
    assert p.returncode == 1 and "nothing imported" in p.stderr
    assert "new-bad: sources" in p.stderr
    assert run(["facts", "history", "new-good"], db).returncode == 1


def test_history_and_revert(db: Path, tmp_path: Path) -> None:
    export = tmp_path / "all.yaml"
    run(["facts", "export", str(export)], db)
    data = yaml.safe_load(export.read_text())
    fact = next(f for f in data["facts"] if f["id"] == "linkedin-genai-uk-2025")
    original = fact["answer"]
    fact["answer"] = "A moderator's correction."
    edited = tmp_path / "edit.yaml"
    edited.write_text(yaml.safe_dump({"pack": "edit", "platforms": [], "facts": [fact]}))
    assert run(["facts", "import", str(edited), "--by", "alice"], db).returncode == 0
    history = json.loads(run(["facts", "history", "linkedin-genai-uk-2025", "--json"], db).stdout)
    assert [h["rev"] for h in history] == [1, 2]
    assert history[1]["by"] == "cli:alice" and history[1]["changes"] == ["answer"]
    assert run(["facts", "revert", "linkedin-genai-uk-2025", "1", "--by", "bob"], db).returncode == 0
    out = json.loads(run(["ask", "Is LinkedIn training AI on UK members' data?", "--json"], db).stdout)
    assert out["facts"][0]["answer"] == " ".join(original.split())
    assert len(json.loads(run(["facts", "history", "linkedin-genai-uk-2025", "--json"], db).stdout)) == 3


# ---- another process writing the same base ----------------------------------------------------------------


def _one_fact_pack(tmp_path: Path) -> Path:
    fact = {
        "id": "cli-lock-fact",
        "platform": "zoom",
        "regions": ["global"],
        "topic": "background",
        "question": "Does Zoom train AI on calls, lock test?",
        "answer": "Zoom says it does not train its AI on call content.",
        "sources": [{"url": "https://zoom.com/trust/lock", "title": "Example", "publisher": "Zoom"}],
        "verified": "2026-01-01",
    }
    path = tmp_path / "lock.yaml"
    path.write_text(yaml.safe_dump({"pack": "lock", "platforms": [], "facts": [fact]}))
    return path


def test_an_import_while_another_process_writes_too_long_is_one_sentence(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import bot
    from knowledge.store import db as store_db
    from tests.knowledge.lock_holder import write_lock_held

    monkeypatch.setenv("PRIVY_DB", str(db))
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT", 0.5)  # instead of 5 s, to keep the test short
    pack = _one_fact_pack(tmp_path)
    assert bot.main(["ask", "What is the ICO?"]) == 0  # the base exists
    capsys.readouterr()
    with write_lock_held(db, 2.5):
        assert bot.main(["facts", "import", str(pack), "--by", "alice"]) == 1
        out = capsys.readouterr()
        assert (out.out, out.err) == (
            "",
            "The fact base is busy with another change; nothing was saved. Try again in a moment.\n",
        )
        assert bot.main(["ask", "What is the ICO?"]) == 0  # answering goes on meanwhile
        assert "ICO" in capsys.readouterr().out
    assert bot.main(["facts", "history", "cli-lock-fact"]) == 1  # nothing was imported
    capsys.readouterr()
    assert bot.main(["facts", "import", str(pack), "--by", "alice"]) == 0  # and once free, it is


def test_an_import_waits_for_a_short_write_of_another_process(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import bot
    from tests.knowledge.lock_holder import write_lock_held

    monkeypatch.setenv("PRIVY_DB", str(db))
    pack = _one_fact_pack(tmp_path)
    assert bot.main(["ask", "What is the ICO?"]) == 0
    capsys.readouterr()
    with write_lock_held(db, 1.0):
        assert bot.main(["facts", "import", str(pack), "--by", "alice"]) == 0
    assert capsys.readouterr().out == f"imported {pack}: 1 added, 0 changed, 0 unchanged\n"

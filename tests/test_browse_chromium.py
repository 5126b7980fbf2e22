"""`make browse` as a moderator sees it: Datasette serving the snapshot on 127.0.0.1, read by headless Chromium.

Each page is loaded by Debian's chromium (`--dump-dom`: the DOM after the page ran), and the assertions read
the cells a person reads. `make test` installs chromium and the browse requirements; where it could not
(apt unavailable), these tests are skipped with that reason in pytest's summary.
"""

from __future__ import annotations

import html
import importlib.util
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from browse.snapshot import snapshot

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium")
# As the workplace's probe runs it as root: no sandbox, and no background calls to Google's hosts.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="BROWSER TEST NOT RUN: chromium is not installed (make test installs it with apt-get)",
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("datasette") is None,
        reason="BROWSER TEST NOT RUN: datasette is not installed (make test installs requirements-browse.txt)",
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Datasette on a snapshot of a fresh base, started as `make browse` starts it; (base URL, snapshot)."""
    folder = tmp_path_factory.mktemp("browse-site")
    target = snapshot(str(folder / "privy.db"), folder / "browse.db")
    port = free_port()
    command = [sys.executable, "-m", "datasette", "serve", "-i", str(target)]
    command += [
        "--metadata",
        str(ROOT / "browse" / "metadata.yaml"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, server)
        yield base, target
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"datasette stopped: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("datasette did not start within 30 s")


def browse(url: str, profile: Path) -> str:
    """The page's DOM as Chromium rendered it."""
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def cells(dom: str, column: str) -> list[str]:
    """The text of every cell of one column of the page's table, as shown."""
    found = re.findall(rf'<td class="col-{column} [^"]*">(.*?)</td>', dom, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in found]


def text(dom: str) -> str:
    """What a reader sees, roughly: tags out, entities decoded, spaces collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def query(target: Path, sql: str, params: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    with sqlite3.connect(target) as db:
        return db.execute(sql, params).fetchall()


def test_a_fact_its_sources_a_filter_and_a_search(site: tuple[str, Path], tmp_path: Path) -> None:
    base, target = site
    [(fact_id, answer)] = query(
        target, "select id, answer from facts where platform = 'linkedin' and valid_until is null limit 1"
    )

    page = text(browse(f"{base}/browse/facts/{fact_id}", tmp_path))
    assert fact_id in page and answer in page

    dom = browse(f"{base}/browse/sources?fact_id={fact_id}", tmp_path)
    expected = query(target, "select host, publisher from sources where fact_id = ? order by n", (fact_id,))
    assert list(zip(cells(dom, "host"), cells(dom, "publisher"), strict=True)) == expected
    assert all("." in host and not host.startswith("www.") for host, _ in expected)

    dom = browse(f"{base}/browse/facts?platform=linkedin", tmp_path)
    linkedin = [r[0] for r in query(target, "select id from facts where platform = 'linkedin' order by id")]
    assert f'{len(linkedin)} rows where platform = "linkedin"' in text(dom)
    assert cells(dom, "id") == linkedin
    assert set(cells(dom, "platform")) == {"linkedin"}

    dom = browse(f"{base}/browse/facts?_search=Brazil", tmp_path)
    shown = cells(dom, "id")
    brazil = [
        r[0]
        for r in query(target, "select id, question || ' ' || answer from facts order by id")
        if re.search(r"\bBrazil\b", r[1])
    ]
    assert brazil and sorted(shown) == brazil
    assert 'name="_search" value="Brazil"' in dom  # the search box shows what was searched


def test_regions_and_steps_are_tables_to_filter(site: tuple[str, Path], tmp_path: Path) -> None:
    base, target = site
    dom = browse(f"{base}/browse/regions?region=ca", tmp_path)
    canada = [r[0] for r in query(target, "select fact_id from regions where region = 'ca' order by fact_id")]
    assert canada and sorted(cells(dom, "fact_id")) == canada

    [(fact_id, steps)] = query(target, "select fact_id, count(*) from steps group by fact_id limit 1")
    dom = browse(f"{base}/browse/steps?fact_id={fact_id}&_sort=n", tmp_path)
    shown = cells(dom, "text")
    assert len(shown) == steps
    assert shown == [
        r[0] for r in query(target, "select text from steps where fact_id = ? order by n", (fact_id,))
    ]

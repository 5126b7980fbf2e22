"""A table built once and kept on disk: loaded after the first build, rebuilt from a cut file, built each
time (with a warning) where the folder cannot be written."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from knowledge.reading.pickled import cached


def test_built_once_then_loaded(tmp_path: Path) -> None:
    builds: list[int] = []

    def build() -> dict[str, str]:
        builds.append(1)
        return {"münchen": "Munich"}

    path = tmp_path / "deeper" / "names.pickle"
    assert cached(path, build, "names") == {"münchen": "Munich"}
    assert cached(path, build, "names") == {"münchen": "Munich"}
    assert len(builds) == 1 and path.exists() and not path.with_suffix(".tmp").exists()


def test_a_cut_file_is_built_again(tmp_path: Path) -> None:
    path = tmp_path / "names.pickle"
    cached(path, lambda: {"a": "b"}, "names")
    path.write_bytes(path.read_bytes()[:5])  # a process stopped while another read, a disk that filled
    assert cached(path, lambda: {"a": "c"}, "names") == {"a": "c"}
    assert cached(path, lambda: {"a": "d"}, "names") == {"a": "c"}  # and kept again


def test_an_unwritable_folder_still_answers(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with caplog.at_level(logging.WARNING):
        assert cached(blocked / "names.pickle", lambda: {"x": "y"}, "city names") == {"x": "y"}
    assert "could not cache the city names at" in caplog.text

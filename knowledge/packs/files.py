"""Reading a pack file: its text within a size bound, and its YAML as plain data (knowledge.packs.yaml_reader)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from knowledge.collector import collector_paused
from knowledge.packs.problems import PackError, Problem, excerpt
from knowledge.reading.safe_text import strip_invisible

# A pack file's size: 100k facts, the import target, are about 100 MB of YAML, and reading them takes
# about 700 MB of memory; a file much bigger is a mistake or an attack, refused before it is read.
MAX_PACK_BYTES = 160 * 1024 * 1024


def read_text(path: str | Path) -> str:
    """A pack file's text; a file that cannot be read, or is bigger than MAX_PACK_BYTES, is a PackError."""
    try:
        if Path(path).stat().st_size > MAX_PACK_BYTES:  # refused unread; the bounded read below is for pipes
            raise PackError([_too_big(path)])
        with Path(path).open("rb") as file:
            data = file.read(MAX_PACK_BYTES + 1)
        if len(data) > MAX_PACK_BYTES:
            raise PackError([_too_big(path)])
        return data.decode("utf-8")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise PackError([Problem("pack", "file", f"cannot read {Path(path).name}: {reason}")]) from exc
    except UnicodeDecodeError as exc:
        where = f"at byte {exc.start}"
        raise PackError([Problem("pack", "file", f"{Path(path).name} is not UTF-8 text ({where})")]) from exc


def _too_big(path: str | Path | None = None) -> Problem:
    name = f"{Path(path).name} is" if path else "the pack is"
    return Problem(
        "pack", "file", f"{name} bigger than {MAX_PACK_BYTES // (1024 * 1024)} MB, the most a pack may be"
    )


def parse_yaml(text: str) -> Any:
    """A pack's YAML as plain data, read within the bounds of knowledge.packs.yaml_reader; any error is a
    PackError giving the line and column."""
    import yaml  # here, not at the top: `ask` on a seeded base never reads YAML, and starts faster

    from knowledge.packs.yaml_reader import load_yaml

    if len(text) > MAX_PACK_BYTES:
        raise PackError([_too_big()])
    text = strip_invisible(text)  # bidi controls and zero-width characters: never stored (safe_text)
    try:
        with collector_paused():
            return load_yaml(text)
    except yaml.YAMLError as exc:
        raise PackError([Problem("pack", "yaml", f"not valid YAML: {yaml_error(exc, text)}")]) from exc


def yaml_error(exc: Exception, text: str = "") -> str:
    """One line for a YAML error: where (line, column) and what, with at most a short excerpt."""
    import yaml

    from knowledge.packs.yaml_reader import PackYAMLError

    if isinstance(exc, PackYAMLError):
        return str(exc)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = excerpt(exc.problem or exc.context or "cannot be read", 120)
        context = f" ({excerpt(exc.context, 80)})" if exc.context and exc.problem else ""
        return f"line {mark.line + 1}, column {mark.column + 1}: {what}{context}" if mark else what
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow, such as NUL
        char = exc.character
        code = ord(char) if isinstance(char, str) else char
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return f"line {line}, column {column}: the character #x{code:04x} is not allowed"
    return excerpt(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, 120)

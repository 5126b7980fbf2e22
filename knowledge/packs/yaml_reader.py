"""Reading a pack's YAML quickly: PyYAML's safe loading with a lean constructor, and cutting a big pack
into pieces that can be read apart.

PyYAML's constructor walks every node through a generic, generator-based dispatch; a pack is plain
mappings, lists, strings and dates, which `_LeanLoader` builds directly (about twice as fast, the same
objects).

`split_facts` cuts a big pack's text where facts begin (a line `- ` at the facts list's indentation), so
that knowledge.packs.parallel can read the pieces on several cores. Text the cutting could misread (a
multi-line quoted string with such a line, an alias to an anchor in another piece) makes a piece fail to
parse, and the reader then reads the whole text at once instead: what it gives is always what the whole
text gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

CHUNK_ITEMS = 1000  # facts a piece: small enough to keep memory flat, big enough that pieces cost nothing

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SPECIAL_KEYS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")  # `<<` and `=`: PyYAML's own way

# Every pattern that searches the text starts with "\n", not "^" and re.MULTILINE: then re looks for the
# newlines in C, fast (100 MB: 0.1 s against 0.9 s), and the first line is looked at on its own.
_FACTS_KEY = r"(?:facts|\"facts\"|'facts'):[ \t]*(?:#[^\n]*)?\r?\n"
_FACTS_KEY_FIRST, _FACTS_KEY_NEXT = re.compile(_FACTS_KEY), re.compile("\n" + _FACTS_KEY)
_FIRST_ITEM = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*?( *)-(?:[ \t]|\r?\n)")
_DOCUMENT_MARKERS = ("---", "...", "%")


_REMEMBERED_LENGTH, _REMEMBERED_TAGS = 24, 50_000
_plain_tags: dict[str, str] = {}  # a plain value -> its tag (no path resolvers: the value decides alone)


class _Unusual(Exception):
    """A node the lean constructor leaves to PyYAML's own (merge keys, sets, binary, custom tags...)."""


_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it


class _LeanLoader(_BaseLoader):
    """PyYAML's safe loader; plain mappings, lists, strings and dates built without its generic dispatch."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        """PyYAML's tag for a value, remembered for short plain ones: a pack writes the same keys and
        dates over and over, and each is otherwise matched against a list of regexes every time."""
        if kind is not ScalarNode or not implicit[0] or len(value) > _REMEMBERED_LENGTH:
            return super().resolve(kind, value, implicit)
        tag = _plain_tags.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_plain_tags) < _REMEMBERED_TAGS:
                _plain_tags[value] = tag
        return tag

    def construct_document(self, node: Node) -> Any:
        try:
            return self._build(node, {})
        except (_Unusual, yaml.YAMLError, RecursionError):
            return super().construct_document(node)

    def _build(self, node: Node, built: dict[Node, Any]) -> Any:
        kind = type(node)
        if kind is ScalarNode:
            if node.tag == _STR:
                return node.value
            if node.tag == _TIMESTAMP:
                return _timestamp(node.value)
            return self.construct_object(node)  # int, float, bool, null: PyYAML's exact rules
        if node in built:  # an alias: the same object, as PyYAML gives
            return built[node]
        if kind is SequenceNode and node.tag == _SEQ:
            items: list[Any] = []
            built[node] = items
            items.extend([self._build(child, built) for child in node.value])
            return items
        if kind is MappingNode and node.tag == _MAP:
            mapping: dict[Any, Any] = {}
            built[node] = mapping
            for key_node, value_node in node.value:
                if type(key_node) is not ScalarNode or key_node.tag in _SPECIAL_KEYS:
                    raise _Unusual
                mapping[self._build(key_node, built)] = self._build(value_node, built)
            return mapping
        raise _Unusual


def _construct_timestamp(loader: _LeanLoader, node: ScalarNode) -> date | str:
    return _timestamp(node.value)


_LeanLoader.add_constructor(_TIMESTAMP, _construct_timestamp)  # also when PyYAML's constructor builds


def _timestamp(text: str) -> date | str:
    """A date as a date; any other timestamp stays text, which validation then names with its fact and
    field ("verified: must be a real date") instead of PyYAML stopping the whole file on 2024-02-30."""
    try:
        return _day(text)
    except ValueError:
        return text


@lru_cache(maxsize=8192)
def _day(text: str) -> date:
    return date.fromisoformat(text)


def load_yaml(text: str) -> Any:
    """The YAML document in `text`, as PyYAML's safe loader reads it (errors: yaml.YAMLError)."""
    return yaml.load(text, Loader=_LeanLoader)  # a safe loader: plain data only (DESIGN: safe_load only)


@dataclass(frozen=True)
class Pieces:
    """A pack's text cut where facts begin: the text without its facts, and the facts list in pieces."""

    head: str
    texts: list[str]  # CHUNK_ITEMS facts each, each a YAML list on its own
    firsts: list[int]  # the position in the pack of each piece's first fact
    facts: int  # how many facts in all


def split_facts(text: str) -> Pieces | None:
    """The pack in pieces, when it has more than CHUNK_ITEMS facts in a top-level `facts:` block list;
    None when it is small or not laid out that way."""
    if text.count("\n") < 2 * CHUNK_ITEMS or _has_document_markers(text):
        return None
    on_first_line = _FACTS_KEY_FIRST.match(text)
    keys = [(0, on_first_line.end())] if on_first_line else []
    keys += [(m.start() + 1, m.end()) for m in _FACTS_KEY_NEXT.finditer(text)]
    if len(keys) != 1:
        return None
    (key_start, key_end) = keys[0]
    first = _FIRST_ITEM.match(text, key_end)
    if first is None:
        return None
    indent, begin = first.group(1), first.start(1)
    # The list ends at the first line after it that starts in column 0 with anything but a comment (or,
    # when its items are not indented, anything but another item).
    end_mark = re.compile(r"\n[^\s#-]" if not indent else r"\n[^\s#]").search(text, begin)
    end = end_mark.start() + 1 if end_mark else len(text)
    item = re.compile(rf"\n{indent}-(?=[ \t\r\n])")
    starts = [begin, *(m.start() + 1 for m in item.finditer(text, begin, end))]
    if len(starts) <= CHUNK_ITEMS:
        return None
    cuts = [*starts[::CHUNK_ITEMS], end]
    texts = [text[a:b] for a, b in pairwise(cuts)]
    return Pieces(text[:key_start] + text[end:], texts, list(range(0, len(starts), CHUNK_ITEMS)), len(starts))


def _has_document_markers(text: str) -> bool:
    """A directive or a document start or end: several documents, or tags defined for this one."""
    return text.startswith(_DOCUMENT_MARKERS) or any("\n" + mark in text for mark in _DOCUMENT_MARKERS)

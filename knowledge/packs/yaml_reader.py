"""Reading a pack's YAML safely and quickly: libyaml's parser, and the objects built here from its events.

PyYAML's loaders compose a node for every value before building anything, and libyaml's composer recurses
once per level of nesting, so a 50 KB file of `[[[[...` overflows the C stack and kills the process
(SIGSEGV). Building straight from libyaml's parser events (the parser keeps its own stack, on the heap)
holds no nodes and lets every bound be checked as it goes. A 100k-fact pack (100 MB): 5.2 s of CPU and
670 MB peak, against 11.7 s and 2.4 GB for yaml.load with CSafeLoader. The bounds:

- nesting deeper than MAX_DEPTH levels (a pack needs five) stops at the first level too many;
- an alias may add at most as many values again as the document itself holds (ALIAS_FLOOR at the least):
  an alias bomb stops after a few aliases, not after billions of values;
- a key twice in one mapping is refused (PyYAML keeps the last, silently);
- one document only, plain data only: text, numbers, booleans, null, dates, lists and mappings.

Errors are yaml.YAMLError (PackYAMLError for the bounds above), each with its line and column.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

MAX_DEPTH = 20  # a pack is a mapping > facts list > fact > sources list > source: five levels
ALIAS_FLOOR = 10_000  # values aliases may add to any document, however small

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NULL = "tag:yaml.org,2002:null"
_PLAIN_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool")
_NON_SPECIFIC = (None, "!")

_Parser: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # only its parser is used: libyaml's, if there
_resolver = Resolver()
_constructor = SafeConstructor()
_REMEMBERED_LENGTH, _REMEMBERED_TAGS = 24, 50_000
_plain_tags: dict[str, str] = {}  # a short plain value -> its tag (no path resolvers: the value decides)
_NO_KEY = object()


class PackYAMLError(yaml.YAMLError):
    """YAML a pack may not hold (too deep, an alias bomb, a key twice, an unusual tag), at a place."""

    def __init__(self, message: str, mark: Any):
        self.message, self.line, self.column = message, mark.line + 1, mark.column + 1
        super().__init__(f"line {self.line}, column {self.column}: {message}")


def load_yaml(text: str) -> Any:
    """The YAML document in `text` as plain data, what yaml.safe_load gives for a pack (errors:
    yaml.YAMLError); aliases give the same object again, as PyYAML does."""
    parser = _Parser(text)
    try:
        return _build(parser.get_event)
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()


def _build(next_event: Any) -> Any:
    """Values from events, children added to their parent as they come (so a mapping keeps its order)."""
    stack: list[list[Any]] = []  # [container, key so far (mappings), anchor, values before it]
    anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, how many values it holds)
    values = aliased = documents = 0
    root: Any = None
    while True:
        event = next_event()
        kind = type(event)
        if kind is ScalarEvent:
            values += 1
            value = _scalar(event)
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise PackYAMLError(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            if event.tag not in _NON_SPECIFIC and event.tag != (_MAP if kind is MappingStartEvent else _SEQ):
                raise PackYAMLError(f"the tag {_short(event.tag)} is not allowed in a pack", event.start_mark)
            values += 1
            value = {} if kind is MappingStartEvent else []
            if stack:
                _add(stack[-1], value, event)
            stack.append([value, _NO_KEY, event.anchor, values])
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            container, _, anchor, before = stack.pop()
            if anchor is not None:
                anchors[anchor] = (container, values - before + 1)
            if not stack:
                root = container
            continue
        elif kind is AliasEvent:
            if event.anchor not in anchors:
                raise PackYAMLError(
                    f"the alias {_short(event.anchor)} has no anchor before it", event.start_mark
                )
            value, size = anchors[event.anchor]
            aliased += size
            values += size
            if aliased > ALIAS_FLOOR + (values - aliased):
                raise PackYAMLError(
                    "aliases expand to more values than the file holds (an alias bomb?)", event.start_mark
                )
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise PackYAMLError("a pack is one YAML document; a second one starts here", event.start_mark)
            continue
        elif kind is StreamEndEvent:
            return root
        elif kind is DocumentEndEvent or kind is StreamStartEvent:
            continue
        else:  # pragma: no cover - every event kind PyYAML has is above
            raise PackYAMLError(f"unexpected {kind.__name__}", event.start_mark)
        if stack:
            _add(stack[-1], value, event)
        else:
            root = value


def _add(frame: list[Any], value: Any, event: Any) -> None:
    """Put a value into the list or mapping being built: an item, a key, or the value of the key before."""
    container = frame[0]
    if type(container) is list:
        container.append(value)
    elif frame[1] is _NO_KEY:
        if isinstance(value, (dict, list)):
            raise PackYAMLError("a key must be plain text, not a list or a mapping", event.start_mark)
        if value in container:
            raise PackYAMLError(f"the key {_short(value)} appears twice in this mapping", event.start_mark)
        frame[1] = value
    else:
        container[frame[1]] = value
        frame[1] = _NO_KEY


def _scalar(event: ScalarEvent) -> Any:
    """A scalar's value by PyYAML's safe rules; plain text stays text, dates become dates."""
    tag, value = event.tag, event.value
    if tag in _NON_SPECIFIC:
        if tag == "!" or not event.implicit[0]:
            return value  # quoted, or marked non-specific: text
        tag = _plain_tag(value)
    if tag == _STR:
        return value
    if tag == _TIMESTAMP:
        return _timestamp(value)
    if tag == _NULL:
        return None
    if tag in _PLAIN_TAGS:
        return _constructor.yaml_constructors[tag](_constructor, ScalarNode(tag, value))
    if tag == "tag:yaml.org,2002:merge":
        raise PackYAMLError("merge keys (<<) are not supported in a pack", event.start_mark)
    raise PackYAMLError(f"the tag {_short(tag)} is not allowed in a pack", event.start_mark)


def _plain_tag(value: str) -> str:
    """PyYAML's tag for a plain value, remembered for short ones: a pack writes the same keys and dates
    over and over, and each is otherwise matched against a list of regexes every time."""
    if len(value) > _REMEMBERED_LENGTH:
        return _resolver.resolve(ScalarNode, value, (True, False))
    tag = _plain_tags.get(value)
    if tag is None:
        tag = _resolver.resolve(ScalarNode, value, (True, False))
        if len(_plain_tags) < _REMEMBERED_TAGS:
            _plain_tags[value] = tag
    return tag


def _timestamp(text: str) -> date | str:
    """A date as a date; any other timestamp stays text, which validation then names with its fact and
    field ("verified: must be a real date") instead of the whole file stopping on 2024-02-30."""
    try:
        return _day(text)
    except ValueError:
        return text


@lru_cache(maxsize=8192)
def _day(text: str) -> date:
    return date.fromisoformat(text)


def _short(value: Any, limit: int = 40) -> str:
    """A value as quoted in an error: never the whole of a long one."""
    text = repr(value).replace("'tag:yaml.org,2002:", "'!!")
    return text if len(text) <= limit else text[: limit - 1] + "…"

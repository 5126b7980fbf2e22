"""The passage a fact rests on, found in a page: by a CSS selector, or by the text that anchors it.

A source's `watch` is either. It is tried as a selector first, and taken as one only when it matches
something; otherwise it is text, and the passage is the smallest block of the page (a paragraph, a list
item, a table cell, else a section) that contains it. selectolax (the Lexbor HTML5 engine) parses the
page as a browser would, and quickly: a help-centre page of 300 kB in a few milliseconds.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

MAX_PASSAGE = 4_000  # characters kept of a passage: a rule, a paragraph of a policy, never a whole page
NOT_TEXT = "script, style, noscript, template, svg"
BLOCKS = "p, li, td, th, dd, dt, blockquote, h1, h2, h3, h4, h5, h6, pre, figcaption, caption, summary"
WIDER = "section, article, aside, div, main, body"


def squash(text: str) -> str:
    return " ".join(text.split())


def extract(html: str, watch: str) -> str:
    """The watched passage's text, whitespace squashed; empty when the page no longer has it."""
    tree = LexborHTMLParser(html)
    for node in tree.css(NOT_TEXT):
        node.decompose()
    selected = _selected(tree, watch)
    if selected:
        return squash(" ".join(_text(n) for n in selected))[:MAX_PASSAGE]
    return _anchored(tree, squash(watch).casefold())[:MAX_PASSAGE]


def _selected(tree: LexborHTMLParser, watch: str) -> list[LexborNode]:
    try:
        return list(tree.css(watch.strip()))
    except (ValueError, SyntaxError, RuntimeError):  # plain text is not a selector
        return []


def _text(node: LexborNode) -> str:
    return node.text(separator=" ") or ""


def _anchored(tree: LexborHTMLParser, needle: str) -> str:
    """The smallest block holding the anchor text (case and spacing aside), or '' when none does."""
    if not needle or tree.body is None or needle not in squash(_text(tree.body)).casefold():
        return ""
    for selector in (BLOCKS, WIDER):
        best = ""
        for node in tree.css(selector):
            text = squash(_text(node))
            if needle in text.casefold() and (not best or len(text) < len(best)):
                best = text
        if best:
            return best
    return ""

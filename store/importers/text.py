"""Plain text from shop markup, and slugs for category paths."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

# Tags that end a line of text when rendered.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption footer h1 h2 h3 h4 h5 h6 header "
    "hr li main nav ol p pre section table td th tr ul".split()
)
# Tags whose content is never shown as text.
_HIDDEN_TAGS = frozenset({"script", "style", "template", "head", "noscript"})
# Signs of markup escaped once more than HTML needs: an escaped entity ("&amp;amp;") or an
# escaped tag ("&lt;br /&gt;").
_OVERESCAPED = re.compile(
    r"&amp;(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);"
    r"|&lt;/?(?:" + "|".join(_BLOCK_TAGS | {"b", "em", "i", "span", "strong", "u"}) + r")\b"
)
_SPACES = re.compile(r"[^\S\n]+")  # whitespace other than newlines (incl. no-break spaces)
_BLANK_LINES = re.compile(r"\n{3,}")
_NOT_SLUG = re.compile(r"[\W_]+")


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML fragment; block tags become line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # <br/> is one break, not an open and a close

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            self.parts.append(data)


def _strip_tags(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> str:
    """The readable text of an HTML fragment: tags removed, entities decoded, spacing tidied.

    Line breaks in the source and block tags (<p>, <br>, <li>...) become line breaks; runs of
    spaces collapse. Shop exports are sometimes escaped twice ("Fan &amp;amp; Heatsink",
    "&amp;lt;br /&amp;gt;"): the extra escaping is undone first.
    """
    for _ in range(3):
        if not _OVERESCAPED.search(markup):
            break
        markup = html.unescape(markup)
    return _strip_tags(markup)


def slugify(name: str) -> str:
    """A URL-friendly form of a name: lower case, words joined by "-" (any script is kept)."""
    return _NOT_SLUG.sub("-", unicodedata.normalize("NFKC", name).casefold()).strip("-")

"""Descriptions in feeds often hold HTML (most of an ORUK 1.0 council feed's do): shown as given,
families would read literal `<p>` tags and `&amp;`. It becomes plain text that keeps its
paragraphs and lists, rendered by inscriptis (an HTML-to-text converter over lxml's HTML parser,
with the layout rules of a browser: block elements start new lines, list items get bullets or
numbers, scripts and styles are not text). No markup survives, so nothing a feed writes can run
on our pages; the templates escape the text as they do any other.
"""

import re

from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig

# "strict": no indentation added for blocks (only list items' own markers). Links are rendered
# [text](target) by inscriptis, then written for a reader (_link).
_CONFIG = ParserConfig(css=CSS_PROFILES["strict"], display_links=True, display_anchors=False)
_RENDERED_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s]*)\)")
_SCHEMES = ("http://", "https://", "mailto:", "tel:")


def _link(match: re.Match) -> str:
    """A link as a reader needs it: its words, and where it goes when the words do not say
    (a web address, an email address, a phone number); a link within the page, its words."""
    words, target = match.group(1).strip(), match.group(2)
    if not target.lower().startswith(_SCHEMES):
        return words
    shown = target.split(":", 1)[1] if target.lower().startswith(("mailto:", "tel:")) else target
    if not words:
        return shown
    if shown.rstrip("/").lower().removeprefix("https://").removeprefix("http://") in (
        words.rstrip("/").lower().removeprefix("https://").removeprefix("http://"),
    ):
        return words
    return f"{words} ({shown})"


def _words(text: str) -> str:
    return " ".join(text.split())


def plain_text(text: str) -> tuple[str, bool]:
    """(the text, whether it held markup that was turned into plain text). Text with no tags
    and no character references (`&amp;`) is returned exactly as it was."""
    if "<" not in text and "&" not in text:
        return text, False
    rendered = _RENDERED_LINK.sub(_link, get_text(text, _CONFIG))
    lines: list[str] = []
    for line in rendered.splitlines():
        line = line.strip()
        if line:
            lines.append(line)
        elif lines and lines[-1]:
            lines.append("")  # one blank line between paragraphs, however many the HTML had
    result = "\n".join(lines).strip()
    if _words(result) == _words(text):
        return text, False  # "Parents & carers", "under 5s < 10": not markup
    return result, True

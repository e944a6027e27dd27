"""Descriptions in feeds often hold HTML (most of an ORUK 1.0 council feed's do): shown as given,
families would read literal `<p>` tags and `&amp;`. It becomes plain text that keeps its
paragraphs and lists, rendered by inscriptis (an HTML-to-text converter over lxml's HTML parser,
with the layout rules of a browser: block elements start new lines, list items get bullets or
numbers, scripts and styles are not text). No markup survives, so nothing a feed writes can run
on our pages; the templates escape the text as they do any other.
"""

from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig

# "strict": no indentation added for blocks (only list items' own markers).
_CONFIG = ParserConfig(css=CSS_PROFILES["strict"], display_links=False, display_anchors=False)


def _words(text: str) -> str:
    return " ".join(text.split())


def plain_text(text: str) -> tuple[str, bool]:
    """(the text, whether it held markup that was turned into plain text). Text with no tags
    and no character references (`&amp;`) is returned exactly as it was."""
    if "<" not in text and "&" not in text:
        return text, False
    rendered = get_text(text, _CONFIG)
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

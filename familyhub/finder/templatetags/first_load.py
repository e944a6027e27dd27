"""What the first paint needs and nothing more (issue 22, item 5).

`{% favicon_data_uri %}`: the council's 175-byte icon written into the page, so a first visit makes
no request for it while the stylesheet, the one request the first paint waits for, is loading.
"""

from functools import cache
from pathlib import Path
from urllib.parse import quote

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

FAVICON = Path(__file__).resolve().parent.parent / "assets" / "favicon.svg"


@cache
def favicon_data_uri() -> str:
    svg = " ".join(FAVICON.read_text(encoding="utf-8").split()).replace('"', "'")
    # Everything but letters, digits and  /=:,'_.-~ is %-escaped (so no " < > & is left): safe
    # inside a double-quoted attribute as it is.
    return mark_safe("data:image/svg+xml," + quote(svg, safe=" /=:,'"))  # noqa: S308


register.simple_tag(name="favicon_data_uri")(favicon_data_uri)

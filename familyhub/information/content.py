"""Editors' words as safe HTML: limited Markdown, sanitised with nh3 (an allow-list), so no raw
HTML from an editor reaches a page: no scripts, no styles, no event attributes, no javascript:
links. Headings are kept below the page's own h1 and h2."""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# GOV.UK classes added after sanitising (the editor cannot set any attribute but href).
CLASSES = {
    "<p>": '<p class="govuk-body">',
    "<ul>": '<ul class="govuk-list govuk-list--bullet">',
    "<ol>": '<ol class="govuk-list govuk-list--number">',
    "<h3>": '<h3 class="govuk-heading-s">',
    "<h4>": '<h4 class="govuk-heading-s">',
    "<a ": '<a class="govuk-link" ',
}


def render(text: str) -> SafeString:
    """Markdown → sanitised HTML with GOV.UK classes."""
    html = markdown.markdown(text or "", extensions=[], output_format="html")
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    html = html.replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
    )
    for plain, styled in CLASSES.items():
        clean = clean.replace(plain, styled)
    return mark_safe(clean)  # noqa: S308 (sanitised above by nh3's allow-list)

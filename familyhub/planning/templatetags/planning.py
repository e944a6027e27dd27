from django import template
from django.utils.html import format_html

from familyhub.planning.queries import signed_up
from familyhub.planning.rag import TAG_CLASSES, Rag

register = template.Library()


@register.simple_tag
def rag_tag(value):
    """A rating as a GOV.UK tag: its word always, its colour beside it."""
    if not value:
        return ""
    return format_html(
        '<strong class="govuk-tag {} fh-rag">{}</strong>', TAG_CLASSES[value], Rag(value).label
    )


@register.simple_tag
def charter_signed(organisation_id) -> bool:
    """Whether an organisation has signed up to the Parent's Charter (the finder's service
    page asks)."""
    return bool(organisation_id) and signed_up(organisation_id)

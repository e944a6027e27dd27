from django import template

from familyhub.upkeep import freshness

register = template.Library()


@register.filter
def out_of_date(service) -> bool:
    """{% if service|out_of_date %}: last checked 12 months ago or more."""
    return freshness.is_out_of_date(service)

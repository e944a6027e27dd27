"""Links to place pages from other apps' templates (the finder's service page), so those apps
never import this one."""

from django import template

from familyhub.places.models import Place

register = template.Library()


@register.simple_tag
def places_of(service):
    """The place pages of the service's locations, by name."""
    return list(
        Place.objects.filter(location__service_at_locations__service=service)
        .select_related("location")
        .order_by("location__name")
    )

"""Telling the family and finding where they go next: the family is sent word only by the way
they said is safe (families.safe_contact), through the outbox; a step down names universal
services found by the directory's one search service."""

from django.conf import settings
from django.urls import reverse

from familyhub.directory.choices import LevelOfNeed
from familyhub.directory.search.request import DEFAULT_RADIUS_MILES, SearchRequest
from familyhub.directory.search.service import search_services
from familyhub.families.safe_contact import message_route
from familyhub.notifications.services import queue_message

MOST_SERVICES = 30


def tell_family(case, kind: str) -> bool:
    """Queue a message to the family (inside the caller's transaction). False: no safe way,
    staff must tell them as they asked."""
    route = message_route(case.family)
    if route is None:
        return False
    link = settings.SITE_URL + reverse("casework:family_plan")
    queue_message(
        channel=route.channel, to=route.to, kind=kind, reference=case.reference, link=link
    )
    return True


def universal_services_near(family) -> list:
    """Universal services near the family (nearest and best first), or across the directory
    when their postcode finds none."""
    hits = []
    for postcode in (family.postcode, ""):
        request = SearchRequest(
            postcode=postcode,
            radius_miles=DEFAULT_RADIUS_MILES if postcode else None,
            levels=[LevelOfNeed.UNIVERSAL],
            per_page=MOST_SERVICES,
        )
        try:
            hits = search_services(request).hits
        except ValueError:  # a postcode the lookup cannot place
            hits = []
        if hits:
            break
    return [hit.service for hit in hits]

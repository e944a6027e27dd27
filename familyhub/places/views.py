"""Places as pages: the list by town, and one place with what's on this week and next."""

from django.http import Http404
from django.shortcuts import render

from familyhub.places import queries
from familyhub.places.whats_on import whats_on


def place_list(request):
    return render(request, "places/list.html", {"towns": queries.places_by_town()})


def place_page(request, slug):
    place = queries.place_by_slug(slug)
    if place is None:
        raise Http404
    location = place.location
    addresses = list(location.addresses.all())
    return render(
        request,
        "places/place.html",
        {
            "place": place,
            "location": location,
            "address": addresses[0] if addresses else None,
            "accessibility": list(location.accessibility.all()),
            "services": [link.service for link in location.public_links],
            "whats_on": whats_on(location),
        },
    )

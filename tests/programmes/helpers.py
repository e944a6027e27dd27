import itertools
from datetime import timedelta

from django.utils import timezone

from familyhub.programmes import places
from familyhub.programmes.models import Programme
from tests.factories import (
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    SupportRequestFactory,
)

_n = itertools.count(1)


def programme_service(organisation=None):
    extra = {"organisation": organisation} if organisation else {}
    service = ServiceFactory(
        name=f"Test parenting group {next(_n)}", access_drop_in=False, access_self_referral=True,
        typical_wait_weeks=2, **extra,
    )  # fmt: skip
    venue = LocationFactory(town="Chatham")
    ServiceAtLocationFactory(service=service, location=venue)
    return service


def make_programme(service=None, **fields):
    service = service or programme_service()
    return Programme.objects.create(service=service, measure_name="SDQ total difficulties",
                                    **fields)  # fmt: skip


def make_group(programme, *, weeks_away=3, places_in_it=4, sessions=6, online=False, **kwargs):
    venue = None if online else programme.service.service_at_locations.first().location
    return places.create_group(
        programme, name=f"Group {next(_n)}",
        starts_on=timezone.localdate() + timedelta(weeks=weeks_away), sessions=sessions,
        places=places_in_it, venue=venue, online=online, **kwargs,
    )  # fmt: skip


def accepted(service, status="accepted"):
    n = next(_n)
    return SupportRequestFactory(
        service=service, status=status,
        answers={
            "parent": {"first_name": f"Pat{n}", "last_name": "Tester", "relationship": "mother"},
            "children": [{"first_name": f"Kid{n}", "last_name": "Tester",
                          "date_of_birth": "2020-02-02"}],
            "contact": {"contact_email": f"pat{n}@example.org", "preferred_contact": "email",
                        "safe_to_email": True},
        },
    )  # fmt: skip

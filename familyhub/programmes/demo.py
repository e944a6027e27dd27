"""Demonstration groups for the Medway programme services (command `load_demo_programmes`):
for each programme, a group that has finished (places taken by accepted requests, attendance,
completion, before-and-after scores) and two coming up (the first nearly full, the second
empty), so the wait families are shown comes from the groups. Families are fictional; every
request is made and moved through the real actions, and places are given by places.py."""

import itertools
import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from familyhub.directory.models import Location, Service
from familyhub.programmes import places
from familyhub.programmes.models import Group, GroupSession, PlaceStatus, Programme
from familyhub.referrals.actions import move_request, submit_draft
from familyhub.referrals.models import Draft
from familyhub.referrals.states import Outcome

# service name prefix, measure, lowest, highest, higher is better, venue town
PROGRAMMES = [
    ("Incredible Years toddler", "SDQ total difficulties", 0, 40, False, "Chatham"),
    ("Incredible Years group for parents", "SDQ total difficulties", 0, 40, False, "Gillingham"),
    ("Triple P positive parenting group", "Parenting Scale total (lower is calmer)", 30, 210,
     False, "Strood"),
    ("NVR group", "Parent's confidence with their child's anger (0 to 10)", 0, 10, True,
     "Rochester"),
]  # fmt: skip
FIRST = ["Amy", "Ben", "Chloe", "Daniel", "Ella", "Femi", "Gosia", "Harry", "Imani", "Jack",
         "Kasia", "Liam", "Maya", "Nathan", "Olivia", "Piotr", "Rosie", "Sophie", "Tyler",
         "Zainab"]  # fmt: skip
LAST = ["Adams", "Begum", "Carter", "Dlamini", "Evans", "Fraser", "Kowalczyk", "Hughes",
        "Iqbal", "Jones", "Mensah", "Nowak", "Patel", "Reid", "Smith", "Taylor",
        "Wood", "Young"]  # fmt: skip
POSTCODES = ["ME4 5AB", "ME5 8CD", "ME7 2EF", "ME1 3GH", "ME2 4JK", "ME8 9LM", "ME3 0NP"]
PAST_PLACES = 8
NEXT_PLACES = 10
NEXT_TAKEN = 8


def loaded() -> bool:
    return Programme.objects.exists()


def _family_request(service, n, rng):
    first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
    child = FIRST[(n + 5) % len(FIRST)]
    answers = {
        "who": "family", "safety": "no",
        "consent": {"given_by_name": f"{first} {last}", "agreed": True},
        "parent": {"first_name": first, "last_name": last, "relationship": "parent"},
        "postcode": POSTCODES[n % len(POSTCODES)],
        "children": [{"first_name": child, "last_name": last,
                      "date_of_birth": f"{2016 + n % 7}-0{1 + n % 9}-1{n % 9}"}],
        "worries": "Mornings and bedtimes end in shouting and we want to get on better.",
        "contact": {"contact_email": f"{first.lower()}.{last.lower()}{n}@example.org",
                    "preferred_contact": "email", "safe_to_email": True},
    }  # fmt: skip
    draft = Draft.objects.create(service=service, answers=answers)
    return submit_draft(draft.id)


def _venue(service, town):
    return (
        Location.objects.filter(service_at_locations__service=service).first()
        or Location.objects.filter(town=town).first()
    )


@transaction.atomic
def load_demo_programmes(provider=None) -> dict:
    rng = random.Random(19)
    numbers = itertools.count(1)
    today = timezone.localdate()
    provider = provider or get_user_model().objects.filter(username="provider@example.org").first()
    made = {"programmes": 0, "groups": 0, "places": 0}
    for prefix, measure, low, high, higher_better, town in PROGRAMMES:
        service = Service.objects.filter(name__startswith=prefix).first()
        if service is None:
            continue
        programme = Programme.objects.create(
            service=service, measure_name=measure, measure_lowest=low, measure_highest=high,
            higher_is_better=higher_better,
        )  # fmt: skip
        venue = _venue(service, town)
        facilitators = [provider] if provider else []
        made["programmes"] += 1
        # A group that has finished: places given while it was still to come, then its dates
        # set in the past (demo only: a real group's places are given before it starts).
        past = places.create_group(
            programme, name=f"Autumn, {town}", starts_on=today + timedelta(days=1), sessions=10,
            places=PAST_PLACES, venue=venue, online=venue is None, facilitators=facilitators,
        )  # fmt: skip
        for _ in range(PAST_PLACES):
            support_request = _family_request(service, next(numbers), rng)
            move_request(support_request.pk, "accept", by=provider)
        given = places.fill_free_places(past.pk, by=provider)
        shift = timedelta(weeks=12)
        Group.objects.filter(pk=past.pk).update(starts_on=past.starts_on - shift)
        for session in GroupSession.objects.filter(group=past):
            GroupSession.objects.filter(pk=session.pk).update(on=session.on - shift)
        sessions = list(GroupSession.objects.filter(group=past))
        came = {place.pk: {s.pk for s in sessions if rng.random() < 0.8} for place in given}
        for session in sessions:
            places.record_attendance(
                session, [pk for pk, seen in came.items() if session.pk in seen], by=provider
            )
        for place in given:
            before = rng.randint(low + (high - low) // 2, high - (high - low) // 8)
            change = rng.randint(0, (high - low) // 4)
            after = before + change if higher_better else before - change
            if higher_better:
                before, after = high - before + low, min(high - before + low + change, high)
            places.record_scores(
                place.pk, before=before, before_on=past.starts_on - shift,
                after=after, after_on=past.starts_on - shift + timedelta(weeks=10), by=provider,
            )  # fmt: skip
            finished = len(came[place.pk]) >= places.sessions_needed(place)
            places.record_completion(
                place.pk, PlaceStatus.COMPLETED if finished else PlaceStatus.LEFT, by=provider
            )
            move_request(place.request_id, "start", by=provider)
            move_request(place.request_id, "close", by=provider,
                         outcome=Outcome.NEEDS_MET if finished else Outcome.PARTLY_MET)  # fmt: skip
        made["places"] += len(given)
        # Two groups to come: the first nearly full from accepted requests, the second empty.
        soon = places.create_group(
            programme, name=f"Spring, {town}", starts_on=today + timedelta(weeks=3),
            sessions=10, places=NEXT_PLACES, venue=venue, online=venue is None,
            facilitators=facilitators,
        )  # fmt: skip
        for _ in range(NEXT_TAKEN):
            support_request = _family_request(service, next(numbers), rng)
            move_request(support_request.pk, "accept", by=provider)
            places.place_request(soon.pk, support_request.pk, by=provider)
        made["places"] += NEXT_TAKEN
        places.create_group(
            programme, name="Summer, online", starts_on=today + timedelta(weeks=11),
            sessions=10, places=NEXT_PLACES, online=True, facilitators=facilitators,
        )  # fmt: skip
        made["groups"] += 3
    return made

"""What's on at a place: this week's and next week's sessions from the directory's schedules,
dated in the UK (Europe/London), monthly sessions by their week, nothing guessed."""

from datetime import UTC, date, datetime, time

import pytest
from django.urls import reverse

from familyhub.places import whats_on as whats_on_module
from familyhub.places.models import Place, PlaceKind
from familyhub.places.whats_on import Session, london_today, occurrences, register_source, whats_on
from tests.factories import (
    AddressFactory,
    LocationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

# Sunday 7 June 2026 at 23:30 UTC is already Monday 8 June in London (BST, UTC+1).
LATE_SUNDAY_UTC = datetime(2026, 6, 7, 23, 30, tzinfo=UTC)


@pytest.fixture
def hub():
    location = LocationFactory(name="Test Family Hub", town="Chatham")
    AddressFactory(location=location)
    return Place.objects.create(location=location, slug="test-family-hub", kind="family_hub")


def _session(place, name, **schedule):
    service = ServiceFactory(name=name)
    link = ServiceAtLocationFactory(service=service, location=place.location)
    ScheduleFactory(service=service, service_at_location=link, **schedule)
    return service


def test_today_is_the_date_in_london():
    assert london_today(LATE_SUNDAY_UTC) == date(2026, 6, 8)
    assert london_today(datetime(2026, 1, 4, 23, 30, tzinfo=UTC)) == date(2026, 1, 4)  # GMT


def test_this_week_and_next_from_weekly_schedules(hub):
    _session(hub, "Stay and play", byday="MO,WE", opens_at=time(10), closes_at=time(11, 30))
    _session(hub, "Sunday swim", byday="SU", opens_at=time(9), closes_at=time(10))
    found = whats_on(hub.location, LATE_SUNDAY_UTC)

    assert found.today == date(2026, 6, 8)
    assert found.this_week_ends == date(2026, 6, 14)
    this_week = [(s.day, s.title) for s in found.this_week]
    assert this_week == [
        (date(2026, 6, 8), "Stay and play"),
        (date(2026, 6, 10), "Stay and play"),
        (date(2026, 6, 14), "Sunday swim"),
    ]  # Sunday 7 June (the UTC date) is last week: not listed
    assert [(s.day, s.title) for s in found.next_week] == [
        (date(2026, 6, 15), "Stay and play"),
        (date(2026, 6, 17), "Stay and play"),
        (date(2026, 6, 21), "Sunday swim"),
    ]
    assert found.this_week[0].times == "10am to 11:30am"


def test_monthly_sessions_by_their_week_and_never_guessed(hub):
    _session(hub, "Sleep drop-in", freq="MONTHLY", byday="TH", description="Second Thursday")
    _session(hub, "Dads club", freq="MONTHLY", byday="-1SA")
    _session(hub, "Workshop", freq="MONTHLY", byday="WE", description="Monthly")
    now = datetime(2026, 6, 8, 9, tzinfo=UTC)  # Monday 8 June
    found = whats_on(hub.location, now)
    dated = [(s.day, s.title) for s in found.this_week + found.next_week]
    assert dated == [(date(2026, 6, 11), "Sleep drop-in")]  # the last Saturday is 27 June
    assert [s.title for s in found.ask_for_dates] == ["Workshop"]


def test_schedules_that_ended_and_closed_services_are_left_out(hub):
    _session(hub, "Ended group", byday="TU", valid_to=date(2026, 5, 1))
    closed = _session(hub, "Closed for now", byday="TU")
    closed.status = "temporarily closed"
    closed.save()
    _session(hub, "Starts later", byday="TU", valid_from=date(2026, 6, 15))
    found = whats_on(hub.location, datetime(2026, 6, 8, 9, tzinfo=UTC))
    assert [(s.day, s.title) for s in found.this_week + found.next_week] == [
        (date(2026, 6, 16), "Starts later")
    ]


def test_every_other_week_follows_its_start_date():
    schedule = ScheduleFactory.build(byday="MO", interval=2, dtstart=date(2026, 6, 1))
    assert occurrences(schedule, date(2026, 6, 1), date(2026, 6, 30)) == [
        date(2026, 6, 1), date(2026, 6, 15), date(2026, 6, 29)
    ]  # fmt: skip
    no_start = ScheduleFactory.build(byday="MO", interval=2)
    assert occurrences(no_start, date(2026, 6, 1), date(2026, 6, 30)) is None


def test_another_source_adds_its_sessions(hub):
    def programme_groups(location, first, last):
        if location == hub.location:
            yield Session(first, time(13), time(14), "Programme group", "", "/x/", "programmes")

    register_source(programme_groups)
    try:
        found = whats_on(hub.location, datetime(2026, 6, 8, 9, tzinfo=UTC))
        assert "Programme group" in [s.title for s in found.this_week]
    finally:
        whats_on_module.SOURCES.remove(programme_groups)


def test_the_place_page_lists_this_weeks_sessions(client, hub):
    _session(hub, "Stay and play", byday="MO,TU,WE,TH,FR,SA,SU", opens_at=time(10))
    response = client.get(reverse("places:place", args=[hub.slug]))
    assert response.status_code == 200
    this_week = response.text.split('data-sessions="this"')[1].split("</ul>")[0]
    assert "Stay and play" in this_week
    assert "1 High Street" in response.text


def test_places_are_listed_by_town(client, hub):
    other = LocationFactory(name="Strood Library", town="Strood")
    ServiceAtLocationFactory(location=other)
    Place.objects.create(location=other, slug="strood-library", kind=PlaceKind.LIBRARY)
    empty = LocationFactory(name="Nothing here")
    Place.objects.create(location=empty, slug="nothing-here")
    ServiceAtLocationFactory(location=hub.location)
    text = client.get(reverse("places:list")).text
    assert text.index("Test Family Hub") < text.index("Strood Library")
    assert "Nothing here" not in text
    assert client.get(reverse("places:place", args=["nothing-here"])).status_code == 404


def test_a_place_page_in_polish(client, hub):
    _session(hub, "Stay and play", byday="MO,TU,WE,TH,FR,SA,SU")
    response = client.get(f"/pl{reverse('places:place', args=[hub.slug])}")
    assert response.status_code == 200
    assert 'lang="pl"' in response.text
    assert "W tym tygodniu" in response.text and "Co się tu dzieje" in response.text

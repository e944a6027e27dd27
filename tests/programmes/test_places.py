"""Places in a programme's groups: accepted requests take them, never more than a group has."""

import contextlib
import threading

import pytest
from django.apps import apps as django_apps
from django.db import connection, connections

from familyhub.interchange.duplicates import merge
from familyhub.programmes import places
from familyhub.programmes.models import Place, PlaceStatus, Programme
from familyhub.referrals.models import StatusChange
from familyhub.referrals.waiting import expected_wait, expected_waits
from tests.personas import person
from tests.programmes.helpers import accepted, make_group, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return make_programme()


def test_accepted_requests_fill_free_places_earliest_decided_first(programme):
    group = make_group(programme, places_in_it=2)
    first, second, third = (accepted(programme.service) for _ in range(3))
    given = places.fill_free_places(group.pk, by=None)
    assert [p.request_id for p in given] == [first.pk, second.pk]
    assert not Place.objects.filter(request=third).exists()
    # The request's history says so.
    assert StatusChange.objects.filter(request=first, reason_code="group_place").count() == 1
    # Full: nothing more is given, and one chosen request is refused.
    assert places.fill_free_places(group.pk, by=None) == []
    with pytest.raises(places.PlaceRefused, match="full"):
        places.place_request(group.pk, third.pk, by=None)


def test_only_requests_in_the_queue_take_places(programme):
    group = make_group(programme)
    waitlisted = accepted(programme.service, status="waitlisted")
    submitted = accepted(programme.service, status="submitted")
    assert places.place_request(group.pk, waitlisted.pk, by=None).group == group
    with pytest.raises(places.PlaceRefused, match="accepted"):
        places.place_request(group.pk, submitted.pk, by=None)
    other = make_programme()
    with pytest.raises(places.PlaceRefused, match="not for this programme"):
        places.place_request(group.pk, accepted(other.service).pk, by=None)


def test_a_request_holds_one_place(programme):
    one, two = make_group(programme), make_group(programme, weeks_away=8)
    request = accepted(programme.service)
    places.place_request(one.pk, request.pk, by=None)
    with pytest.raises(places.PlaceRefused, match="already has a place"):
        places.place_request(two.pk, request.pk, by=None)


def test_a_started_group_takes_no_one_new(programme):
    group = make_group(programme, weeks_away=-1)
    with pytest.raises(places.PlaceRefused, match="started"):
        places.place_request(group.pk, accepted(programme.service).pk, by=None)


def test_the_wait_moves_when_a_group_fills(programme):
    service = programme.service
    make_group(programme, weeks_away=3, places_in_it=2)
    make_group(programme, weeks_away=9, places_in_it=2)
    wait = expected_wait(service)
    assert (wait.weeks, wait.source) == (3, "groups")
    assert "free places" in " ".join(wait.workings())
    accepted(service)
    assert expected_wait(service).weeks == 3  # one waiting, one place left in the first group
    accepted(service)
    assert expected_wait(service).weeks == 9  # the first group's places are spoken for
    assert expected_waits([service])[service.id] == expected_wait(service)
    for _ in range(2):
        accepted(service)
    full = expected_wait(service)
    # Every group full: the ordinary wait, but not shorter than the last group's start.
    assert full.weeks >= 9 and full.group_starts_on is None


def test_a_service_without_groups_keeps_the_ordinary_wait(programme):
    wait = expected_wait(programme.service)
    assert (wait.weeks, wait.source) == (2, "stated")


def test_attendance_completion_and_scores(programme):
    group = make_group(programme, sessions=3)
    place = places.place_request(group.pk, accepted(programme.service).pk, by=None)
    facilitator = person("provider", organisation=programme.service.organisation)
    first, second, third = group.sessions.all()
    places.record_attendance(first, [place.pk], by=facilitator)
    assert places.sessions_needed(place) == 2 and places.sessions_attended(place) == 1
    with pytest.raises(places.PlaceRefused, match="at least 2 sessions"):
        places.record_completion(place.pk, PlaceStatus.COMPLETED, by=facilitator)
    places.record_attendance(second, [str(place.pk)], by=facilitator)
    places.record_attendance(third, [], by=facilitator)
    assert places.sessions_attended(place) == 2
    done = places.record_completion(place.pk, PlaceStatus.COMPLETED, by=facilitator)
    assert done.status == PlaceStatus.COMPLETED
    with pytest.raises(places.PlaceRefused, match="from 0 to 40"):
        places.record_scores(place.pk, before=41, by=facilitator)
    with pytest.raises(places.PlaceRefused, match="changed"):
        places.record_scores(place.pk, before=20, by=facilitator, expected_version=1)
    saved = places.record_scores(place.pk, before=24, after=15, by=facilitator)
    assert (saved.before_score, saved.after_score) == (24, 15)


def test_a_family_that_left_frees_a_place_in_a_group_to_come(programme):
    group = make_group(programme, places_in_it=1)
    place = places.place_request(group.pk, accepted(programme.service).pk, by=None)
    places.record_completion(place.pk, PlaceStatus.LEFT, by=None)
    assert len(places.fill_free_places(group.pk, by=None)) == 0  # nobody else waiting
    assert places.place_request(group.pk, accepted(programme.service).pk, by=None)


@pytest.mark.django_db(transaction=True)
def test_two_people_filling_at_once_never_overfill():
    """On PostgreSQL the group's row lock makes the second wait for the first."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    programme = make_programme()
    group = make_group(programme, places_in_it=3)
    requests = [accepted(programme.service) for _ in range(6)]
    errors = []

    def give(request_ids):
        try:
            for request_id in request_ids:
                with contextlib.suppress(places.PlaceRefused):
                    places.place_request(group.pk, request_id, by=None)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=give, args=([r.pk for r in requests[i::2]],))
               for i in range(2)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Place.objects.filter(group=group).count() == 3


def test_merging_two_programme_services_keeps_every_group():
    """The merge registry (interchange/duplicates.py) moves groups onto the kept programme."""
    keep, duplicate = make_programme(), make_programme()
    make_group(keep)
    moved = make_group(duplicate)
    merge("service", keep.service.pk, duplicate.service.pk)
    moved.refresh_from_db()
    assert moved.programme_id == keep.pk
    assert not Programme.objects.filter(pk=duplicate.pk).exists()


HEARD = []


def heard(place_id):
    """A completion hook, as the feedback app declares one."""
    HEARD.append(place_id)


def test_completing_calls_the_hooks_apps_declare_once_committed(
    programme, monkeypatch, django_capture_on_commit_callbacks
):
    config = django_apps.get_app_config("programmes")
    monkeypatch.setattr(config, places.COMPLETION_HOOK, "tests.programmes.test_places.heard",
                        raising=False)  # fmt: skip
    group = make_group(programme, sessions=1)
    place = places.place_request(group.pk, accepted(programme.service).pk, by=None)
    places.record_attendance(group.sessions.get(), [place.pk], by=None)
    with django_capture_on_commit_callbacks(execute=True):
        places.record_completion(place.pk, PlaceStatus.LEFT, by=None)
    assert HEARD == []
    with django_capture_on_commit_callbacks(execute=True):
        places.record_completion(place.pk, PlaceStatus.COMPLETED, by=None)
    assert [place.pk] == HEARD

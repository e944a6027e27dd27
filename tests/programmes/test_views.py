"""The programme pages: who keeps and runs what, giving places, attendance, scores, the map."""

import pytest
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from familyhub.programmes.models import Attendance, Group, Place, Programme
from tests.personas import person
from tests.programmes.helpers import accepted, make_group, make_programme, programme_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return make_programme()


@pytest.fixture
def provider(programme):
    return person("provider", organisation=programme.service.organisation)


def test_data_managers_make_a_service_a_programme(client):
    service = programme_service()
    client.force_login(person("data_manager"))
    url = reverse("programmes:programme_new")
    bad = client.post(url, {"service": service.pk, "measure_name": "SDQ", "measure_lowest": 10,
                            "measure_highest": 5})  # fmt: skip
    assert bad.status_code == 400
    assert "The highest score must be above the lowest" in bad.text
    response = client.post(url, {"service": service.pk, "measure_name": "SDQ",
                                 "measure_lowest": 0, "measure_highest": 40})  # fmt: skip
    assert response.status_code == 302
    assert Programme.objects.get(service=service).measure_name == "SDQ"


def test_the_provider_adds_a_group_and_a_bad_date_is_a_clear_error(client, programme, provider):
    client.force_login(provider)
    url = reverse("programmes:group_new", args=[programme.pk])
    bad = client.post(url, {"name": "Mornings", "starts_on": "31/02/2027", "sessions": 8,
                            "places": 12})  # fmt: skip
    assert bad.status_code == 400
    assert "Enter a valid date" in bad.text and 'value="Mornings"' in bad.text
    assert "Choose a venue, or say the group meets online" in bad.text
    good = client.post(url, {"name": "Mornings", "starts_on": "2030-03-05", "sessions": 8,
                             "places": 12, "online": "on"})  # fmt: skip
    group = Group.objects.get(name="Mornings")
    assert good.status_code == 302 and group.sessions.count() == 8 and group.online


def test_another_provider_sees_nothing(client, programme):
    group = make_group(programme)
    client.force_login(person("provider", organisation=programme_service().organisation))
    assert client.get(reverse("programmes:programme", args=[programme.pk])).status_code == 404
    assert client.get(reverse("programmes:group", args=[group.pk])).status_code == 404
    assert client.post(reverse("programmes:give_places", args=[group.pk])).status_code == 404


def test_giving_places_from_the_group_page_moves_the_wait(client, programme, provider):
    first = make_group(programme, weeks_away=2, places_in_it=1)
    make_group(programme, weeks_away=7, places_in_it=5)
    waiting = accepted(programme.service)
    client.force_login(provider)
    page = client.get(reverse("programmes:group", args=[first.pk]))
    assert waiting.reference in page.text
    assert "About 7 weeks" in page.text  # the one waiting takes the first group's only place
    response = client.post(reverse("programmes:give_places", args=[first.pk]), follow=True)
    assert Place.objects.get(request=waiting).group == first
    assert "1 of 1 taken, 0 free" in response.text
    # Viewing the families is audited.
    assert AuditEvent.objects.filter(object_id=str(waiting.pk), user=provider).exists()
    # The finder's service page shows the same wait.
    finder = client.get(reverse("finder:service", args=[programme.service.pk]))
    assert "About 7 weeks" in finder.text


def test_a_wrong_request_is_a_message_not_a_500(client, programme, provider):
    group = make_group(programme)
    client.force_login(provider)
    response = client.post(reverse("programmes:give_places", args=[group.pk]),
                           {"request": "not-a-uuid"}, follow=True)  # fmt: skip
    assert response.status_code == 200
    assert "That request is not for this programme." in response.text


def test_data_managers_keep_groups_but_never_see_families(client, programme):
    group = make_group(programme)
    accepted_request = accepted(programme.service)
    Place.objects.create(group=group, request=accepted_request, placed_at=group.created_at)
    client.force_login(person("data_manager"))
    page = client.get(reverse("programmes:group", args=[group.pk]))
    assert page.status_code == 200 and accepted_request.reference not in page.text
    place = Place.objects.get()
    assert client.get(reverse("programmes:place", args=[place.pk])).status_code == 404


def test_a_facilitator_records_attendance_and_scores(client, programme):
    facilitator = person("practitioner", team=None)
    group = make_group(programme, facilitators=[facilitator], sessions=2)
    place = Place.objects.create(group=group, request=accepted(programme.service),
                                 placed_at=group.created_at)  # fmt: skip
    client.force_login(facilitator)
    url = reverse("programmes:attendance", args=[group.pk, 1])
    assert place.request.reference in client.get(url).text
    client.post(url, {"attended": [str(place.pk), "x"]})
    assert Attendance.objects.get(place=place, session__number=1).attended
    place_url = reverse("programmes:place", args=[place.pk])
    bad = client.post(place_url, {"version": 1, "before_score": 55, "before_on": "2026-01-01"})
    assert bad.status_code == 400 and "less than or equal to 40" in bad.text
    client.post(place_url, {"version": 1, "before_score": 25, "before_on": "2026-01-01"})
    place.refresh_from_db()
    assert place.before_score == 25
    done = client.post(reverse("programmes:completion", args=[place.pk]),
                       {"version": place.version, "status": "completed"})  # fmt: skip
    # Attended 1 of 2 sessions; completing needs two thirds of them, rounded up: 2.
    assert done.status_code == 400 and "attends at least 2 sessions" in done.text

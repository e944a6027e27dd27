"""Peer supporters: recruited, trained, matched with a family's request, contacts logged."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.workforce import records
from familyhub.workforce.models import PeerContact, PeerMatch, PeerStatus, PeerSupporter
from tests.factories import SupportRequestFactory
from tests.personas import person
from tests.programmes.helpers import programme_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return programme_service()


@pytest.fixture
def provider(service):
    return person("provider", organisation=service.organisation)


def test_recruit_train_match_and_log_contacts(client, service, provider):
    request = SupportRequestFactory(service=service, status="accepted")
    client.force_login(provider)
    made = client.post(
        reverse("workforce:peer_add"),
        {"name": "Bernie Foster", "town": "Chatham", "recruited_on": "2026-01-05"},
    )
    supporter = PeerSupporter.objects.get()
    assert made.status_code == 302 and supporter.status == PeerStatus.RECRUITED
    url = reverse("workforce:peer", args=[supporter.pk])
    # Not trained yet: no match.
    with pytest.raises(records.RecordRefused):
        records.match(supporter, request, by=provider)
    client.post(url, {"form": "training", "trained_on": "2026-02-01", "status": "active",
                      "course": ""})  # fmt: skip
    supporter.refresh_from_db()
    assert supporter.status == PeerStatus.RECRUITED  # the course is required for training
    supporter = records.record_training(supporter, course=None, trained_on=timezone.localdate())
    matched = client.post(url, {"form": "match", "request": request.pk})
    peer_match = PeerMatch.objects.get()
    assert matched.status_code == 302 and peer_match.request == request
    match_url = reverse("workforce:match", args=[peer_match.pk])
    client.post(match_url, {"on": timezone.localdate().isoformat(), "way": "phone",
                            "notes": "Talked about bedtimes."})  # fmt: skip
    contact = PeerContact.objects.get()
    assert contact.notes == "Talked about bedtimes." and not contact.danger_recognised
    # Encrypted at rest: the column does not hold the words.
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM workforce_peercontact WHERE id = %s", [contact.pk])
        assert "bedtimes" not in cursor.fetchone()[0]
    assert AuditEvent.objects.filter(object_id=str(request.pk), detail__startswith="peer").exists()


def test_notes_that_describe_danger_are_flagged_by_the_safety_layer(client, service, provider):
    supporter = records.recruit(organisation=service.organisation, name="Kelly",
                                town="Rainham", recruited_on=timezone.localdate())  # fmt: skip
    records.record_training(supporter, course=None, trained_on=timezone.localdate())
    peer_match = records.match(supporter, SupportRequestFactory(service=service), by=provider)
    client.force_login(provider)
    response = client.post(
        reverse("workforce:match", args=[peer_match.pk]),
        {"on": timezone.localdate().isoformat(), "way": "in_person",
         "notes": "She said her partner hits her and she is scared to go home."},
        follow=True,
    )  # fmt: skip
    assert PeerContact.objects.get().danger_recognised
    assert "follow your safeguarding procedure" in response.text
    assert "Possible danger described" in response.text


def test_a_contact_in_the_future_is_a_clear_error(client, service, provider):
    supporter = records.recruit(organisation=service.organisation, name="Sana",
                                town="Rochester", recruited_on=timezone.localdate())  # fmt: skip
    records.record_training(supporter, course=None, trained_on=timezone.localdate())
    peer_match = records.match(supporter, SupportRequestFactory(service=service), by=provider)
    client.force_login(provider)
    response = client.post(reverse("workforce:match", args=[peer_match.pk]),
                           {"on": "2099-01-01", "way": "phone", "notes": "Hello"})  # fmt: skip
    assert response.status_code == 400
    assert "must be today or in the past" in response.text and "Hello" in response.text


def test_peer_supporters_are_their_organisations_only(client, service, provider):
    supporter = records.recruit(organisation=service.organisation, name="Tolu",
                                town="Strood", recruited_on=timezone.localdate())  # fmt: skip
    other = person("provider", organisation=programme_service().organisation)
    client.force_login(other)
    assert client.get(reverse("workforce:peer", args=[supporter.pk])).status_code == 404
    assert "Tolu" not in client.get(reverse("workforce:peers")).text
    # A request to another organisation's service cannot be matched.
    records.record_training(supporter, course=None, trained_on=timezone.localdate())
    elsewhere = SupportRequestFactory(service=programme_service())
    with pytest.raises(records.RecordRefused, match="not to your organisation"):
        records.match(supporter, elsewhere, by=provider)

"""Edges of who sees what: malformed references, codes only for families, merges refused."""

import pytest
from django.urls import reverse

from familyhub.directory.models import Service
from familyhub.referrals.access import FAMILY_SESSION_KEY
from familyhub.referrals.actions import merge_family_records as merge_families
from tests.referrals.helpers import make_request, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return Service.objects.filter(access_self_referral=True, status="active").first()


@pytest.mark.parametrize(
    "reference", ["not-a-reference", "FH-AAAA-BBB\x00", "FH-0000-1111", "x" * 500, "' OR 1=1 --"]
)
def test_a_malformed_reference_is_not_found_never_an_error(client, reference):
    client.force_login(person("triage"))
    url = reverse("referrals:staff_request", args=["placeholder"]).replace("placeholder", "%s")
    response = client.get(url % reference.replace("\x00", "%00"))
    assert response.status_code == 404


def test_a_reference_is_found_whatever_its_case(client, service):
    support_request = make_request(service)
    client.force_login(person("provider", organisation=service.organisation))
    url = reverse("referrals:staff_request", args=[support_request.reference.lower()])
    assert client.get(url).status_code == 200


def test_a_code_unlocked_in_a_browser_shows_the_family_not_staff(client, service):
    """A request unlocked with a code is for the family in that browser, not for staff
    who happen to sign in on it afterwards."""
    support_request = make_request(service)
    session = client.session
    session[FAMILY_SESSION_KEY] = [str(support_request.pk)]
    session.save()
    url = reverse("referrals:family_request", args=[support_request.reference])
    assert client.get(url).status_code == 200  # the family, signed out
    other_org = service.organisation.__class__.objects.exclude(pk=service.organisation_id).first()
    client.force_login(person("provider", organisation=other_org))
    session = client.session
    session[FAMILY_SESSION_KEY] = [str(support_request.pk)]
    session.save()
    assert client.get(url).status_code == 404


def test_a_family_record_merged_already_is_not_merged_again(service):
    triage = person("triage")
    first = make_request(service).family
    # The same child at other postcodes: records that may be the same family, kept apart.
    second = make_request(service, postcode="ME5 0AA").family
    third = make_request(service, postcode="ME7 1AA").family
    merge_families(first, second, by=triage)
    with pytest.raises(ValueError, match="already been merged"):
        merge_families(third, second, by=triage)
    second.refresh_from_db()
    assert second.merged_into_id == first.pk


def test_a_provider_with_no_organisation_sees_no_requests(client, service):
    """Not every triage request (a filter on a missing organisation must not mean IS NULL)."""
    from familyhub.referrals.access import requests_for

    make_request(None)
    lost = person("provider")  # no organisation: the admin's form would refuse this
    assert not requests_for(lost).exists()


def test_a_sent_page_with_a_malformed_reference_is_not_found(client):
    response = client.get("/request/sent/FH%00/")
    assert response.status_code == 404


def test_the_inbox_and_triage_queue_record_who_saw_each_request(client, service):
    from familyhub.audit.models import AuditEvent

    to_service, to_triage = make_request(service), make_request(None)
    client.force_login(person("provider", organisation=service.organisation))
    client.get(reverse("referrals:inbox"))
    client.force_login(person("triage"))
    client.get(reverse("referrals:triage"))
    listed = AuditEvent.objects.filter(action="view", detail__startswith="listed in")
    assert listed.filter(object_id=str(to_service.pk), detail="listed in the inbox").exists()
    assert listed.filter(object_id=str(to_triage.pk), detail="listed in the triage queue").exists()
    assert listed.get(object_id=str(to_triage.pk)).family_id == to_triage.family_id


def test_staff_who_are_django_admins_need_two_factor_even_without_a_role(client, settings):
    from django.contrib.auth import get_user_model

    settings.STAFF_TWO_FACTOR_REQUIRED = True
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "x-unused-1")
    client.force_login(boss)
    response = client.get("/admin/")
    assert response.status_code == 302 and "two-factor" in response.url


def test_a_repeat_request_elsewhere_is_flagged_to_a_provider_but_not_named(client, service):
    from familyhub.directory.models import TaxonomyTerm
    from familyhub.referrals.models import SupportRequest

    elsewhere = (
        Service.objects.filter(access_self_referral=True, status="active")
        .exclude(organisation=service.organisation)
        .first()
    )
    ours, theirs = make_request(service), make_request(elsewhere)  # the same child, twice
    need = TaxonomyTerm.objects.filter(taxonomy__key="familyhub-needs").first()
    SupportRequest.objects.filter(pk__in=[ours.pk, theirs.pk]).update(need=need)
    client.force_login(person("provider", organisation=service.organisation))
    page = client.get(reverse("referrals:staff_request", args=[ours.reference])).content
    page = page.decode()
    assert "This may be a repeat request" in page
    assert "A request to another service" in page
    assert theirs.reference not in page and elsewhere.name not in page
    client.force_login(person("triage"))
    page = client.get(reverse("referrals:staff_request", args=[ours.reference])).content
    assert theirs.reference in page.decode()

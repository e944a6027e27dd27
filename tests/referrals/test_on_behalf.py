"""A request made by staff on a family's behalf (they rang, or came into a family hub): the
family's consent given aloud is recorded with who took it, when and how, the privacy notice
read to them; the inbox marks the request; the family hears by its own safe way; and staff can
print what happens next for the family to take away."""

import pytest
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.directory.models import Service
from familyhub.notifications.models import Message
from familyhub.referrals.models import Draft, OnBehalf, SupportRequest
from tests.referrals.helpers import person
from tests.referrals.test_request_form import CHILDREN, CONTACT, FAMILY, WORRIES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _verified_staff(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def service():
    return Service.objects.filter(access_self_referral=True, status="active").first()


def _step(client, draft, step, data):
    url = reverse("referrals:step", kwargs={"draft_id": draft.id, "step": step})
    return client.post(url, data)


def _make_on_behalf(client, staff, service, how="phone"):
    client.force_login(staff)
    page = client.get(reverse("referrals:on_behalf"))
    assert page.status_code == 200
    assert "privacy notice" in page.content.decode()
    response = client.post(reverse("referrals:on_behalf"), {"how": how, "service": service.pk})
    draft = Draft.objects.latest("created_at")
    assert response.url == reverse("referrals:step", args=[draft.id, "safety"])
    assert _step(client, draft, "safety", {"in_danger": "no"}).status_code == 302
    consent_page = client.get(reverse("referrals:step", args=[draft.id, "consent"]))
    text = consent_page.content.decode()
    assert 'id="read-aloud"' in text
    assert "they agreed aloud" in text
    consent = {"agree": "on", "given_by_name": "Sam Parent"}
    assert _step(client, draft, "consent", consent).status_code == 302
    assert _step(client, draft, "family", FAMILY).status_code == 302
    assert _step(client, draft, "children", CHILDREN).status_code == 302
    assert _step(client, draft, "worries", WORRIES).status_code == 302
    assert _step(client, draft, "contact", CONTACT).status_code == 302
    response = client.post(reverse("referrals:submit", args=[draft.id]))
    support_request = SupportRequest.objects.get(idempotency_key=draft.id)
    assert response.url == reverse("referrals:sent", args=[support_request.reference])
    return support_request


def test_a_hub_worker_makes_a_request_on_the_phone_with_consent_given_aloud(client, service):
    worker = person(Role.PROVIDER, organisation=service.organisation, first_name="Jo",
                    last_name="Hub")  # fmt: skip
    support_request = _make_on_behalf(client, worker, service, how="phone")
    assert support_request.made_on_behalf == OnBehalf.PHONE
    assert support_request.made_by == worker
    assert not support_request.made_by_practitioner
    consent = support_request.consent
    assert consent.given_by_name == "Sam Parent"
    assert consent.given_aloud == OnBehalf.PHONE and consent.notice_read_aloud
    assert consent.recorded_by == worker and consent.given_at is not None
    first = support_request.history.get()
    assert first.by_label == "Made on the family's behalf by Jo Hub by phone"
    # The family gets its tracking reference by its own safe way (email here).
    sent = Message.objects.filter(reference=support_request.reference, kind="request_sent")
    assert sent.get().channel == "email"
    # The sent page offers the printable page; it says how the family will hear.
    sent_page = client.get(reverse("referrals:sent", args=[support_request.reference]))
    assert reverse("referrals:what_happens_next", args=[support_request.reference]) in (
        sent_page.content.decode()
    )
    printable = client.get(
        reverse("referrals:what_happens_next", args=[support_request.reference])
    ).content.decode()
    assert support_request.reference in printable
    assert "How you will hear about your request" in printable
    assert "Bedtime is a battle" not in printable  # nothing from their answers
    # The inbox marks it; the request's page says who, how, and the consent given aloud.
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert support_request.reference in inbox, inbox[inbox.find("<main") :][:3000]
    assert "Made on the family's behalf by phone" in inbox
    page = client.get(reverse("referrals:staff_request", args=[support_request.reference]))
    text = page.content.decode()
    assert "Made on the family's behalf by Jo Hub by phone" in text
    assert "Consent given aloud by Sam Parent" in text


def test_triage_makes_one_in_person_for_the_early_help_team(client):
    triage = person(Role.TRIAGE, first_name="Ana", last_name="Front")
    client.force_login(triage)
    response = client.post(reverse("referrals:on_behalf"), {"how": "in_person", "service": ""})
    draft = Draft.objects.latest("created_at")
    assert draft.service is None and draft.answers["on_behalf"] == "in_person"
    assert response.status_code == 302


def test_bad_choices_are_a_400_with_the_form_again(client, service):
    client.force_login(person(Role.TRIAGE))
    response = client.post(reverse("referrals:on_behalf"), {"how": "by pigeon"})
    assert response.status_code == 400
    assert "Choose whether the family is on the phone or with you" in response.content.decode()
    response = client.post(reverse("referrals:on_behalf"), {"how": "phone", "service": "nope"})
    assert response.status_code == 400
    assert "Choose a service from the list" in response.content.decode()
    assert not Draft.objects.exists()


def test_a_family_cannot_mark_its_own_request_as_made_on_its_behalf(client, service):
    """Only the staff entry point sets it; a family's draft answers cannot."""
    url = reverse("referrals:start") + f"?service={service.id}"
    client.post(url, {"in_danger": "no"})
    draft = Draft.objects.latest("created_at")
    draft.answers["on_behalf"] = "phone"  # as if tampered with: who is still "family"
    draft.save()
    for step, data in (("consent", {"agree": "on", "given_by_name": "Sam Parent"}),
                       ("family", FAMILY), ("children", CHILDREN), ("worries", WORRIES),
                       ("contact", CONTACT)):  # fmt: skip
        assert _step(client, draft, step, data).status_code == 302
    client.post(reverse("referrals:submit", args=[draft.id]))
    support_request = SupportRequest.objects.get(idempotency_key=draft.id)
    assert support_request.made_on_behalf == ""
    assert support_request.consent.given_aloud == ""

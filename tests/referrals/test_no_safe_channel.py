"""A family that ticks no safe way to contact them: asked how they will hear, told plainly what
will happen, sent nothing, and shown to staff as "No safe way to contact — arrange contact"."""

import pytest
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.families.models import Family, OtherWay
from familyhub.notifications.models import Message
from familyhub.referrals import tracking
from familyhub.referrals.actions import move_request
from familyhub.referrals.models import Draft
from tests.factories import OrganisationFactory, ServiceFactory
from tests.referrals.helpers import make_request, person

pytestmark = pytest.mark.django_db

NO_SAFE_WAY = "No safe way to contact — arrange contact"
NOTHING_SAFE = {
    "contact_email": "", "contact_phone": "07700 900123", "preferred_contact": "phone",
    "safe_to_phone": False, "safe_to_text": False, "safe_to_email": False,
    "voicemail_ok": False, "safe_times": "Tuesdays 10 to 11am",
    "other_way": OtherWay.SAFE_NUMBER, "other_way_phone": "07700 900456",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def service():
    return ServiceFactory(
        organisation=OrganisationFactory(),
        name="Sleep clinic (test)",
        access_self_referral=True,
        status="active",
    )


def test_the_contact_page_offers_the_other_ways(client, service):
    client.post(reverse("referrals:start") + f"?service={service.id}", {"in_danger": "no"})
    draft = Draft.objects.latest("created_at")
    page = client.get(reverse("referrals:step", args=[draft.id, "contact"])).content.decode()
    assert "If none of these is safe, how can we reach you?" in page
    assert "I will phone the service myself" in page


# --- sending: nothing promised that will not happen ----------------------------------------


def test_no_message_to_the_family_and_the_sent_page_says_what_will_happen(client, service):
    client.post(reverse("referrals:start") + f"?service={service.id}", {"in_danger": "no"})
    draft = Draft.objects.latest("created_at")
    draft.answers |= {
        "safety": "no", "consent": {"given_by_name": "Sam Parent", "agreed": True},
        "parent": {"first_name": "Sam", "last_name": "Parent", "relationship": "mother"},
        "postcode": "ME4 4TR", "worries": "Sleep",
        "children": [{"first_name": "Alex", "last_name": "", "date_of_birth": "2021-05-04"}],
        "contact": {**NOTHING_SAFE, "other_way": OtherWay.FAMILY_WILL_CALL,
                    "other_way_phone": ""},
    }  # fmt: skip
    draft.save()
    response = client.post(reverse("referrals:submit", args=[draft.id]), follow=True)
    page = response.content.decode()
    support_request = Draft.objects.get(pk=draft.pk).submitted_request
    assert "so we will not send you any messages" in page
    assert f"phone {service.name} on {service.phone} and give your reference" in page
    assert "We cannot send you a code" in page
    assert "We will email you" not in page and "We will send you a text" not in page
    sent = Message.objects.filter(reference=support_request.reference)
    assert list(sent.values_list("kind", flat=True)) == ["new_request"]  # the service only


def test_phone_only_is_told_it_will_be_phoned_and_sent_no_messages(client, service):
    contact = {**NOTHING_SAFE, "safe_to_phone": True, "other_way": "", "other_way_phone": ""}
    support_request = make_request(service, contact=contact)
    assert not Message.objects.filter(reference=support_request.reference, channel="sms")
    draft = Draft.objects.get(submitted_request=support_request)
    session = client.session
    session["request_drafts"] = [str(draft.id)]
    session.save()
    page = client.get(reverse("referrals:sent", args=[support_request.reference]))
    text = page.content.decode()
    assert "we will not send you emails or text messages" in text
    assert f"{service.name} will phone you" in text


def test_no_tracking_code_is_queued_for_a_family_with_no_safe_way(service):
    support_request = make_request(service, contact=NOTHING_SAFE)
    before = Message.objects.count()
    tracking.send_code(support_request.reference)
    assert Message.objects.count() == before


def test_the_family_record_keeps_the_way_they_asked_for(service):
    support_request = make_request(service, contact=NOTHING_SAFE)
    family = Family.objects.get(pk=support_request.family_id)
    assert family.other_way == OtherWay.SAFE_NUMBER
    assert family.other_way_phone == "07700 900456"


# --- staff see it, and are never told "the family has been told" ---------------------------


def test_staff_see_no_safe_way_on_the_request_page_and_in_the_inbox(client, service):
    support_request = make_request(service, contact=NOTHING_SAFE)
    provider = person(Role.PROVIDER, organisation=service.organisation)
    client.force_login(provider)
    page = client.get(reverse("referrals:staff_request", args=[support_request.reference]))
    text = page.content.decode()
    assert NO_SAFE_WAY in text
    assert "Phone only on 07700 900456, and only at the safe times below." in text
    assert "Tuesdays 10 to 11am" in text
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    row = inbox.split(support_request.reference, 1)[1].split("</tr>", 1)[0]
    assert NO_SAFE_WAY in row


def test_a_family_with_a_safe_way_is_not_flagged(client, service):
    support_request = make_request(service)  # email is safe
    client.force_login(person(Role.PROVIDER, organisation=service.organisation))
    page = client.get(reverse("referrals:staff_request", args=[support_request.reference]))
    assert NO_SAFE_WAY not in page.content.decode()
    assert NO_SAFE_WAY not in client.get(reverse("referrals:inbox")).content.decode()


def test_the_triage_queue_shows_no_safe_way(client):
    support_request = make_request(None, contact=NOTHING_SAFE)
    client.force_login(person(Role.TRIAGE, organisation=OrganisationFactory()))
    page = client.get(reverse("referrals:triage")).content.decode()
    card = page.split(support_request.reference, 1)[1].split("govuk-summary-card__content")[0]
    assert NO_SAFE_WAY in card


def test_accepting_does_not_claim_the_family_was_told(client, service):
    support_request = make_request(service, contact=NOTHING_SAFE)
    client.force_login(person(Role.PROVIDER, organisation=service.organisation))
    url = reverse("referrals:move", args=[support_request.reference, "accept"])
    response = client.post(url, {"version": support_request.version}, follow=True)
    page = response.content.decode()
    assert "accepted. No message was sent: the family has no safe way to receive one." in page
    assert "The family has been told" not in page
    assert not Message.objects.filter(reference=support_request.reference,
                                      kind="request_updated")  # fmt: skip


def test_the_family_is_told_when_it_can_be(client, service):
    support_request = make_request(service)
    client.force_login(person(Role.PROVIDER, organisation=service.organisation))
    url = reverse("referrals:move", args=[support_request.reference, "accept"])
    response = client.post(url, {"version": support_request.version}, follow=True)
    assert "accepted. The family has been told." in response.content.decode()
    assert Message.objects.filter(reference=support_request.reference, kind="request_updated")


def test_moves_queue_nothing_for_the_family(service):
    support_request = make_request(service, contact=NOTHING_SAFE)
    move_request(support_request.pk, "decline", reason="out_of_area")
    kinds = set(Message.objects.filter(reference=support_request.reference)
                .values_list("kind", flat=True))  # fmt: skip
    assert kinds == {"new_request"}

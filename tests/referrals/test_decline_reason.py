"""A decline's reason for the family is written for the family and shown to it; the staff note
stays with staff."""

import pytest
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.referrals.actions import move_request
from familyhub.referrals.states import MoveRefused, Status
from tests.factories import OrganisationFactory, ServiceFactory
from tests.referrals.helpers import make_request, person

pytestmark = pytest.mark.django_db

FOR_FAMILY = "Our groups are full until spring. The family hub in Chatham can help sooner."
STAFF_NOTE = "Mum sounded very low on the phone; keep an eye out."


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def service():
    return ServiceFactory(organisation=OrganisationFactory(), name="Sleep clinic (test)")


@pytest.fixture
def provider(service):
    return person(Role.PROVIDER, organisation=service.organisation)


def _decline(client, support_request, data):
    support_request.refresh_from_db()
    url = reverse("referrals:move", args=[support_request.reference, "decline"])
    return client.post(url, {"version": support_request.version, **data})


def test_the_family_sees_the_reason_written_for_them_and_never_the_staff_note(
    client, service, provider
):
    parent = person("parent")
    support_request = make_request(service, by=parent)
    client.force_login(provider)
    response = _decline(client, support_request, {
        "reason": "other", "reason_for_family": FOR_FAMILY, "note": STAFF_NOTE,
    })  # fmt: skip
    assert response.status_code == 302
    staff_page = client.get(response.url).content.decode()
    assert FOR_FAMILY in staff_page and STAFF_NOTE in staff_page

    client.force_login(parent)
    page = client.get(reverse("referrals:family_request", args=[support_request.reference]))
    text = page.content.decode()
    assert FOR_FAMILY in text.split('id="decline-reason"')[1]
    assert STAFF_NOTE not in text
    assert "in the note" not in text


def test_another_reason_needs_words_for_the_family(client, service, provider):
    support_request = make_request(service)
    client.force_login(provider)
    response = _decline(client, support_request, {"reason": "other", "note": STAFF_NOTE})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Write what to tell the family, as you chose “another reason”" in text
    assert f"{STAFF_NOTE}</textarea>" in text
    support_request.refresh_from_db()
    assert support_request.status == Status.SUBMITTED


def test_the_rule_holds_below_the_form_too(service):
    support_request = make_request(service)
    with pytest.raises(MoveRefused, match="reason for the family"):
        move_request(support_request.pk, "decline", reason="other", note=STAFF_NOTE)


def test_a_coded_reason_without_words_shows_the_family_a_plain_sentence(client, service,
                                                                        provider):  # fmt: skip
    parent = person("parent")
    support_request = make_request(service, by=parent)
    client.force_login(provider)
    assert _decline(client, support_request, {"reason": "out_of_area"}).status_code == 302
    client.force_login(parent)
    text = client.get(
        reverse("referrals:family_request", args=[support_request.reference])
    ).content.decode()
    assert "You live outside the area this service covers." in text
    assert "The family lives outside" not in text  # the staff's words are not the family's


def test_the_decline_form_says_who_reads_what(client, service, provider):
    support_request = make_request(service)
    client.force_login(provider)
    url = reverse("referrals:move", args=[support_request.reference, "decline"])
    text = client.get(url).content.decode()
    assert "What to tell the family" in text
    assert "Note for staff (optional, the family does not see it)" in text
    assert "Another reason (explain it to the family)" in text


def test_the_family_reason_has_a_length_limit(client, service, provider):
    support_request = make_request(service)
    client.force_login(provider)
    response = _decline(client, support_request,
                        {"reason": "other", "reason_for_family": "y" * 1001})  # fmt: skip
    assert response.status_code == 400
    assert "must be 1000 characters or fewer" in response.content.decode()

"""A disclosure in a request's free text: flagged for the provider and triage, the required
step in its history, no decision until the step taken is recorded, and the family shown what
to do now — even when they answered "No" to the danger question."""

import pytest
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.notifications.models import Message
from familyhub.referrals import safeguarding
from familyhub.referrals.actions import move_request
from familyhub.referrals.models import Draft, StatusChange
from familyhub.referrals.states import MoveRefused, Status
from tests.factories import OrganisationFactory, ServiceFactory
from tests.referrals.helpers import make_request, person

pytestmark = pytest.mark.django_db

DISCLOSURE = "My ex said he would kill him… I am scared for his safety tonight."


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def service():
    return ServiceFactory(
        organisation=OrganisationFactory(name="Medway Family Support", email="fs@example.org"),
        name="Family support (test)",
        email="service@example.org",
    )


@pytest.fixture
def provider(service):
    return person(Role.PROVIDER, organisation=service.organisation)


def test_a_disclosure_after_answering_no_to_danger_is_flagged_with_the_required_step(service):
    support_request = make_request(service, safety="no", worries=DISCLOSURE)
    assert support_request.safeguarding_concerns == ["threats-stalking", "fear-at-home"]
    flagged = StatusChange.objects.get(request=support_request, reason_code=safeguarding.FLAGGED)
    assert "Required step: Speak to your designated safeguarding lead today" in flagged.note
    assert "01634 334 466" in flagged.note
    email = Message.objects.get(kind="safeguarding_concern")
    assert email.to == "service@example.org" and email.reference == support_request.reference


def test_an_ordinary_request_is_not_flagged(service):
    support_request = make_request(service, worries="Bedtimes are a battle every night.")
    assert support_request.safeguarding_concerns == []
    assert not StatusChange.objects.filter(reason_code=safeguarding.FLAGGED).exists()


def test_no_decision_until_the_step_taken_is_recorded_then_both_are_in_the_history(
    service, provider
):
    support_request = make_request(service, tried="He won't let me see my friends.")
    move_request(support_request.id, "receive", by=provider)  # reading it is allowed
    with pytest.raises(MoveRefused, match="Record the safeguarding step"):
        move_request(support_request.id, "accept", by=provider)
    with pytest.raises(MoveRefused, match="Say why"):
        safeguarding.record_step(support_request.id, "no_referral", note="", by=provider)
    safeguarding.record_step(
        support_request.id, "front_door", note="Referred at 10:15, ref 123", by=provider
    )
    accepted = move_request(support_request.id, "accept", by=provider)
    assert accepted.status == Status.ACCEPTED
    codes = list(
        StatusChange.objects.filter(request=support_request).values_list("reason_code", flat=True)
    )
    assert codes.index(safeguarding.FLAGGED) < codes.index(safeguarding.STEP_TAKEN)
    step = StatusChange.objects.get(request=support_request, reason_code=safeguarding.STEP_TAKEN)
    assert "Referred to the children's front door" in step.note and "ref 123" in step.note


def test_the_provider_sees_the_flag_and_records_the_step_through_the_page(
    client, service, provider
):
    support_request = make_request(service, would_help="my partner hits me and the kids")
    client.force_login(provider)
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert "Safeguarding check needed" in inbox
    url = reverse("referrals:staff_request", args=[support_request.reference])
    page = client.get(url).content.decode()
    assert "Possible safeguarding concern" in page
    assert "Someone is hurting you or your child" in page
    assert "Record the step taken" in page

    step_url = reverse("referrals:safeguarding_step", args=[support_request.reference])
    missing = client.post(step_url, {"version": support_request.version, "note": "kept"})
    assert missing.status_code == 400
    assert "Choose the safeguarding step you took" in missing.content.decode()
    assert "kept" in missing.content.decode()  # what was typed is not lost

    done = client.post(
        step_url, {"version": support_request.version, "step": "dsl", "note": "DSL acting"}
    )
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "Step recorded" in page and "Safeguarding step recorded" in page
    assert (
        "Safeguarding check needed" not in client.get(reverse("referrals:inbox")).content.decode()
    )


def test_someone_who_cannot_see_the_request_cannot_record_a_step(client, service):
    support_request = make_request(service, worries=DISCLOSURE)
    stranger = person(Role.PROVIDER, organisation=OrganisationFactory(name="Elsewhere"))
    client.force_login(stranger)
    url = reverse("referrals:safeguarding_step", args=[support_request.reference])
    assert client.post(url, {"version": 1, "step": "dsl"}).status_code == 404
    support_request.refresh_from_db()
    assert support_request.safeguarding_step == ""


def test_the_family_is_shown_what_to_do_now_as_they_write_and_when_they_send(client, service):
    # "Not sure which service?"
    start = client.post(reverse("referrals:start"), {"in_danger": "no"})
    draft_id = start.url.split("/")[2]
    draft = Draft.objects.get(pk=draft_id)
    worries_url = reverse("referrals:step", args=[draft.id, "worries"])
    response = client.post(
        worries_url, {"worries": DISCLOSURE, "tried": "", "would_help": "Someone to talk to"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your safety comes first" in page and "govuk-exit-this-page" in page
    assert "Carry on with my request" in page
    draft.refresh_from_db()
    assert draft.answers["worries"] == DISCLOSURE  # nothing typed is lost
    # Carrying on is not stopped a second time for the same words.
    again = client.post(
        worries_url, {"worries": DISCLOSURE, "tried": "", "would_help": "Someone to talk to"}
    )
    assert again.status_code == 302

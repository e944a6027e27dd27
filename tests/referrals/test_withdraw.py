"""Withdrawing: "Are you sure?", an optional reason, the history, and the service told."""

import pytest
from django.urls import reverse

from familyhub.notifications.models import Message
from familyhub.referrals.models import StatusChange
from familyhub.referrals.states import MOVES, Status, WithdrawReason, reason_label
from tests.factories import OrganisationFactory, ServiceFactory
from tests.referrals.helpers import make_request, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return ServiceFactory(organisation=OrganisationFactory(email="sleep@example.org"),
                          email="clinic@example.org")  # fmt: skip


@pytest.fixture
def parent():
    return person("parent")


def _url(support_request):
    return reverse("referrals:withdraw", args=[support_request.reference])


def test_the_request_page_links_to_a_confirmation_not_a_one_click_withdraw(client, service,
                                                                           parent):  # fmt: skip
    support_request = make_request(service, by=parent)
    client.force_login(parent)
    page = client.get(reverse("referrals:family_request", args=[support_request.reference]))
    text = page.content.decode()
    assert f'href="{_url(support_request)}"' in text
    assert f'action="{_url(support_request)}"' not in text


def test_the_confirmation_asks_are_you_sure_and_changes_nothing(client, service, parent):
    support_request = make_request(service, by=parent)
    client.force_login(parent)
    response = client.get(_url(support_request))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Are you sure you want to withdraw your request?" in text
    assert f"We will tell {service.name}" in text
    assert "Yes, withdraw this request" in text and "No, keep my request" in text
    for value, label in WithdrawReason.choices:
        assert f'value="{value}"' in text and str(label) in text
    support_request.refresh_from_db()
    assert support_request.status == Status.SUBMITTED


def test_withdrawing_with_a_reason_records_it_and_tells_the_service(client, service, parent):
    support_request = make_request(service, by=parent)
    client.force_login(parent)
    response = client.post(_url(support_request), {
        "reason": "wait_too_long", "reason_other": "We found a group nearer home.",
    }, follow=True)  # fmt: skip
    assert "Your request has been withdrawn. We have told the service." in response.content.decode()
    support_request.refresh_from_db()
    assert support_request.status == Status.WITHDRAWN
    change = StatusChange.objects.filter(request=support_request).last()
    assert change.to_status == Status.WITHDRAWN
    assert change.reason_code == "wait_too_long"
    assert change.note == "We found a group nearer home."
    told = Message.objects.get(reference=support_request.reference, kind="request_withdrawn")
    assert told.to == "clinic@example.org"


def test_the_staff_page_shows_the_reason_in_the_history(client, service, parent, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    support_request = make_request(service, by=parent)
    client.force_login(parent)
    client.post(_url(support_request), {"reason": "help_elsewhere"})
    client.force_login(person("provider", organisation=service.organisation))
    page = client.get(reverse("referrals:staff_request", args=[support_request.reference]))
    history = page.content.decode().split('id="history"')[1]
    assert "We are getting help somewhere else" in history


def test_no_reason_is_fine(client, service, parent):
    support_request = make_request(service, by=parent)
    client.force_login(parent)
    assert client.post(_url(support_request)).status_code == 302
    support_request.refresh_from_db()
    assert support_request.status == Status.WITHDRAWN
    assert StatusChange.objects.filter(request=support_request).last().reason_code == ""


@pytest.mark.parametrize(
    "data,message",
    [
        ({"reason": "bored"}, "Choose one of the reasons, or none"),
        ({"reason_other": "x" * 501}, "Write 500 characters or fewer"),
    ],
)
def test_bad_input_is_explained_and_kept_and_nothing_changes(client, service, parent, data,
                                                             message):  # fmt: skip
    support_request = make_request(service, by=parent)
    client.force_login(parent)
    response = client.post(_url(support_request), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert message in text and "There is a problem" in text
    if "reason_other" in data:
        assert "x" * 501 in text  # what was typed is kept
    support_request.refresh_from_db()
    assert support_request.status == Status.SUBMITTED
    assert not Message.objects.filter(kind="request_withdrawn")


def test_a_finished_request_cannot_be_withdrawn_again(client, service, parent):
    support_request = make_request(service, by=parent)
    client.force_login(parent)
    client.post(_url(support_request))
    response = client.get(_url(support_request), follow=True)
    assert "cannot be withdrawn now" in response.content.decode()
    assert Message.objects.filter(kind="request_withdrawn").count() == 1


def test_someone_else_cannot_see_the_confirmation(client, service, parent):
    support_request = make_request(service, by=parent)
    client.force_login(person("parent"))
    assert client.get(_url(support_request)).status_code == 404


def test_a_triage_request_tells_the_triage_mailbox(client, parent, settings):
    settings.TRIAGE_EMAIL = "triage@example.org"
    support_request = make_request(None, by=parent)
    client.force_login(parent)
    client.post(_url(support_request), {"reason": "not_right_time"})
    told = Message.objects.get(reference=support_request.reference, kind="request_withdrawn")
    assert told.to == "triage@example.org"


def test_the_move_says_what_it_needs_as_data():
    withdraw = MOVES["withdraw"]
    assert withdraw.reasons is WithdrawReason and withdraw.tells_service == "request_withdrawn"
    assert "reason" not in withdraw.needs  # optional
    assert reason_label(Status.WITHDRAWN, "wait_too_long") == "The wait is too long"
    declined = reason_label(Status.DECLINED, "out_of_area")
    assert declined == "The family lives outside the area served"


def test_a_practitioner_withdrawing_can_give_the_familys_reason_and_the_service_is_told(
    client, service, settings
):
    from familyhub.accounts.models import Role
    from tests.referrals.helpers import team_in

    settings.STAFF_TWO_FACTOR_REQUIRED = False
    me = person(Role.PRACTITIONER, team=team_in(OrganisationFactory()))
    mine = make_request(service, by=me, who="practitioner")
    client.force_login(me)
    url = reverse("referrals:move", args=[mine.reference, "withdraw"])
    assert "Why is the family withdrawing it? (optional)" in client.get(url).content.decode()
    response = client.post(url, {"version": mine.version, "reason": "help_elsewhere"})
    assert response.status_code == 302
    assert StatusChange.objects.filter(request=mine).last().reason_code == "help_elsewhere"
    assert Message.objects.filter(reference=mine.reference, kind="request_withdrawn").exists()

"""When a service closes (issue 14): it cannot be archived while families wait on it; its
provider decides what happens to each open request (passed to an alternative from the
directory, or closed as "service closed"), and the family and their referrer are told, with
the alternatives by name and link."""

import pytest
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.directory.choices import LevelOfNeed, ServiceStatus
from familyhub.notifications.messages import render
from familyhub.notifications.models import Message
from familyhub.referrals import actions
from familyhub.referrals.states import MoveRefused, Outcome, Status, moves_from
from familyhub.upkeep import changes, closing
from familyhub.upkeep.changes import ChangeRefused
from tests.factories import (
    AddressFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    ServiceTermFactory,
)
from tests.referrals.helpers import make_request
from tests.referrals.helpers import person as referrals_person

pytestmark = pytest.mark.django_db


def placed(service, postcode="ME4 4TR", where=(51.38, 0.527)):
    link = ServiceAtLocationFactory(
        service=service, location__latitude=where[0], location__longitude=where[1]
    )
    AddressFactory(location=link.location, postal_code=postcode)
    ServiceTermFactory(service=service)  # the "sleep" need
    return service


@pytest.fixture
def closing_service(service):
    ServiceTermFactory(service=service)
    return service


@pytest.fixture
def alternative():
    return placed(ServiceFactory(name="Bedtime help nearby", level_of_need=LevelOfNeed.TARGETED))


@pytest.fixture
def practitioner():
    return referrals_person(Role.PRACTITIONER, email="health.visitor@example.org")


def bodies(**filters) -> list[str]:
    return [
        render(message.kind, message.channel, message.personalisation).body
        for message in Message.objects.filter(**filters)
    ]


def test_archiving_is_refused_while_requests_are_open(closing_service, data_manager, provider):
    make_request(closing_service)

    with pytest.raises(ChangeRefused, match="1 open request"):
        changes.archive(closing_service, by=data_manager, apply_now=True)
    with pytest.raises(ChangeRefused, match="1 open request"):
        changes.archive(closing_service, by=provider)
    closing_service.refresh_from_db()
    assert closing_service.status == ServiceStatus.ACTIVE


def test_a_proposal_to_stop_the_service_is_refused_at_approval_if_requests_came_since(
    closing_service, data_manager, provider
):
    change = changes.archive(closing_service, by=provider)  # nobody waiting yet
    make_request(closing_service)

    with pytest.raises(ChangeRefused, match="open request"):
        changes.approve(change.pk, by=data_manager)
    closing_service.refresh_from_db()
    assert closing_service.status == ServiceStatus.ACTIVE


def test_alternatives_share_the_needs_at_a_similar_level_nearest_first(closing_service):
    near = placed(ServiceFactory(name="Near", level_of_need=LevelOfNeed.TARGETED))
    far = ServiceFactory(name="Far", level_of_need=LevelOfNeed.TARGETED)
    placed(far, postcode="CT1 1AA", where=(51.28, 1.08))  # Canterbury
    placed(ServiceFactory(name="Too specialist", level_of_need=LevelOfNeed.STATUTORY))
    ServiceFactory(name="Other needs")  # no "sleep" need
    ServiceTermFactory(service=ServiceFactory(name="Archived", status=ServiceStatus.INACTIVE))

    found = [service.name for service in closing.alternatives_for(closing_service)]

    assert found[0] == near.name
    assert "Far" not in found
    everywhere = [service.name for service in closing.alternatives_for(closing_service, 50)]
    assert "Far" in everywhere  # widened to anywhere when too few are near
    unwanted = {"Too specialist", "Other needs", "Archived", closing_service.name}
    assert not unwanted & {*found, *everywhere}


def test_after_each_request_is_decided_the_service_archives_and_everyone_is_told(
    closing_service, alternative, data_manager, provider, practitioner
):
    passed = make_request(closing_service, by=practitioner, who="practitioner")
    closed = make_request(closing_service)
    actions.move_request(closed.pk, "accept", by=provider)  # support agreed, not started
    Message.objects.all().delete()

    closing.pass_on(passed.pk, to=alternative, by=provider)
    with pytest.raises(ChangeRefused):
        changes.archive(closing_service, by=data_manager, apply_now=True)  # one still open
    closing.close(closed.pk, suggest=[alternative], by=provider)
    changes.archive(closing_service, by=data_manager, apply_now=True)

    closing_service.refresh_from_db()
    assert closing_service.status == ServiceStatus.INACTIVE
    passed.refresh_from_db()
    closed.refresh_from_db()
    assert passed.status == Status.REDIRECTED
    assert passed.redirected_to.service == alternative
    assert passed.history.last().reason_code == Outcome.SERVICE_CLOSED
    assert (closed.status, closed.outcome) == (Status.CLOSED, Outcome.SERVICE_CLOSED)
    assert closed.suggested_service == alternative
    link = reverse("finder:service", args=[alternative.pk])
    family = bodies(kind="service_closing_family", reference=closed.reference)
    assert len(family) == 1
    assert "Bedtime help nearby" in family[0] and link in family[0]
    referrer = bodies(kind="service_closing_referrer")
    assert len(referrer) == 1  # only the practitioner's request had a referrer
    assert Message.objects.get(kind="service_closing_referrer").to == "health.visitor@example.org"
    assert "passed to another service" in referrer[0] and link in referrer[0]
    assert bodies(kind="service_closing_family", reference=passed.reference)
    assert not Message.objects.filter(kind="request_updated").exists()  # one message, not two
    assert Message.objects.filter(kind="new_request", reference=passed.redirected_to.reference)


def test_the_exit_plan_moves_are_not_offered_on_a_request_page():
    assert "pass_on_closing" not in [move.name for move in moves_from(Status.ACCEPTED)]
    assert "close_service_closed" not in [move.name for move in moves_from(Status.SUBMITTED)]


def test_a_request_cannot_be_passed_to_a_service_that_is_not_open(closing_service, provider):
    support_request = make_request(closing_service)
    gone = ServiceFactory(status=ServiceStatus.INACTIVE)

    with pytest.raises(MoveRefused):
        closing.pass_on(support_request.pk, to=gone, by=provider)
    support_request.refresh_from_db()
    assert support_request.status == Status.SUBMITTED


# --- the provider's page ----------------------------------------------------------------------


def test_the_archive_page_lists_open_requests_with_choices(
    client, closing_service, alternative, provider
):
    support_request = make_request(closing_service)
    client.force_login(provider)

    page = client.get(reverse("upkeep:archive", args=[closing_service.pk])).content.decode()

    assert "Before it closes" in page
    assert support_request.reference in page
    assert "Pass it to Bedtime help nearby" in page
    assert "Are you sure you want to archive" not in page
    assert "Sam" not in page  # no family's name on this page


def test_the_provider_decides_on_the_page_then_archives(
    client, closing_service, alternative, provider
):
    support_request = make_request(closing_service)
    client.force_login(provider)
    decide = reverse("upkeep:decide_open_request", args=[closing_service.pk])

    unchosen = client.post(decide, {"request": support_request.pk, "version": 1})
    assert unchosen.status_code == 400
    assert f"Choose what happens to {support_request.reference}" in unchosen.content.decode()

    done = client.post(
        decide,
        {"request": support_request.pk, "version": 1, "decision": f"pass:{alternative.pk}"},
    )
    assert done.status_code == 302
    support_request.refresh_from_db()
    assert support_request.status == Status.REDIRECTED

    page = client.get(reverse("upkeep:archive", args=[closing_service.pk])).content.decode()
    assert "Are you sure you want to archive" in page
    assert client.post(reverse("upkeep:archive", args=[closing_service.pk])).status_code == 302


def test_only_the_services_own_staff_decide(
    client, closing_service, alternative, data_manager, other_provider
):
    support_request = make_request(closing_service)
    decide = reverse("upkeep:decide_open_request", args=[closing_service.pk])
    data = {"request": support_request.pk, "version": 1, "decision": "close"}

    client.force_login(data_manager)
    assert client.post(decide, data).status_code == 403
    client.force_login(other_provider)
    assert client.post(decide, data).status_code == 404
    support_request.refresh_from_db()
    assert support_request.status == Status.SUBMITTED


def test_the_data_manager_sees_who_must_decide(client, closing_service, data_manager):
    support_request = make_request(closing_service)
    client.force_login(data_manager)

    response = client.post(reverse("upkeep:archive", args=[closing_service.pk]), follow=True)

    page = response.content.decode()
    assert "1 open request" in page
    assert support_request.reference in page
    assert "own staff decide" in page


def test_the_family_page_says_the_service_closed(closing_service, alternative, provider):
    from familyhub.referrals.presenting import status_for_family

    support_request = make_request(closing_service)
    closing.close(support_request.pk, suggest=[alternative], by=provider)
    support_request.refresh_from_db()

    assert "has closed, so this request was closed" in status_for_family(support_request)["text"]


def test_a_proposal_to_stop_the_service_is_refused_while_requests_are_open(
    closing_service, provider
):
    make_request(closing_service)
    data = changes.snapshot(closing_service)
    data["service"]["status"] = ServiceStatus.DEFUNCT

    with pytest.raises(ChangeRefused, match="open request"):
        changes.propose(
            service=closing_service, organisation=closing_service.organisation, data=data,
            by=provider,
        )  # fmt: skip
    assert not closing_service.proposed_changes.exists()

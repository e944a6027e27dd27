"""The rules (familyhub/upkeep/changes.py): propose, approve, reject, stale approvals,
versions, restore and archive — without the pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.directory.models import Schedule, Service
from familyhub.notifications.models import Message
from familyhub.upkeep import changes, differences
from familyhub.upkeep.changes import ChangeRefused
from familyhub.upkeep.models import ProposedChange, ServiceVersion

pytestmark = pytest.mark.django_db


def renamed(service, name, **fields):
    data = changes.snapshot(service)
    data["service"]["name"] = name
    data["service"].update(fields)
    return data


def test_a_proposal_changes_nothing_published_until_approved(
    client, service, provider, data_manager
):
    change = changes.propose(
        service=service,
        organisation=service.organisation,
        data=renamed(service, "Better sleep clinic"),
        by=provider,
    )
    assert change.status == ProposedChange.Status.PENDING
    assert change.base_version == 1
    service.refresh_from_db()
    assert service.name == "Sleep clinic (test)"
    public = client.get(reverse("finder:service", kwargs={"service_id": service.pk}))
    assert "Better sleep clinic" not in public.content.decode()
    assert "Sleep clinic (test)" in public.content.decode()

    changes.approve(change.pk, by=data_manager)
    service.refresh_from_db()
    assert service.name == "Better sleep clinic"
    assert service.last_checked_on == timezone.localdate()
    assert "Dan Tester" in service.last_checked_by
    public = client.get(reverse("finder:service", kwargs={"service_id": service.pk}))
    assert "Better sleep clinic" in public.content.decode()


def test_approving_writes_the_next_version_audits_and_tells_the_provider(
    service, provider, data_manager
):
    change = changes.propose(
        service=service,
        organisation=service.organisation,
        data=renamed(service, "Better sleep clinic"),
        by=provider,
    )
    changes.approve(change.pk, by=data_manager)
    versions = list(ServiceVersion.objects.filter(service=service).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].data["service"]["name"] == "Sleep clinic (test)"
    assert versions[1].data["service"]["name"] == "Better sleep clinic"
    assert versions[1].made_by == data_manager and versions[1].change == change
    message = Message.objects.get(kind="directory_change_decided")
    assert message.to == provider.email and message.reference == change.reference
    assert AuditEvent.objects.filter(
        object_type="proposedchange", object_id=str(change.pk), user=data_manager
    ).exists()


def test_a_rejection_keeps_the_published_version_and_needs_a_reason(
    service, provider, data_manager
):
    change = changes.propose(
        service=service,
        organisation=service.organisation,
        data=renamed(service, "Wrong name"),
        by=provider,
    )
    with pytest.raises(ChangeRefused, match="Enter the reason"):
        changes.reject(change.pk, by=data_manager, reason="  ")
    changes.reject(change.pk, by=data_manager, reason="The name must match the leaflet.")
    service.refresh_from_db()
    change.refresh_from_db()
    assert service.name == "Sleep clinic (test)"
    assert change.status == ProposedChange.Status.REJECTED
    assert change.reason == "The name must match the leaflet."
    told = Message.objects.filter(kind="directory_change_decided")
    assert [message.to for message in told] == [provider.email]
    assert not ServiceVersion.objects.filter(service=service, number=2).exists()
    with pytest.raises(ChangeRefused, match="already rejected"):
        changes.approve(change.pk, by=data_manager)


def test_proposing_again_updates_the_waiting_proposal(service, provider):
    first = changes.propose(
        service=service, organisation=service.organisation,
        data=renamed(service, "First try"), by=provider,
    )  # fmt: skip
    second = changes.propose(
        service=service, organisation=service.organisation,
        data=renamed(service, "Second try"), by=provider,
    )  # fmt: skip
    assert first.pk == second.pk
    assert ProposedChange.objects.filter(service=service).count() == 1
    assert ProposedChange.objects.get().name == "Second try"


def test_a_stale_approval_is_refused_clearly(service, provider, data_manager):
    change = changes.propose(
        service=service,
        organisation=service.organisation,
        data=renamed(service, "From the provider"),
        by=provider,
    )
    # Meanwhile the record is changed elsewhere (the admin, an import).
    Service.objects.filter(pk=service.pk).update(phone="01632 960999")
    with pytest.raises(ChangeRefused, match="has changed since CHANGE-"):
        changes.approve(change.pk, by=data_manager)
    service.refresh_from_db()
    change.refresh_from_db()
    assert service.name == "Sleep clinic (test)" and service.phone == "01632 960999"
    assert change.status == ProposedChange.Status.PENDING
    # Proposing again starts from what is published now, and can then be approved.
    again = changes.propose(
        service=service, organisation=service.organisation,
        data=renamed(service, "From the provider"), by=provider,
    )  # fmt: skip
    changes.approve(again.pk, by=data_manager)
    service.refresh_from_db()
    assert service.name == "From the provider" and service.phone == "01632 960999"


def test_a_proposal_must_pass_the_directorys_own_checks(service, provider):
    data = renamed(service, "No way in", access_drop_in=False)
    with pytest.raises(ValidationError):
        changes.propose(service=service, organisation=service.organisation, data=data, by=provider)
    assert not ProposedChange.objects.exists()


def test_schedules_and_places_change_with_the_service(service, provider, data_manager):
    data = changes.snapshot(service)
    old_place = data["places"][0]
    data["schedules"] = [
        {**data["schedules"][0], "byday": "TU,TH"},
        {"id": "", "byday": "SA", "opens_at": "10:00:00", "closes_at": "12:00:00",
         "description": "Dads' group", "location": ""},
    ]  # fmt: skip
    data["places"] = []
    data["new_places"] = [
        {"name": "Gillingham Library", "address_1": "High Street", "city": "Gillingham",
         "postal_code": "ME7 1BB"}
    ]  # fmt: skip
    change = changes.propose(
        service=service, organisation=service.organisation, data=data, by=provider
    )
    labels = {row.label for row in differences.diff_for(change)}
    assert labels == {"When it runs", "Places"}
    changes.approve(change.pk, by=data_manager)
    days = sorted(Schedule.objects.filter(service=service).values_list("byday", flat=True))
    assert days == ["SA", "TU,TH"]
    places = [link.location.name for link in service.service_at_locations.all()]
    assert places == ["Gillingham Library"]
    assert old_place["name"] not in places
    location = service.service_at_locations.get().location
    assert location.addresses.get().postal_code == "ME7 1BB"
    # Placed on the map (at least at its postcode district), so "near me" finds it.
    assert location.latitude == pytest.approx(51.38, abs=0.05)
    assert location.longitude == pytest.approx(0.55, abs=0.08)


def test_restore_brings_back_an_earlier_version(service, provider, data_manager):
    change = changes.propose(
        service=service, organisation=service.organisation,
        data=renamed(service, "Renamed"), by=provider,
    )  # fmt: skip
    changes.approve(change.pk, by=data_manager)
    first = ServiceVersion.objects.get(service=service, number=1)

    # A provider's restore is a proposal like any other.
    proposal = changes.restore(first, by=provider)
    assert proposal.kind == ProposedChange.Kind.RESTORE
    service.refresh_from_db()
    assert service.name == "Renamed"
    changes.reject(proposal.pk, by=data_manager, reason="Keep the new name")

    # A data manager's restore publishes straight away, as version 3.
    changes.restore(first, by=data_manager, apply_now=True)
    service.refresh_from_db()
    assert service.name == "Sleep clinic (test)"
    latest = changes.current_version(service)
    assert latest.number == 3 and latest.note == "Restores version 1"
    with pytest.raises(ChangeRefused, match="already the published version"):
        changes.restore(latest, by=data_manager, apply_now=True)


def test_a_data_managers_direct_change_never_overwrites_a_waiting_proposal(
    service, provider, data_manager
):
    waiting = changes.propose(
        service=service, organisation=service.organisation,
        data=renamed(service, "Waiting"), by=provider,
    )  # fmt: skip
    with pytest.raises(ChangeRefused, match=f"{waiting.reference} is waiting"):
        changes.archive(service, by=data_manager, apply_now=True)
    waiting.refresh_from_db()
    assert waiting.status == ProposedChange.Status.PENDING and waiting.name == "Waiting"


def test_archive_sets_the_status_and_never_deletes(service, provider, data_manager):
    change = changes.archive(service, by=provider)
    assert change.kind == ProposedChange.Kind.ARCHIVE
    assert Service.objects.get(pk=service.pk).status == "active"
    changes.approve(change.pk, by=data_manager)
    archived = Service.objects.get(pk=service.pk)
    assert archived.status == changes.ARCHIVED
    assert archived.schedules.count() == 1  # everything else kept
    with pytest.raises(ChangeRefused, match="already archived"):
        changes.archive(archived, by=provider)


def test_a_new_service_exists_only_once_approved(organisation, provider, data_manager):
    data = {
        "service": {
            "name": "New toddler group", "description": "Songs and play.",
            "level_of_need": "universal", "access_drop_in": True,
            "delivered_in_person": True, "status": "active",
        },
        "schedules": [], "places": [], "new_places": [],
    }  # fmt: skip
    change = changes.propose(service=None, organisation=organisation, data=data, by=provider)
    assert not Service.objects.filter(name="New toddler group").exists()
    changes.approve(change.pk, by=data_manager)
    created = Service.objects.get(name="New toddler group")
    assert created.organisation == organisation
    assert changes.current_version(created).number == 1


def test_still_correct_moves_the_check_date_on(service, provider):
    changes.confirm_still_correct(service, by=provider)
    service.refresh_from_db()
    assert service.last_checked_on == timezone.localdate()
    assert service.last_checked_by == f"Priya Tester ({service.organisation.name})"


def test_a_data_managers_direct_archive_is_versioned_and_tells_nobody(service, data_manager):
    changes.archive(service, by=data_manager, apply_now=True)
    service.refresh_from_db()
    assert service.status == changes.ARCHIVED
    latest = changes.current_version(service)
    assert latest.made_by == data_manager and latest.change.kind == ProposedChange.Kind.ARCHIVE
    assert not Message.objects.filter(kind="directory_change_decided").exists()

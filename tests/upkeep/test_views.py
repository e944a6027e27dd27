"""Provider self-service through the pages, as each persona: permissions, the edit form,
deciding, history and restore, suggestions, and two-factor sign-in."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.directory.models import Service
from familyhub.notifications.models import Message
from familyhub.upkeep import changes
from familyhub.upkeep.models import ProposedChange, ServiceVersion, SuggestedChange
from tests.factories import ServiceFactory
from tests.upkeep.conftest import person

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def url(name, **kwargs):
    return reverse(f"upkeep:{name}", kwargs=kwargs)


def edit_post(service, **overrides):
    """The edit form as the browser would send it, from the published record."""
    data = changes.snapshot(service)
    post = {}
    for name, value in data["service"].items():
        if value is True:
            post[name] = "on"
        elif value not in (False, None):
            post[name] = str(value)
    post["schedules-TOTAL_FORMS"] = str(len(data["schedules"]) + 1)
    post["schedules-INITIAL_FORMS"] = str(len(data["schedules"]))
    for i, row in enumerate(data["schedules"]):
        post[f"schedules-{i}-id"] = row["id"]
        post[f"schedules-{i}-location"] = row["location"]
        post[f"schedules-{i}-days"] = row["byday"].split(",")
        post[f"schedules-{i}-opens_at"] = row["opens_at"][:5]
        post[f"schedules-{i}-closes_at"] = row["closes_at"][:5]
    post["keep"] = [place["location"] for place in data["places"]]
    post["started_from"] = changes.editing_start(service)[2]
    post.update(overrides)
    return post


def propose_rename(service, provider, name="Better sleep clinic"):
    data = changes.snapshot(service)
    data["service"]["name"] = name
    return changes.propose(
        service=service, organisation=service.organisation, data=data, by=provider
    )


# --- who may do what ------------------------------------------------------------------------


def test_signed_out_people_are_sent_to_sign_in(client, service, provider):
    change = propose_rename(service, provider)
    for target in [
        url("services"),
        url("service", service_id=service.pk),
        url("edit", service_id=service.pk),
        url("history", service_id=service.pk),
        url("change", change_id=change.pk),
        url("changes"),
        url("suggestions"),
    ]:
        response = client.get(target)
        assert response.status_code == 302, target
        assert response.url.startswith(reverse("accounts:sign_in"))


@pytest.mark.parametrize("role", [Role.PARENT, Role.PRACTITIONER, Role.TRIAGE, Role.ANALYST])
def test_people_without_a_directory_role_get_403(client, service, provider, role):
    change = propose_rename(service, provider)
    client.force_login(person(role, organisation=service.organisation))
    for target in [
        url("services"),
        url("service", service_id=service.pk),
        url("change", change_id=change.pk),
        url("suggestions"),
    ]:
        assert client.get(target).status_code == 403, target
    assert client.post(url("approve", change_id=change.pk)).status_code == 403
    assert ProposedChange.objects.get().status == ProposedChange.Status.PENDING


def test_a_provider_cannot_see_or_edit_another_organisations_service(
    client, service, other_service, provider, other_provider
):
    change = propose_rename(service, provider)
    version = changes.current_version(service)
    client.force_login(other_provider)
    for target in [
        url("service", service_id=service.pk),
        url("edit", service_id=service.pk),
        url("archive", service_id=service.pk),
        url("history", service_id=service.pk),
        url("version", service_id=service.pk, number=version.number),
        url("change", change_id=change.pk),
    ]:
        assert client.get(target).status_code == 404, target
    assert client.post(url("edit", service_id=service.pk), edit_post(service)).status_code == 404
    assert client.post(url("archive", service_id=service.pk)).status_code == 404
    assert client.post(url("checked", service_id=service.pk)).status_code == 404
    assert ProposedChange.objects.count() == 1
    assert Service.objects.get(pk=service.pk).status == "active"
    # Their own list shows only their own service.
    listed = text(client.get(url("services")))
    assert other_service.name in listed and service.name not in listed


def test_a_provider_cannot_approve_their_own_change(client, service, provider):
    change = propose_rename(service, provider)
    client.force_login(provider)
    assert client.post(url("approve", change_id=change.pk)).status_code == 403
    assert client.post(url("reject", change_id=change.pk), {"reason": "x"}).status_code == 403
    page = text(client.get(url("change", change_id=change.pk)))
    assert "Approve and publish" not in page
    assert ProposedChange.objects.get().status == ProposedChange.Status.PENDING


def test_staff_must_confirm_two_factor_first(client, settings, service, provider):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    client.force_login(provider)
    response = client.get(url("service", service_id=service.pk))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))


# --- proposing through the form -------------------------------------------------------------


def test_a_providers_edit_waits_for_approval_then_is_published(
    client, service, provider, data_manager
):
    client.force_login(provider)
    form = client.get(url("edit", service_id=service.pk))
    assert form.status_code == 200
    assert 'value="Sleep clinic (test)"' in text(form)

    response = client.post(
        url("edit", service_id=service.pk),
        edit_post(service, name="Better sleep clinic", **{"schedules-0-days": ["TU", "TH"]}),
    )
    change = ProposedChange.objects.get()
    assert response.status_code == 302 and response.url == url("change", change_id=change.pk)
    public = text(client.get(reverse("finder:service", kwargs={"service_id": service.pk})))
    assert "Better sleep clinic" not in public

    client.force_login(data_manager)
    queue = text(client.get(url("changes")))
    assert change.reference in queue
    page = text(client.get(url("change", change_id=change.pk)))
    assert "Sleep clinic (test)" in page and "Better sleep clinic" in page
    assert "TU 09:30–11:30" in page and "TU,TH 09:30–11:30" in page
    assert "Phone" not in page  # only what changes

    response = client.post(url("approve", change_id=change.pk), _seen(change))
    assert response.status_code == 302
    public = text(client.get(reverse("finder:service", kwargs={"service_id": service.pk})))
    assert "Better sleep clinic" in public


def test_bad_input_is_explained_and_what_was_typed_is_kept(client, service, provider):
    client.force_login(provider)
    response = client.post(
        url("edit", service_id=service.pk),
        edit_post(
            service,
            name="Kept name",
            minimum_age="7",
            maximum_age="3",
            email="not-an-email",
            **{"schedules-0-opens_at": "25:00", "new_name": "Half a place"},
        ),
    )
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert "The oldest age must be the same as or more than the youngest age." in page
    assert "Enter an email address like name@example.org" in page
    assert "Enter the opening time like 09:30" in page
    assert "Enter the postcode of the new place" in page
    assert 'value="Kept name"' in page and 'value="25:00"' in page
    assert 'value="Half a place"' in page
    assert not ProposedChange.objects.exists()


def test_a_provider_adds_a_new_service(client, organisation, provider, data_manager):
    client.force_login(provider)
    post = {
        "name": "Toddler songs", "description": "Songs and play.", "level_of_need": "universal",
        "access_drop_in": "on", "delivered_in_person": "on", "status": "active",
        "schedules-TOTAL_FORMS": "1", "schedules-INITIAL_FORMS": "0",
        "schedules-0-days": ["WE"], "schedules-0-opens_at": "10:00",
        "schedules-0-closes_at": "11:00", "new_name": "Strood Library",
        "new_address_1": "32 Bryant Road", "new_city": "Strood", "new_postal_code": "me2 3en",
    }  # fmt: skip
    response = client.post(url("new_service"), post)
    assert response.status_code == 302
    change = ProposedChange.objects.get()
    assert change.kind == ProposedChange.Kind.NEW and change.service is None
    assert change.data["new_places"][0]["postal_code"] == "ME2 3EN"
    client.force_login(data_manager)
    client.post(url("approve", change_id=change.pk), _seen(change))
    created = Service.objects.get(name="Toddler songs")
    assert created.organisation == organisation
    assert created.schedules.get().byday == "WE"
    assert created.service_at_locations.get().location.name == "Strood Library"


# --- deciding -------------------------------------------------------------------------------


def test_rejecting_needs_a_reason_and_keeps_what_was_typed(client, service, provider, data_manager):
    change = propose_rename(service, provider)
    client.force_login(data_manager)
    response = client.post(url("reject", change_id=change.pk), {"reason": ""})
    assert response.status_code == 400
    assert "Enter the reason, so the provider knows what to do next" in text(response)
    too_long = "x" * 2001
    response = client.post(url("reject", change_id=change.pk), {"reason": too_long})
    assert response.status_code == 400 and too_long in text(response)
    response = client.post(url("reject", change_id=change.pk), {"reason": "Use the full name."})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == ProposedChange.Status.REJECTED
    assert Service.objects.get(pk=service.pk).name == "Sleep clinic (test)"

    client.force_login(provider)
    page = text(client.get(url("change", change_id=change.pk)))
    assert "Rejected" in page and "Use the full name." in page


def test_a_stale_approval_is_refused_on_the_page(client, service, provider, data_manager):
    change = propose_rename(service, provider)
    Service.objects.filter(pk=service.pk).update(phone="01632 960999")
    client.force_login(data_manager)
    page = text(client.get(url("change", change_id=change.pk)))
    assert "The service has changed since this was proposed" in page
    response = client.post(url("approve", change_id=change.pk), _seen(change), follow=True)
    assert response.status_code == 200
    assert "has changed since" in text(response)
    assert Service.objects.get(pk=service.pk).name == "Sleep clinic (test)"


def test_history_and_restore_through_the_pages(client, service, provider, data_manager):
    changes.approve(propose_rename(service, provider).pk, by=data_manager)
    client.force_login(provider)
    history = text(client.get(url("history", service_id=service.pk)))
    assert "Version 1" in history and "Version 2" in history
    assert "Priya Tester" in history and "Dan Tester" in history

    # The provider asks to restore version 1: a proposal; nothing changes yet.
    response = client.post(url("version", service_id=service.pk, number=1))
    restore = ProposedChange.objects.get(kind=ProposedChange.Kind.RESTORE)
    assert response.url == url("change", change_id=restore.pk)
    assert Service.objects.get(pk=service.pk).name == "Better sleep clinic"

    client.force_login(data_manager)
    client.post(url("approve", change_id=restore.pk), _seen(restore))
    assert Service.objects.get(pk=service.pk).name == "Sleep clinic (test)"
    assert ServiceVersion.objects.filter(service=service).count() == 3
    page = client.get(url("version", service_id=service.pk, number=3))
    assert "Published now" in text(page)


def test_archiving_through_the_pages(client, service, provider, data_manager):
    client.force_login(provider)
    assert "Are you sure" in text(client.get(url("archive", service_id=service.pk)))
    client.post(url("archive", service_id=service.pk))
    change = ProposedChange.objects.get(kind=ProposedChange.Kind.ARCHIVE)
    assert Service.objects.get(pk=service.pk).status == "active"
    client.force_login(data_manager)
    client.post(url("approve", change_id=change.pk), _seen(change))
    assert Service.objects.get(pk=service.pk).status == "inactive"
    public = text(client.get(reverse("finder:service", kwargs={"service_id": service.pk})))
    assert "This service is no longer running." in public


def test_still_correct_button(client, service, provider):
    client.force_login(provider)
    response = client.post(url("checked", service_id=service.pk), follow=True)
    assert "is marked as checked today" in text(response)
    assert Service.objects.get(pk=service.pk).last_checked_on == timezone.localdate()
    assert AuditEvent.objects.filter(object_id=str(service.pk), user=provider).exists()


# --- suggestions from the public ------------------------------------------------------------


def test_a_suggestion_reaches_the_organisation_and_the_data_managers(
    client, service, other_service, provider, other_provider, data_manager
):
    response = client.post(
        reverse("finder:suggest_change", kwargs={"service_id": service.pk}),
        {"kind": "closed", "details": "The group stopped in October."},
    )
    assert response.status_code == 302
    suggestion = SuggestedChange.objects.get()
    told = {m.to for m in Message.objects.filter(kind="directory_suggestion")}
    assert provider.email in told and data_manager.email in told
    assert other_provider.email not in told

    client.force_login(other_provider)
    assert "The group stopped" not in text(client.get(url("suggestions")))
    assert client.get(url("suggestion", suggestion_id=suggestion.pk)).status_code == 404

    client.force_login(provider)
    assert service.name in text(client.get(url("suggestions")))
    page = client.get(url("suggestion", suggestion_id=suggestion.pk))
    assert "The group stopped in October." in text(page)
    assert AuditEvent.objects.filter(
        object_type="suggestedchange", object_id=str(suggestion.pk), action="view"
    ).exists()

    # Resolving needs a note of what was done; the choice is kept.
    target = url("suggestion", suggestion_id=suggestion.pk)
    response = client.post(target, {"status": "resolved", "note": ""})
    assert response.status_code == 400
    assert "Say what was done, to mark it as resolved." in text(response)
    assert re.search(r'value="resolved"\s+checked="checked"', text(response))
    client.post(target, {"status": "in_review", "note": ""})
    assert SuggestedChange.objects.get().status == "in_review"
    client.force_login(data_manager)
    client.post(target, {"status": "resolved", "note": "Archived the service."})
    assert SuggestedChange.objects.get().status == "resolved"
    assert "The group stopped" not in text(client.get(url("suggestions")))  # open ones only


# --- list pages stay cheap ------------------------------------------------------------------


def test_list_pages_use_a_fixed_number_of_queries(
    client, service, provider, data_manager, django_assert_max_num_queries
):
    for n in range(3):
        other = ServiceFactory(organisation=service.organisation, name=f"Extra {n}")
        propose_rename(other, provider, name=f"Extra {n} renamed")
        SuggestedChange.objects.create(service=other, kind="closed", details="Closed?")
    client.force_login(data_manager)
    for target in [url("services"), url("changes"), url("suggestions")]:
        with django_assert_max_num_queries(8):
            response = client.get(target)
        assert response.status_code == 200
    client.force_login(provider)
    with django_assert_max_num_queries(8):
        page = text(client.get(url("services")))
    assert page.count("Change waiting") == 3
    assert page.count("1 suggestion<") == 3


def _seen(change) -> dict:
    """What the data manager's page carries: the proposal as they saw it."""
    return {"seen": changes.seen_token(ProposedChange.objects.get(pk=change.pk))}


def test_an_approval_of_a_proposal_changed_after_the_page_was_opened_is_refused(
    client, service, provider, data_manager
):
    change = propose_rename(service, provider)
    seen = _seen(change)
    propose_rename(service, provider, "A second name")  # the provider edits it again
    client.force_login(data_manager)
    response = client.post(url("approve", change_id=change.pk), seen, follow=True)
    assert "was changed after you opened it" in response.content.decode()
    service.refresh_from_db()
    assert service.name != "A second name"


def test_an_edit_sent_after_someone_else_changed_the_service_is_stopped_and_kept(
    client, service, provider
):
    client.force_login(provider)
    post = edit_post(service, name="My new name")
    propose_rename(service, provider, "Someone else's name")  # meanwhile, in another tab
    response = client.post(url("edit", service_id=service.pk), post)
    assert response.status_code == 400
    page = text(response)
    assert "was changed by someone else while you had this page open" in page
    assert 'value="My new name"' in page
    assert ProposedChange.objects.get().data["service"]["name"] == "Someone else's name"

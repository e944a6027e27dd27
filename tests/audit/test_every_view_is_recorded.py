"""Every page that shows a family's record or request to someone leaves a row in the audit log
naming who saw what; a change leaves one too; a refused look leaves none; and the log cannot be
changed from the admin."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from familyhub.audit.admin import AuditEventAdmin
from familyhub.audit.models import AuditEvent
from familyhub.families.models import Family
from familyhub.referrals.models import SupportRequest
from tests.factories import SupportRequestFactory
from tests.personas import person
from tests.referrals.helpers import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _verified_staff(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def support_request():
    return SupportRequestFactory(status="received")


@pytest.fixture
def provider(support_request):
    return person("provider", organisation=support_request.service.organisation)


def _events(user, **filters):
    return AuditEvent.objects.filter(user=user, **filters)


def _seen_by(client, user, url):
    client.force_login(user)
    before = AuditEvent.objects.count()
    response = client.get(url)
    return response, AuditEvent.objects.count() - before


def test_a_staff_member_opening_a_request_is_recorded(client, support_request, provider):
    url = reverse("referrals:staff_request", args=[support_request.reference])
    response, _added = _seen_by(client, provider, url)
    assert response.status_code == 200
    event = _events(provider, action="view", object_id=str(support_request.pk)).get()
    assert event.object_type == "supportrequest"
    assert event.family_id == support_request.family_id


def test_the_inbox_records_each_request_it_lists(client, support_request, provider):
    response, _added = _seen_by(client, provider, reverse("referrals:inbox"))
    assert support_request.reference in response.content.decode()
    event = _events(provider, action="view", object_id=str(support_request.pk)).get()
    assert event.detail == "listed in the inbox"


def test_triage_listing_records_each_request(client):
    triage = person("triage")
    listed = make_request(None)  # "not sure which service?": the early help team's queue
    response, _added = _seen_by(client, triage, reverse("referrals:triage"))
    assert listed.reference in response.content.decode()
    event = _events(triage, action="view", object_id=str(listed.pk)).get()
    assert event.detail == "listed in the triage queue"


def test_a_parent_seeing_their_family_record_is_recorded(client):
    parent = person("parent")
    support_request = SupportRequestFactory(by=parent)
    response, _added = _seen_by(client, parent, reverse("referrals:my_family"))
    assert response.status_code == 200
    event = _events(parent, action="view", family_id=support_request.family_id).get()
    assert event.object_type == "family"
    assert event.detail == "your family"


def test_a_refused_look_is_not_recorded_as_a_view(client, support_request):
    stranger = person("provider", organisation=None)
    url = reverse("referrals:staff_request", args=[support_request.reference])
    response, added = _seen_by(client, stranger, url)
    assert response.status_code in (403, 404)
    assert added == 0


def test_a_move_is_recorded_as_a_change_by_whoever_made_it(client, support_request, provider):
    client.force_login(provider)
    url = reverse("referrals:move", args=[support_request.reference, "accept"])
    response = client.post(url, {"version": support_request.version})
    assert response.status_code == 302
    event = _events(provider, action="change", object_id=str(support_request.pk)).get()
    assert event.detail == "accept"


def test_making_a_request_records_its_creation_and_the_family_record(support_request):
    created = AuditEvent.objects.filter(action="create")
    assert created.filter(object_type="supportrequest", object_id=str(support_request.pk))
    assert created.filter(object_type="family", family_id=support_request.family_id)


def test_the_audit_log_cannot_be_changed_from_the_admin():
    administrator = person("administrator")
    administrator.is_staff = administrator.is_superuser = True
    request = RequestFactory().get("/admin/")
    request.user = administrator
    model_admin = admin.site._registry[AuditEvent]
    assert isinstance(model_admin, AuditEventAdmin)
    event = AuditEvent.objects.create(action="view", object_type="family", object_id="x")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)


def test_family_records_and_requests_are_not_in_the_admin():
    """The admin would bypass the access checks and the audit: they are not registered."""
    assert Family not in admin.site._registry
    assert SupportRequest not in admin.site._registry

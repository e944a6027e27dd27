"""Erasing a family's data at a person's request: refused while a request is open or for a
safeguarding record; otherwise anonymised as the policy would, recorded and audited."""

import pytest
from django.contrib.auth import get_user_model

from familyhub.audit.models import AuditEvent
from familyhub.families.models import Family
from familyhub.referrals import safeguarding
from familyhub.referrals.actions import merge_family_records
from familyhub.referrals.models import SupportRequest
from familyhub.retention.erasure import ErasureRefused, erase_family
from familyhub.retention.models import AnonymisedRecord, ErasureRecord
from tests.factories import ServiceFactory
from tests.referrals.helpers import make_request, person
from tests.retention.helpers import closed_request, withdraw

pytestmark = pytest.mark.django_db

DISCLOSURE = "My ex said he would kill him… I am scared for his safety tonight."


@pytest.fixture
def service():
    return ServiceFactory(email="service@example.org")


@pytest.fixture
def administrator():
    return person("administrator")


def test_erasure_is_refused_while_a_request_is_open(service, administrator):
    support_request = make_request(service)
    with pytest.raises(ErasureRefused) as refused:
        erase_family(support_request.family, administrator, "Asked by email")
    assert f"Request {support_request.reference} is still open (sent)" in str(refused.value)
    assert not ErasureRecord.objects.exists() and not AnonymisedRecord.objects.exists()
    assert Family.objects.get(pk=support_request.family_id).postcode == "ME4 4TR"


@pytest.mark.parametrize("step_recorded", [False, True])
def test_erasure_is_refused_for_a_safeguarding_record(service, administrator, step_recorded):
    support_request = make_request(service, worries=DISCLOSURE)
    if step_recorded:
        safeguarding.record_step(support_request.id, "dsl", note="", by=person("provider"))
    withdraw(support_request)
    with pytest.raises(ErasureRefused, match="kept under the council's legal duties"):
        erase_family(support_request.family, administrator, "Asked by email")
    assert not ErasureRecord.objects.exists()


@pytest.mark.parametrize("role", ["triage", "data_manager", "analyst", "provider", "parent"])
def test_only_an_administrator_can_erase(service, role):
    support_request = closed_request(service)
    with pytest.raises(ErasureRefused, match="Only an administrator"):
        erase_family(support_request.family, person(role), "Asked by email")
    assert not AnonymisedRecord.objects.exists()


def test_erasure_needs_a_reason(service, administrator):
    with pytest.raises(ErasureRefused, match="Say why"):
        erase_family(closed_request(service).family, administrator, "   ")


def test_erasure_anonymises_now_records_who_when_why_what_and_audits_it(service, administrator):
    parent = person("parent")
    support_request = closed_request(service)
    family = support_request.family
    family.account_holders.add(parent)
    reason = "Subject access and erasure request received by letter on 1 December; grounds: "
    reason += "objection upheld by the DPO (ref DP-123)."
    erasure = erase_family(family, administrator, reason)

    family.refresh_from_db()
    assert family.postcode == "ME4" and family.contact_email is None and family.email_key == ""
    assert all(m.first_name == "" for m in family.members.all())
    assert SupportRequest.objects.get(pk=support_request.pk).worries is None
    assert not get_user_model().objects.filter(pk=parent.pk).exists()  # held only this family

    erasure = ErasureRecord.objects.get(pk=erasure.pk)
    assert erasure.family_id == family.pk and erasure.by == administrator
    assert erasure.reason == reason and erasure.by_label == administrator.username
    assert erasure.erased["family records"] == 1 and erasure.erased["requests"] == 1
    assert erasure.erased["people"] == 2 and erasure.erased["parent accounts"] == 1
    event = AuditEvent.objects.get(family_id=family.pk, detail__startswith="erased")
    assert event.user == administrator and f"Erasure of family record {family.pk}" in event.detail
    assert "DP-123" not in event.detail  # the reason stays on the erasure record


def test_erasing_a_record_erases_the_duplicates_merged_into_it(service, administrator):
    first = closed_request(service)
    second = closed_request(service, postcode="ME7 1AA")  # another postcode: a new record
    assert first.family_id != second.family_id
    merge_family_records(first.family, second.family, by=person("triage"))
    erase_family(first.family, administrator, "Asked by phone")
    for family_id in (first.family_id, second.family_id):
        assert AnonymisedRecord.objects.filter(kind="families", object_id=family_id).exists()
        assert Family.objects.get(pk=family_id).contact_email is None
    # Erasing a duplicate itself is refused: the record it was merged into is the one to erase.
    with pytest.raises(ErasureRefused, match="merged into another"):
        erase_family(Family.objects.get(pk=second.family_id), administrator, "Again")


def test_an_account_holding_another_family_is_kept(service, administrator):
    parent = person("parent")
    first, second = closed_request(service), closed_request(service, postcode="ME7 1AA")
    first.family.account_holders.add(parent)
    second.family.account_holders.add(parent)
    erasure = erase_family(first.family, administrator, "Asked by phone")
    assert erasure.erased["parent accounts"] == 0
    assert parent.families.get() == second.family


def test_a_family_is_erased_once(service, administrator):
    family = closed_request(service).family
    erase_family(family, administrator, "Asked by phone")
    with pytest.raises(ErasureRefused, match="nothing left to erase"):
        erase_family(family, administrator, "Asked by phone")
    assert ErasureRecord.objects.count() == 1

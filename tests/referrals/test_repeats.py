"""Repeat requests (referrals/repeats.py): a request from a service page with no need recorded
counts by the service's needs, and each repeat is listed once."""

import pytest
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from familyhub.directory.models import ServiceTerm
from familyhub.families.models import Family
from familyhub.referrals.actions import submit_draft
from familyhub.referrals.models import Draft
from familyhub.referrals.repeats import needs_of, repeats_before_sending, repeats_for
from tests.factories import OrganisationFactory, ServiceFactory, need
from tests.referrals.helpers import answers, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def sleep_service():
    service = ServiceFactory(name="Sleep clinic (test)", access_self_referral=True)
    ServiceTerm.objects.create(service=service, taxonomy_term=need("sleep"))
    return service


def _request(service=None, need_term=None, **overrides):
    draft = Draft.objects.create(service=service, need=need_term, answers=answers(**overrides))
    return submit_draft(draft.id)


def _other_phone(number):
    return answers()["contact"] | {"contact_phone": number}


def test_a_request_from_a_service_page_counts_by_the_services_needs(sleep_service):
    from_service_page = _request(sleep_service)  # no need recorded
    assert from_service_page.need is None
    from_checker = _request(None, need("sleep"))  # the same child, from the checker
    found = repeats_for(from_checker.family, need=need("sleep"), exclude=from_checker)
    assert list(found) == [from_service_page]
    # And the other way round: the service page's request sees the checker's.
    found = repeats_for(from_service_page.family, service=sleep_service, exclude=from_service_page)
    assert list(found) == [from_checker]


def test_a_service_for_other_needs_is_not_a_repeat(sleep_service):
    _request(sleep_service)
    other = ServiceFactory(name="Teen talk (test)")
    ServiceTerm.objects.create(service=other, taxonomy_term=need("teenagers"))
    later = _request(other)
    assert needs_of(service=other) == {need("teenagers").pk}
    assert list(repeats_for(later.family, service=other, exclude=later)) == []


def test_triage_counts_a_service_page_request_for_the_same_need(client, sleep_service):
    from_service_page = _request(sleep_service)
    from_checker = _request(None, need("sleep"))
    client.force_login(person("triage", organisation=OrganisationFactory()))
    page = client.get(reverse("referrals:triage")).content.decode()
    row = page.split(from_checker.reference, 1)[1]
    assert "1 other request" in row and from_service_page.reference in row


def test_repeat_warnings_list_each_request_once(client, sleep_service):
    first = _request(sleep_service)
    # Two more records for the same child (other phone numbers): likely duplicates of it.
    second = _request(sleep_service, contact=_other_phone("07700 900998"))
    third = _request(sleep_service, contact=_other_phone("07700 900999"))
    assert len({first.family_id, second.family_id, third.family_id}) == 3

    practitioner = person("practitioner", team=None)
    draft = Draft.objects.create(service=sleep_service, user=practitioner, answers=answers())
    found = repeats_before_sending(draft, viewer=practitioner)
    # Not theirs to see (made by others), but each counted once.
    assert found.visible == [] and found.others == 3
    triage = person("triage", organisation=OrganisationFactory())
    seen = repeats_before_sending(
        Draft.objects.create(service=sleep_service, user=triage, answers=answers()), viewer=triage
    )
    assert sorted(r.reference for r in seen) == sorted(r.reference for r in (first, second, third))

    provider = person("provider", organisation=sleep_service.organisation)
    client.force_login(provider)
    page = client.get(reverse("referrals:staff_request", args=[third.reference]))
    text = page.content.decode()
    assert "there are 2 other open or recent requests" in text
    assert text.count(first.reference) == 1 and text.count(second.reference) == 1


def test_an_anonymous_family_is_never_shown_anothers_requests(client, sleep_service):
    earlier = _request(sleep_service)
    client.post(reverse("referrals:start") + f"?service={sleep_service.id}", {"in_danger": "no"})
    draft = Draft.objects.latest("created_at")
    draft.answers |= answers()
    draft.save()
    check = client.get(reverse("referrals:step", kwargs={"draft_id": draft.id, "step": "check"}))
    assert check.status_code == 200
    text = check.content.decode()
    assert earlier.reference not in text and "There is already a request" not in text
    assert Family.objects.count() == 1


@pytest.mark.parametrize("role", ["provider", "analyst", "data_manager", "administrator"])
def test_the_repeat_check_is_not_a_search_for_families(client, sleep_service, role):
    """The attack from issue 15: staff who do not ask for support start a request, type a
    child's name, date of birth and postcode, and read that family's requests on the check page.
    They see nothing, and no family is looked up."""
    earlier = _request(sleep_service)
    organisation = OrganisationFactory(name="Someone else's organisation")
    snoop = person(role, organisation=organisation)
    client.force_login(snoop)
    draft = Draft.objects.create(service=sleep_service, user=snoop, answers=answers())
    session = client.session
    session["request_drafts"] = [str(draft.id)]
    session.save()
    page = client.get(reverse("referrals:step", args=[draft.id, "check"])).content.decode()
    assert earlier.reference not in page
    assert "There is already a request" not in page
    assert not AuditEvent.objects.filter(user=snoop, detail__startswith="repeat check").exists()


def test_a_practitioner_sees_their_own_earlier_request_and_a_count_of_others_audited(
    client, sleep_service
):
    practitioner = person("practitioner", team=None)
    someone_elses = _request(sleep_service)
    draft = Draft.objects.create(service=sleep_service, user=practitioner, answers=answers())
    theirs = submit_draft(draft.id, by=practitioner)
    again = Draft.objects.create(service=sleep_service, user=practitioner, answers=answers())
    client.force_login(practitioner)
    page = client.get(reverse("referrals:step", args=[again.id, "check"])).content.decode()
    assert theirs.reference in page and someone_elses.reference not in page
    assert "1 more, made by someone else" in page
    looked_up = AuditEvent.objects.filter(user=practitioner, detail__startswith="repeat check")
    assert set(looked_up.values_list("family_id", flat=True)) >= {
        someone_elses.family_id,
        theirs.family_id,
    }

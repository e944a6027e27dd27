"""What an anonymised family record and request keep and lose; dry runs change nothing; a second
run does nothing more; every run is recorded and audited without personal data; and the
figures outcomes reporting and the map of services use are the same before and after."""

from collections import Counter
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.families.matching import find_family
from familyhub.families.models import EqualityMonitoring, Family, FamilyMember
from familyhub.families.services import update_equality
from familyhub.finder.models import SearchRecord
from familyhub.gaps import building, mapping
from familyhub.notifications.models import Message
from familyhub.referrals.models import Draft, StatusChange, SupportRequest
from familyhub.retention.anonymise import postcode_district
from familyhub.retention.models import AnonymisedRecord, EqualityTally, RetentionRun
from familyhub.retention.services import apply_retention
from tests.factories import ServiceFactory, SpecialistServiceFactory
from tests.referrals.helpers import answers, person
from tests.retention.helpers import (
    SECOND,
    closed_request,
    set_last_activity,
    withdrawn_request,
    years,
)

pytestmark = pytest.mark.django_db

T = timezone.make_aware(datetime(2016, 9, 20, 10, 15))
DUE = T + years(7) + SECOND


@pytest.fixture
def service():
    return ServiceFactory(email="service@example.org")


@pytest.fixture
def old_family(service):
    """A family whose only request closed 7 years before DUE, with an account and equality
    answers, and its contact details on the record."""
    parent = person("parent")
    support_request = closed_request(service)
    family = support_request.family
    family.account_holders.add(parent)
    family.address, family.safe_to_phone = "1 High Street, Chatham", False
    family.other_way_details = "Only at the school gate"
    family.save()
    mother = family.members.get(relationship="mother")
    update_equality(mother, {"ethnicity": "white", "disability": "no", "sex": "female"}, by=None)
    update_equality(family.members.get(relationship="child"), {"ethnicity": "white"}, by=None)
    set_last_activity(support_request, T)
    return family


def test_an_anonymised_family_keeps_no_name_date_contact_or_free_text(old_family):
    apply_retention(now=DUE)
    family = Family.objects.get(pk=old_family.pk)
    assert family.postcode == "ME4"
    for field in ("address", "contact_phone", "contact_email", "safe_times", "contact_notes",
                  "other_way_phone", "other_way_details", "accessibility_needs"):  # fmt: skip
        assert getattr(family, field) is None, field
    assert (family.email_key, family.phone_key, family.home_languages) == ("", "", "")
    assert family.safe_to_phone is True  # what was safe says something about the home
    assert family.account_holders.count() == 0 and family.created_by is None
    for member in family.members.all():
        assert (member.first_name, member.last_name, member.name_key) == ("", "", "")
        born = member.date_of_birth
        assert born is None or (born.month, born.day) == (1, 1)
    assert family.members.get(relationship="child").date_of_birth == date(2021, 1, 1)
    consent = family.consents.get()
    assert consent.given_by_name == "" and consent.given_at.day == 1
    assert not EqualityMonitoring.objects.filter(member__family=family).exists()


def test_the_same_family_asking_again_is_not_matched_to_the_anonymised_record(old_family):
    assert find_family(answers()).family == old_family  # before: the same child and contact
    apply_retention(now=DUE)
    assert find_family(answers()).family is None
    assert not FamilyMember.objects.filter(name_key="alex parent", family=old_family).exists()


def test_equality_answers_are_kept_only_as_yearly_counts(old_family):
    apply_retention(now=DUE)
    year = Family.objects.get(pk=old_family.pk).created_at.year
    assert year == 2016  # the year the record was made
    tallies = {(t.question, t.answer): t.count for t in EqualityTally.objects.filter(year=year)}
    assert tallies == {("ethnicity", "white"): 2, ("disability", "no"): 1, ("sex", "female"): 1}


def test_an_anonymised_request_keeps_its_outcome_and_loses_words_notes_and_traces(old_family):
    support_request = old_family.requests.get()
    assert Draft.objects.filter(submitted_request=support_request).exists()
    assert Message.objects.filter(reference=support_request.reference).exists()
    apply_retention(now=DUE)
    anonymised = SupportRequest.objects.get(pk=support_request.pk)
    assert (anonymised.status, anonymised.outcome) == ("closed", "needs_met")
    assert anonymised.service_id == support_request.service_id
    assert anonymised.worries is anonymised.tried is anonymised.would_help is None
    assert anonymised.made_by is None
    assert _local_day(anonymised.submitted_at) == (2016, 8, 1)
    assert anonymised.receive_by.day == 1
    assert _local_day(anonymised.decided_at) == (2016, 8, 1)
    history = StatusChange.objects.filter(request=anonymised)
    assert [h.to_status for h in history][-1] == "closed"
    assert all(h.note is None and h.by_label == "" and h.by_id is None for h in history)
    assert not Draft.objects.filter(submitted_request=anonymised).exists()
    assert not Message.objects.filter(reference=anonymised.reference).exists()


def _local_day(moment):
    local = timezone.localtime(moment)
    return (local.year, local.month, local.day)


def test_a_dry_run_changes_nothing_and_counts_what_a_run_would_do(old_family):
    Draft.objects.filter(pk=Draft.objects.create().pk).update(updated_at=T)
    before = _everything()
    dry = apply_retention(now=DUE, dry_run=True)
    assert _everything() == before
    assert dry.pk is None and not RetentionRun.objects.exists()
    real = apply_retention(now=DUE)
    assert {kind: r["count"] for kind, r in dry.results.items() if kind != "audit_events"} == {
        kind: r["count"] for kind, r in real.results.items() if kind != "audit_events"
    }
    assert real.results["families"]["count"] == 1 and real.results["drafts"]["count"] >= 1


def _everything():
    family = Family.objects.values().order_by("pk")
    return (
        list(family),
        list(FamilyMember.objects.values().order_by("pk")),
        list(SupportRequest.objects.values().order_by("pk")),
        Draft.objects.count(),
        Message.objects.count(),
        AuditEvent.objects.count(),
        AnonymisedRecord.objects.count(),
    )


def test_a_second_run_does_nothing_more(old_family):
    first = apply_retention(now=DUE)
    assert first.total > 0
    snapshot = _everything()[:3], EqualityTally.objects.values_list("count", flat=True)[::1]
    second = apply_retention(now=DUE)
    assert second.total == 0
    assert (_everything()[:3], EqualityTally.objects.values_list("count", flat=True)[::1]) == (
        snapshot
    )


def test_each_run_is_recorded_with_one_audit_event_and_no_personal_data(old_family):
    run = apply_retention(now=DUE)
    run.refresh_from_db()
    assert run.finished_at and run.results["families"] == {"then": "anonymise", "count": 1}
    event = AuditEvent.objects.get(object_type="retentionrun", object_id=str(run.pk))
    assert event.family_id is None and event.actor == "retention policy (scheduled)"
    assert "families 1 anonymised" in event.detail
    for personal in ("Sam", "Alex", "ME4 4TR", "sam@example.org", "Bedtimes"):
        assert personal not in event.detail and personal not in str(run.results)


def test_the_command_dry_run_then_run(old_family, capsys):
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert "Family records (people, contact details, consent, equality answers): 1 to " in out
    assert "Dry run: nothing was changed." in out
    assert not AnonymisedRecord.objects.exists()
    call_command("apply_retention")
    assert "Family records (people, contact details, consent, equality answers): 1 anonymised" in (
        capsys.readouterr().out
    )
    assert AnonymisedRecord.objects.filter(kind="families", object_id=old_family.pk).exists()


# --- reporting: the same figures before and after ---------------------------------------------


def _reporting_figures():
    """What outcomes reporting counts: requests by service and status, by outcome, by need and
    month; families by postcode district; children by year of birth."""
    requests = SupportRequest.objects.all()
    by_month = requests.annotate(month=TruncMonth("submitted_at")).values_list("month", "status")
    return {
        "service_status": Counter(requests.values_list("service_id", "status")),
        "outcomes": dict(
            requests.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n")
        ),
        "month_status": Counter(by_month),
        "need": Counter(requests.values_list("need_id", flat=True)),
        "districts": Counter(postcode_district(f.postcode) for f in Family.objects.all()),
        "children_born": Counter(
            m.date_of_birth.year
            for m in FamilyMember.objects.filter(relationship="child", date_of_birth__isnull=False)
        ),
        "safeguarding_steps": Counter(requests.values_list("safeguarding_step", flat=True)),
    }


def test_outcomes_reporting_counts_the_same_after_anonymising(service):
    other = SpecialistServiceFactory(email="other@example.org")
    for target, outcome in [(service, "needs_met"), (service, "partly_met"), (other, "needs_met")]:
        set_last_activity(closed_request(target, outcome=outcome), T)
    set_last_activity(withdrawn_request(other, postcode="ME7 1AA"), T)
    recent = closed_request(service, postcode="ME5 8AA")  # not due: stays as it is
    before = _reporting_figures()
    run = apply_retention(now=DUE)
    assert run.results["requests"]["count"] == 4
    assert _reporting_figures() == before
    recent.refresh_from_db()
    assert recent.worries == "Bedtimes are a battle every night."


def test_the_map_of_services_is_the_same_after_a_run(service):
    set_last_activity(closed_request(service), T)
    SearchRecord.objects.create(searched_on=date(2010, 1, 1), text="old", result_count=0)
    SearchRecord.objects.create(searched_on=timezone.localdate(), text="autism", result_count=0)
    before = building.build_map()
    run = apply_retention()  # now: everything made above with old dates is due
    assert run.results["unmet_need_searches"]["count"] == 1
    after = building.build_map()
    assert [mapping.row_values(c) for c in after.cells] == [
        mapping.row_values(c) for c in before.cells
    ]
    assert after.searches_total == before.searches_total

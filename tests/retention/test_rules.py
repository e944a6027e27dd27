"""Each kind's rule at its boundary: a day before it is due the record is kept; once due it is
deleted or anonymised. And what is never touched, whatever its dates say."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.families.models import Family
from familyhub.finder.models import SearchRecord
from familyhub.notifications.models import Message
from familyhub.referrals import safeguarding
from familyhub.referrals.models import Draft, StatusChange, TrackingCode
from familyhub.retention.models import AnonymisedRecord, ErasureRecord
from familyhub.upkeep.models import SuggestedChange
from tests.factories import ServiceFactory
from tests.referrals.helpers import make_request, person
from tests.retention.helpers import (
    DAY,
    SECOND,
    closed_request,
    run_at,
    set_last_activity,
    withdraw,
    withdrawn_request,
    years,
)

pytestmark = pytest.mark.django_db

DISCLOSURE = "My ex said he would kill him… I am scared for his safety tonight."
T = timezone.make_aware(datetime(2015, 3, 10, 14, 30))


@pytest.fixture
def service():
    return ServiceFactory(email="service@example.org")


def exists(record) -> bool:
    return type(record).objects.filter(pk=record.pk).exists()


def test_a_draft_is_kept_6_days_after_its_last_change_and_deleted_after_7(service):
    draft = Draft.objects.create(service=service, answers={"worries": "Sleep"})
    Draft.objects.filter(pk=draft.pk).update(updated_at=T)
    assert run_at(T + timedelta(days=7) - DAY).results["drafts"]["count"] == 0
    assert exists(draft)
    assert run_at(T + timedelta(days=7) + SECOND).results["drafts"]["count"] == 1
    assert not exists(draft)


def _message(status, **dates):
    return Message.objects.create(channel="email", to="sam@example.org", kind="request_sent",
                                  reference="FH-AAAA-BBBB", status=status, **dates)  # fmt: skip


def test_a_sent_message_is_deleted_90_days_after_it_was_sent_a_waiting_one_never():
    sent = _message("sent", sent_at=T, created_at=T - DAY)
    failed = _message("failed", created_at=T)
    waiting = _message("pending", created_at=T - years(3))
    run_at(T + timedelta(days=90) - DAY)
    assert exists(sent) and exists(failed)
    run_at(T + timedelta(days=90) + SECOND)
    assert not exists(sent) and not exists(failed)
    assert exists(waiting)


def test_a_one_time_code_is_deleted_30_days_after_it_expired(service):
    code = TrackingCode.objects.create(request=make_request(service), code_hash="x", expires_at=T)
    run_at(T + timedelta(days=30) - DAY)
    assert exists(code)
    run_at(T + timedelta(days=30) + SECOND)
    assert not exists(code)


def test_a_resolved_suggestion_is_deleted_2_years_after_it_was_made_an_open_one_is_kept(
    service,
):
    resolved = SuggestedChange.objects.create(
        service=service, kind="out_of_date", details="Ring me on 07700 900123", status="resolved"
    )
    still_new = SuggestedChange.objects.create(service=service, kind="closed", details="Shut")
    SuggestedChange.objects.filter(pk__in=[resolved.pk, still_new.pk]).update(created_at=T)
    run_at(T + years(2) - DAY)
    assert exists(resolved)
    run_at(T + years(2) + SECOND)
    assert not exists(resolved) and exists(still_new)


def test_an_unmet_need_search_is_deleted_2_years_after_its_date():
    search = SearchRecord.objects.create(searched_on=T.date(), text="autism", result_count=0)
    run_at(T + years(2) - DAY)
    assert exists(search)
    run_at(T + years(2) + DAY)
    assert not exists(search)


def test_an_erasure_record_is_deleted_7_years_after_the_erasure():
    erasure = ErasureRecord.objects.create(
        family_id="00000000-0000-0000-0000-000000000001", at=T, by_label="Sam", reason="Asked"
    )
    run_at(T + years(7) - DAY)
    assert exists(erasure)
    run_at(T + years(7) + SECOND)
    assert not exists(erasure)


def test_a_parent_account_is_deleted_3_years_after_the_last_sign_in_never_a_staff_one(service):
    parent, idle_parent, analyst = person("parent"), person("parent"), person("analyst")
    get_user_model().objects.filter(pk__in=[parent.pk, idle_parent.pk, analyst.pk]).update(
        last_login=T, date_joined=T - years(1)
    )
    # A parent whose family has an open request keeps their account.
    open_request = make_request(service)
    open_request.family.account_holders.add(idle_parent)
    run_at(T + years(3) - DAY)
    assert exists(parent)
    assert run_at(T + years(3) + SECOND).results["parent_accounts"]["count"] == 1
    assert not exists(parent)
    assert exists(idle_parent) and exists(analyst)


def test_an_ended_request_is_anonymised_7_years_after_its_last_activity(service):
    support_request = set_last_activity(closed_request(service), T, family_too=False)
    Family.objects.filter(pk=support_request.family_id).update(updated_at=T + years(5))
    run_at(T + years(7) - DAY)
    support_request.refresh_from_db()
    assert support_request.worries == "Bedtimes are a battle every night."
    run = run_at(T + years(7) + SECOND)
    assert run.results["requests"] == {"then": "anonymise", "count": 1}
    assert run.results["families"]["count"] == 0  # its family was active later
    support_request.refresh_from_db()
    assert support_request.worries is None and support_request.tried is None
    assert timezone.localtime(support_request.submitted_at).date() == date(2015, 1, 1)
    assert support_request.status == "closed" and support_request.outcome == "needs_met"
    assert AnonymisedRecord.objects.filter(kind="requests", object_id=support_request.pk).exists()


def test_a_later_entry_in_the_history_counts_as_activity(service):
    support_request = set_last_activity(withdrawn_request(service), T)
    StatusChange.objects.create(request=support_request, at=T + years(1), to_status="withdrawn",
                                reason_code="note")  # fmt: skip
    run_at(T + years(7) + SECOND)
    assert not AnonymisedRecord.objects.filter(object_id=support_request.pk).exists()
    run_at(T + years(8) + SECOND)
    assert AnonymisedRecord.objects.filter(object_id=support_request.pk).exists()


def test_an_open_request_and_its_family_are_never_touched(service):
    support_request = set_last_activity(make_request(service), T)
    run = run_at(T + years(20))
    assert run.results["requests"]["count"] == 0 and run.results["families"]["count"] == 0
    support_request.refresh_from_db()
    assert support_request.worries == "Bedtimes are a battle every night."


def test_a_safeguarding_concern_with_no_step_recorded_is_never_touched(service):
    support_request = make_request(service, worries=DISCLOSURE)
    assert safeguarding.needs_step(support_request)
    # Withdrawn by the family before anyone recorded a step.
    support_request = set_last_activity(withdraw(support_request), T)
    run = run_at(T + years(40))
    assert run.results["requests"]["count"] == 0 and run.results["families"]["count"] == 0


def test_a_safeguarding_record_is_kept_until_the_youngest_child_is_25(service):
    child = {"first_name": "Alex", "last_name": "Parent", "date_of_birth": "2010-05-04"}
    support_request = make_request(service, worries=DISCLOSURE, children=[child])
    safeguarding.record_step(support_request.id, "front_door", note="", by=person("provider"))
    support_request = set_last_activity(withdraw(support_request), T)
    run_at(T + years(7) + SECOND)  # 2022: the child is 11
    assert not AnonymisedRecord.objects.filter(object_id=support_request.pk).exists()
    twenty_fifth = timezone.make_aware(datetime(2035, 5, 4))
    run_at(twenty_fifth - DAY)
    assert not AnonymisedRecord.objects.filter(object_id=support_request.pk).exists()
    run = run_at(twenty_fifth + DAY)
    assert run.results["requests"]["count"] == 1 and run.results["families"]["count"] == 1
    support_request.refresh_from_db()
    assert support_request.safeguarding_step == "front_door"  # the code is kept, the note not
    assert not StatusChange.objects.filter(request=support_request, note__isnull=False).exists()


def test_a_family_record_is_anonymised_7_years_after_its_last_activity(service):
    support_request = set_last_activity(closed_request(service), T)
    family = support_request.family
    run_at(T + years(7) - DAY)
    family.refresh_from_db()
    assert family.postcode == "ME4 4TR" and family.contact_email == "sam@example.org"
    run = run_at(T + years(7) + SECOND)
    assert run.results["families"] == {"then": "anonymise", "count": 1}
    family.refresh_from_db()
    assert family.postcode == "ME4" and family.contact_email is None
    child = family.members.get(relationship="child")
    assert (child.first_name, child.date_of_birth) == ("", date(2021, 1, 1))


def test_an_audit_event_outlives_the_family_record_it_is_about(service):
    support_request = set_last_activity(closed_request(service), T)
    events = AuditEvent.objects.filter(family_id=support_request.family_id)
    assert events.exists()
    events.update(at=T - years(1))
    unrelated = AuditEvent.objects.create(action="view", object_type="service", object_id="1")
    AuditEvent.objects.filter(pk=unrelated.pk).update(at=T - years(1))
    # 7 years after the events: the unrelated one goes, the family's stay with the family.
    run_at(T + years(6) + DAY)
    assert not exists(unrelated) and events.exists()
    run = run_at(T + years(7) + SECOND)  # the family is anonymised, then its events can go
    assert run.results["families"]["count"] == 1 and run.results["audit_events"]["count"] > 0
    assert not AuditEvent.objects.filter(family_id=support_request.family_id, at__lt=T).exists()


def test_an_expired_session_is_deleted_a_day_after_it_expired():
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    store = SessionStore()
    store["drafts"] = ["a draft"]
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=T)
    run_at(T + DAY - SECOND)
    assert Session.objects.filter(pk=store.session_key).exists()
    run_at(T + DAY + SECOND)
    assert not Session.objects.filter(pk=store.session_key).exists()


@pytest.mark.parametrize(
    "model, period",
    [("AccessLog", years(1)), ("AccessAttempt", timedelta(days=90)),
     ("AccessFailureLog", years(1))],
)  # fmt: skip
def test_sign_in_records_are_deleted_after_their_period(model, period):
    from axes import models as axes_models

    model = getattr(axes_models, model)
    extra = {"get_data": "", "post_data": "", "failures_since_start": 5}
    record = model.objects.create(
        username="sam@example.org", ip_address="192.0.2.1", user_agent="Firefox",
        http_accept="*/*", path_info="/accounts/sign-in/",
        **(extra if model is axes_models.AccessAttempt else {}),
    )  # fmt: skip
    model.objects.filter(pk=record.pk).update(attempt_time=T)
    run_at(T + period - DAY)
    assert exists(record)
    run_at(T + period + SECOND)
    assert not exists(record)

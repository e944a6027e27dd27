"""Working days, the computed wait, and seeing a request with a reference and a code."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.directory.models import Service
from familyhub.notifications.models import Message
from familyhub.referrals import tracking
from familyhub.referrals.actions import move_request
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.waiting import expected_wait
from familyhub.referrals.working_days import add_working_days
from tests.referrals.helpers import make_request, person


@pytest.mark.parametrize(
    "start,days,due",
    [
        (date(2026, 11, 20), 2, date(2026, 11, 24)),  # Friday + 2 → Tuesday
        (date(2026, 12, 23), 2, date(2026, 12, 29)),  # Christmas and Boxing Day (Monday 28th)
        (date(2027, 3, 25), 1, date(2027, 3, 30)),  # Good Friday, Easter Monday
    ],
)
def test_working_days_skip_weekends_and_bank_holidays(start, days, due):
    assert add_working_days(start, days) == due


@pytest.fixture
def service(db):
    service = Service.objects.filter(access_self_referral=True).first()
    service.capacity_per_week = 2
    service.typical_wait_weeks = None  # only the worked-out figure
    service.save()
    return service


@pytest.mark.django_db
def test_the_wait_comes_from_the_queue_ahead_and_capacity(service):
    provider = person("provider", organisation=service.organisation)
    assert expected_wait(service).weeks == 1  # nobody ahead: (0 + 1) / 2 → 1 week
    for _ in range(5):
        move_request(make_request(service).pk, "accept", by=provider)
    estimate = expected_wait(service)
    assert estimate.queue_ahead == 5 and estimate.weeks == 3  # (5 + 1) / 2
    assert estimate.source == "worked_out"


@pytest.mark.django_db
def test_the_wait_is_corrected_by_what_really_happened(service):
    provider = person("provider", organisation=service.organisation)
    accepted = []
    for _ in range(5):
        r = make_request(service)
        move_request(r.pk, "accept", by=provider)
        accepted.append(SupportRequest.objects.get(pk=r.pk))
    # Each started twice as late as we expected when we accepted it.
    for r in accepted:
        move_request(r.pk, "start", by=provider)
        SupportRequest.objects.filter(pk=r.pk).update(
            started_at=r.decided_at + timedelta(days=2 * r.predicted_wait_days)
        )
    estimate = expected_wait(service)
    assert estimate.correction == pytest.approx(2.0, rel=0.01)
    assert estimate.weeks == 1  # queue empty again: ceil(0.5 × 2)


@pytest.mark.django_db
def test_no_capacity_falls_back_to_the_stated_wait():
    service = Service.objects.filter(typical_wait_weeks__gt=0).first()
    assert expected_wait(service).weeks == service.typical_wait_weeks
    assert expected_wait(service).source == "stated"


@pytest.mark.django_db
def test_overdue_dates_are_working_days_from_submission(service):
    r = make_request(service)
    today = timezone.localdate()
    assert r.receive_by == add_working_days(today, 2)
    assert r.decide_by == add_working_days(today, 5)


@pytest.mark.django_db
def test_a_family_sees_its_request_with_reference_and_code(client, service):
    support_request = make_request(service)
    client.post(reverse("referrals:track"), {"reference": support_request.reference.lower()})
    message = Message.objects.filter(kind="tracking_code").latest("created_at")
    code = message.personalisation["code"]
    page = client.get(reverse("referrals:family_request", args=[support_request.reference]))
    assert page.status_code == 404  # not yet
    wrong = client.post(reverse("referrals:track_code"), {"code": "000000" if code != "000000"
                                                          else "111111"})  # fmt: skip
    assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    right = client.post(reverse("referrals:track_code"), {"code": code})
    assert right.url == reverse("referrals:family_request", args=[support_request.reference])
    assert client.get(right.url).status_code == 200
    # A code works once.
    assert tracking.check_code(support_request.reference, code) is None


@pytest.mark.django_db
def test_an_unknown_reference_gets_the_same_answer_and_no_message(client):
    before = Message.objects.count()
    response = client.post(reverse("referrals:track"), {"reference": "FH-AAAA-BBBB"})
    assert response.url == reverse("referrals:track_code")
    assert Message.objects.count() == before


@pytest.mark.django_db
def test_codes_stop_working_after_too_many_tries(service, settings):
    support_request = make_request(service)
    tracking.send_code(support_request.reference)
    code = Message.objects.filter(kind="tracking_code").latest("created_at").personalisation["code"]
    wrong = "999999" if code != "999999" else "888888"
    for _ in range(settings.TRACKING_CODE_ATTEMPTS):
        assert tracking.check_code(support_request.reference, wrong) is None
    assert tracking.check_code(support_request.reference, code) is None


@pytest.mark.django_db
def test_no_code_is_sent_where_no_way_is_safe(service):
    contact = {"contact_phone": "07700 900123", "preferred_contact": "phone",
               "safe_to_phone": True, "safe_to_text": False, "safe_to_email": False}  # fmt: skip
    support_request = make_request(service, contact=contact)
    before = Message.objects.count()
    tracking.send_code(support_request.reference)
    assert Message.objects.count() == before


@pytest.mark.django_db
def test_the_family_can_withdraw(client, service):
    parent = person("parent")
    support_request = make_request(service, by=parent)
    client.force_login(parent)
    client.post(reverse("referrals:withdraw", args=[support_request.reference]))
    support_request.refresh_from_db()
    assert support_request.status == "withdrawn"
    assert support_request.outcome == "family_withdrew"


@pytest.mark.django_db
def test_the_correction_learns_from_the_latest_starts_only(service, monkeypatch):
    from familyhub.referrals import waiting

    monkeypatch.setattr(waiting, "RECENT_STARTS", 5)
    provider = person("provider", organisation=service.organisation)
    started = []
    for _ in range(10):
        r = make_request(service)
        move_request(r.pk, "accept", by=provider)
        move_request(r.pk, "start", by=provider)
        started.append(SupportRequest.objects.get(pk=r.pk))
    # The five that started months ago ran three times late; the five latest, as expected.
    now = timezone.now()
    for number, r in enumerate(started):
        late, decided = (
            (3, now - timedelta(days=120)) if number < 5 else (1, now - timedelta(days=30))
        )
        SupportRequest.objects.filter(pk=r.pk).update(
            decided_at=decided + timedelta(hours=number),
            started_at=decided + timedelta(days=late * r.predicted_wait_days, hours=number),
        )

    assert expected_wait(service).correction == pytest.approx(1.0)
    assert waiting.expected_waits([service])[service.id] == expected_wait(service)  # gaps map
    monkeypatch.setattr(waiting, "RECENT_STARTS", 10)
    assert expected_wait(service).correction == pytest.approx(2.0)  # median of 1s and 3s
    assert waiting.expected_waits([service])[service.id] == expected_wait(service)

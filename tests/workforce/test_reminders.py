"""Training that expires soon: the person told once (their team's managers copied), not for a
course renewed since, never twice however often or on however many workers the job runs."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.directory.models import Organisation
from familyhub.notifications.messages import render
from familyhub.notifications.models import Message
from familyhub.workforce import reminders
from familyhub.workforce.models import Course, TrainingRecord
from tests.personas import person, team_in

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 6)


@pytest.fixture
def course():
    return Course.objects.create(code="solihull", name="Solihull Approach", valid_for_months=24)


def record(who, course, *, completed_on, expires_on):
    return TrainingRecord.objects.create(
        person=who, course=course, completed_on=completed_on, expires_on=expires_on,
        works_in="Chatham", entered_at=timezone.now(),
    )  # fmt: skip


def test_the_person_and_their_team_managers_are_told_once_within_the_notice(settings, course):
    settings.WORKFORCE_EXPIRY_NOTICE_DAYS = 60
    team = team_in(Organisation.objects.first())
    sam = person("practitioner", team=team, email="sam@example.org", first_name="Sam",
                 last_name="Okafor")  # fmt: skip
    person("team_manager", team=team, email="manager@example.org")
    other_team_manager = person("team_manager", team=team_in(Organisation.objects.first(), "B"))
    soon = record(sam, course, completed_on=date(2025, 2, 1), expires_on=date(2027, 2, 1))
    later = person("practitioner", team=team)
    record(later, course, completed_on=date(2025, 3, 1), expires_on=date(2027, 3, 1))  # 85 days

    assert reminders.remind_expiring(TODAY) == {
        "reminded": 1, "managers_copied": 1, "no_email": 0
    }  # fmt: skip
    messages = sorted(Message.objects.filter(kind="training_expiring"), key=lambda m: m.to)
    assert [m.to for m in messages] == ["manager@example.org", "sam@example.org"]
    assert other_team_manager.email not in {m.to for m in messages}
    assert {m.reference for m in messages} == {f"TRAINING-{soon.pk}"}
    soon.refresh_from_db()
    assert soon.expiry_reminded_on == TODAY
    # The email's words: the course, the dates, whose, and where to record the renewal.
    email = render("training_expiring", "email", messages[0].personalisation)
    assert email.subject == f"Training expires soon: please renew it (TRAINING-{soon.pk})"
    assert "Course: Solihull Approach\n" in email.body
    assert "Trained on: 1 February 2025\nExpires on: 1 February 2027\nFor: Sam Okafor" in (
        email.body
    )
    assert email.body.endswith(
        f"record the new training (the date trained, and the certificate reference if there "
        f"is one) here, so it counts:\n{settings.SITE_URL}{reverse('workforce:training_add')}"
        f"\n\nThis is the only reminder for this training (TRAINING-{soon.pk}).\n\nFamily Hub"
    )
    # Run again (a second worker, or tomorrow): no one is told twice.
    assert reminders.remind_expiring(TODAY)["reminded"] == 0
    assert reminders.remind_expiring(TODAY + timedelta(days=1))["reminded"] == 0
    assert Message.objects.filter(kind="training_expiring").count() == 2
    # The other record comes into the notice 25 days later, and is told then.
    assert reminders.remind_expiring(TODAY + timedelta(days=25))["reminded"] == 1


def test_not_for_a_course_renewed_since_nor_expired_nor_lapse_free(settings, course):
    settings.WORKFORCE_EXPIRY_NOTICE_DAYS = 60
    alex = person("provider", organisation=Organisation.objects.first())
    record(alex, course, completed_on=date(2025, 1, 10), expires_on=date(2027, 1, 10))
    record(alex, course, completed_on=date(2026, 11, 30), expires_on=date(2028, 11, 30))
    record(alex, Course.objects.create(code="elsa", name="ELSA"), completed_on=date(2024, 1, 1),
           expires_on=date(2026, 12, 5))  # expired yesterday: the page shows it  # fmt: skip
    record(alex, Course.objects.create(code="pbs", name="PBS"), completed_on=date(2024, 1, 1),
           expires_on=None)  # fmt: skip
    assert list(reminders.due_reminders(TODAY)) == []
    assert reminders.remind_expiring(TODAY)["reminded"] == 0
    assert not Message.objects.filter(kind="training_expiring").exists()


def test_a_claim_already_made_elsewhere_sends_nothing(settings, course):
    """Two workers: the one whose conditional UPDATE finds the record already claimed sends
    nothing, though it listed the record before the other claimed it."""
    settings.WORKFORCE_EXPIRY_NOTICE_DAYS = 60
    sam = person("practitioner", team=team_in(Organisation.objects.first()))
    made = record(sam, course, completed_on=date(2025, 1, 20), expires_on=date(2027, 1, 20))
    listed = list(reminders.due_reminders(TODAY))
    TrainingRecord.objects.filter(pk=made.pk).update(expiry_reminded_on=TODAY)  # the other
    original = reminders.due_reminders
    reminders.due_reminders = lambda today=None: listed
    try:
        assert reminders.remind_expiring(TODAY)["reminded"] == 0
    finally:
        reminders.due_reminders = original
    assert not Message.objects.filter(kind="training_expiring").exists()


def test_the_notice_is_a_setting(settings, course):
    sam = person("practitioner", team=team_in(Organisation.objects.first()))
    record(sam, course, completed_on=date(2025, 2, 1), expires_on=TODAY + timedelta(days=20))
    settings.WORKFORCE_EXPIRY_NOTICE_DAYS = 14
    assert reminders.remind_expiring(TODAY)["reminded"] == 0
    settings.WORKFORCE_EXPIRY_NOTICE_DAYS = 30
    assert reminders.remind_expiring(TODAY)["reminded"] == 1


def test_the_scheduled_job_runs_it(settings, course):
    from familyhub.jobs.tasks import remind_expiring_training

    settings.WORKFORCE_EXPIRY_NOTICE_DAYS = 60
    sam = person("practitioner", team=team_in(Organisation.objects.first()))
    today = timezone.localdate()
    record(sam, course, completed_on=today - timedelta(days=700),
           expires_on=today + timedelta(days=30))  # fmt: skip
    result = remind_expiring_training.enqueue()
    assert result.return_value == {"reminded": 1, "managers_copied": 0, "no_email": 0}

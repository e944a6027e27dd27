"""Six months after early help ends, the lead practitioner is asked once (the scheduled job
remind_sustained_checks) to record whether the change lasted; not before it is due, not twice,
and not once it is recorded."""

from datetime import timedelta

import pytest
from django.utils import timezone

from familyhub.casework import actions
from familyhub.casework.models import Case
from familyhub.notifications.models import Message
from tests.casework.test_reviews import active_case

pytestmark = pytest.mark.django_db


def _closed_case():
    lead, case, _goal = active_case()
    case = actions.move_case(case.pk, "start_review", by=lead)
    case = actions.move_case(
        case.pk, "close", by=lead, outcome="needs_met", exit_plan="Health visitor drop-in."
    )
    return lead, case


def _reminders(case):
    return Message.objects.filter(kind="sustained_check_due", reference=case.reference)


def test_the_lead_is_asked_once_when_the_check_is_due():
    lead, case = _closed_case()
    assert actions.remind_sustained_checks()["reminded"] == 0  # six months have not passed
    assert not _reminders(case).exists()
    Case.objects.filter(pk=case.pk).update(
        sustained_check_due=timezone.localdate() - timedelta(days=1)
    )
    assert actions.remind_sustained_checks()["reminded"] == 1
    [reminder] = _reminders(case)
    assert reminder.to == lead.email
    assert reminder.personalisation["link"].endswith(
        f"/staff/cases/{case.reference}/sustained-check/"
    )
    again = actions.remind_sustained_checks()
    assert (again["reminded"], again["already_reminded"]) == (0, 1)


def test_no_reminder_once_the_check_is_recorded():
    _lead, case = _closed_case()
    Case.objects.filter(pk=case.pk).update(
        sustained_check_due=timezone.localdate() - timedelta(days=1),
        sustained_check_done_at=timezone.now(),
        sustained=True,
    )
    assert actions.remind_sustained_checks()["reminded"] == 0
    assert not _reminders(case).exists()

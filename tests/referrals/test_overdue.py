"""The overdue rule is declared once (referrals/overdue.py): for requests in every status, with
their dates passed or not, the flags a page shows and the WHERE the lists use agree."""

from datetime import timedelta
from itertools import product

import pytest
from django.utils import timezone

from familyhub.referrals.models import SupportRequest
from familyhub.referrals.overdue import RULES, flags, overdue_q
from familyhub.referrals.states import Status
from tests.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db


def test_flags_and_the_query_agree_for_every_status_and_date():
    today = timezone.localdate()
    made = []
    for status, late in product(Status.values, (True, False)):
        support_request = SupportRequestFactory(status=status)
        when = today - timedelta(days=3) if late else today + timedelta(days=3)
        SupportRequest.objects.filter(pk=support_request.pk).update(
            receive_by=when, decide_by=when, expected_start=when
        )
        made.append(SupportRequest.objects.get(pk=support_request.pk))
    found = set(
        SupportRequest.objects.filter(overdue_q(today), pk__in=[r.pk for r in made]).values_list(
            "pk", flat=True
        )
    )
    for support_request in made:
        assert bool(flags(support_request, today)) == (support_request.pk in found), (
            support_request.status
        )
    late_flags = {
        r.status: flags(r, today) for r in made if r.expected_start < today
    }  # every rule fires for some status, and only open requests are ever overdue
    assert {flag for found_flags in late_flags.values() for flag in found_flags} == {
        rule.flag for rule in RULES
    }
    assert late_flags[Status.SUBMITTED] == ["receipt", "decision"]
    assert late_flags[Status.WAITLISTED] == ["start"]
    assert late_flags[Status.CLOSED] == []


def test_a_request_due_today_is_not_overdue_yet():
    today = timezone.localdate()
    support_request = SupportRequestFactory(status="submitted")
    support_request.receive_by = support_request.decide_by = today
    assert flags(support_request, today) == []

"""The demo year of feedback, and the response-rate page: counts only, small numbers hidden,
figures that agree with the raw tables."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from familyhub.feedback import queries, reporting
from familyhub.feedback.models import About, FeedbackAnswer, FeedbackInvitation
from tests.personas import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_requests")
        call_command("load_demo_casework")
    call_command("load_demo_feedback")


def test_the_demo_has_a_year_of_feedback_with_realistic_rates(demo):
    now = timezone.now()
    year = (now - timedelta(days=400), now + timedelta(days=1))
    rate = queries.response_rate(*year)
    assert rate.invited > 250 and 0.3 < rate.rate < 0.7
    assert {i.about for i in FeedbackInvitation.objects.all()} == set(About.values)
    children = FeedbackAnswer.objects.filter(respondent="child").count()
    assert 0 < children < FeedbackAnswer.objects.filter(respondent="parent").count()
    pairs = queries.confidence_pairs(*year)
    assert len(pairs) > 50
    assert sum(end - start for start, end in pairs) / len(pairs) > 1  # confidence grows
    helped = queries.score(queries.answers(*year), "helped")
    assert 0.5 < helped.share_yes < 0.8
    before = FeedbackInvitation.objects.count()
    call_command("load_demo_feedback")  # a second run adds nothing
    assert FeedbackInvitation.objects.count() == before


def test_the_closed_demo_request_was_asked_the_real_way(demo, client):
    invitation = FeedbackInvitation.objects.get(
        request__family__members__first_name="Lee", about=About.REQUEST
    )
    assert invitation.sent_at is not None and invitation.answered_at is None


def _figures(html: str) -> list[str]:
    table = re.search(r'<table class="govuk-table" id="response-rates">.*?</table>', html, re.S)
    return re.findall(r"(Invited|Answered): (?:<span[^>]*>)?([–\d]+)", table.group(0))


def test_the_response_rates_page_agrees_with_the_raw_tables(demo, client):
    client.force_login(person("analyst"))
    page = client.get(reverse("feedback:response_rates"))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert "Lee" not in html and "@example.org" not in html  # never a family
    table = reporting.response_table()
    quarters = queries.last_quarters(reporting.QUARTERS_SHOWN)
    start, end = queries.period_of(quarters)
    invited = FeedbackInvitation.objects.filter(created_at__gte=start, created_at__lt=end)
    grand = table["rows"][-1].cells[-1]
    assert grand.invited == invited.count()  # recounted from the raw rows
    assert grand.answered == invited.filter(answered_at__isnull=False).count()
    for quarter, row in zip(quarters, table["rows"], strict=False):
        for about, cell in zip(About.values, row.cells, strict=False):
            q_start, q_end = queries.period_of([quarter])
            raw = invited.filter(about=about, created_at__gte=q_start, created_at__lt=q_end)
            answered = raw.filter(answered_at__isnull=False).count()
            for shown, count in ((cell.invited, raw.count()), (cell.answered, answered)):
                assert shown is None or shown == count
                if 0 < count < 5:
                    assert shown is None  # small numbers never shown
    shown = _figures(html)
    assert shown and all(value == "–" or int(value) == 0 or int(value) >= 5 for _, value in shown)


def test_only_the_people_who_look_at_figures_reach_it(client):
    url = reverse("feedback:response_rates")
    for role in ("provider", "practitioner", "parent", "triage"):
        client.force_login(person(role))
        assert client.get(url).status_code in (403, 404), role
    client.force_login(person("board_member"))
    assert client.get(url).status_code == 200

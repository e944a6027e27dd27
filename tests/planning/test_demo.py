"""The demo plan: both strategies' priorities in their own words, about twenty actions with a
mix of ratings, meetings with decisions, co-production and the charter; every page a demo
reader opens answers without a server error."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from familyhub.planning.models import (
    Action,
    CharterSignUp,
    Consultation,
    ForumMeeting,
    Meeting,
    Priority,
    YouSaidWeDid,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    call_command("load_demo_requests")
    call_command("load_demo_planning")


def test_the_demo_plan_has_the_strategies_priorities_and_a_mix_of_ratings(demo):
    titles = list(Priority.objects.values_list("title", flat=True))
    assert titles[:5] == [
        "Engagement",
        "Bolstering Universal Interventions",
        "Targeted Support / Provider Engagement",
        "Support for families with additional needs such as SEND",
        "Improve Information and Accessibility",
    ]
    assert titles[5:] == [
        "System leadership for partnership working",
        "Co-production of early help with children, young people and their families",
        "Locality driven prevention and integrated early help",
    ]
    ratings = Counter(action.rag for action in Action.objects.all())
    assert Action.objects.count() == 20
    assert set(ratings) == {"red", "amber", "green", "blue"}
    overridden = Action.objects.exclude(rag_override="").get()
    assert overridden.rag_override_reason
    assert Meeting.objects.count() == 3 and Consultation.objects.count() == 2
    assert YouSaidWeDid.objects.count() == 3
    assert set(ForumMeeting.objects.values_list("locality", flat=True)) == {
        "Chatham",
        "Gillingham",
        "Rochester",
        "Strood",
        "Rainham",
        "Hoo Peninsula",
    }
    assert CharterSignUp.objects.count() >= 5
    call_command("load_demo_planning")  # a second run adds nothing
    assert Action.objects.count() == 20


def test_every_demo_reader_and_lead_reaches_their_pages(client, demo):
    users = get_user_model().objects
    client.force_login(users.get(username="board@example.org"))
    pages = [
        reverse(name)
        for name in (
            "planning:plan",
            "planning:governance",
            "planning:coproduction",
            "planning:charter_staff",
        )
    ]
    pages += [reverse("planning:priority", args=[p.pk]) for p in Priority.objects.all()]
    pages += [reverse("planning:action", args=[a.pk]) for a in Action.objects.all()]
    pages += [reverse("planning:meeting", args=[m.pk]) for m in Meeting.objects.all()]
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert client.get(
        reverse("planning:priority_pdf", args=[Priority.objects.first().pk])
    ).content.startswith(b"%PDF")
    client.force_login(users.get(username="familyhubs.lead@example.org"))
    mine = client.get(reverse("planning:my_actions"))
    assert "PSS-1-3" in mine.text and "PSS-3-1" not in mine.text
    client.logout()
    for name in ("planning:public_plan", "planning:you_said_we_did", "planning:charter"):
        page = client.get(reverse(name))
        assert page.status_code == 200
        assert "Rhys Morgan" not in page.text and "Sarah Ahmed" not in page.text

"""Stepping down with universal services named from the directory, closing with a coded outcome
and an exit plan, the family told by their safe way (or staff told there is none); the family's
own view of its plan, its comments and asking for a review."""

import pytest
from django.urls import reverse

from familyhub.casework import actions, telling
from familyhub.casework.family import SAFETY_CONCERN
from familyhub.casework.models import Case, FamilyComment
from familyhub.casework.states import Status
from familyhub.families.models import Family
from familyhub.notifications.models import Message
from tests.casework.test_reviews import active_case
from tests.personas import person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _verified_staff(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


def test_a_step_down_names_universal_services_and_tells_the_family(client):
    lead, case, _goal = active_case()
    case = actions.move_case(case.pk, "start_review", by=lead)
    services = telling.universal_services_near(case.family)
    assert services and all(s.level_of_need == "universal" for s in services)
    client.force_login(lead)
    url = reverse("casework:move", args=[case.reference, "step_down"])
    page = client.get(url).content.decode()
    assert services[0].name in page
    none = client.post(url, {"version": case.version, "exit_plan": "Stay and play on Tuesdays."})
    assert b"Name at least one universal service" in none.content
    assert b"Stay and play on Tuesdays." in none.content
    done = client.post(
        url,
        {
            "version": case.version,
            "exit_plan": "Stay and play on Tuesdays.",
            "services": [str(services[0].pk)],
        },
    )
    assert done.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.status == Status.STEPPED_DOWN and case.outcome == "stepped_down"
    assert list(case.step_down_services.all()) == [services[0]]
    assert case.family_told_at is not None
    message = Message.objects.get(kind="early_help_ended", reference=case.reference)
    assert message.to == "sam@example.org"
    assert case.sustained_check_due is not None


def test_closing_when_there_is_no_safe_way_sends_nothing_and_says_so(client):
    lead, case, _goal = active_case()
    Family.objects.filter(pk=case.family_id).update(
        safe_to_email=False, safe_to_text=False, safe_to_phone=False
    )
    case = actions.move_case(case.pk, "start_review", by=lead)
    case = actions.move_case(
        case.pk, "close", by=lead, outcome="needs_met", exit_plan="Health visitor drop-in."
    )
    assert case.family_told_at is None
    assert not Message.objects.filter(kind="early_help_ended").exists()
    client.force_login(lead)
    page = client.get(reverse("casework:case", args=[case.reference])).content.decode()
    assert "No message was sent: no safe way" in page


def test_the_family_sees_its_plan_comments_and_asks_for_a_review(client):
    lead, case, goal = active_case()
    parent = person("parent")
    case.family.account_holders.add(parent)
    client.force_login(parent)
    page = client.get(reverse("casework:family_plan")).content.decode()
    assert "Your family plan is under way." in page
    assert "Calm bedtimes" in page and "Routine chart" in page
    assert "3 out of 10 at the start" in page
    url = reverse("casework:family_comment", args=[case.reference])
    empty = client.post(url, {"kind": "comment", "text": " "})
    assert empty.status_code == 302
    assert "Write your comment" in client.get(reverse("casework:family_plan")).content.decode()
    client.post(url, {"kind": "comment", "text": "The chart is helping."})
    client.post(url, {"kind": "review_asked", "text": ""})
    again = client.post(url, {"kind": "review_asked", "text": ""}, follow=True)
    assert "You have already asked for a review" in again.content.decode()
    kinds = sorted(FamilyComment.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["comment", "review_asked"]
    client.force_login(lead)
    staff_page = client.get(reverse("casework:case", args=[case.reference])).content.decode()
    assert "The chart is helping." in staff_page and "Asked for a review" in staff_page


def test_another_family_sees_nothing_of_it(client):
    lead, case, _goal = active_case()
    other = person("parent")
    client.force_login(other)
    page = client.get(reverse("casework:family_plan")).content.decode()
    assert case.reference not in page and "You do not have a family plan" in page
    url = reverse("casework:family_comment", args=[case.reference])
    assert client.post(url, {"kind": "comment", "text": "Hello"}).status_code == 404
    assert not FamilyComment.objects.exists()


def test_the_family_page_in_polish(client):
    lead, case, _goal = active_case()
    parent = person("parent")
    case.family.account_holders.add(parent)
    client.force_login(parent)
    page = client.get("/pl" + reverse("casework:family_plan")).content.decode()
    assert "Plan Twojej rodziny" in page


def test_the_sustained_outcome_check_is_recorded_when_due(client):
    from datetime import timedelta

    from django.utils import timezone

    from familyhub.casework import supporting_families

    lead, case, _goal = active_case()
    case = actions.move_case(case.pk, "start_review", by=lead)
    case = actions.move_case(
        case.pk, "close", by=lead, outcome="needs_met", exit_plan="Health visitor drop-in."
    )
    client.force_login(lead)
    url = reverse("casework:sustained_check", args=[case.reference])
    early = client.get(url).content.decode()
    assert "is due on" in early and 'name="sustained"' not in early
    Case.objects.filter(pk=case.pk).update(
        sustained_check_due=timezone.localdate() - timedelta(days=1)
    )
    case.refresh_from_db()
    assert actions.due_sustained_checks().filter(pk=case.pk).exists()
    missing = client.post(url, {"version": case.version})
    assert b"Say whether the family&#x27;s outcomes have lasted" in missing.content
    done = client.post(
        url, {"version": case.version, "sustained": "yes", "note": "Bedtimes still calm."}
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.sustained is True and case.sustained_check_done_at is not None
    assert not actions.due_sustained_checks().filter(pk=case.pk).exists()
    assert supporting_families.evidence_for(case).sustained.startswith("sustained (checked")
    assert (
        "outcomes lasted"
        in client.get(reverse("casework:case", args=[case.reference])).content.decode()
    )


def test_a_comment_that_discloses_harm_is_answered_with_what_to_do_now(client):
    """The family's comment goes through the one safety layer: words that describe danger are
    answered with Exit this page and what to do now, and the comment is still saved."""
    _lead, case, _goal = active_case()
    parent = person("parent")
    case.family.account_holders.add(parent)
    client.force_login(parent)
    url = reverse("casework:family_comment", args=[case.reference])
    answered = client.post(url, {"kind": "comment", "text": "his dad hits me when he drinks"})
    assert answered.status_code == 200
    page = answered.content.decode()
    assert "Exit this page" in page and "999" in page
    assert "lead practitioner will read it" in page
    assert any("hits me" in c.text for c in FamilyComment.objects.filter(case=case))
    ordinary = client.post(url, {"kind": "comment", "text": "The chart is helping."})
    assert ordinary.status_code == 302


def test_a_comment_that_discloses_harm_tells_the_lead_today_and_marks_the_case(client):
    """Not only the family is answered: the lead practitioner is emailed to read it today, the
    case's history says so, and the case page warns whoever opens it. An ordinary comment does
    none of this."""
    lead, case, _goal = active_case()
    parent = person("parent")
    case.family.account_holders.add(parent)
    client.force_login(parent)
    url = reverse("casework:family_comment", args=[case.reference])
    client.post(url, {"kind": "comment", "text": "The chart is helping."})
    assert not Message.objects.filter(kind="case_safety_concern").exists()
    client.post(url, {"kind": "comment", "text": "he hits me when he has been drinking"})
    [sent] = Message.objects.filter(kind="case_safety_concern")
    assert sent.to == lead.email and sent.reference == case.reference
    assert sent.personalisation["link"].endswith(reverse("casework:case", args=[case.reference]))
    concern = case.history.get(move=SAFETY_CONCERN)
    assert "may describe harm" in concern.note
    client.force_login(lead)
    page = client.get(reverse("casework:case", args=[case.reference])).content.decode()
    assert "govuk-warning-text" in page and "may describe harm" in page


def test_with_no_lead_the_teams_managers_are_told(client):
    _lead, case, _goal = active_case()
    manager = person("team_manager", team=case.team, email="manager.concern@example.org")
    case.lead = None
    case.save(update_fields=["lead"])
    parent = person("parent")
    case.family.account_holders.add(parent)
    client.force_login(parent)
    client.post(
        reverse("casework:family_comment", args=[case.reference]),
        {"kind": "comment", "text": "I am scared he will hurt the children"},
    )
    assert list(
        Message.objects.filter(kind="case_safety_concern").values_list("to", flat=True)
    ) == [manager.email]

"""The family plan: goals in the family's words linked to the assessment's needs, actions (who,
by when, how it is going), the family's 0–10 score; agreeing it makes the case active with its
first review due; two people editing one plan at once lose nothing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.casework import assessment as assessing
from familyhub.casework import planning
from familyhub.casework.framework import Domain, OutcomeArea
from familyhub.casework.models import Case, Goal
from familyhub.casework.states import MoveRefused, Status
from tests.casework.helpers import casework_team, open_case
from tests.personas import person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _verified_staff(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


def assessed_case():
    """A case whose assessment is completed (needs tagged), ready for its plan."""
    lead = person("practitioner", team=casework_team())
    case = open_case(lead=lead, team=lead.profile.team)
    draft = assessing.start(case, by=lead)
    for finding in draft.findings.all():
        draft.refresh_from_db()
        assessing.tag_finding(
            draft.pk,
            finding.pk,
            by=lead,
            expected_version=draft.version,
            domain=Domain.PARENTING_CAPACITY,
            outcome_area=OutcomeArea.FAMILY_RELATIONSHIPS,
        )
    draft.refresh_from_db()
    draft = assessing.save_words(
        draft.pk,
        by=lead,
        expected_version=draft.version,
        family_words="Calmer evenings.",
        analysis="Routine first.",
        level_of_need="2",
        level_reason="One agency can lead.",
    )
    assessing.complete(draft.pk, by=lead, expected_version=draft.version)
    return lead, Case.objects.get(pk=case.pk)


def test_no_plan_before_the_assessment_is_completed():
    lead = person("practitioner", team=casework_team())
    case = open_case(lead=lead, team=lead.profile.team)
    plan = planning.plan_for(case)
    with pytest.raises(MoveRefused, match="Complete the assessment"):
        planning.add_goal(
            plan.pk, by=lead, expected_version=plan.version, words="Sleep", needs=[], start_score=3
        )


def test_goals_actions_scores_and_agreeing_the_plan():
    lead, case = assessed_case()
    plan = planning.plan_for(case)
    need = planning.needs_to_plan_for(case)[0]
    with pytest.raises(MoveRefused, match="score from 0 to 10"):
        planning.add_goal(
            plan.pk,
            by=lead,
            expected_version=plan.version,
            words="Sleep",
            needs=[need],
            start_score=11,
        )
    with pytest.raises(MoveRefused, match="at least one need"):
        planning.add_goal(
            plan.pk, by=lead, expected_version=plan.version, words="Sleep", needs=[], start_score=3
        )
    goal = planning.add_goal(
        plan.pk,
        by=lead,
        expected_version=plan.version,
        words="Bedtime by eight without shouting",
        needs=[need],
        start_score=3,
    )
    plan.refresh_from_db()
    with pytest.raises(MoveRefused, match="at least one action"):
        planning.agree(plan.pk, by=lead, expected_version=plan.version)
    action = planning.add_action(
        plan.pk,
        goal.pk,
        by=lead,
        expected_version=plan.version,
        what="Try the bedtime routine sheet",
        who="Sam",
        by_when=date.today() + timedelta(weeks=2),
    )
    plan.refresh_from_db()
    planning.set_action_status(
        plan.pk, action.pk, by=lead, expected_version=plan.version, status="in_progress"
    )
    plan.refresh_from_db()
    planning.agree(plan.pk, by=lead, expected_version=plan.version)
    case.refresh_from_db()
    assert case.status == Status.ACTIVE
    weeks = case.review_every_weeks
    assert case.next_review_due == timezone.localdate() + timedelta(weeks=weeks)
    assert planning.latest_scores(goal) == (3, 3)
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_two_people_editing_one_plan_lose_nothing(client):
    lead, case = assessed_case()
    manager = person("team_manager", team=case.team)
    plan = planning.plan_for(case)
    need = planning.needs_to_plan_for(case)[0]
    url = reverse("casework:plan", args=[case.reference])
    seen = plan.version  # both opened the page at this version
    client.force_login(manager)
    first = client.post(
        url,
        {
            "section": "goal",
            "version": seen,
            "words": "Calmer mornings",
            "needs": [need.pk],
            "start_score": "4",
        },
    )
    assert first.status_code == 302
    client.force_login(lead)
    second = client.post(
        url,
        {
            "section": "goal",
            "version": seen,
            "words": "Alex sleeps in his own bed",
            "needs": [need.pk],
            "start_score": "2",
        },
    )
    assert second.status_code == 200
    content = second.content.decode()
    assert "Someone else changed this plan" in content
    assert "Alex sleeps in his own bed" in content  # what the lead typed is still there
    assert "Calmer mornings" in content  # and the manager's goal is shown
    assert list(Goal.objects.filter(plan=plan).values_list("words", flat=True)) == [
        "Calmer mornings"
    ]
    again = client.post(
        url,
        {
            "section": "goal",
            "version": seen + 1,
            "words": "Alex sleeps in his own bed",
            "needs": [need.pk],
            "start_score": "2",
        },
    )
    assert again.status_code == 302
    assert Goal.objects.filter(plan=plan).count() == 2


def test_the_plan_page_journey(client):
    lead, case = assessed_case()
    need = planning.needs_to_plan_for(case)[0]
    client.force_login(lead)
    url = reverse("casework:plan", args=[case.reference])
    plan = planning.plan_for(case)
    client.post(
        url,
        {
            "section": "goal",
            "version": plan.version,
            "words": "Calm bedtimes",
            "needs": [need.pk],
            "start_score": "3",
        },
    )
    goal = Goal.objects.get(plan=plan)
    plan.refresh_from_db()
    bad = client.post(
        url,
        {
            "section": "action",
            "version": plan.version,
            "goal": goal.pk,
            "what": "Routine chart",
            "who": "Sam",
            "by_when": "31 2 2027",
        },
    )
    assert b"Enter a real date" in bad.content and b"Routine chart" in bad.content
    good = client.post(
        url,
        {
            "section": "action",
            "version": plan.version,
            "goal": goal.pk,
            "what": "Routine chart",
            "who": "Sam",
            "by_when": "1 3 2027",
        },
    )
    assert good.status_code == 302
    plan.refresh_from_db()
    assert client.post(url, {"section": "agree", "version": plan.version}).status_code == 302
    page = client.get(url).content.decode()
    assert "Agreed" in page and "3 out of 10 at the start" in page and "fh-table-scroll" in page
    assert Case.objects.get(pk=case.pk).status == Status.ACTIVE

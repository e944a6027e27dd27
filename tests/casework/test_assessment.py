"""The whole-family assessment: pre-filled with where each answer came from, every member
(an unborn baby too), strengths and needs in the three domains with needs tagged by headline
outcome, saved at every step, locked when completed, versioned; two people saving at once lose
nothing."""

import pytest
from django.urls import reverse

from familyhub.casework import assessment as assessing
from familyhub.casework.framework import Domain, FindingKind, OutcomeArea
from familyhub.casework.models import Assessment, Case
from familyhub.casework.states import MoveRefused, Status
from tests.casework.helpers import casework_team, open_case, triage_request
from tests.personas import person

pytestmark = pytest.mark.django_db

BABY = {"first_name": "", "last_name": "", "due_date": "2027-03-01"}
CHILDREN = [{"first_name": "Alex", "last_name": "Parent", "date_of_birth": "2021-05-04"}, BABY]


@pytest.fixture(autouse=True)
def _verified_staff(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def lead_and_case():
    lead = person("practitioner", team=casework_team())
    support_request = triage_request(children=CHILDREN)
    return lead, open_case(lead=lead, team=lead.profile.team, support_request=support_request)


def _fill(draft, lead):
    draft = Assessment.objects.get(pk=draft.pk)
    for finding in draft.findings.all():
        assessing.tag_finding(
            draft.pk,
            finding.pk,
            by=lead,
            expected_version=draft.version,
            domain=Domain.PARENTING_CAPACITY,
            outcome_area=OutcomeArea.HEALTH,
        )
        draft.refresh_from_db()
    draft = assessing.save_words(
        draft.pk,
        by=lead,
        expected_version=draft.version,
        family_words="We want calmer nights.",
        analysis="Sleep is the root of the stress.",
        level_of_need="2",
        level_reason="Several needs, one agency can lead.",
    )
    return draft


def test_starting_fills_in_what_the_family_already_told_us(lead_and_case):
    lead, case = lead_and_case
    draft = assessing.start(case, by=lead)
    assert Case.objects.get(pk=case.pk).status == Status.ASSESSING
    people = {p.name: p for p in draft.people.all()}
    assert "Alex Parent" in people and "Sam Parent" in people
    baby = [p for p in people.values() if p.due_date]
    assert len(baby) == 1 and baby[0].date_of_birth is None
    assert all(p.source == "Family record" for p in people.values())
    request = case.source_request
    need = draft.findings.get(kind=FindingKind.NEED)
    assert need.text == "Bedtimes are a battle every night."
    assert need.source.startswith(f"Request {request.reference}")
    assert draft.family_words == "Ideas for a routine."
    assert request.reference in draft.family_words_source
    assert assessing.start(case, by=lead).pk == draft.pk  # resumes the draft


def test_completing_needs_everything_then_locks_and_moves_the_case_on(lead_and_case):
    lead, case = lead_and_case
    draft = assessing.start(case, by=lead)
    with pytest.raises(MoveRefused, match="Tag every need"):
        assessing.complete(draft.pk, by=lead, expected_version=draft.version)
    draft = _fill(draft, lead)
    with pytest.raises(MoveRefused, match="Choose the headline outcome"):
        assessing.add_finding(
            draft.pk,
            by=lead,
            expected_version=draft.version,
            kind=FindingKind.NEED,
            domain=Domain.FAMILY_ENVIRONMENT,
            outcome_area="",
            text="Rent arrears.",
        )
    done = assessing.complete(draft.pk, by=lead, expected_version=draft.version)
    assert done.stage == Assessment.Stage.COMPLETED and done.completed_by == lead
    assert Case.objects.get(pk=case.pk).status == Status.PLANNING
    with pytest.raises(MoveRefused, match="completed and locked"):
        assessing.save_words(
            done.pk,
            by=lead,
            expected_version=done.version,
            family_words="x",
            analysis="",
            level_of_need="",
            level_reason="",
        )


def test_a_new_version_is_a_copy_and_the_old_one_stays_locked(lead_and_case):
    lead, case = lead_and_case
    first = _fill(assessing.start(case, by=lead), lead)
    first = assessing.complete(first.pk, by=lead, expected_version=first.version)
    second = assessing.start(Case.objects.get(pk=case.pk), by=lead)
    assert second.number == 2 and second.stage == Assessment.Stage.DRAFT
    assert second.findings.count() == first.findings.count()
    assert second.analysis == first.analysis and second.people.count() == first.people.count()
    assessing.add_finding(
        second.pk,
        by=lead,
        expected_version=second.version,
        kind=FindingKind.STRENGTH,
        domain=Domain.FAMILY_ENVIRONMENT,
        outcome_area="",
        text="Grandma helps every weekend.",
    )
    assert first.findings.count() == second.findings.count() - 1


def test_two_people_saving_at_once_lose_nothing(client, lead_and_case):
    lead, case = lead_and_case
    manager = person("team_manager", team=case.team)
    draft = assessing.start(case, by=lead)
    url = reverse("casework:assessment", args=[case.reference])
    words = {
        "section": "words",
        "version": draft.version,
        "family_words": "Calmer nights.",
        "analysis": "",
        "level_of_need": "",
        "level_reason": "",
    }
    client.force_login(manager)
    assert client.post(url, words).status_code == 302
    client.force_login(lead)
    late = {**words, "analysis": "My analysis, typed at the same time."}
    response = client.post(url, late)
    assert response.status_code == 200
    assert b"Someone else saved this assessment" in response.content
    assert b"My analysis, typed at the same time." in response.content
    draft.refresh_from_db()
    assert draft.family_words == "Calmer nights." and not draft.analysis


def test_the_journey_through_the_page(client, lead_and_case):
    lead, case = lead_and_case
    client.force_login(lead)
    url = reverse("casework:assessment", args=[case.reference])
    assert client.post(url, {"section": "start"}).status_code == 302
    page = client.get(url).content.decode()
    assert "From: Family record" in page and "what worries the family" in page
    draft = Assessment.objects.get(case=case)
    child = draft.people.get(name="Alex Parent")
    response = client.post(
        url,
        {"section": "people", "version": draft.version, f"voice-{child.pk}": "I like bath time."},
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.voice == "I like bath time."
    draft.refresh_from_db()
    bad = client.post(
        url,
        {
            "section": "finding",
            "version": draft.version,
            "kind": "need",
            "domain": "family_environment",
            "text": "Rent arrears.",
        },
    )
    assert b"Choose the headline outcome this need belongs to" in bad.content
    assert b"Rent arrears." in bad.content
    good = client.post(
        url,
        {
            "section": "finding",
            "version": draft.version,
            "kind": "need",
            "domain": "family_environment",
            "outcome_area": "housing",
            "text": "Rent arrears.",
        },
    )
    assert good.status_code == 302
    assert draft.findings.filter(outcome_area="housing", source="Practitioner").exists()


def test_team_members_read_the_assessment_but_do_not_write_it(client, lead_and_case):
    from familyhub.casework import actions

    lead, case = lead_and_case
    assessing.start(case, by=lead)
    member = person("practitioner", team=casework_team("School"))
    actions.add_member(case.pk, by=lead, user=member)
    client.force_login(member)
    url = reverse("casework:assessment", args=[case.reference])
    assert client.get(url).status_code == 200
    assert client.post(url, {"section": "start"}).status_code == 403


def test_a_completed_assessment_is_shown_locked_with_where_its_words_came_from(
    client, lead_and_case
):
    lead, case = lead_and_case
    draft = _fill(assessing.start(case, by=lead), lead)
    assessing.complete(draft.pk, by=lead, expected_version=draft.version)
    client.force_login(lead)
    page = client.get(reverse("casework:assessment", args=[case.reference])).content.decode()
    assert "Version 1: Completed" in page and "locked" in page
    assert "Start a new version" in page and 'name="section" value="words"' not in page
    assert "Level 2: targeted early help" in page
    case_page = client.get(reverse("casework:case", args=[case.reference])).content.decode()
    assert "version 1, completed" in case_page

"""Early help casework, parenting programmes and peer support in the subject access pack, made
the real way (a case opened, assessed, planned, reviewed, met about and commented on; a place
in a group with attendance and scores; a peer supporter matched with contacts logged; a manager
breaking glass): every part is in the gathered data, the HTML pack and the JSON pack, nothing of
another family's is; and gathering a family with two cases takes a fixed number of queries."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from familyhub.casework import access, actions, family, planning, reviewing
from familyhub.casework.models import Case, CaseChange
from familyhub.programmes import places
from familyhub.referrals.actions import move_request
from familyhub.subject_access import gathering, packs
from familyhub.workforce import records
from tests.casework.helpers import open_case, triage_request
from tests.casework.test_reviews import active_case
from tests.personas import person
from tests.programmes.helpers import make_group, make_programme, programme_service
from tests.referrals.helpers import make_request

pytestmark = pytest.mark.django_db

PROGRESS = "Bedtimes calmer most nights; mornings still hard."
MEETING = "Health visitor to call weekly."
COMMENT = "We would like the review after half term."
CONTACT_NOTES = "Talked about bedtimes and the school run."
REASON = "Covering the lead's leave: the school phoned."
OTHER_WORDS = "The other family's goal: a quieter house."
OTHER_NOTES = "The other family's peer contact notes."


def _review(case, lead, goal):
    case = actions.move_case(case.pk, "start_review", by=lead)
    reviewing.record_review(
        case.pk, by=lead, expected_version=case.version, held_on=timezone.localdate(),
        scores={goal.pk: 6}, progress=PROGRESS, decision="continue", review_every_weeks=8,
    )  # fmt: skip
    return Case.objects.get(pk=case.pk)


def _place_and_peer(support_request_answers=None, *, notes):
    """A programme place (one session attended, scores before) and a peer match with a
    contact, for a request made with these answers (the default family's by default)."""
    service = programme_service()
    provider = person("provider", organisation=service.organisation)
    programme = make_programme(service)
    group = make_group(programme)
    support_request = make_request(service, **(support_request_answers or {}))
    for move in ("receive", "accept"):
        move_request(support_request.id, move, by=provider)
    place = places.place_request(group.pk, support_request.pk, by=provider)
    places.record_attendance(group.sessions.get(number=1), [place.pk], by=provider)
    places.record_scores(place.pk, before=18, before_on=timezone.localdate(), by=provider,
                         expected_version=place.version)  # fmt: skip
    supporter = records.recruit(organisation=service.organisation, name="Bernie Foster",
                                town="Chatham", recruited_on=timezone.localdate(),
                                phone="07700 900555")  # fmt: skip
    supporter = records.record_training(supporter, course=None, trained_on=timezone.localdate())
    peer_match = records.match(supporter, support_request, by=provider)
    records.log_contact(peer_match, on=timezone.localdate(), way="phone", notes=notes,
                        by=provider)  # fmt: skip
    return support_request, group


OTHER_FAMILY = {
    "postcode": "ME7 1XY",
    "consent": {"given_by_name": "Jo Other", "agreed": True},
    "parent": {"first_name": "Jo", "last_name": "Other", "relationship": "mother"},
    "children": [{"first_name": "Max", "last_name": "Other", "date_of_birth": "2019-01-01"}],
    "contact": {"contact_email": "jo.other@example.org", "preferred_contact": "email",
                "safe_to_email": True},
}  # fmt: skip


@pytest.fixture
def held(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    lead, case, goal = active_case()
    case = _review(case, lead, goal)
    reviewing.record_meeting(case.pk, by=lead, held_on=timezone.localdate(),
                             attendees="Sam Parent; health visitor", decisions=MEETING,
                             actions_agreed="Weekly calls")  # fmt: skip
    family.comment(case.pk, by=None, text=COMMENT)
    health_visitor = person("practitioner")
    health_visitor.first_name, health_visitor.last_name = "Hana", "Visitor"
    health_visitor.save()
    actions.add_member(case.pk, by=lead, user=health_visitor, agency="Medway health visiting",
                       role_in_team="Health visitor")  # fmt: skip
    actions.add_member(case.pk, by=lead, family_member=case.family.main_contact)
    manager = person("team_manager")
    manager.first_name, manager.last_name = "Morgan", "Manager"
    manager.save()
    access.open_break_glass(manager, case, REASON)
    support_request, group = _place_and_peer(notes=CONTACT_NOTES)
    assert support_request.family_id == case.family_id
    # Another family, with a case, a place and a peer match of its own.
    other_lead, other_case = lead, open_case(support_request=triage_request(**OTHER_FAMILY))
    assert other_case.family_id != case.family_id
    other_plan = planning.plan_for(other_case)
    assert other_lead and other_plan
    CaseChange.objects.filter(case=other_case).update(note=OTHER_WORDS)
    _place_and_peer(OTHER_FAMILY, notes=OTHER_NOTES)
    return Case.objects.get(pk=case.pk), group


def test_gather_holds_the_case_the_plan_the_review_the_place_and_the_peer_match(held):
    case, group = held
    data = gathering.gather(case.family)
    [found] = data["early_help"]
    assert found["reference"] == case.reference
    assert found["team"] == case.team.name and found["lead"]
    assert found["consents"][0]["given_by_name"] == "Sam Parent"
    assert "Health visiting" in found["consents"][0]["share_with"]
    assert [c["to_status"] for c in found["history"]][:1] == ["Opened"]
    [assessment] = found["assessments"]
    assert assessment["family_words"] == "Calmer evenings." and assessment["analysis"]
    assert assessment["level_of_need"] == "Level 2: targeted early help"
    assert assessment["level_reason"] == "One agency can lead."
    assert assessment["findings"][0]["outcome_area"] == "Improved family relationships"
    [goal] = found["plan"]["goals"]
    assert goal["words"] == "Calm bedtimes"
    assert [s["score"] for s in goal["scores"]] == [3, 6]
    assert goal["actions"][0]["what"] == "Routine chart"
    assert found["reviews"][0]["progress"] == PROGRESS
    assert found["reviews"][0]["decision"] == "Continue with the plan"
    assert found["meetings"][0]["decisions"] == MEETING
    assert found["family_comments"][0]["text"] == COMMENT
    team = found["team_around_the_family"]
    assert ("Hana Visitor", "Medway health visiting", "Health visitor", False) in [
        (m["name"], m["agency"], m["role"], m["family_member"]) for m in team
    ]
    assert any(m["family_member"] and m["name"] == "Sam Parent" for m in team)
    [place] = data["programmes"]
    assert place["group"] == group.name and place["before_score"] == 18
    assert place["sessions"][0]["attended"] is True and place["sessions"][1]["attended"] is None
    [peer] = data["peer_support"]
    assert peer["supporter"] == "Bernie"  # the first name the family knows them by
    assert peer["contacts"][0]["notes"] == CONTACT_NOTES
    glass = [row for row in data["audit"] if REASON in row["detail"]]
    assert glass and glass[0]["who"] == "Morgan Manager"
    assert any(row["record_reference"] == case.reference for row in glass)


def test_the_html_and_json_packs_hold_it_all_and_nothing_of_another_family(held):
    case, group = held
    data = gathering.gather(case.family)
    html = packs.as_html(data)
    document = packs.as_json(data)
    assert json.loads(document)["early_help"][0]["reference"] == case.reference
    assert set(json.loads(document)["sections"]) >= {"early_help", "programmes", "peer_support"}
    for text in (
        case.reference,
        "Calm bedtimes",
        "Routine chart",
        PROGRESS,
        MEETING,
        COMMENT,
        "Calmer evenings.",
        group.name,
        "Bernie",
        CONTACT_NOTES,
        "Morgan Manager",
    ):
        assert text in html, text
        assert json.dumps(text, ensure_ascii=False)[1:-1] in document, text
    for text in (OTHER_WORDS, OTHER_NOTES, "Foster", "07700 900555", "Jo Other"):
        assert text not in html, text
        assert text not in document, text


def test_a_family_with_two_cases_is_gathered_in_a_fixed_number_of_queries(
    held, django_assert_max_num_queries
):
    case, _group = held
    with CaptureQueriesContext(connection) as one_case:
        gathering.gather(case.family)
    # A second case for the same family, with its own assessment, plan, review and meeting.
    actions.move_case(case.pk, "close", by=case.lead, outcome="needs_met", exit_plan="Carry on.")
    lead, second, goal = active_case()
    assert second.family_id == case.family_id
    _review(second, lead, goal)
    reviewing.record_meeting(second.pk, by=lead, held_on=timezone.localdate(),
                             attendees="Sam", decisions="More", actions_agreed="")  # fmt: skip
    with CaptureQueriesContext(connection) as two_cases:
        data = gathering.gather(case.family)
    assert len(data["early_help"]) == 2
    # The same queries with one case or two: nothing is asked case by case.
    assert len(two_cases.captured_queries) == len(one_case.captured_queries)
    with django_assert_max_num_queries(len(one_case.captured_queries)):
        gathering.gather(case.family)


def test_a_case_with_no_plan_yet_is_gathered_with_none():
    case = open_case()
    data = gathering.gather(case.family)
    assert data["early_help"][0]["plan"] is None
    assert data["early_help"][0]["assessments"] == []
    assert data["programmes"] == [] and data["peer_support"] == []
    html = packs.as_html(data)
    assert case.reference in html


def test_a_handover_to_childrens_social_care_is_in_the_pack(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    lead, case, _goal = active_case()
    case = Case.objects.get(pk=case.pk)
    case.handover_concern, case.handover_answer = "Worry about a bruise.", "Not taken: early help"
    case.handover_sent_at = timezone.now() - timedelta(days=2)
    case.save()
    data = gathering.gather(case.family)
    assert data["early_help"][0]["handover"]["concern"] == "Worry about a bruise."
    assert "Not taken: early help" in packs.as_html(data)


def test_the_pack_in_polish_has_the_new_parts_and_the_choices_in_polish(held):
    case, _group = held
    with translation.override("pl"):
        data = gathering.gather(case.family)
        html = packs.as_html(data)
    assert data["early_help"][0]["assessments"][0]["level_of_need"] == (
        "Poziom 2: ukierunkowana wczesna pomoc"
    )
    for text in ("Wsparcie rówieśnicze", "Zespół wokół Twojej rodziny", "Lepsze relacje w rodzinie",
                 "Kontynuować plan", "Otwarto spoza zespołu prowadzącego sprawę"):  # fmt: skip
        assert text in html, text


def test_messages_about_a_case_are_in_the_pack(held, django_capture_on_commit_callbacks):
    case, _group = held
    with django_capture_on_commit_callbacks(execute=True):
        actions.move_case(case.pk, "close", by=case.lead, outcome="needs_met",
                          exit_plan="Carry on with the school nurse.")  # fmt: skip
    data = gathering.gather(case.family)
    about_case = [m for m in data["messages"] if m["about"] == case.reference]
    assert about_case and about_case[0]["to"] == "the family"
    assert case.reference in about_case[0]["what"]


def test_the_administrators_page_shows_it_and_says_who_corrects_a_case(held, client):
    case, group = held
    client.force_login(person("administrator"))
    page = client.get(reverse("subject_access:everything_held", args=[case.family_id]))
    text = page.content.decode()
    for found in (case.reference, PROGRESS, group.name, CONTACT_NOTES, REASON):
        assert escape(found) in text, found
    assert escape(f"Early help case {case.reference} ({case.team.name}): its lead") in text
    assert OTHER_NOTES not in text and OTHER_WORDS not in text

"""Demonstration early help casework on the demo requests' Medway families, at every stage,
made through the real actions (load_demo_requests first). Fictional people: example.org."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from familyhub.accounts.models import Profile, Role, Team
from familyhub.casework import actions, planning, reviewing, telling
from familyhub.casework import assessment as assessing
from familyhub.casework.framework import Domain, FindingKind, OutcomeArea
from familyhub.casework.models import Case, Plan
from familyhub.casework.states import OpenedFrom
from familyhub.directory.models import Organisation
from familyhub.families.models import FamilyMember
from familyhub.referrals.demo import DEMO_PASSWORD

PEOPLE = [
    ("manager@example.org", "Helen", "Carter", Role.TEAM_MANAGER),
    ("earlyhelp@example.org", "Ravi", "Patel", Role.PRACTITIONER),
]
ORGANISATION = "Medway Council Early Help Service"


def loaded() -> bool:
    return get_user_model().objects.filter(username="manager@example.org").exists()


def _family(first, last):
    member = FamilyMember.objects.filter(first_name=first, last_name=last).first()
    return member.family if member else None


def _assess(case, lead, *, complete=True, outcome=OutcomeArea.FAMILY_RELATIONSHIPS):
    draft = assessing.start(case, by=lead)
    for finding in draft.findings.all():
        draft.refresh_from_db()
        assessing.tag_finding(
            draft.pk,
            finding.pk,
            by=lead,
            expected_version=draft.version,
            domain=Domain.PARENTING_CAPACITY,
            outcome_area=outcome,
        )
    draft.refresh_from_db()
    if not draft.findings.filter(kind=FindingKind.STRENGTH).exists():
        assessing.add_finding(
            draft.pk,
            by=lead,
            expected_version=draft.version,
            kind=FindingKind.STRENGTH,
            domain=Domain.FAMILY_ENVIRONMENT,
            outcome_area="",
            text="Grandparents nearby help most weekends.",
        )
        draft.refresh_from_db()
    if not complete:
        return draft
    draft = assessing.save_words(
        draft.pk,
        by=lead,
        expected_version=draft.version,
        family_words=draft.family_words or "We want home to feel calmer.",
        analysis="A loving family under strain; routines and support for the parent first.",
        level_of_need="2",
        level_reason="Needs across more than one area; one lead can hold it.",
    )
    return assessing.complete(draft.pk, by=lead, expected_version=draft.version)


def _plan(case, lead, goal_words, start):
    plan = planning.plan_for(case)
    needs = planning.needs_to_plan_for(case)
    goal = planning.add_goal(
        plan.pk,
        by=lead,
        expected_version=plan.version,
        words=goal_words,
        needs=needs[:1],
        start_score=start,
    )
    plan.refresh_from_db()
    planning.add_action(
        plan.pk,
        goal.pk,
        by=lead,
        expected_version=plan.version,
        what="use the bedtime routine sheet every night",
        who="Parent",
        by_when=timezone.localdate() + timedelta(weeks=3),
    )
    plan.refresh_from_db()
    planning.add_action(
        plan.pk,
        goal.pk,
        by=lead,
        expected_version=plan.version,
        what="visit at home to go through the routine",
        who=lead.get_full_name(),
        by_when=timezone.localdate() + timedelta(weeks=1),
    )
    plan = Plan.objects.get(pk=plan.pk)
    planning.agree(plan.pk, by=lead, expected_version=plan.version)
    return goal


def _review(case, lead, goal, score, decision="continue"):
    case = actions.move_case(case.pk, "start_review", by=lead)
    reviewing.record_review(
        case.pk,
        by=lead,
        expected_version=case.version,
        held_on=timezone.localdate(),
        scores={goal.pk: score},
        progress="Bedtimes calmer on most nights.",
        decision=decision,
        review_every_weeks=8,
    )
    return Case.objects.get(pk=case.pk)


def _open(family, *, by, team, lead=None, source=None, opened_from=OpenedFrom.TRIAGE):
    main = family.main_contact
    return actions.open_case(
        family=family,
        by=by,
        opened_from=opened_from,
        team=team,
        lead=lead,
        given_by_name=main.full_name if main else "Parent",
        share_with="Health visiting; the child's school; Early Help",
        source_request=source or family.requests.first(),
    )


@transaction.atomic
def load_demo_casework() -> int:
    organisation = Organisation.objects.get(name=ORGANISATION)
    team = Team.objects.create(
        name="Early help team (Chatham)",
        organisation=organisation,
        email="earlyhelp.chatham@example.org",
    )
    users = {}
    for username, first, last, role in PEOPLE:
        user = get_user_model().objects.create_user(
            username=username,
            email=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
        )
        Profile.objects.create(user=user, role=role, organisation=organisation, team=team)
        users[role] = user
    manager, lead = users[Role.TEAM_MANAGER], users[Role.PRACTITIONER]
    triage = get_user_model().objects.get(username="triage@example.org")
    school = get_user_model().objects.get(username="practitioner@example.org")
    made = 0

    # Chris Hall: from the triage queue, waiting in the allocation queue.
    if family := _family("Chris", "Hall"):
        _open(family, by=triage, team=team)
        made += 1
    # Kemi Adeyemi: allocated, assessment being written.
    if family := _family("Kemi", "Adeyemi"):
        case = _open(family, by=triage, team=team)
        actions.allocate(case.pk, lead, by=manager)
        _assess(case, lead, complete=False)
        made += 1
    # Jade Okafor (parent@example.org): plan agreed, one review (scores moved), a team meeting,
    # the school's practitioner in the team. She sees it at /my-family-plan/.
    if family := _family("Jade", "Okafor"):
        case = _open(family, by=triage, team=team, lead=lead)
        actions.add_member(
            case.pk,
            by=lead,
            user=school,
            agency="Balmoral Road Primary School",
            role_in_team="Pastoral lead",
        )
        _assess(case, lead)
        goal = _plan(case, lead, "Leo goes to bed without a fight", 2)
        reviewing.record_meeting(
            case.pk,
            by=lead,
            held_on=timezone.localdate(),
            attendees="Jade Okafor, Ravi Patel, Tom Baker (school)",
            decisions="Keep the routine; school to share what works at nap time.",
            actions_agreed="Tom to send the nursery's routine by Friday.",
        )
        _review(case, lead, goal, 6)
        made += 1
    # Marta Nowak: plan in place, review overdue.
    if family := _family("Marta", "Nowak"):
        case = _open(family, by=triage, team=team, lead=lead)
        _assess(case, lead, outcome=OutcomeArea.EDUCATION)
        _plan(case, lead, "Zofia gets to school happy four days out of five", 3)
        Case.objects.filter(pk=case.pk).update(
            next_review_due=timezone.localdate() - timedelta(days=5)
        )
        made += 1
    # Lee Grant: stepped down to universal services named from the directory.
    if family := _family("Lee", "Grant"):
        case = _open(family, by=triage, team=team, lead=lead)
        _assess(case, lead, outcome=OutcomeArea.FINANCIAL_STABILITY)
        goal = _plan(case, lead, "We can pay the energy bill without going without food", 3)
        case = _review(case, lead, goal, 8, decision="step_down")
        actions.move_case(
            case.pk,
            "step_down",
            by=lead,
            services=telling.universal_services_near(family)[:2],
            exit_plan="The family hub's drop-in and the food club; ring us if "
            "things get hard again.",
        )
        made += 1
    # Dani Price: stepped up to children's social care, waiting for its answer.
    if family := _family("Dani", "Price"):
        case = _open(family, by=triage, team=team, lead=lead)
        _assess(case, lead, complete=False)
        actions.move_case(
            case.pk,
            "step_up",
            by=lead,
            concern="Threats to take Alfie; the father keeps coming to the house.",
            known="Single parent, one child aged 5, known to the health visitor.",
            consent_to_step_up=True,
        )
        made += 1
    return made

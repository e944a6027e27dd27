"""Reads of early help casework that other apps share.

For a subject access request (familyhub/subject_access): `for_subject_access(family_ids)` gives
everything held about the families' cases, as plain values (text, numbers, yes/no, dates) in
the active language, and `break_glass_for_subject_access(family_ids)` who looked at a case from
outside its team, when and why (access records: the pack's audit part). A fixed number of
queries, however many cases, assessments, goals or reviews there are.
"""

from django.db.models import Prefetch

from familyhub.casework.models import (
    AssessedPerson,
    Assessment,
    BreakGlass,
    Case,
    CaseChange,
    CaseConsent,
    CaseMember,
    FamilyComment,
    Finding,
    Goal,
    Meeting,
    PlanAction,
    Review,
)
from familyhub.casework.states import MOVES, Status


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _status(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def _move(value: str) -> str:
    move = MOVES.get(value)
    return str(move.label) if move else value


def _consent(consent) -> dict:
    return {
        "given_by_name": consent.given_by_name,
        "given_at": consent.given_at,
        "recorded_by": _name(consent.recorded_by),
        "wording_version": consent.wording_version,
        "share_with": consent.share_with,
        "withdrawn_at": consent.withdrawn_at,
    }


def _member(member) -> dict:
    return {
        "name": member.name,
        "family_member": bool(member.family_member_id),
        "agency": member.agency,
        "role": member.role_in_team,
        "added_at": member.added_at,
        "removed_at": member.removed_at,
    }


def _assessment(assessment) -> dict:
    return {
        "number": assessment.number,
        "stage": str(assessment.get_stage_display()),
        "started_at": assessment.started_at,
        "completed_at": assessment.completed_at,
        "completed_by": _name(assessment.completed_by),
        "people": [
            {
                "name": person.name,
                "relationship": str(person.get_relationship_display()),
                "date_of_birth": person.date_of_birth,
                "due_date": person.due_date,
                "notes": person.notes or "",
                "voice": person.voice or "",
            }
            for person in assessment.people.all()
        ],
        "findings": [
            {
                "kind": str(finding.get_kind_display()),
                "about": finding.person.name if finding.person_id else "",
                "domain": str(finding.get_domain_display()) if finding.domain else "",
                "outcome_area": str(finding.get_outcome_area_display())
                if finding.outcome_area
                else "",
                "text": finding.text,
            }
            for finding in assessment.findings.all()
        ],
        "family_words": assessment.family_words or "",
        "analysis": assessment.analysis or "",
        "level_of_need": str(assessment.get_level_of_need_display())
        if assessment.level_of_need
        else "",
        "level_reason": assessment.level_reason or "",
    }


def _plan(case) -> dict | None:
    plan = getattr(case, "plan", None)
    if plan is None:
        return None
    return {
        "agreed_at": plan.agreed_at,
        "updated_at": plan.updated_at,
        "goals": [
            {
                "words": goal.words,
                "added_at": goal.added_at,
                "scores": [{"at": score.at, "score": score.score} for score in goal.scores.all()],
                "actions": [
                    {
                        "what": action.what,
                        "who": action.who,
                        "by_when": action.by_when,
                        "status": str(action.get_status_display()),
                    }
                    for action in goal.actions.all()
                ],
            }
            for goal in plan.goals.all()
        ],
    }


def _handover(case) -> dict | None:
    if not case.handover_sent_at and not case.handover_concern:
        return None
    return {
        "concern": case.handover_concern or "",
        "known": case.handover_known or "",
        "consent": case.handover_consent,
        "no_consent_reason": case.handover_no_consent_reason or "",
        "sent_at": case.handover_sent_at,
        "answer": case.handover_answer or "",
        "answered_at": case.handover_answered_at,
    }


def case_for_subject_access(case) -> dict:
    """One case (from `cases_for_subject_access`) as the pack's plain values."""
    return {
        "reference": case.reference,
        "status": _status(case.status),
        "opened_at": case.opened_at,
        "opened_from": str(case.get_opened_from_display()),
        "team": case.team.name,
        "lead": _name(case.lead),
        "closed_at": case.closed_at,
        "outcome": str(case.get_outcome_display()) if case.outcome else "",
        "exit_plan": case.exit_plan or "",
        "step_down_services": [service.name for service in case.step_down_services.all()],
        "sustained_check_done_at": case.sustained_check_done_at,
        "sustained": case.sustained,
        "history_from_social_care": case.history_from_social_care or "",
        "handover": _handover(case),
        "consents": [_consent(consent) for consent in case.consents.all()],
        "history": [
            {
                "at": change.at,
                "by": _name(change.by),
                "move": _move(change.move),
                "from_status": _status(change.from_status) if change.from_status else "",
                "to_status": _status(change.to_status),
                "note": change.note or "",
            }
            for change in case.history.all()
        ],
        "team_around_the_family": [_member(member) for member in case.members.all()],
        "assessments": [_assessment(assessment) for assessment in case.assessments.all()],
        "plan": _plan(case),
        "reviews": [
            {
                "held_on": review.held_on,
                "progress": review.progress or "",
                "decision": str(review.get_decision_display()),
                "recorded_by": _name(review.recorded_by),
            }
            for review in case.reviews.all()
        ],
        "meetings": [
            {
                "held_on": meeting.held_on,
                "attendees": meeting.attendees,
                "decisions": meeting.decisions,
                "actions": meeting.actions or "",
            }
            for meeting in case.meetings.all()
        ],
        "family_comments": [
            {
                "at": comment.at,
                "kind": str(comment.get_kind_display()),
                "by": _name(comment.by),
                "text": comment.text or "",
            }
            for comment in case.family_comments.all()
        ],
    }


def cases_for_subject_access(family_ids):
    """The families' cases, oldest first, with everything the pack shows fetched in a fixed
    number of queries."""
    people = AssessedPerson.objects.order_by("id")
    return (
        Case.objects.filter(family_id__in=family_ids)
        .select_related("team", "lead", "plan")
        .prefetch_related(
            "step_down_services",
            Prefetch("consents", CaseConsent.objects.select_related("recorded_by")),
            Prefetch("history", CaseChange.objects.select_related("by")),
            Prefetch("members", CaseMember.objects.select_related("user", "family_member")),
            Prefetch(
                "assessments",
                Assessment.objects.select_related("completed_by")
                .order_by("number")
                .prefetch_related(
                    Prefetch("people", people),
                    Prefetch("findings", Finding.objects.select_related("person")),
                ),
            ),
            Prefetch(
                "plan__goals",
                Goal.objects.prefetch_related(
                    "scores", Prefetch("actions", PlanAction.objects.order_by("by_when", "id"))
                ),
            ),
            Prefetch("reviews", Review.objects.select_related("recorded_by").order_by("held_on")),
            Prefetch("meetings", Meeting.objects.order_by("held_on", "id")),
            Prefetch("family_comments", FamilyComment.objects.select_related("by").order_by("at")),
        )
        .order_by("opened_at", "id")
    )


def for_subject_access(family_ids) -> list[dict]:
    """Everything held about the families' early help cases (plain values: the pack's)."""
    return [case_for_subject_access(case) for case in cases_for_subject_access(family_ids)]


def break_glass_for_subject_access(family_ids) -> list[dict]:
    """Each time a manager outside a case's team opened it: who, when, until when and why."""
    rows = BreakGlass.objects.filter(case__family_id__in=family_ids).select_related(
        "case", "user__profile"
    )
    return [
        {
            "at": row.at,
            "who": _name(row.user),
            "role": str(row.user.profile.get_role_display())
            if hasattr(row.user, "profile")
            else "",
            "case": row.case.reference,
            "until": row.until,
            "reason": row.reason,
        }
        for row in rows.order_by("at", "id")
    ]

"""Every change to an early help case: check, write, record history and audit — in one
transaction, the case's row locked and its version checked. Views call these; nothing else
writes a case."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from familyhub.audit import services as audit
from familyhub.casework.locking import lock_case
from familyhub.casework.models import Case, CaseChange, CaseConsent, CaseMember
from familyhub.casework.states import (
    CHOSEN_OUTCOMES,
    ENDED,
    ClosureOutcome,
    MoveRefused,
    OpenedFrom,
    Status,
    check_move,
)
from familyhub.notifications.models import Message
from familyhub.notifications.services import queue_message

SUSTAINED_CHECK_AFTER = relativedelta(months=6)


def _by_id(user):
    return user if user is not None and user.is_authenticated else None


def _bump(case, now, fields=()):
    case.version += 1
    case.save(update_fields=["version", *fields])


def open_case(
    *,
    family,
    by,
    opened_from: str,
    team,
    given_by_name: str,
    share_with: str,
    given_at=None,
    lead=None,
    source_request=None,
    history_from_social_care="",
) -> Case:
    """Open early help for a family, with their explicit consent to an assessment and to sharing
    with the agencies named. Raises MoveRefused (a message to show) when something is missing."""
    if opened_from not in OpenedFrom.values:
        raise MoveRefused("Say where this case comes from.")
    if not (given_by_name or "").strip():
        raise MoveRefused("Enter the name of the person in the family who gave consent.")
    if not (share_with or "").strip():
        raise MoveRefused("Name the agencies the family agreed their information is shared with.")
    if opened_from == OpenedFrom.SOCIAL_CARE and not (history_from_social_care or "").strip():
        raise MoveRefused("Enter what children's social care handed over with the case.")
    now = timezone.now()
    with transaction.atomic():
        case = Case.objects.create(
            family=family,
            opened_at=now,
            opened_by=_by_id(by),
            opened_from=opened_from,
            source_request=source_request,
            history_from_social_care=history_from_social_care,
            status_changed_at=now,
            team=team,
            lead=lead,
            lead_since=now if lead else None,
            review_every_weeks=settings.CASE_REVIEW_EVERY_WEEKS,
        )
        CaseConsent.objects.create(
            case=case,
            given_by_name=given_by_name.strip(),
            recorded_by=_by_id(by),
            given_at=given_at or now,
            wording_version=settings.CASE_CONSENT_WORDING_VERSION,
            share_with=share_with.strip(),
        )
        note = f"Opened from request {source_request.reference}" if source_request else ""
        CaseChange.objects.create(
            case=case, at=now, by=_by_id(by), move="open", to_status=Status.OPEN, note=note
        )
        audit.record(by, "create", case, detail=f"early help opened ({opened_from})")
        if source_request is not None:
            audit.record(by, "change", source_request, detail=f"early help opened: {case}")
    return case


def _check_details(move, details: dict) -> None:
    for name in move.needs:
        value = details.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise MoveRefused(_MISSING.get(name, f"Enter the {name.replace('_', ' ')}."))
    if "outcome" in move.needs:
        chosen = {code for code, _label in CHOSEN_OUTCOMES}
        if details["outcome"] not in chosen:
            raise MoveRefused("Choose the outcome the case closes with.")
    no_reason = not (details.get("no_consent_reason") or "").strip()
    if move.opens_handover and not details.get("consent_to_step_up") and no_reason:
        raise MoveRefused(
            "Without the family's consent, say why it is not needed (for example, a child "
            "is at risk of significant harm)."
        )


_MISSING = {
    "outcome": "Choose the outcome the case closes with.",
    "exit_plan": "Write the exit plan: what happens next, and who the family can go to.",
    "concern": "Describe the concern for children's social care.",
    "known": "Say what is known about the family, for the handover.",
    "consent_to_step_up": "Say whether the family consented to the step up.",
    "answer": "Enter children's social care's answer.",
    "services": "Name at least one universal service from the directory for the family.",
}


def move_case(
    case_id, move_name: str, *, by=None, expected_version: int | None = None, **details
) -> Case:
    """Make one move in the case's loop. Two people acting at once: exactly one wins, the other
    is told the case changed under them. Raises MoveRefused with a message to show."""
    with transaction.atomic():
        case = lock_case(case_id, expected_version)
        move = check_move(case.status, move_name)
        _check_details(move, details)
        now = timezone.now()
        today = timezone.localdate(now)
        from_status = case.status
        case.status = move.to
        case.status_changed_at = now
        fields = ["status", "status_changed_at"]
        if move.to == Status.ACTIVE:
            case.next_review_due = today + timedelta(weeks=case.review_every_weeks)
            fields.append("next_review_due")
        if move.opens_handover:
            case.handover_concern = details["concern"]
            case.handover_known = details["known"]
            case.handover_consent = bool(details["consent_to_step_up"])
            case.handover_no_consent_reason = details.get("no_consent_reason", "")
            case.handover_sent_at = now
            case.handover_answer, case.handover_answered_at = "", None
            fields += [
                "handover_concern",
                "handover_known",
                "handover_consent",
                "handover_no_consent_reason",
                "handover_sent_at",
                "handover_answer",
                "handover_answered_at",
            ]
        if move.answers_handover:
            case.handover_answer = details["answer"]
            case.handover_answered_at = now
            fields += ["handover_answer", "handover_answered_at"]
        if move.ends:
            case.closed_at = now
            case.outcome = move.outcome or details["outcome"]
            case.exit_plan = details.get("exit_plan", "")
            case.next_review_due = None
            case.sustained_check_due = today + SUSTAINED_CHECK_AFTER
            fields += [
                "closed_at",
                "outcome",
                "exit_plan",
                "next_review_due",
                "sustained_check_due",
            ]
        if "services" in move.asks:
            case.step_down_services.set(details["services"])
        if move.tells_family:
            from familyhub.casework.telling import tell_family

            case.family_told_at = now if tell_family(case, "early_help_ended") else None
            fields.append("family_told_at")
        if move.outcome == ClosureOutcome.CONSENT_WITHDRAWN:
            case.consents.filter(withdrawn_at__isnull=True).update(
                withdrawn_at=now, withdrawn_recorded_by=_by_id(by)
            )
        _bump(case, now, fields)
        CaseChange.objects.create(
            case=case,
            at=now,
            by=_by_id(by),
            move=move.name,
            from_status=from_status,
            to_status=move.to,
            note=details.get("note", ""),
        )
        audit.record(by, "change", case, detail=f"{move.name}: {from_status} → {move.to}")
    return case


def record_concern(case_id, *, note: str, kind: str = "") -> Case:
    """Danger recognised in something the family wrote outside the case (their feedback, say):
    a row in the case's history with their words, for the lead practitioner, who is emailed
    (`kind`, a message kind) if they have an address."""
    with transaction.atomic():
        case = lock_case(case_id, None)
        now = timezone.now()
        _bump(case, now)
        CaseChange.objects.create(
            case=case,
            at=now,
            move="safety_flagged",
            from_status=case.status,
            to_status=case.status,
            note=note,
        )
        audit.record(None, "change", case, detail="safeguarding concern flagged")
        if kind and case.lead_id and case.lead.email:
            link = settings.SITE_URL + reverse("casework:case", args=[case.reference])
            queue_message(channel="email", to=case.lead.email, kind=kind,
                          reference=case.reference, link=link)  # fmt: skip
    return case


def allocate(case_id, lead, *, by, expected_version: int | None = None) -> Case:
    """A team manager gives the case a lead practitioner (or a new one)."""
    with transaction.atomic():
        case = lock_case(case_id, expected_version)
        if case.status in ENDED:
            raise MoveRefused("This case has ended: it cannot be allocated now.")
        if case.lead_id == lead.pk:
            raise MoveRefused("That person is already the lead practitioner.")
        now = timezone.now()
        before = case.lead
        case.lead, case.lead_since = lead, now
        _bump(case, now, ["lead", "lead_since"])
        note = f"Lead practitioner: {_name(lead)}" + (f" (was {_name(before)})" if before else "")
        CaseChange.objects.create(
            case=case,
            at=now,
            by=_by_id(by),
            move="allocate",
            from_status=case.status,
            to_status=case.status,
            note=note,
        )
        audit.record(by, "change", case, detail=f"allocated to user {lead.pk}")
    return case


def _name(user) -> str:
    return user.get_full_name() or user.email


def add_member(
    case_id,
    *,
    by,
    user=None,
    family_member=None,
    agency="",
    role_in_team="",
    expected_version: int | None = None,
) -> CaseMember:
    """Add someone to the team around the family: a practitioner with an account (who then sees
    the case), or one of the family."""
    if (user is None) == (family_member is None):
        raise MoveRefused("Choose a practitioner or a member of the family.")
    with transaction.atomic():
        case = lock_case(case_id, expected_version)
        if case.status in ENDED:
            raise MoveRefused("This case has ended: nobody can join its team now.")
        if family_member is not None and family_member.family_id != case.family_id:
            raise MoveRefused("That person is not in this family.")
        current = case.members.filter(removed_at__isnull=True)
        if (user and current.filter(user=user).exists()) or (
            family_member and current.filter(family_member=family_member).exists()
        ):
            raise MoveRefused("That person is already in the team around the family.")
        now = timezone.now()
        member = CaseMember.objects.create(
            case=case,
            user=user,
            family_member=family_member,
            agency=agency.strip(),
            role_in_team=role_in_team.strip(),
            added_at=now,
            added_by=_by_id(by),
        )
        _bump(case, now)
        audit.record(by, "change", case, detail=f"team member added ({member.pk})")
    return member


def remove_member(case_id, member_id, *, by, expected_version: int | None = None) -> None:
    with transaction.atomic():
        case = lock_case(case_id, expected_version)
        now = timezone.now()
        removed = case.members.filter(pk=member_id, removed_at__isnull=True).update(removed_at=now)
        if not removed:
            raise MoveRefused("That person is not in the team around the family.")
        _bump(case, now)
        audit.record(by, "change", case, detail=f"team member removed ({member_id})")


def record_sustained_check(
    case_id, *, by, sustained: bool, note: str = "", expected_version: int | None = None
) -> Case:
    """Six months after a case ended: whether the family's outcomes have lasted."""
    with transaction.atomic():
        case = lock_case(case_id, expected_version)
        if case.sustained_check_due is None or case.status not in ENDED:
            raise MoveRefused("This case has no sustained-outcome check.")
        if case.sustained_check_done_at is not None:
            raise MoveRefused("The sustained-outcome check has been recorded already.")
        if case.sustained_check_due > timezone.localdate():
            raise MoveRefused("The sustained-outcome check is not due yet.")
        now = timezone.now()
        case.sustained, case.sustained_check_done_at = bool(sustained), now
        _bump(case, now, ["sustained", "sustained_check_done_at"])
        CaseChange.objects.create(
            case=case,
            at=now,
            by=_by_id(by),
            move="sustained_check",
            from_status=case.status,
            to_status=case.status,
            note=("Outcomes sustained" if sustained else "Outcomes not sustained")
            + (f": {note}" if note else ""),
        )
        audit.record(by, "change", case, detail=f"sustained-outcome check: {bool(sustained)}")
    return case


def due_sustained_checks(today: date | None = None):
    """Ended cases whose six-month sustained-outcome check is due (the job queue calls this)."""
    today = today or timezone.localdate()
    return Case.objects.filter(
        sustained_check_due__lte=today, sustained_check_done_at__isnull=True
    ).exclude(outcome__in=[ClosureOutcome.STEPPED_UP, ClosureOutcome.CONSENT_WITHDRAWN])


def remind_sustained_checks(today: date | None = None) -> dict:
    """Ask each due case's lead practitioner, once, to record whether the outcome lasted six
    months on (the scheduled job; the caseload flags it either way)."""
    counts = {"reminded": 0, "already_reminded": 0, "no_lead_email": 0}
    for case in due_sustained_checks(today).select_related("lead"):
        if Message.objects.filter(kind="sustained_check_due", reference=case.reference).exists():
            counts["already_reminded"] += 1
            continue
        if case.lead is None or not case.lead.email:
            counts["no_lead_email"] += 1
            continue
        link = settings.SITE_URL + reverse("casework:sustained_check", args=[case.reference])
        queue_message(channel="email", to=case.lead.email, kind="sustained_check_due",
                      reference=case.reference, link=link)  # fmt: skip
        counts["reminded"] += 1
    return counts

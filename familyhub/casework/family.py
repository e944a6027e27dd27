"""The family's own view of its early help: which cases a signed-in parent sees (those of the
family records they hold), the plan in plain words, and what they may do (comment, ask for a
review). Every view is audited; every comment is recorded on the case for the lead to see.

A comment may disclose harm: it is read by the one safety layer as it is saved. One that
describes danger is marked in the case's history and the lead practitioner (or, with none, the
team's managers) is emailed to read it today; the family is shown what to do now."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Role
from familyhub.accounts.roles import is_parent
from familyhub.audit import services as audit
from familyhub.casework.locking import lock_case
from familyhub.casework.models import Case, CaseChange, FamilyComment
from familyhub.casework.states import ENDED, MoveRefused, Status
from familyhub.notifications.services import queue_message
from familyhub.safety.recognise import Disclosure, recognise

# The history row of a comment that describes danger (CaseChange.move).
SAFETY_CONCERN = "family_safety_concern"

# What each status means, in the family's words.
IN_PLAIN_WORDS = {
    Status.OPEN: _("We are finding someone to work with your family."),
    Status.ASSESSING: _("We are getting to know your family: what is going well and what is hard."),
    Status.PLANNING: _("We are writing your family plan with you."),
    Status.ACTIVE: _("Your family plan is under way."),
    Status.REVIEWING: _("We are looking at how your plan is going, with you."),
    Status.STEPPED_UP: _("Your lead practitioner has asked children's social care to help."),
    Status.STEPPED_DOWN: _("Your family plan has ended. The services below are there for you."),
    Status.CLOSED: _("Your family plan has ended."),
    Status.CONSENT_WITHDRAWN: _("You asked us to stop. Your family plan has ended."),
}
MOST_COMMENT = 2000


def cases_for_family(user):
    """The cases of the family records this parent holds (none for anyone else)."""
    if not is_parent(user):
        return Case.objects.none()
    return (
        Case.objects.filter(family__account_holders=user)
        .select_related("lead", "lead__profile__organisation")
        .order_by("-opened_at")
    )


def seen_by_family(user, cases) -> None:
    for case in cases:
        audit.record(user, "view", case, actor="family (account)")


def comment(case_id, *, by, text: str, kind: str = FamilyComment.Kind.COMMENT) -> FamilyComment:
    text = (text or "").strip()
    if kind == FamilyComment.Kind.COMMENT and not text:
        raise MoveRefused(_("Write your comment"))
    if len(text) > MOST_COMMENT:
        raise MoveRefused(_("Your comment must be 2,000 characters or fewer"))
    with transaction.atomic():
        case = lock_case(case_id)
        if case.status in ENDED:
            raise MoveRefused(_("Your family plan has ended."))
        if (
            kind == FamilyComment.Kind.REVIEW_ASKED
            and case.family_comments.filter(kind=kind, at__gte=case.status_changed_at).exists()
        ):
            raise MoveRefused(
                _("You have already asked for a review. Your lead practitioner will be in touch.")
            )
        made = FamilyComment.objects.create(
            case=case, by=by, kind=kind, text=text, at=timezone.now()
        )
        audit.record(by, "change", case, detail=f"family: {kind}", actor="family (account)")
        disclosure = recognise(text)
        if disclosure:
            _raise_concern(case, disclosure, at=made.at)
        made.disclosure = disclosure
        return made


def _raise_concern(case, disclosure: Disclosure, *, at) -> None:
    """Inside the comment's transaction: the case's history says so, and the lead practitioner
    (or the team's managers when there is no lead) is emailed to read it today."""
    names = "; ".join(kind.name for kind in disclosure.kinds)
    CaseChange.objects.create(
        case=case,
        at=at,
        by=None,
        move=SAFETY_CONCERN,
        from_status=case.status,
        to_status=case.status,
        note=f"The family's comment may describe harm ({names}). Read it today and speak to "
        "your designated safeguarding lead.",
    )
    audit.record(None, "change", case, detail="family comment: safety concern flagged")
    link = settings.SITE_URL + reverse("casework:case", args=[case.reference])
    for email in _who_to_tell(case):
        queue_message(channel="email", to=email, kind="case_safety_concern",
                      reference=case.reference, link=link)  # fmt: skip


def _who_to_tell(case) -> list[str]:
    if case.lead_id and case.lead.email:
        return [case.lead.email]
    managers = get_user_model().objects.filter(
        profile__role=Role.TEAM_MANAGER, profile__team_id=case.team_id, is_active=True
    )
    return sorted({m.email for m in managers if m.email})

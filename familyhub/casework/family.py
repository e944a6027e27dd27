"""The family's own view of its early help: which cases a signed-in parent sees (those of the
family records they hold), the plan in plain words, and what they may do (comment, ask for a
review). Every view is audited; every comment is recorded on the case for the lead to see."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.roles import is_parent
from familyhub.audit import services as audit
from familyhub.casework.locking import lock_case
from familyhub.casework.models import Case, FamilyComment
from familyhub.casework.states import ENDED, MoveRefused, Status

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
        return made

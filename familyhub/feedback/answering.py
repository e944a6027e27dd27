"""A family's answers: the link is checked, the answers saved once per person (a parent or
carer, and a child or young person), and the comment read by the one safety layer. Danger
recognised in it is answered at once on the page (views), and, the comment still saved, the
request's service or the case's lead practitioner is told, with the family's words, in the
record they already work from (referrals.actions / casework.actions)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from familyhub.audit import services as audit
from familyhub.casework import actions as casework
from familyhub.feedback.links import token_hash
from familyhub.feedback.models import FeedbackAnswer, FeedbackInvitation, Respondent
from familyhub.referrals import actions as referrals
from familyhub.referrals import safeguarding
from familyhub.safety.recognise import Disclosure, recognise

TOKEN_LENGTH = 40
FAMILY_FEEDBACK = "the family's feedback comment"


class LinkNotWorking(Exception):
    """An unknown, expired or fully used link: one answer for all three (nothing leaks)."""


class AlreadyAnswered(Exception):
    """This person (parent or child) has answered already."""


def open_invitation(token: str, *, now=None) -> FeedbackInvitation:
    """The invitation a link opens, if it still works (LinkNotWorking otherwise)."""
    now = now or timezone.now()
    if not isinstance(token, str) or len(token) != TOKEN_LENGTH:
        raise LinkNotWorking
    invitation = (
        FeedbackInvitation.objects.filter(token_hash=token_hash(token))
        .select_related("request", "case", "service")
        .first()
    )
    if invitation is None or invitation.expires_at <= now:
        raise LinkNotWorking
    return invitation


def answered_by(invitation) -> set[str]:
    return set(invitation.answers.values_list("respondent", flat=True))


def still_to_answer(invitation) -> list[str]:
    """Who may still answer, parent or carer first."""
    done = answered_by(invitation)
    return [who for who in (Respondent.PARENT, Respondent.CHILD) if who not in done]


@dataclass
class Saved:
    answer: FeedbackAnswer
    disclosure: Disclosure


def save_answers(invitation, *, respondent: str, answers: dict, language: str, now=None) -> Saved:
    """Save one person's answers; AlreadyAnswered if they had, LinkNotWorking if it expired."""
    if respondent not in Respondent.values:
        raise ValueError(f"Unknown respondent {respondent!r}")
    now = now or timezone.now()
    disclosure = recognise(answers.get("comment") or "")
    try:
        with transaction.atomic():
            locked = FeedbackInvitation.objects.select_for_update().get(pk=invitation.pk)
            if locked.expires_at <= now:
                raise LinkNotWorking
            answer = FeedbackAnswer.objects.create(
                invitation=locked,
                respondent=respondent,
                language=language[:10],
                answered_at=now,
                comment_concerns=disclosure.keys,
                **answers,
            )
            if locked.answered_at is None:
                locked.answered_at = now
                locked.save(update_fields=["answered_at"])
            audit.record(None, "create", locked, detail=f"feedback answered by a {respondent}",
                         actor="family")  # fmt: skip
    except IntegrityError:
        raise AlreadyAnswered from None
    if disclosure:
        tell_staff(answer, disclosure)
    return Saved(answer=answer, disclosure=disclosure)


def tell_staff(answer, disclosure) -> None:
    """The family's words, flagged where the service or lead practitioner works."""
    with translation.override("en-gb"):  # staff read English, whatever the family's language
        _tell_staff(answer, disclosure)


def _tell_staff(answer, disclosure) -> None:
    invitation = answer.invitation
    words = f"“{answer.comment}”"
    if invitation.request_id:
        referrals.flag_later_concern(
            invitation.request_id, disclosure, words=words, by_label=FAMILY_FEEDBACK
        )
    elif invitation.case_id:
        note = (
            f"Possible safeguarding concern in {FAMILY_FEEDBACK}: "
            f"{'; '.join(safeguarding.staff_names(disclosure.keys))}. Their words: {words} "
            f"Required step: {safeguarding.required_step()}"
        )
        casework.record_concern(invitation.case_id, note=note, kind="feedback_concern")
    # A programme's answers with concerns are listed by queries.concerns_for_programme.

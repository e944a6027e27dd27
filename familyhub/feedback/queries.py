"""Reading feedback, for the outcomes dashboard, equality reports and the response-rate page.

Every function takes a period [start, end) of datetimes (aware) and returns querysets or plain
figures; none of them returns who a family is. An invitation counts in the period it was made;
an answer counts in the period it was given.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery

from familyhub.feedback.models import (
    QUESTIONS,
    About,
    ConfidenceAtStart,
    FeedbackAnswer,
    FeedbackInvitation,
    Respondent,
    Scale,
)

# A score counts these answers: "prefer not to say" and not answered are left out.
SCORED = (Scale.YES, Scale.PARTLY, Scale.NO)


def invitations(start, end, about: str | None = None) -> QuerySet:
    """Invitations made in the period (optionally about one kind: About.REQUEST, ...)."""
    rows = FeedbackInvitation.objects.filter(created_at__gte=start, created_at__lt=end)
    return rows.filter(about=about) if about else rows


def answers(start, end, about: str | None = None, respondent: str | None = None) -> QuerySet:
    """Answers given in the period, each with its invitation, request and case to hand
    (`answer.invitation.request`, `.case`, `.family`, `.service`)."""
    rows = FeedbackAnswer.objects.filter(answered_at__gte=start, answered_at__lt=end)
    if about:
        rows = rows.filter(invitation__about=about)
    if respondent:
        rows = rows.filter(respondent=respondent)
    return rows.select_related(
        "invitation", "invitation__request", "invitation__case", "invitation__family"
    )


@dataclass(frozen=True)
class ResponseRate:
    invited: int
    answered: int

    @property
    def rate(self) -> float | None:
        """Answered ÷ invited (None when no one was asked)."""
        return self.answered / self.invited if self.invited else None


def response_rate(start, end, about: str | None = None) -> ResponseRate:
    """Of the invitations made in the period, how many were answered (by anyone, ever)."""
    rows = invitations(start, end, about)
    return ResponseRate(
        invited=rows.count(), answered=rows.filter(answered_at__isnull=False).count()
    )


@dataclass(frozen=True)
class Score:
    yes: int
    partly: int
    no: int

    @property
    def counted(self) -> int:
        return self.yes + self.partly + self.no

    @property
    def share_yes(self) -> float | None:
        """Yes ÷ (yes + partly + no); "prefer not to say" and blanks are left out."""
        return self.yes / self.counted if self.counted else None


def score(rows: QuerySet, question: str) -> Score:
    """How `rows` (answers) answered one of QUESTIONS."""
    if question not in QUESTIONS:
        raise ValueError(f"Not a feedback question: {question}")
    counts = {
        value: rows.filter(**{question: value}).count() for value in (Scale.YES, Scale.PARTLY)
    }
    return Score(
        yes=counts[Scale.YES],
        partly=counts[Scale.PARTLY],
        no=rows.filter(**{question: Scale.NO}).count(),
    )


def confidence_pairs(start, end, about: str | None = None) -> list[tuple[int, int]]:
    """(confidence at the start, confidence at the end) for each parent's or carer's answer in
    the period that gave a confidence and whose request or case had one recorded at its start.
    Answers about programmes have no start figure here."""
    at_start_request = ConfidenceAtStart.objects.filter(
        request=OuterRef("invitation__request"), respondent=Respondent.PARENT
    ).values("confidence")[:1]
    at_start_case = ConfidenceAtStart.objects.filter(
        case=OuterRef("invitation__case"), respondent=Respondent.PARENT
    ).values("confidence")[:1]
    rows = (
        FeedbackAnswer.objects.filter(
            answered_at__gte=start,
            answered_at__lt=end,
            respondent=Respondent.PARENT,
            confidence__isnull=False,
        )
        .filter(Q(invitation__about=About.REQUEST) | Q(invitation__about=About.CASE))
        .annotate(start_request=Subquery(at_start_request), start_case=Subquery(at_start_case))
    )
    if about:
        rows = rows.filter(invitation__about=about)
    pairs = []
    for start_request, start_case, end_confidence in rows.values_list(
        "start_request", "start_case", "confidence"
    ):
        at_start = start_request if start_request is not None else start_case
        if at_start is not None:
            pairs.append((at_start, end_confidence))
    return pairs


def concerns_for_request(request) -> QuerySet:
    """Answers about a request whose comment the safety layer recognised danger in."""
    return FeedbackAnswer.objects.filter(invitation__request=request).exclude(comment_concerns=[])


def concerns_for_case(case) -> QuerySet:
    """Answers about an early help case whose comment the safety layer recognised danger in."""
    return FeedbackAnswer.objects.filter(invitation__case=case).exclude(comment_concerns=[])

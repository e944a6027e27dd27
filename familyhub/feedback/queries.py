"""Reading feedback, for the outcomes dashboard, equality reports and the response-rate page.

Every function takes a period [start, end) of datetimes (aware) and returns querysets or plain
figures; none of them returns who a family is. An invitation counts in the period it was made;
an answer counts in the period it was given.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.feedback.models import (
    QUESTIONS,
    About,
    ConfidenceAtStart,
    FeedbackAnswer,
    FeedbackInvitation,
    Respondent,
    Scale,
)
from familyhub.feedback.questions import WORDING

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
    counts = dict(
        rows.filter(**{f"{question}__in": SCORED})
        .values_list(question)
        .annotate(n=Count("id"))
        .order_by()
    )
    return Score(
        yes=counts.get(Scale.YES, 0), partly=counts.get(Scale.PARTLY, 0), no=counts.get(Scale.NO, 0)
    )


def confidence_pairs(start, end, about: str | None = None) -> list[tuple[int, int]]:
    """(confidence at the start, confidence at the end) for each parent's or carer's answer in
    the period that gave a confidence and whose request or case had one recorded at its start
    (a case opened from a request: the request's, if the case has none of its own). Answers
    about programmes have no start figure here."""
    at_start_request = ConfidenceAtStart.objects.filter(
        request=OuterRef("invitation__request"), respondent=Respondent.PARENT
    ).values("confidence")[:1]
    at_start_case = ConfidenceAtStart.objects.filter(
        case=OuterRef("invitation__case"), respondent=Respondent.PARENT
    ).values("confidence")[:1]
    # A case opened from a request starts from the request's answer, if the case has none.
    at_start_source = ConfidenceAtStart.objects.filter(
        request=OuterRef("invitation__case__source_request"), respondent=Respondent.PARENT
    ).values("confidence")[:1]
    rows = (
        FeedbackAnswer.objects.filter(
            answered_at__gte=start,
            answered_at__lt=end,
            respondent=Respondent.PARENT,
            confidence__isnull=False,
        )
        .filter(Q(invitation__about=About.REQUEST) | Q(invitation__about=About.CASE))
        .annotate(
            start_request=Subquery(at_start_request),
            start_case=Subquery(at_start_case),
            start_source=Subquery(at_start_source),
        )
    )
    if about:
        rows = rows.filter(invitation__about=about)
    pairs = []
    for start_request, start_case, start_source, end_confidence in rows.values_list(
        "start_request", "start_case", "start_source", "confidence"
    ):
        at_start = next(
            (v for v in (start_request, start_case, start_source) if v is not None), None
        )
        if at_start is not None:
            pairs.append((at_start, end_confidence))
    return pairs


def concerns_for_request(request) -> QuerySet:
    """Answers about a request whose comment the safety layer recognised danger in."""
    return FeedbackAnswer.objects.filter(invitation__request=request).exclude(comment_concerns=[])


def concerns_for_case(case) -> QuerySet:
    """Answers about an early help case whose comment the safety layer recognised danger in."""
    return FeedbackAnswer.objects.filter(invitation__case=case).exclude(comment_concerns=[])


def concerns_for_programme(programme_ref: str) -> QuerySet:
    """Answers about a programme whose comment the safety layer recognised danger in."""
    return FeedbackAnswer.objects.filter(invitation__programme_ref=programme_ref).exclude(
        comment_concerns=[]
    )


# --- response rates by quarter (the staff page; counts only) -------------------------------


def quarter_start(moment: datetime) -> date:
    """The first day of the calendar quarter of `moment` (in the council's time zone)."""
    day = timezone.localdate(moment) if isinstance(moment, datetime) else moment
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def last_quarters(count: int, today: date | None = None) -> list[date]:
    """The first days of the last `count` quarters, oldest first, the current one last."""
    today = today or timezone.localdate()
    year, month = today.year, 3 * ((today.month - 1) // 3) + 1
    starts = []
    for _quarter in range(count):
        starts.append(date(year, month, 1))
        month -= 3
        if month < 1:
            year, month = year - 1, month + 12
    return starts[::-1]


def response_counts(quarters: list[date]) -> tuple[dict, dict]:
    """({(quarter, about): invited}, {(quarter, about): answered}) for invitations made in
    each quarter; answered means anyone answered, at any time."""
    invited, answered = {}, {}
    if not quarters:
        return invited, answered
    zone = timezone.get_current_timezone()
    start = datetime.combine(quarters[0], time.min, tzinfo=zone)
    rows = (
        FeedbackInvitation.objects.filter(created_at__gte=start)
        .annotate(quarter=TruncQuarter("created_at", tzinfo=zone))
        .values("quarter", "about")
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
    )
    for row in rows:
        quarter = quarter_start(row["quarter"])
        if quarter in quarters:
            invited[(quarter, row["about"])] = row["invited"]
            answered[(quarter, row["about"])] = row["answered"]
    return invited, answered


def answers_by_respondent(start, end) -> dict:
    """{respondent: number of answers given in the period}: children's own voice counted."""
    counts = dict.fromkeys(Respondent.values, 0)
    rows = answers(start, end).values("respondent").annotate(n=Count("id"))
    for row in rows:
        counts[row["respondent"]] = row["n"]
    return counts


def period_of(quarters: list[date]) -> tuple[datetime, datetime]:
    """[start of the first quarter, start of the quarter after the last), as aware datetimes."""
    zone = timezone.get_current_timezone()
    last = quarters[-1]
    month = last.month + 3
    after = date(last.year + (month > 12), month - 12 if month > 12 else month, 1)
    return (
        datetime.combine(quarters[0], time.min, tzinfo=zone),
        datetime.combine(after, time.min, tzinfo=zone),
    )


# --- subject access: everything held about a family's feedback -----------------------------


def for_subject_access(family_ids) -> list[dict]:
    """Each time the family was asked, and what each person answered, in the active language
    (plain values: the subject access pack's)."""
    labels = dict(Scale.choices)
    rows = []
    invitations = (
        FeedbackInvitation.objects.filter(family_id__in=family_ids)
        .select_related("request", "case")
        .prefetch_related("answers")
        .order_by("created_at", "id")
    )
    for invitation in invitations:
        about = (
            invitation.request.reference
            if invitation.request_id
            else invitation.case.reference
            if invitation.case_id
            else invitation.programme_name or invitation.programme_ref
        )
        answers = []
        for answer in invitation.answers.order_by("answered_at", "id"):
            wording = WORDING[answer.respondent]
            given = [
                (str(wording[name]), str(labels.get(getattr(answer, name), "")))
                for name in QUESTIONS
                if getattr(answer, name)
            ]
            if answer.confidence is not None:
                given.append((str(wording["confidence"]), str(answer.confidence)))
            if answer.comment:
                given.append((str(wording["comment"]), answer.comment))
            answers.append(
                {
                    "who": str(Respondent(answer.respondent).label),
                    "answered_at": answer.answered_at,
                    "answers": given,
                }
            )
        rows.append(
            {
                "about": str(About(invitation.about).label),
                "reference": about,
                "asked_at": invitation.sent_at or invitation.created_at,
                "sent_by": invitation.channel or _("Not sent: no safe way to send it"),
                "reminded_at": invitation.reminded_at,
                "answers": answers,
            }
        )
    return rows


def start_confidence_for_subject_access(family_ids) -> list[dict]:
    rows = ConfidenceAtStart.objects.filter(family_id__in=family_ids).select_related(
        "request", "case"
    )
    return [
        {
            "reference": row.request.reference if row.request_id else row.case.reference,
            "asked_at": row.asked_at,
            "confidence": row.confidence,
        }
        for row in rows.order_by("asked_at", "id")
    ]

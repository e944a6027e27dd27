"""Supporting Families evidence: the families worked with in a period — a lead practitioner, a
completed whole-family assessment and an agreed plan — with their needs against the headline
outcomes and the evidence that each is met (a goal meeting that need that the family scores at
least MET_SCORE out of 10 at its latest review) and sustained (the six-month check, once done).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from familyhub.casework.framework import FindingKind, OutcomeArea
from familyhub.casework.models import Assessment, Case

MET_SCORE = 7


@dataclass
class OutcomeEvidence:
    area: str
    label: str
    needs: int = 0
    met: int = 0


@dataclass
class FamilyEvidence:
    case: Case
    outcomes: list = field(default_factory=list)
    sustained: str = ""

    @property
    def all_met(self) -> bool:
        return bool(self.outcomes) and all(o.met == o.needs for o in self.outcomes)


def worked_with(cases, start: date, end: date):
    """Cases that meet the criteria in the period: a lead, a completed assessment, and a plan
    agreed by the end of the period, open at some time in it."""
    return (
        cases.filter(
            lead__isnull=False,
            plan__agreed_at__date__lte=end,
            assessments__stage=Assessment.Stage.COMPLETED,
        )
        .filter(Q(closed_at__isnull=True) | Q(closed_at__date__gte=start))
        .filter(opened_at__date__lte=end)
        .distinct()
        .select_related("family", "lead")
        .order_by("opened_at")
    )


def evidence_for(case) -> FamilyEvidence:
    latest = case.assessments.filter(stage=Assessment.Stage.COMPLETED).order_by("-number").first()
    needs = (
        list(latest.findings.filter(kind=FindingKind.NEED).prefetch_related("goals__scores"))
        if latest
        else []
    )
    by_area = {}
    labels = dict(OutcomeArea.choices)
    for need in needs:
        row = by_area.setdefault(
            need.outcome_area, OutcomeEvidence(need.outcome_area, labels.get(need.outcome_area, ""))
        )
        row.needs += 1
        scores = [list(goal.scores.all()) for goal in need.goals.all()]
        if any(s and s[-1].score >= MET_SCORE for s in scores):
            row.met += 1
    if case.sustained_check_done_at:
        word = "sustained" if case.sustained else "not sustained"
        sustained = f"{word} (checked {case.sustained_check_done_at:%d %B %Y})"
    elif case.sustained_check_due:
        sustained = f"check due {case.sustained_check_due:%d %B %Y}"
    else:
        sustained = "not ended yet"
    return FamilyEvidence(
        case=case, outcomes=sorted(by_area.values(), key=lambda o: o.label), sustained=sustained
    )

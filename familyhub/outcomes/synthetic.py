"""Many families, requests, early help cases and feedback answers spread over recent quarters,
made with bulk inserts: a year of outcomes for the demonstration (`load_demo_outcomes`, a few
thousand rows) and the volumes of the benchmark (bench/outcomes_dashboard.py, a million
requests). Fictional: postcodes are real Medway sectors with made-up last letters; nobody is
named. Each quarter is a little better than the one before, so the trends tell a story.

Rows are written straight to the tables (no history rows, messages or audit events): this is
volume for reporting, not casework to act on. Every synthetic request's reference starts FH-Z
and every case's EH-Z."""

import hashlib
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from familyhub.accounts.models import Team
from familyhub.casework.models import Case, Goal, GoalScore, Plan, Review
from familyhub.casework.states import ClosureOutcome, OpenedFrom
from familyhub.casework.states import Status as CaseStatus
from familyhub.directory.models import Organisation, TaxonomyTerm
from familyhub.directory.reference_data import NEEDS
from familyhub.families.keys import name_key
from familyhub.families.models import Family, FamilyMember, Relationship
from familyhub.feedback.models import (
    About,
    ConfidenceAtStart,
    FeedbackAnswer,
    FeedbackInvitation,
    Respondent,
    Scale,
)
from familyhub.finder.models import SearchRecord
from familyhub.outcomes import areas, periods
from familyhub.referrals.models import REFERENCE_ALPHABET, Consent, Draft, SupportRequest
from familyhub.referrals.states import DeclineReason, Outcome, Status

SECTORS_WEIGHTED = {"Chatham": 4, "Gillingham": 4, "Rochester": 2, "Strood": 2, "Rainham": 2,
                    "Hoo Peninsula": 1}  # fmt: skip
ELSEWHERE_SECTORS = ["ME14 1", "ME10 3", "DA12 4"]  # Maidstone, Sittingbourne, Gravesend
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
FIRST_NAMES = ["Amy", "Ben", "Chloe", "Dan", "Ella", "Femi", "Grace", "Hassan", "Iga", "Jack"]
SURNAMES = ["Smith", "Jones", "Kowalski", "Okafor", "Brown", "Patel", "Taylor", "Nowak"]
BATCH = 5_000
CLOSING_OUTCOMES = [Outcome.NEEDS_MET, Outcome.NEEDS_MET, Outcome.PARTLY_MET,
                    Outcome.NO_LONGER_NEEDED]  # fmt: skip


@dataclass
class Made:
    families: int = 0
    requests: int = 0
    cases: int = 0
    answers: int = 0
    searches: int = 0
    drafts: int = 0


def _code(index: int, prefix: str) -> str:
    chars = ""
    for _ in range(7):
        index, digit = divmod(index, len(REFERENCE_ALPHABET))
        chars = REFERENCE_ALPHABET[digit] + chars
    chars = "Z" + chars
    return f"{prefix}-{chars[:4]}-{chars[4:]}"


def _sectors() -> list:
    weighted = []
    for sector, (town, _ward) in areas._sectors().items():
        weighted += [sector] * SECTORS_WEIGHTED.get(town, 1)
    return weighted


def _moment(rng, quarter: periods.Quarter, now) -> datetime:
    start = quarter.start
    end = min(quarter.end, now)
    seconds = max(1, int((end - start).total_seconds()))
    return start + timedelta(seconds=rng.randrange(seconds))


def _team() -> Team:
    team = Team.objects.filter(name="Early help (figures for reporting)").first()
    if team:
        return team
    organisation = Organisation.objects.filter(name__icontains="Early Help").first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name="Medway Council Early Help Service (reporting)",
            description="Made for the outcomes figures.",
        )
    return Team.objects.create(name="Early help (figures for reporting)", organisation=organisation)


def _save(model, rows):
    model.objects.bulk_create(rows, batch_size=1000)
    rows.clear()


@transaction.atomic
def make(*, families: int, requests: int, cases: int, answers: int, quarters: int = 5,
         searches: int = 0, drafts: int = 0, seed: int = 18, start_index: int = 0,
         progress=None) -> Made:  # fmt: skip
    """Add the rows; `quarters` recent quarters (the current one last, up to today)."""
    rng = random.Random(seed)
    now = timezone.now()
    quarter_list = periods.last(quarters)
    sectors = _sectors()
    needs = list(
        TaxonomyTerm.objects.filter(taxonomy__key=NEEDS, parent__isnull=True).values_list(
            "id", "code"
        )[:12]
    )
    made = Made()
    say = progress or (lambda text: None)

    # Families, each with a parent (a father in about a quarter of them) and a child.
    family_ids, family_postcodes = [], []
    family_rows, member_rows, consent_rows = [], [], []
    for i in range(families):
        sector = rng.choice(ELSEWHERE_SECTORS) if rng.random() < 0.02 else rng.choice(sectors)
        postcode = f"{sector}{rng.choice(LETTERS)}{rng.choice(LETTERS)}"
        family = Family(id=uuid.UUID(int=rng.getrandbits(128)), postcode=postcode)
        family_rows.append(family)
        family_ids.append(family.id)
        family_postcodes.append(postcode)
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        quarter_index = min(quarters - 1, int(i * quarters / max(1, families)))
        fathers = 0.18 + 0.03 * quarter_index
        relationship = Relationship.FATHER if rng.random() < fathers else Relationship.MOTHER
        member_rows.append(
            FamilyMember(id=uuid.UUID(int=rng.getrandbits(128)), family=family, first_name=first,
                         last_name=last, name_key=name_key(first, last),
                         relationship=relationship, is_main_contact=True)
        )  # fmt: skip
        member_rows.append(
            FamilyMember(id=uuid.UUID(int=rng.getrandbits(128)), family=family, first_name="Sam",
                         last_name=last, name_key=name_key("Sam", last),
                         relationship=Relationship.CHILD)
        )  # fmt: skip
        consent_rows.append(
            Consent(family=family, given_by_name=f"{first} {last}", given_by="family",
                    given_at=now, wording_version="1", privacy_notice_version="1")
        )  # fmt: skip
        if len(family_rows) >= BATCH:
            _save(Family, family_rows)
            _save(FamilyMember, member_rows)
            _save(Consent, consent_rows)
    _save(Family, family_rows)
    _save(FamilyMember, member_rows)
    _save(Consent, consent_rows)
    made.families = families
    consent_of = {}
    for start in range(0, len(family_ids), 20_000):
        chunk = family_ids[start : start + 20_000]
        consent_of.update(
            Consent.objects.filter(family_id__in=chunk).values_list("family_id", "id")
        )
    say(f"{families} families")

    # Requests: each family's first in its own quarter; some families ask again later.
    request_rows, invitation_rows, answer_rows, start_rows = [], [], [], []
    answer_every = answers / max(1, requests)
    for i in range(requests):
        f = i % families if i < families else rng.randrange(families)
        q_index = min(quarters - 1, int(f * quarters / max(1, families)))
        if i >= families:
            q_index = rng.randrange(q_index, quarters)
        quarter = quarter_list[q_index]
        better = q_index / max(1, quarters - 1)  # 0 in the oldest quarter, 1 in the latest
        sent = _moment(rng, quarter, now)
        request = SupportRequest(
            id=uuid.UUID(int=rng.getrandbits(128)), reference=_code(start_index + i, "FH"),
            idempotency_key=uuid.UUID(int=rng.getrandbits(128)), family_id=family_ids[f],
            consent_id=consent_of[family_ids[f]], submitted_at=sent, status_changed_at=sent,
            receive_by=sent.date(), decide_by=(sent + timedelta(days=10)).date(),
            status=Status.SUBMITTED,
        )  # fmt: skip
        if needs and rng.random() < 0.8:
            request.need_id = rng.choice(needs)[0]
        decided = sent + timedelta(days=rng.randint(1, 9))
        if decided < now:
            request.received_at = request.decided_at = decided
            if rng.random() < 0.16 - 0.05 * better:
                request.status, request.decline_reason = Status.DECLINED, DeclineReason.OTHER
                request.ended_at = decided
            else:
                wait = max(1, int(rng.gauss(30 - 12 * better, 8)))
                started = decided + timedelta(days=wait)
                request.status = Status.ACCEPTED
                if started < now:
                    request.status, request.started_at = Status.IN_PROGRESS, started
                    ended = started + timedelta(days=rng.randint(20, 80))
                    if ended < now:
                        request.status, request.ended_at = Status.CLOSED, ended
                        request.outcome = rng.choice(CLOSING_OUTCOMES)
            request.status_changed_at = request.ended_at or request.started_at or decided
        request_rows.append(request)
        if rng.random() < 0.7:
            start_rows.append(
                ConfidenceAtStart(family_id=request.family_id, request=request,
                                  confidence=rng.randint(2, 7), asked_at=sent)
            )  # fmt: skip
        if request.status == Status.CLOSED and rng.random() < min(1.0, answer_every * 1.6):
            answered = request.ended_at + timedelta(days=rng.randint(1, 20))
            if answered < now:
                invitation = FeedbackInvitation(
                    id=uuid.UUID(int=rng.getrandbits(128)), about=About.REQUEST,
                    family_id=request.family_id, request=request,
                    token_hash=hashlib.sha256(request.id.bytes).hexdigest(),
                    created_at=request.ended_at, expires_at=request.ended_at + timedelta(days=60),
                    sent_at=request.ended_at, channel="email", answered_at=answered,
                )  # fmt: skip
                invitation_rows.append(invitation)
                answer_rows.append(_answer(rng, invitation, Respondent.PARENT, better, answered))
                if rng.random() < 0.3:
                    answer_rows.append(_answer(rng, invitation, Respondent.CHILD, better, answered))
        if len(request_rows) >= BATCH:
            made.answers += len(answer_rows)
            _flush(request_rows, start_rows, invitation_rows, answer_rows)
            say(f"{i + 1} requests")
    made.answers += len(answer_rows)
    _flush(request_rows, start_rows, invitation_rows, answer_rows)
    made.requests = requests

    # Early help cases, ended or open, with a goal scored at the start and at a review.
    team = _team() if cases else None
    case_rows, plan_rows, goal_rows, review_rows, score_rows = [], [], [], [], []
    for i in range(cases):
        f = rng.randrange(families)
        q_index = rng.randrange(quarters)
        better = q_index / max(1, quarters - 1)
        opened = _moment(rng, quarter_list[q_index], now) - timedelta(days=90)
        case = Case(
            id=uuid.UUID(int=rng.getrandbits(128)), reference=_code(start_index + i, "EH"),
            family_id=family_ids[f], status=CaseStatus.ACTIVE, opened_at=opened,
            opened_from=OpenedFrom.TRIAGE, status_changed_at=opened, team=team,
        )  # fmt: skip
        closed = opened + timedelta(days=rng.randint(60, 120))
        if closed < now:
            roll = rng.random()
            if roll < 0.35 + 0.15 * better:
                case.status, case.outcome = CaseStatus.STEPPED_DOWN, ClosureOutcome.STEPPED_DOWN
            elif roll < 0.45 + 0.12 * better:
                case.status, case.outcome = CaseStatus.CLOSED, ClosureOutcome.STEPPED_UP
            else:
                case.status = CaseStatus.CLOSED
                case.outcome = rng.choice([ClosureOutcome.NEEDS_MET, ClosureOutcome.PARTLY_MET,
                                           ClosureOutcome.COULD_NOT_ENGAGE])  # fmt: skip
            case.closed_at = case.status_changed_at = closed
        case_rows.append(case)
        plan = Plan(case=case, updated_at=opened, agreed_at=opened)
        plan_rows.append(plan)
        reviewed = opened + timedelta(days=rng.randint(40, 56))
        if reviewed < now:
            goal = Goal(plan=plan, words="Calmer mornings before school", added_at=opened)
            review = Review(case=case, held_on=reviewed.date(), decision="continue",
                            recorded_at=reviewed)  # fmt: skip
            goal_rows.append(goal)
            review_rows.append(review)
            first = rng.randint(1, 6)
            later = max(0, min(10, first + rng.choice([-1, 0, 1, 2, 3]) + round(better)))
            score_rows.append(GoalScore(goal=goal, score=first, at=opened))
            score_rows.append(GoalScore(goal=goal, score=later, at=reviewed, review=review))
        if len(case_rows) >= BATCH:
            _flush_cases(case_rows, plan_rows, goal_rows, review_rows, score_rows)
    _flush_cases(case_rows, plan_rows, goal_rows, review_rows, score_rows)
    made.cases = cases
    say(f"{cases} cases")

    # Searches that found little, and requests started and never sent.
    search_rows = []
    districts = sorted({sector.split(" ")[0] for sector in sectors})
    for _i in range(searches):
        quarter = quarter_list[rng.randrange(quarters)]
        filters = {"needs": [rng.choice(needs)[1]]} if needs and rng.random() < 0.7 else {}
        search_rows.append(
            SearchRecord(searched_on=_moment(rng, quarter, now).date(), filters=filters,
                         text=rng.choice(["autism assessment", "dad's group", "sleep clinic"]),
                         postcode_district=rng.choice(districts),
                         result_count=0 if rng.random() < 0.6 else rng.randint(1, 2))
        )  # fmt: skip
    SearchRecord.objects.bulk_create(search_rows, batch_size=1000)
    made.searches = searches
    for q_index, quarter in enumerate(quarter_list):
        count = int(drafts / quarters * (1.2 - 0.1 * q_index))
        made_drafts = Draft.objects.bulk_create(
            [Draft(need_id=rng.choice(needs)[0] if needs else None) for _ in range(count)],
            batch_size=1000,
        )
        for draft in made_drafts:
            when = _moment(rng, quarter, now) - timedelta(days=15)
            Draft.objects.filter(pk=draft.pk).update(created_at=when, updated_at=when)
        made.drafts += count
    return made


def _answer(rng, invitation, respondent, better, answered) -> FeedbackAnswer:
    def scale(p_yes):
        roll = rng.random()
        if roll < 0.04:
            return Scale.PREFER_NOT
        if roll < 0.04 + p_yes:
            return Scale.YES
        return Scale.PARTLY if rng.random() < 0.6 else Scale.NO

    confidence = None
    if respondent == Respondent.PARENT and rng.random() < 0.85:
        confidence = max(0, min(10, rng.randint(3, 8) + round(2 * better)))
    return FeedbackAnswer(
        invitation=invitation, respondent=respondent, helped=scale(0.62 + 0.12 * better),
        met_needs=scale(0.55 + 0.12 * better), respected=scale(0.75 + 0.08 * better),
        would_recommend=scale(0.6 + 0.1 * better), confidence=confidence, answered_at=answered,
    )  # fmt: skip


def _flush(request_rows, start_rows, invitation_rows, answer_rows):
    _save(SupportRequest, request_rows)
    _save(ConfidenceAtStart, start_rows)
    _save(FeedbackInvitation, invitation_rows)
    _save(FeedbackAnswer, answer_rows)


def _flush_cases(case_rows, plan_rows, goal_rows, review_rows, score_rows):
    _save(Case, case_rows)
    _save(Plan, plan_rows)
    _save(Goal, goal_rows)
    _save(Review, review_rows)
    _save(GoalScore, score_rows)

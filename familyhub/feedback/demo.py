"""A year of family feedback for the demo: families whose requests and early help ended over the
last twelve months (fictional, example.org), the invitations they were sent, the answers about
half of them gave (a child or young person too, sometimes), and the confidence question at the
start and the end. Written in bulk (no messages are sent for the past), except the demo request
that closed just now (Lee Grant's), which is asked the real way so its link can be opened.

Run after load_demo_casework; running it again adds nothing."""

import random
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from familyhub.accounts.models import Team
from familyhub.casework.models import Case
from familyhub.casework.states import ClosureOutcome, OpenedFrom
from familyhub.casework.states import Status as CaseStatus
from familyhub.directory.models import Service
from familyhub.families.models import Family, FamilyMember, Relationship
from familyhub.feedback import asking
from familyhub.feedback.links import link_for, token_for, token_hash
from familyhub.feedback.models import (
    About,
    ConfidenceAtStart,
    FeedbackAnswer,
    FeedbackInvitation,
    Respondent,
    Scale,
)
from familyhub.referrals.models import Consent, SupportRequest
from familyhub.referrals.states import Outcome, Status

DEMO_WORDING = "demo-history"  # the consent wording version that marks the history made here
PAST_REQUESTS = 260
PAST_CASES = 60
PROGRAMMES = [
    ("DEMO-IY-SPRING", "Incredible Years (spring)", 150),
    ("DEMO-IY-AUTUMN", "Incredible Years (autumn)", 330),
    ("DEMO-TEENS-SUMMER", "Living with teenagers (summer)", 240),
]
PLACES_PER_PROGRAMME = 14
POSTCODES = [
    "ME1 1AA",
    "ME1 2XX",
    "ME1 3QN",
    "ME2 2JP",
    "ME2 4AB",
    "ME3 9AB",
    "ME4 4TR",
    "ME4 6DS",
    "ME5 7LB",
    "ME5 9QA",
    "ME7 1AA",
    "ME7 5DH",
    "ME8 0PP",
    "ME8 8AA",
]
FIRST = [
    "Amelia",
    "Olivia",
    "Chloe",
    "Sophie",
    "Emma",
    "Hannah",
    "Grace",
    "Zainab",
    "Agnieszka",
    "Precious",
    "Daniel",
    "James",
    "Mohammed",
    "Tomasz",
    "Kwame",
    "Ryan",
    "Lauren",
    "Shannon",
    "Kerry",
    "Natalia",
    "Adaeze",
    "Stacey",
    "Gemma",
    "Paul",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Wilson",
    "Evans",
    "Kowalski",
    "Nowak",
    "Okoye",
    "Mensah",
    "Ahmed",
    "Hussain",
    "Clarke",
    "Walker",
    "Wright",
    "Patel",
    "Begum",
    "Green",
]
CHILDREN = ["Alfie", "Isla", "Noah", "Lily", "Oscar", "Ava", "Jacob", "Mia", "Kacper", "Amara"]
COMMENTS = [
    "The worker really listened and never made me feel judged.",
    "It took a long time to hear back, but once it started it helped a lot.",
    "The group helped me understand why bedtimes were so hard.",
    "I would have liked more sessions.",
    "Meeting other parents made me feel less alone.",
    "Dziękuję, bardzo pomocne.",
    "Hard to get to the sessions without a car.",
]
CHILD_COMMENTS = ["It was good to have someone to talk to.", "I liked the games.", ""]


def loaded() -> bool:
    return Consent.objects.filter(wording_version=DEMO_WORDING).exists()


def _scale(rng, yes, partly, no) -> str:
    """An answer: yes, partly, no, prefer not to say (about 3%), or not answered (about 4%)."""
    roll = rng.random()
    if roll < 0.04:
        return ""
    if roll < 0.07:
        return Scale.PREFER_NOT
    return rng.choices([Scale.YES, Scale.PARTLY, Scale.NO], weights=[yes, partly, no])[0]


def _family(rng, now) -> Family:
    family = Family.objects.create(
        postcode=rng.choice(POSTCODES),
        contact_email=f"family{rng.randrange(10**6)}@example.org",
        preferred_contact="email",
        home_languages=rng.choice(["English"] * 8 + ["Polish, English", "Yoruba, English"]),
    )
    FamilyMember.objects.create(
        family=family,
        first_name=rng.choice(FIRST),
        last_name=rng.choice(LAST),
        relationship=rng.choice([Relationship.MOTHER] * 4 + [Relationship.FATHER]),
        is_main_contact=True,
    )
    FamilyMember.objects.create(
        family=family,
        first_name=rng.choice(CHILDREN),
        last_name="",
        date_of_birth=(now - timedelta(days=rng.randrange(365, 15 * 365))).date(),
        relationship=Relationship.CHILD,
    )
    return family


def _past_requests(rng, now, services) -> list[SupportRequest]:
    made = []
    for _ in range(PAST_REQUESTS):
        family = _family(rng, now)
        submitted = now - timedelta(days=rng.randrange(40, 395), hours=rng.randrange(9, 18))
        consent = Consent.objects.create(
            family=family,
            given_by_name="Demo parent",
            given_by=Consent.GivenBy.FAMILY,
            given_at=submitted,
            wording_version=DEMO_WORDING,
            privacy_notice_version="demo",
        )
        started = submitted + timedelta(days=rng.randrange(5, 40))
        ended = started + timedelta(days=rng.randrange(21, 90))
        outcome = rng.choices(
            [
                Outcome.NEEDS_MET,
                Outcome.PARTLY_MET,
                Outcome.NO_LONGER_NEEDED,
                Outcome.STEPPED_DOWN,
                Outcome.COULD_NOT_CONTACT,
            ],
            weights=[52, 24, 9, 10, 5],
        )[0]
        made.append(
            SupportRequest(
                idempotency_key=uuid.uuid4(),
                family=family,
                service=rng.choice(services),
                consent=consent,
                status=Status.CLOSED,
                submitted_at=submitted,
                status_changed_at=min(ended, now),
                receive_by=submitted.date(),
                decide_by=submitted.date(),
                received_at=submitted + timedelta(days=1),
                decided_at=submitted + timedelta(days=3),
                started_at=started,
                ended_at=min(ended, now - timedelta(days=1)),
                outcome=outcome,
            )
        )
    return SupportRequest.objects.bulk_create(made)


def _past_cases(rng, now, team) -> list[Case]:
    made = []
    for _ in range(PAST_CASES):
        family = _family(rng, now)
        opened = now - timedelta(days=rng.randrange(120, 395))
        closed = min(opened + timedelta(days=rng.randrange(90, 200)), now - timedelta(days=2))
        outcome = rng.choices(
            [
                ClosureOutcome.NEEDS_MET,
                ClosureOutcome.PARTLY_MET,
                ClosureOutcome.STEPPED_DOWN,
                ClosureOutcome.MOVED_AWAY,
                ClosureOutcome.COULD_NOT_ENGAGE,
            ],
            weights=[45, 20, 25, 4, 6],
        )[0]
        stepped_down = outcome == ClosureOutcome.STEPPED_DOWN
        made.append(
            Case(
                family=family,
                status=CaseStatus.STEPPED_DOWN if stepped_down else CaseStatus.CLOSED,
                opened_at=opened,
                opened_from=OpenedFrom.TRIAGE,
                status_changed_at=closed,
                team=team,
                closed_at=closed,
                outcome=outcome,
                exit_plan="Stay and play at the family hub on Tuesdays.",
            )
        )
    return Case.objects.bulk_create(made)


def _invite(
    rng, *, family, about, at, now, request=None, case=None, ref="", name="", service=None
) -> FeedbackInvitation:
    invitation_id = uuid.uuid4()
    sent = at + timedelta(hours=rng.randrange(1, 20))
    return FeedbackInvitation(
        id=invitation_id,
        about=about,
        family=family,
        request=request,
        case=case,
        programme_ref=ref,
        programme_name=name,
        service=service,
        token_hash=token_hash(token_for(invitation_id)),
        language=asking.language_of(family),
        created_at=sent,
        sent_at=sent,
        channel="email",
        expires_at=sent + timedelta(days=settings.FEEDBACK_LINK_DAYS),
    )


def _answer(rng, invitation, now, *, rate, start=None) -> list[FeedbackAnswer]:
    """Whether and how the family answered (before or after the one reminder)."""
    reminder_at = invitation.sent_at + timedelta(days=settings.FEEDBACK_REMINDER_DAYS)
    if rng.random() >= rate:
        if reminder_at < now:
            invitation.reminded_at = reminder_at
        return []
    after_reminder = rng.random() < 0.35 and reminder_at < now
    if after_reminder:
        invitation.reminded_at = reminder_at
        at = reminder_at + timedelta(hours=rng.randrange(1, 72))
    else:
        at = invitation.sent_at + timedelta(hours=rng.randrange(1, 24 * 6))
    at = min(at, now - timedelta(minutes=5))
    invitation.answered_at = at
    good = rng.random() < 0.8  # most support goes well; some does not
    weights = (70, 20, 10) if good else (25, 35, 40)
    end = None
    if start is not None:
        end = max(0, min(10, start + round(rng.gauss(2.2 if good else 0.3, 1.4))))
    elif rng.random() < 0.85:
        end = max(0, min(10, round(rng.gauss(6.5 if good else 4.5, 1.8))))
    answers = [
        FeedbackAnswer(
            invitation=invitation,
            respondent=Respondent.PARENT,
            helped=_scale(rng, *weights),
            met_needs=_scale(rng, *weights),
            respected=_scale(rng, 85, 10, 5),
            would_recommend=_scale(rng, *weights),
            confidence=None if rng.random() < 0.08 else end,
            comment=rng.choice(COMMENTS) if rng.random() < 0.3 else None,
            language=invitation.language,
            answered_at=at,
        )
    ]
    if rng.random() < 0.18:  # a child or young person answered too
        answers.append(
            FeedbackAnswer(
                invitation=invitation,
                respondent=Respondent.CHILD,
                helped=_scale(rng, *weights),
                met_needs=_scale(rng, *weights),
                respected=_scale(rng, 80, 15, 5),
                would_recommend=_scale(rng, *weights),
                confidence=max(0, min(10, round(rng.gauss(6.8, 1.8)))),
                comment=rng.choice(CHILD_COMMENTS) or None,
                language=invitation.language,
                answered_at=at + timedelta(minutes=rng.randrange(2, 30)),
            )
        )
    return answers


@transaction.atomic
def load_demo_feedback(seed: int = 2026) -> dict:
    rng = random.Random(seed)
    now = timezone.now()
    services = list(Service.objects.order_by("name")[:40])
    team = Team.objects.filter(name__startswith="Early help team").first() or Team.objects.first()
    requests = _past_requests(rng, now, services)
    cases = _past_cases(rng, now, team) if team else []
    invitations, answers, starts = [], [], []
    for support_request in requests:
        start = None
        if rng.random() < 0.7:  # families who answered the confidence question when asking
            start = max(0, min(10, round(rng.gauss(4.3, 1.8))))
            starts.append(
                ConfidenceAtStart(
                    family=support_request.family,
                    request=support_request,
                    confidence=start,
                    asked_at=support_request.submitted_at,
                )
            )
        if not asking.request_is_asked(support_request):
            continue
        invitation = _invite(
            rng,
            family=support_request.family,
            about=About.REQUEST,
            at=support_request.ended_at,
            now=now,
            request=support_request,
            service=support_request.service,
        )
        answers += _answer(rng, invitation, now, rate=0.42, start=start)
        invitations.append(invitation)
    for case in cases:
        if not asking.case_is_asked(case):
            continue
        start = max(0, min(10, round(rng.gauss(3.8, 1.7)))) if rng.random() < 0.6 else None
        if start is not None:
            starts.append(
                ConfidenceAtStart(
                    family=case.family, case=case, confidence=start, asked_at=case.opened_at
                )
            )
        invitation = _invite(
            rng, family=case.family, about=About.CASE, at=case.closed_at, now=now, case=case
        )
        answers += _answer(rng, invitation, now, rate=0.55, start=start)
        invitations.append(invitation)
    families = list({r.family_id: r.family for r in requests}.values())
    for ref, name, days_ago in PROGRAMMES:
        for family in rng.sample(families, PLACES_PER_PROGRAMME):
            invitation = _invite(
                rng,
                family=family,
                about=About.PROGRAMME,
                at=now - timedelta(days=days_ago),
                now=now,
                ref=ref,
                name=name,
            )
            answers += _answer(rng, invitation, now, rate=0.6)
            invitations.append(invitation)
    FeedbackInvitation.objects.bulk_create(invitations)
    FeedbackAnswer.objects.bulk_create(answers)
    ConfidenceAtStart.objects.bulk_create(starts)
    # The demo request that closed just now: asked the real way (a message in the outbox).
    live = SupportRequest.objects.filter(status=Status.CLOSED).exclude(
        consent__wording_version=DEMO_WORDING
    )
    links = []
    for support_request in live.select_related("family", "service"):
        invitation = asking.ask_for_feedback(
            family=support_request.family, about=About.REQUEST, request=support_request
        )
        if invitation is not None and invitation.answered_at is None:
            links.append(link_for(invitation))
    return {
        "requests": len(requests),
        "cases": len(cases),
        "invitations": len(invitations) + len(links),
        "answers": len(answers),
        "links": links,
    }

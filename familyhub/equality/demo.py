"""Demonstration equality figures: answers for the demo families, and a year of earlier
requests from made-up Medway families (with decisions, starts and family feedback), so the
equality report shows real-looking figures, some of them hidden as small numbers.

The answers follow Medway's population roughly (2021 census), with three patterns built in for
the report to find: Asian families ask less often than their share of Medway, families on a low
income wait longer for support to start, and disabled parents say less often that support
helped. Made-up data only; deterministic (seeded)."""

import hashlib
import random
import uuid
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from familyhub.directory.models import Service
from familyhub.families import monitoring
from familyhub.families.keys import name_key
from familyhub.families.models import EqualityMonitoring, Family, FamilyMember, Relationship
from familyhub.feedback.models import (
    About,
    ConfidenceAtStart,
    FeedbackAnswer,
    FeedbackInvitation,
    Respondent,
)
from familyhub.referrals.models import Consent, StatusChange, SupportRequest
from familyhub.referrals.states import Status

MARK = "demo-equality"  # the consent wording version that marks these made-up requests
FAMILIES = 420
SEED = 2021

ETHNICITY_WEIGHTS = {
    "white_british": 76, "white_other": 5.5, "white_irish": 0.6, "white_gypsy_traveller": 0.5,
    "white_roma": 0.4, "asian_indian": 2.0, "asian_pakistani": 0.8, "asian_bangladeshi": 0.5,
    "asian_chinese": 0.6, "asian_other": 2.0, "black_african": 4.6, "black_caribbean": 0.5,
    "black_other": 0.5, "mixed_white_black_caribbean": 0.9, "mixed_white_black_african": 0.6,
    "mixed_white_asian": 0.7, "mixed_other": 0.6, "other_arab": 0.3, "other_any": 1.1,
}  # fmt: skip
RELIGION_WEIGHTS = {"none": 44, "christian": 42, "muslim": 3, "sikh": 1.6, "hindu": 1.3,
                    "buddhist": 0.5, "jewish": 0.1, "other": 0.6}  # fmt: skip
FIRST_NAMES = [
    "Amy",
    "Chloe",
    "Sophie",
    "Emma",
    "Gemma",
    "Kayleigh",
    "Priya",
    "Aisha",
    "Grace",
    "Joy",
    "Ana",
    "Ioana",
    "Agnieszka",
    "Simran",
    "Mia",
    "Ben",
    "Tom",
    "Dan",
    "Ryan",
]
CHILD_NAMES = [
    "Alfie",
    "Ava",
    "Isla",
    "Noah",
    "Leo",
    "Lily",
    "Oscar",
    "Freya",
    "Arjun",
    "Zara",
    "Musa",
    "Maya",
    "Jacob",
    "Poppy",
    "Elsie",
    "Harvey",
    "Amara",
    "Kai",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Wilson",
    "Patel",
    "Singh",
    "Okoro",
    "Mensah",
    "Nowak",
    "Popescu",
    "Khan",
    "Walker",
    "Wright",
    "Gurung",
    "Evans",
    "Hughes",
]
POSTCODES = ["ME1 1AA", "ME2 3BB", "ME3 9CC", "ME4 4DD", "ME5 7EE", "ME7 2FF", "ME8 6GG"]


def loaded() -> bool:
    return Consent.objects.filter(wording_version=MARK).exists()


def _pick(rng, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _maybe(rng, value, *, answered=0.8, prefer_not=0.04):
    """Most people answer; some prefer not to say; some leave it blank."""
    roll = rng.random()
    if roll < prefer_not:
        return monitoring.PREFER_NOT
    return value if roll < answered else None


def _answers(rng, *, child: bool, ethnicity: str, low_income: bool, disabled: bool, sex: str):
    answers = {
        "ethnicity": _maybe(rng, ethnicity, answered=0.85),
        "disability": _maybe(rng, "yes" if disabled else "no"),
        "sex": _maybe(rng, sex, answered=0.9),
        "religion": _maybe(rng, _pick(rng, RELIGION_WEIGHTS), answered=0.7, prefer_not=0.08),
    }
    if not child:
        answers |= {
            "gender_same_as_at_birth": _maybe(rng, "yes" if rng.random() > 0.006 else "no",
                                              answered=0.75),
            "sexual_orientation": _maybe(rng, _pick(rng, {"straight": 92, "gay_or_lesbian": 2,
                                                          "bisexual": 4, "other": 0.5}),
                                         answered=0.7, prefer_not=0.1),
            "marital_status": _maybe(rng, _pick(rng, {"never": 45, "married": 38, "separated": 7,
                                                      "divorced": 9, "widowed": 1})),
            "pregnant_or_new_parent": _maybe(rng, "yes" if rng.random() < 0.22 else "no"),
            "low_income": _maybe(rng, "yes" if low_income else "no", answered=0.75),
        }  # fmt: skip
    return answers


def _person(rng):
    ethnicity = _pick(rng, ETHNICITY_WEIGHTS)
    return {
        "ethnicity": ethnicity,
        "low_income": rng.random() < 0.32,  # families asking for help are poorer than average
        "disabled": rng.random() < 0.2,
    }


def answer_for_demo_families(rng) -> int:
    """Answers for the people in the families already loaded (requests and cases)."""
    members = FamilyMember.objects.filter(equality__isnull=True).exclude(
        family__consents__wording_version=MARK
    )
    made = []
    for member in members:
        who = _person(rng)
        sex = "female" if member.relationship == Relationship.MOTHER else rng.choice(
            ["female", "male"])  # fmt: skip
        answers = _answers(
            rng,
            child=member.is_child,
            ethnicity=who["ethnicity"],
            low_income=who["low_income"],
            disabled=who["disabled"],
            sex=sex,
        )
        made.append(EqualityMonitoring(member=member, **answers))
    EqualityMonitoring.objects.bulk_create(made)
    return len(made)


def _day(rng, now, days_back: int):
    moment = now - timedelta(days=days_back, hours=rng.randint(0, 9))
    return timezone.make_aware(datetime.combine(moment.date(), time(9))) + timedelta(
        minutes=rng.randint(0, 480)
    )


@transaction.atomic
def load_demo_equality(families: int = FAMILIES) -> dict:
    """Answers for the demo families, then `families` made-up families with a request each."""
    rng = random.Random(SEED)
    answered = answer_for_demo_families(rng)
    services = list(Service.objects.order_by("name").values_list("pk", flat=True)[:40])
    now = timezone.now()
    made, members, answers, plans = [], [], [], []
    for index in range(families):
        who = _person(rng)
        # Asian families ask less often than their share of Medway (the report flags it).
        while who["ethnicity"].startswith("asian") and rng.random() < 0.6:
            who = _person(rng)
        family = Family(postcode=rng.choice(POSTCODES))
        made.append(family)
        surname = rng.choice(SURNAMES)
        parent_sex = "female" if rng.random() < 0.86 else "male"
        parent = FamilyMember(
            family=family, first_name=rng.choice(FIRST_NAMES), last_name=surname,
            relationship=Relationship.MOTHER if parent_sex == "female" else Relationship.FATHER,
            date_of_birth=(now - timedelta(days=365 * rng.randint(19, 48))).date(),
            is_main_contact=True,
        )  # fmt: skip
        children = [
            FamilyMember(
                family=family,
                first_name=rng.choice(CHILD_NAMES),
                last_name=surname,
                relationship=Relationship.CHILD,
                date_of_birth=(now - timedelta(days=rng.randint(90, 365 * 15))).date(),
            )  # fmt: skip
            for _n in range(rng.choice([1, 1, 1, 2, 2, 3]))
        ]
        for member in (parent, *children):
            member.name_key = name_key(member.first_name, member.last_name)
            members.append(member)
            sex = parent_sex if member is parent else rng.choice(["female", "male"])
            answers.append(
                EqualityMonitoring(member=member, **_answers(
                    rng, child=member is not parent, ethnicity=who["ethnicity"],
                    low_income=who["low_income"], disabled=who["disabled"], sex=sex))
            )  # fmt: skip
        plans.append((family, parent, children, who, index))
    Family.objects.bulk_create(made, batch_size=2000)
    for member in members:
        member.family_id = member.family.pk
    FamilyMember.objects.bulk_create(members, batch_size=2000)
    for answer in answers:
        answer.member_id = answer.member.pk
    EqualityMonitoring.objects.bulk_create(answers, batch_size=2000)
    requests = _requests(rng, plans, services, now)
    return {"answered": answered, "families": len(made), "requests": requests}


def _requests(rng, plans, services, now) -> int:
    consents, requests, links, changes = [], [], [], []
    invitations, feedback, at_start = [], [], []
    for family, parent, children, who, _index in plans:
        sent = _day(rng, now, rng.randint(1, 364))
        consent = Consent(family=family, given_by_name=parent.full_name,
                          given_by=Consent.GivenBy.FAMILY, given_at=sent, wording_version=MARK,
                          privacy_notice_version="requests-v1")  # fmt: skip
        consents.append(consent)
        age_days = (now - sent).days
        roll = rng.random()
        status, started, ended, decided = Status.RECEIVED, None, None, None
        if age_days > 10:
            decided = sent + timedelta(days=rng.randint(1, 8))
            if roll < 0.14:
                status = Status.DECLINED
            elif roll < 0.2:
                status = Status.REDIRECTED
            elif roll < 0.24:
                status = Status.WITHDRAWN
            else:
                wait = rng.randint(4, 40) + (rng.randint(8, 30) if who["low_income"] else 0)
                if age_days > wait:
                    started = sent + timedelta(days=wait)
                    status = Status.IN_PROGRESS
                    if age_days > wait + 60 and rng.random() < 0.8:
                        ended = started + timedelta(days=rng.randint(30, 60))
                        status = Status.CLOSED
                else:
                    status = Status.WAITLISTED
        request = SupportRequest(
            idempotency_key=uuid.uuid4(), family=family, consent=consent,
            service_id=rng.choice(services) if services else None, status=status,
            submitted_at=sent, status_changed_at=ended or started or decided or sent,
            receive_by=(sent + timedelta(days=3)).date(),
            decide_by=(sent + timedelta(days=10)).date(), received_at=sent + timedelta(days=1),
            decided_at=decided, started_at=started, ended_at=ended,
            outcome="needs_met" if status == Status.CLOSED else "",
        )  # fmt: skip
        requests.append(request)
        links += [(request, child) for child in children]
        changes.append(StatusChange(request=request, at=request.status_changed_at,
                                    by_label="Demo history", from_status=Status.SUBMITTED,
                                    to_status=status))  # fmt: skip
        if started and rng.random() < 0.8:
            before = rng.randint(2, 7)
            at_start.append(ConfidenceAtStart(family=family, request=request, confidence=before,
                                              asked_at=started))  # fmt: skip
            if ended and ended < now and rng.random() < 0.65:
                invitation = FeedbackInvitation(
                    about=About.REQUEST, family=family, request=request,
                    service_id=request.service_id,
                    token_hash=hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
                    created_at=ended, expires_at=ended + timedelta(days=28), sent_at=ended,
                    channel="email", answered_at=min(ended + timedelta(days=3), now),
                )  # fmt: skip
                invitations.append(invitation)
                worse = 0.25 if who["disabled"] else 0
                helped = rng.choices(
                    ["yes", "partly", "no"],
                    weights=[0.72 - worse, 0.18 + worse / 2, 0.1 + worse / 2],
                )[0]
                feedback.append(FeedbackAnswer(
                    invitation=invitation, respondent=Respondent.PARENT, helped=helped,
                    met_needs=rng.choice(["yes", "yes", "yes", "partly", "no"]),
                    respected=rng.choice(["yes", "yes", "yes", "partly"]),
                    would_recommend=rng.choice(["yes", "yes", "partly", "no"]),
                    confidence=min(10, before + rng.randint(-1, 4)),
                    answered_at=invitation.answered_at,
                ))  # fmt: skip
    Consent.objects.bulk_create(batch_size=2000, objs=consents)
    for request in requests:
        request.family_id, request.consent_id = request.family.pk, request.consent.pk
    SupportRequest.objects.bulk_create(batch_size=2000, objs=requests)
    through = SupportRequest.children.through
    through.objects.bulk_create(
        batch_size=2000,
        objs=[through(supportrequest_id=r.pk, familymember_id=c.pk) for r, c in links],
    )
    for change in changes:
        change.request_id = change.request.pk
    StatusChange.objects.bulk_create(batch_size=2000, objs=changes)
    for row in at_start:
        row.family_id, row.request_id = row.family.pk, row.request.pk
    ConfidenceAtStart.objects.bulk_create(batch_size=2000, objs=at_start)
    for invitation in invitations:
        invitation.family_id, invitation.request_id = invitation.family.pk, invitation.request.pk
    FeedbackInvitation.objects.bulk_create(batch_size=2000, objs=invitations)
    for answer in feedback:
        answer.invitation_id = answer.invitation.pk
    FeedbackAnswer.objects.bulk_create(batch_size=2000, objs=feedback)
    return len(requests)

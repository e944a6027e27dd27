"""Demonstration workforce (command `load_demo_workforce`): the partnership's courses, about
thirty training records ("Triple P training has been delivered to twenty practitioners"), some
expiring or expired, and five peer supporters of the Early Help Service, four matched with
families whose requests are open, with contacts over the months. Fictional people; staff made
here cannot sign in (no password)."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from familyhub.accounts.models import Profile, Role, Team
from familyhub.directory.models import Organisation
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.states import OPEN
from familyhub.workforce import records
from familyhub.workforce.models import ContactWay, Course, PeerStatus, TrainingRecord

# code, name, level, months current (None: does not lapse), for peer supporters
COURSES = [
    ("solihull-foundation", "Solihull Approach", "Foundation", None, False),
    ("triple-p-level-2", "Triple P", "Level 2 Selected seminars", 36, False),
    ("triple-p-level-3", "Triple P", "Level 3 Primary care", 36, False),
    ("triple-p-level-4", "Triple P", "Level 4 Group", 36, False),
    ("triple-p-teen-level-4", "Triple P", "Teen Level 4 Group", 36, False),
    ("incredible-years-toddler", "Incredible Years", "Toddler group leader", 36, False),
    ("incredible-years-preschool", "Incredible Years", "Preschool group leader", 36, False),
    ("early-help-assessor", "Early Help assessor", "", 36, False),
    ("early-help-lead-awareness", "Early Help lead practitioner awareness", "", 24, False),
    ("elsa", "ELSA (Emotional Literacy Support Assistant)", "", 12, False),
    ("youth-mhfa", "Youth Mental Health First Aid", "", 36, False),
    ("positive-behaviour-support", "Positive Behaviour Support", "", 36, False),
    ("nvr-practitioner", "Non-Violent Resistance (NVR)", "Practitioner", None, False),
    ("peer-support-foundation", "Peer support for parents", "Foundation", 24, True),
]  # fmt: skip
AGENCIES = [
    ("Medway Council Early Help Service", "Chatham"),
    ("Medway Family Hubs", "Gillingham"),
    ("Medway Community Healthcare", "Rochester"),
    ("Medway Mental Health Support Teams in Schools", "Strood"),
    ("Medway Positive Behaviour Support Team", "Rainham"),
]
NAMES = ["Aaliyah Brooks", "Ben Clarke", "Cara Doyle", "Dev Mistry", "Erin Walsh", "Funmi Ade",
         "Gareth Lloyd", "Hana Novak", "Isla Grant", "Jon Pike", "Kiran Bains", "Laura Stone",
         "Mo Hassan", "Nina Rossi", "Owen Price", "Priya Nair", "Ruth Coles", "Sean Kelly",
         "Tara Quinn", "Uma Das"]  # fmt: skip
PEERS = [
    ("Bernie Foster", "Chatham", "English"),
    ("Agnieszka Wiśniewska", "Gillingham", "English, Polish"),
    ("Tolu Bakare", "Strood", "English, Yoruba"),
    ("Kelly Marsh", "Rainham", "English"),
    ("Sana Mirza", "Rochester", "English, Urdu"),
]
NOTES = [
    "Met at the family hub for a coffee; talked about bedtimes and what worked for us.",
    "Phone call: mum feeling more confident, going to the group on Tuesday.",
    "Walked to the stay and play together; she met two other parents.",
]


def loaded() -> bool:
    return Course.objects.exists()


def _practitioners():
    people = []
    for n, full in enumerate(NAMES):
        organisation_name, town = AGENCIES[n % len(AGENCIES)]
        organisation = Organisation.objects.filter(name=organisation_name).first()
        if organisation is None:
            continue
        team, _ = Team.objects.get_or_create(
            name="Family support team", organisation=organisation,
            defaults={"email": "team@example.org"},
        )  # fmt: skip
        first, last = full.split(" ", 1)
        user = get_user_model().objects.create_user(
            username=f"{first.lower()}.{last.lower()}@example.org",
            email=f"{first.lower()}.{last.lower()}@example.org", first_name=first, last_name=last,
        )  # fmt: skip
        user.set_unusable_password()
        user.save()
        Profile.objects.create(user=user, role=Role.PRACTITIONER, organisation=organisation,
                               team=team)  # fmt: skip
        people.append((user, town))
    return people


@transaction.atomic
def load_demo_workforce() -> dict:
    rng = random.Random(38)
    today = timezone.localdate()
    courses = {
        code: Course.objects.create(
            code=code, name=name, level=level, valid_for_months=months, for_peer_supporters=peers
        )  # fmt: skip
        for code, name, level, months, peers in COURSES
    }
    data_manager = get_user_model().objects.filter(username="datamanager@example.org").first()
    people = _practitioners()
    # Twenty practitioners trained in Triple P Level 4 over the past three years.
    for n, (user, town) in enumerate(people):
        records.add_training(
            person=user, course=courses["triple-p-level-4"],
            completed_on=today - timedelta(days=60 + n * 50),
            certificate_reference=f"TPI-{2400 + n}", works_in=town, by=data_manager,
            imported=True,
        )  # fmt: skip
    others = ["early-help-assessor", "incredible-years-preschool", "solihull-foundation",
              "elsa", "youth-mhfa", "positive-behaviour-support", "early-help-lead-awareness",
              "nvr-practitioner", "incredible-years-toddler", "triple-p-teen-level-4"]  # fmt: skip
    for n, code in enumerate(others):
        user, town = people[(n * 3) % len(people)]
        months = courses[code].valid_for_months or 36
        # Some lapse soon or have lapsed, so the flags show.
        days_ago = months * 30 - 30 if n % 4 == 0 else (months * 30 + 20 if n % 5 == 1 else 200)
        records.add_training(
            person=user, course=courses[code], completed_on=today - timedelta(days=days_ago),
            certificate_reference=f"CERT-{code[:6].upper()}-{n}", works_in=town, by=user,
        )  # fmt: skip
    # The demo provider has their own training too.
    provider = get_user_model().objects.filter(username="provider@example.org").first()
    if provider:
        records.add_training(
            person=provider, course=courses["incredible-years-toddler"],
            completed_on=today - timedelta(days=400), works_in="Chatham", by=provider,
        )  # fmt: skip
    made = {"courses": len(courses), "records": TrainingRecord.objects.count(), "peers": 0}
    # Five peer supporters of the Early Help Service: four trained and matched.
    organisation = Organisation.objects.filter(name=AGENCIES[0][0]).first()
    open_requests = list(
        SupportRequest.objects.filter(service__organisation=organisation, status__in=OPEN).order_by(
            "submitted_at"
        )[:4]
    )
    for n, (name, town, languages) in enumerate(PEERS):
        supporter = records.recruit(
            organisation=organisation, name=name, town=town, languages=languages,
            recruited_on=today - timedelta(days=300 - n * 20),
        )  # fmt: skip
        made["peers"] += 1
        if n == len(PEERS) - 1:  # the newest is still in training
            records.record_training(supporter, course=courses["peer-support-foundation"],
                                    trained_on=today, status=PeerStatus.TRAINING)  # fmt: skip
            continue
        records.record_training(supporter, course=courses["peer-support-foundation"],
                                trained_on=today - timedelta(days=240 - n * 20))  # fmt: skip
        if n < len(open_requests):
            started = today - timedelta(days=90 - n * 10)
            peer_match = records.match(supporter, open_requests[n], by=provider,
                                       started_on=started)  # fmt: skip
            for k, note in enumerate(NOTES[: 2 + n % 2]):
                records.log_contact(
                    peer_match, on=started + timedelta(days=14 + k * 21),
                    way=rng.choice(list(ContactWay)), notes=note, by=provider,
                )  # fmt: skip
    return made

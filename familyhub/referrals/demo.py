"""Demonstration people (one per role) and requests for support in every state, made through
the real actions. Fictional: example.org addresses, Ofcom drama phone numbers."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from familyhub.accounts.models import Profile, Role, Team
from familyhub.directory.models import Organisation, Service
from familyhub.referrals.actions import move_request, submit_draft
from familyhub.referrals.models import Draft
from familyhub.referrals.states import MOVES, Outcome

DEMO_PASSWORD = "demo-only-Medway-2026"
PEOPLE = [
    # username, first, last, role, organisation name, team
    ("parent@example.org", "Jade", "Okafor", Role.PARENT, None, None),
    ("provider@example.org", "Priya", "Shah", Role.PROVIDER, "Medway Council Early Help Service",
     None),
    ("practitioner@example.org", "Tom", "Baker", Role.PRACTITIONER, "Balmoral Road Primary School",
     "Pastoral team"),
    ("triage@example.org", "Grace", "Mensah", Role.TRIAGE, "Medway Council Early Help Service",
     None),
    ("datamanager@example.org", "Dan", "Hughes", Role.DATA_MANAGER, None, None),
    ("analyst@example.org", "Ana", "Kowalski", Role.ANALYST, None, None),
    ("admin@example.org", "Sam", "Admin", Role.ADMINISTRATOR, None, None),
    ("board@example.org", "Beverley", "Otieno", Role.BOARD_MEMBER, None, None),
    ("strategy@example.org", "Rhys", "Morgan", Role.STRATEGY_LEAD,
     "Medway Council Early Help Service", None),
    ("editor@example.org", "Nia", "Evans", Role.CONTENT_EDITOR, None, None),
]  # fmt: skip

FAMILIES = [
    # parent, child, birth date, postcode, worries, service name prefix, moves
    ("Jade Okafor", "Leo Okafor", "2022-02-11", "ME4 6DS", "Leo has big tantrums at bedtime.",
     "Incredible Years toddler", ["receive", "waitlist"]),
    ("Marta Nowak", "Zofia Nowak", "2019-07-30", "ME7 1AA",
     "Zofia will not go to school most mornings.", "Help when your child is finding it hard",
     []),
    ("Kemi Adeyemi", "Tobi Adeyemi", "2014-01-05", "ME5 9QA",
     "We argue all the time since he turned 12.", "Living with teenagers", ["receive", "accept"]),
    ("Lee Grant", "Maisie Grant", "2020-10-20", "ME2 4AB", "Money is very tight this winter.",
     "Help with food, energy", ["accept", "start", "close"]),
    ("Aisha Khan", "Yusuf Khan", "2017-03-14", "ME1 2XX",
     "Yusuf's anger is aimed at me and I feel scared.", "NVR group", ["receive"]),
    ("Chris Hall", "Ruby Hall", "2018-06-01", "ME8 0PP", "Not sure what help we need.", None, []),
    # Words the safety layer recognises: the triage queue shows "Safeguarding check needed".
    ("Dani Price", "Alfie Price", "2021-09-09", "ME3 9AB",
     "Alfie is not sleeping and I am exhausted. His dad keeps turning up at the house and says "
     "he will take Alfie away from me.", None, []),
]  # fmt: skip


def people_loaded() -> bool:
    return get_user_model().objects.filter(username="provider@example.org").exists()


@transaction.atomic
def load_demo_people_and_requests() -> dict:
    users = {}
    for username, first, last, role, organisation_name, team_name in PEOPLE:
        user = get_user_model().objects.create_user(
            username=username, email=username, password=DEMO_PASSWORD,
            first_name=first, last_name=last,
            is_staff=role in (Role.DATA_MANAGER, Role.ADMINISTRATOR),
            is_superuser=role == Role.ADMINISTRATOR,
        )  # fmt: skip
        organisation = (
            Organisation.objects.get(name=organisation_name) if organisation_name else None
        )
        team = (
            Team.objects.create(name=team_name, organisation=organisation,
                                email="pastoral@example.org")
            if team_name else None
        )  # fmt: skip
        Profile.objects.create(user=user, role=role, organisation=organisation, team=team)
        users[role] = user
    made = 0
    for parent, child, born, postcode, worries, service_prefix, moves in FAMILIES:
        service = (
            Service.objects.filter(name__startswith=service_prefix).first()
            if service_prefix
            else None
        )
        by = users[Role.PARENT] if parent == "Jade Okafor" else None
        if parent == "Kemi Adeyemi":
            by = users[Role.PRACTITIONER]
        first, last = parent.split(" ", 1)
        child_first, child_last = child.split(" ", 1)
        answers = {
            "who": "practitioner" if by == users[Role.PRACTITIONER] else "family",
            "safety": "no",
            "consent": {"given_by_name": parent, "agreed": True},
            "parent": {"first_name": first, "last_name": last, "relationship": "parent"},
            "postcode": postcode,
            "children": [{"first_name": child_first, "last_name": child_last,
                          "date_of_birth": born}],
            "worries": worries,
            "contact": {"contact_email": f"{first.lower()}@example.org",
                        "contact_phone": "07700 900" + str(100 + made),
                        "preferred_contact": "email", "safe_to_email": True,
                        "safe_to_text": parent != "Aisha Khan", "safe_to_phone": True,
                        "voicemail_ok": parent != "Aisha Khan",
                        "safe_times": "Weekdays 10am to 2pm" if parent == "Aisha Khan" else ""},
        }  # fmt: skip
        draft = Draft.objects.create(service=service, user=by, answers=answers)
        support_request = submit_draft(draft.id, by=by)
        provider = users[Role.PROVIDER]
        for name in moves:
            needs = MOVES[name].needs
            details = {}
            if "expected_start" in needs:
                details["expected_start"] = timezone.localdate() + timedelta(weeks=5)
            if "outcome" in needs:
                details["outcome"] = Outcome.NEEDS_MET
            move_request(support_request.pk, name, by=provider, **details)
        made += 1
    return {"people": len(PEOPLE), "requests": made}

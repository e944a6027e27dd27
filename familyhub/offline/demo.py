"""A demonstration request made on a family's behalf: a Romanian-speaking mother rang the
early help team, who asked for a device and support for her on the phone (fictional)."""

from django.contrib.auth import get_user_model

from familyhub.directory.models import Service
from familyhub.referrals.actions import submit_draft
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.on_behalf import new_draft

ANSWERS = {
    "safety": "no",
    "consent": {"given_by_name": "Ioana Popescu", "agreed": True},
    "parent": {"first_name": "Ioana", "last_name": "Popescu", "relationship": "mother"},
    "postcode": "ME7 1HT",
    "home_languages": "Romanian, English",
    "interpreter_needed": True,
    "interpreter_language": "Romanian",
    "children": [
        {"first_name": "Andrei", "last_name": "Popescu", "date_of_birth": "2016-03-09"},
        {"first_name": "Maria", "last_name": "Popescu", "date_of_birth": "2019-10-21"},
    ],
    "worries": "No laptop at home: Andrei cannot do his homework and I cannot fill in forms "
    "for school. I only have a phone with little credit.",
    "tried": "The library computers, but it is two buses away.",
    "would_help": "A laptop, and someone to show me how to use it.",
    "contact": {
        "contact_phone": "07700 900461",
        "preferred_contact": "text",
        "safe_to_text": True,
        "safe_to_phone": True,
        "safe_times": "Weekdays after 3pm",
    },
}


def load_demo_on_behalf() -> SupportRequest | None:
    if SupportRequest.objects.filter(made_on_behalf__gt="").exists():
        return None
    triage = get_user_model().objects.filter(username="triage@example.org").first()
    service = Service.objects.filter(name__startswith="Family device bank").first()
    if triage is None or service is None:
        return None
    draft = new_draft(triage, "", how="phone", service=service)
    answers = draft.answers
    answers.update(ANSWERS)
    draft.answers = answers
    draft.save()
    return submit_draft(draft.id, by=triage)

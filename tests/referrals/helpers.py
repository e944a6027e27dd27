"""Requests made the real way (a draft, then submit_draft). The people are tests/personas.py's."""

from familyhub.referrals.actions import submit_draft
from familyhub.referrals.models import Draft
from tests.personas import person, team_in  # noqa: F401  (the shared personas)


def answers(**overrides):
    base = {
        "who": "family",
        "safety": "no",
        "consent": {"given_by_name": "Sam Parent", "agreed": True},
        "parent": {"first_name": "Sam", "last_name": "Parent", "relationship": "mother"},
        "postcode": "ME4 4TR",
        "children": [{"first_name": "Alex", "last_name": "Parent", "date_of_birth": "2021-05-04"}],
        "worries": "Bedtimes are a battle every night.",
        "tried": "A reward chart.",
        "would_help": "Ideas for a routine.",
        "contact": {
            "contact_email": "sam@example.org",
            "contact_phone": "07700 900123",
            "preferred_contact": "email",
            "safe_to_email": True,
            "safe_to_text": True,
            "safe_to_phone": False,
            "voicemail_ok": False,
            "safe_times": "After 10am",
        },
    }
    base.update(overrides)
    return base


def make_request(service, *, by=None, **overrides):
    draft = Draft.objects.create(service=service, user=by, answers=answers(**overrides))
    return submit_draft(draft.id, by=by)

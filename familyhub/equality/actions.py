"""Recording the equality answers a family chose to give (each write audited, in
families.services.record_equality)."""

from django.db import transaction

from familyhub.families import services as family_services


@transaction.atomic
def record_answers(person_forms, *, by, via: str) -> int:
    """Keep each person's answers (a question left blank keeps what is held). How many people
    had answers given."""
    recorded = 0
    for form in person_forms:
        if family_services.record_equality(form.member, form.answers(), by=by, via=via):
            recorded += 1
    return recorded

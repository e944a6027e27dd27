"""Finding the same family twice: normalised child name, date of birth (or due date), postcode
and contact.

Every way a request arrives (a service page, "not sure which service?", the checker, a
practitioner) goes through `find_family` before a family record is made:

- **The same family**: a child on the record with the same name and date of birth (or, for a
  baby not born yet, the same due date), at the same postcode, and the contact details given
  agree with the record's (at least one of the email address and phone number is the record's,
  and neither is different from it). The request joins that record.
- **Possibly the same family**: a child of the same name and date of birth at another postcode,
  the same email address or phone number, or the same child and postcode with other contact
  details. A new record is made, and staff are shown the others beside it to compare and merge
  (`services.likely_duplicates_of`): a near match is for a person to judge, and joining a
  record on someone's word alone could hand one family's record to another.

Matching happens on the server when a request is sent; nothing found is shown to whoever is
filling in the form.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from familyhub.families.keys import contact_key, name_key, postcode_key
from familyhub.families.models import CHILD_RELATIONSHIPS, Family, FamilyMember


def child_key(child: dict) -> tuple[str, date | None, date | None]:
    """A child from a request's answers: (name key, date of birth, due date)."""
    born = child.get("date_of_birth") or ""
    due = child.get("due_date") or ""
    return (
        name_key(child.get("first_name", ""), child.get("last_name", "")),
        date.fromisoformat(born) if born else None,
        date.fromisoformat(due) if due else None,
    )


def is_same_child(member, key) -> bool:
    """A child on a record is the child in the answers: same name and date of birth, or (a
    baby not born yet) the same name, if any, and due date."""
    name, born, due = key
    if not member.is_child or member.name_key != name:
        return False
    if born is not None:
        return member.date_of_birth == born
    return member.date_of_birth is None and due is not None and member.due_date == due


def child_condition(key, postcode: str | None = None) -> Q:
    """The same child as a WHERE on FamilyMember; a baby not born yet only at the same
    postcode (many babies share a due date)."""
    name, born, due = key
    if born is not None:
        condition = Q(name_key=name, date_of_birth=born)
    else:
        condition = Q(name_key=name, date_of_birth__isnull=True, due_date=due)
    if postcode is not None:
        condition &= Q(family__postcode=postcode)
    return condition


def matching_children(first_name: str, last_name: str, date_of_birth, postcode: str, *,
                      due_date=None):  # fmt: skip
    """Children already on record with this name, date of birth (or due date) and postcode."""

    key = (name_key(first_name, last_name), date_of_birth, due_date)
    if date_of_birth is None and due_date is None:
        return FamilyMember.objects.none()
    return FamilyMember.objects.filter(
        child_condition(key, postcode_key(postcode)),
        family__merged_into__isnull=True,
    ).select_related("family")


@dataclass
class Match:
    """What `find_family` found: the record to use (or None: make one), and why."""

    family: object = None
    reason: str = ""
    possible: list = field(default_factory=list)


def find_family(answers: dict) -> Match:
    """The family record these answers are about, if one agrees on a child, the postcode and
    the contact details; see the module's docstring."""

    keys = [child_key(child) for child in answers.get("children", [])]
    keys = [key for key in keys if key[1] is not None or key[2] is not None]
    postcode = postcode_key(answers.get("postcode", ""))
    contact = answers.get("contact", {})
    given = {
        "email_key": contact_key("email", contact.get("contact_email")),
        "phone_key": contact_key("phone", contact.get("contact_phone")),
    }
    given = {name: value for name, value in given.items() if value}
    if not keys or not postcode:
        return Match()
    same_child = Q()
    for key in keys:
        same_child |= child_condition(key, postcode)
    family_ids = (
        FamilyMember.objects.filter(same_child, relationship__in=CHILD_RELATIONSHIPS)
        .filter(family__merged_into__isnull=True)
        .values("family_id")
    )
    candidates = Family.objects.filter(pk__in=family_ids).order_by("created_at", "pk")
    for family in candidates:
        recorded = {"email_key": family.email_key, "phone_key": family.phone_key}
        # Every contact detail given is already the record's: a request never adds a new
        # address or number to a record it was matched to (see services.save_family_from_answers).
        if given and all(recorded[name] == value for name, value in given.items()):
            return Match(family, "same child, postcode and contact details")
    return Match(possible=list(candidates))

"""Writing family records: from a request's answers, and by the family. (Likely duplicates and
merging them: duplicates.py.)"""

from datetime import date
from typing import NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from familyhub.audit import services as audit
from familyhub.families.keys import name_key, postcode_key
from familyhub.families.matching import (
    child_key,
    find_family,
    is_same_child,
)
from familyhub.families.models import (
    CHILD_RELATIONSHIPS,
    EqualityMonitoring,
    Family,
    FamilyMember,
    Relationship,
)

CONTACT_FIELDS = [
    "contact_phone",
    "contact_email",
    "preferred_contact",
    "safe_to_phone",
    "safe_to_text",
    "safe_to_email",
    "voicemail_ok",
    "other_way",
    "other_way_phone",
    "other_way_details",
    "safe_times",
    "contact_notes",
]
HOUSEHOLD_FIELDS = [
    "home_languages",
    "interpreter_needed",
    "interpreter_language",
    "accessibility_needs",
]


class SavedFamily(NamedTuple):
    """The record a request is about, and how it was found: "own" (a signed-in family's own
    record), "matched" (an existing record, by `matching.find_family`) or "new"."""

    family: Family
    how: str


def save_family_from_answers(answers: dict, *, by, family: Family | None = None) -> SavedFamily:
    """The family record a request's answers are about.

    A signed-in family's own record (`family`) is brought up to date with its answers. Otherwise
    the answers are matched to the records already held (`matching.find_family`: every route
    does this, the same way): the same family's record is reused and only added to; if none
    matches, a record is made, and any near matches are noted for staff to compare."""
    if family is not None:
        _update_own_record(family, answers)
        how = "own"
        audit.record(by, "change", family, detail="from a request")
    else:
        match = find_family(answers)
        if match.family is not None:
            family, how = match.family, "matched"
            _add_to_matched_record(family, answers)
            audit.record(by, "change", family, detail=f"a request matched it: {match.reason}")
        else:
            how = "new"
            family = Family(created_by=by if by and by.is_authenticated else None)
            _update_own_record(family, answers)
            if by is not None and by.is_authenticated and answers.get("who") == "family":
                family.account_holders.add(by)
            audit.record(by, "create", family, detail="from a request")
            for other in match.possible:
                audit.record(by, "create", family, detail=f"possibly the same family as {other.pk}")
    _add_people(family, answers, another_adult=how == "matched")
    return SavedFamily(family, how)


def _update_own_record(family: Family, answers: dict) -> None:
    """The household and contact details as the family last gave them."""
    family.postcode = postcode_key(answers["postcode"])
    for name in HOUSEHOLD_FIELDS:
        if name in answers:
            setattr(family, name, answers[name])
    for name, value in answers.get("contact", {}).items():
        if name in CONTACT_FIELDS:
            setattr(family, name, value)
    family.save()


SAFE_WAYS = ["safe_to_phone", "safe_to_text", "safe_to_email", "voicemail_ok"]
ADDED_TEXT = ["safe_times", "contact_notes", "accessibility_needs", "home_languages"]


def _add_to_matched_record(family: Family, answers: dict) -> None:
    """A request matched to a record the sender does not hold (they may be anyone who knows the
    family's details) adds to it and never takes away: a way of contact the request says is not
    safe stops being used, but one it says is safe is not switched back on; new words about safe
    times, contact, access or languages are added after the record's own; an interpreter asked
    for is noted. Email address and phone number are never changed (the match needs them to be
    the record's already)."""
    contact = answers.get("contact", {})
    for name in SAFE_WAYS:
        if name in contact and not contact[name]:
            setattr(family, name, False)
    if contact.get("preferred_contact"):
        family.preferred_contact = contact["preferred_contact"]
    given = {**answers, **contact}
    for name in ADDED_TEXT:
        new = (given.get(name) or "").strip()
        old = (getattr(family, name) or "").strip()
        if new and new.lower() not in old.lower():
            joined = f"{old}\n{new}" if name != "home_languages" else f"{old}, {new}"
            setattr(family, name, joined if old else new)
    family.home_languages = family.home_languages[:200]
    if answers.get("interpreter_needed"):
        family.interpreter_needed = True
        family.interpreter_language = family.interpreter_language or (
            answers.get("interpreter_language") or ""
        )
    family.save()


def _add_people(family: Family, answers: dict, *, another_adult: bool) -> None:
    """The children the record does not have yet, and the parent if it has no adult — or, on
    a record matched to the request, if the parent who asked is not on it yet (beside the main
    contact: a grandparent asking for the same child is news staff need)."""
    members = list(family.members.all())
    parent = answers.get("parent")
    adults = [m for m in members if not m.is_child]
    known = parent and any(
        m.name_key == name_key(parent["first_name"], parent.get("last_name", "")) for m in adults
    )
    if parent and (not adults or (another_adult and not known)):
        FamilyMember.objects.create(
            family=family,
            first_name=parent["first_name"],
            last_name=parent.get("last_name", ""),
            relationship=parent.get("relationship") or Relationship.PARENT,
            is_main_contact=not adults,
        )
    for child in answers.get("children", []):
        if _same_child(members, child) is None:
            born, due = child.get("date_of_birth"), child.get("due_date")
            if born and (baby := _born_since(members, child)) is not None:
                baby.first_name, baby.last_name = child["first_name"], child.get("last_name", "")
                baby.date_of_birth = date.fromisoformat(born)
                baby.save()
                continue
            members.append(
                FamilyMember.objects.create(
                    family=family,
                    first_name=child.get("first_name", ""),
                    last_name=child.get("last_name", ""),
                    date_of_birth=date.fromisoformat(born) if born else None,
                    due_date=date.fromisoformat(due) if due and not born else None,
                    relationship=child.get("relationship") or Relationship.CHILD,
                )
            )


BORN_WITHIN_DAYS_OF_DUE = 42


def _born_since(members, child) -> FamilyMember | None:
    """The expected baby on the record that this child, with a date of birth, has become: due
    within 6 weeks of the birth, and not given another name."""
    key, born = child_key(child)[0], date.fromisoformat(child["date_of_birth"])
    return next(
        (
            m
            for m in members
            if m.is_child
            and m.is_expected
            and abs((born - m.due_date).days) <= BORN_WITHIN_DAYS_OF_DUE
            and m.name_key in ("", key)
        ),
        None,
    )


def children_named_in(family: Family, answers: dict) -> list[FamilyMember]:
    members = list(family.members.all())
    return [m for child in answers.get("children", []) if (m := _same_child(members, child))]


def _same_child(members, child) -> FamilyMember | None:
    key = child_key(child)
    return next((m for m in members if is_same_child(m, key)), None)


# --- The family keeps its own record up to date ------------------------------------------
# Each change is one audited function; audit details name what changed, never the values.


class RemovalRefused(ValueError):
    """Why a person cannot be taken off the family record (the message is for the family)."""


def update_contact(family: Family, values: dict, *, by) -> Family:
    """How to contact the family safely (the contact page's answers)."""
    for field in CONTACT_FIELDS:
        if field in values:
            setattr(family, field, values[field])
    family.save()
    audit.record(by, "change", family, detail="contact details")
    return family


def update_languages(
    family: Family, *, home_languages: str, interpreter_needed: bool, interpreter_language: str, by
) -> Family:
    family.home_languages = home_languages.strip()
    family.interpreter_needed = bool(interpreter_needed)
    # A language for an interpreter only means something when one is wanted.
    family.interpreter_language = interpreter_language.strip() if interpreter_needed else ""
    family.save(
        update_fields=["home_languages", "interpreter_needed", "interpreter_language", "updated_at"]
    )
    audit.record(by, "change", family, detail="languages and interpreter")
    return family


def update_accessibility(family: Family, *, accessibility_needs: str, by) -> Family:
    family.accessibility_needs = accessibility_needs.strip()
    family.save(update_fields=["accessibility_needs", "updated_at"])
    audit.record(by, "change", family, detail="accessibility needs")
    return family


def add_member(
    family: Family, *, first_name, last_name="", relationship, date_of_birth=None, by
) -> FamilyMember:
    """A child or another adult joins the record. The first adult is the main contact."""
    adult = relationship not in CHILD_RELATIONSHIPS
    member = FamilyMember.objects.create(
        family=family,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        relationship=relationship,
        date_of_birth=date_of_birth,
        is_main_contact=adult and family.main_contact is None,
    )
    audit.record(by, "change", family, detail=f"person added ({member.pk})")
    return member


def update_member(
    member: FamilyMember, *, first_name, last_name="", relationship, date_of_birth=None, by
) -> FamilyMember:
    """A person's name, relationship and date of birth. A child stays a child and an adult an
    adult (requests name the children they are about)."""
    if (relationship in CHILD_RELATIONSHIPS) != member.is_child:
        raise ValueError("A child cannot become an adult on the record, or the other way round.")
    member.first_name = first_name.strip()
    member.last_name = last_name.strip()
    member.relationship = relationship
    member.date_of_birth = date_of_birth
    member.save()
    audit.record(by, "change", member.family, detail=f"person changed ({member.pk})")
    return member


def why_not_removable(member: FamilyMember) -> str | None:
    """The reason, in the family's words, that this person cannot be removed; None if they can."""
    references = sorted(member.requests.values_list("reference", flat=True))
    if references:
        return _(
            "%(name)s cannot be removed because they are named on your request %(references)s. "
            "The service needs to keep a record of who the request was about. If %(name)s has "
            "left your family, contact the service, or change their details instead."
        ) % {"name": member.full_name, "references": ", ".join(references)}
    if (
        not member.is_child
        and not member.family.members.exclude(pk=member.pk)
        .exclude(relationship__in=CHILD_RELATIONSHIPS)
        .exists()
    ):
        return _(
            "%(name)s cannot be removed because your family record needs at least one parent "
            "or carer. Add another adult first, or change %(name)s's details instead."
        ) % {"name": member.full_name}
    return None


@transaction.atomic
def remove_member(member: FamilyMember, *, by) -> None:
    """Take a person off the record, unless they are on a request (or are the last adult):
    then RemovalRefused says why."""
    # Lock the person's row: a request naming them cannot be sent between check and delete.
    member = FamilyMember.objects.select_for_update().select_related("family").get(pk=member.pk)
    reason = why_not_removable(member)
    if reason:
        raise RemovalRefused(reason)
    family, was_main, member_id = member.family, member.is_main_contact, member.pk
    member.delete()
    if was_main and (next_adult := family.main_contact) is not None:
        next_adult.is_main_contact = True
        next_adult.save(update_fields=["is_main_contact"])
    audit.record(by, "change", family, detail=f"person removed ({member_id})")


EQUALITY_FIELDS = [
    "ethnicity",
    "disability",
    "sex",
    "gender_same_as_at_birth",
    "religion",
    "sexual_orientation",
    "pregnant_or_new_parent",
    "low_income",
    "marital_status",
]


def update_equality(member: FamilyMember, answers: dict, *, by) -> EqualityMonitoring | None:
    """Optional equality monitoring for one person. Blank answers are "not answered"; with none
    given, nothing is kept."""
    values = {field: (answers.get(field) or "") for field in EQUALITY_FIELDS}
    if not any(values.values()):
        EqualityMonitoring.objects.filter(member=member).delete()
        audit.record(by, "change", member.family, detail=f"equality answers cleared ({member.pk})")
        return None
    record, _created = EqualityMonitoring.objects.update_or_create(member=member, defaults=values)
    audit.record(by, "change", member.family, detail=f"equality answers ({member.pk})")
    return record


def record_equality(member: FamilyMember, answers: dict, *, by, via: str):
    """Answers given on a request, a referral or a case: each answer given replaces the one
    held; a question left blank keeps what is held (the family sees and changes every answer
    on "Your family"). Returns the record, or None when nothing was given."""
    given = {field: answers[field] for field in EQUALITY_FIELDS if answers.get(field)}
    if not given:
        return None
    record, _created = EqualityMonitoring.objects.update_or_create(member=member, defaults=given)
    audit.record(by, "change", member.family, detail=f"equality answers ({member.pk}, {via})")
    return record


def add_account_holder(family: Family, user, *, by, how: str) -> bool:
    """Let a parent's account see this family's record and requests. True if newly added."""
    if family.account_holders.filter(pk=user.pk).exists():
        return False
    family.account_holders.add(user)
    audit.record(by, "change", family, detail=f"account holder added ({how})")
    return True

"""Writing family records: from a request's answers, by the family, and merging duplicates."""

from datetime import date

from django.db import transaction

from familyhub.audit import services as audit
from familyhub.families.matching import postcode_key
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


def save_family_from_answers(answers: dict, *, by, family: Family | None = None) -> Family:
    """Create the family record from a request's answers, or bring an existing one up to date
    (new children added, contact details as the family last gave them). Returns the family."""
    creating = family is None
    if creating:
        family = Family(created_by=by if by and by.is_authenticated else None)
    family.postcode = postcode_key(answers["postcode"])
    for field in HOUSEHOLD_FIELDS:
        if field in answers:
            setattr(family, field, answers[field])
    for field, value in answers.get("contact", {}).items():
        if field in CONTACT_FIELDS:
            setattr(family, field, value)
    family.save()
    if creating and by is not None and by.is_authenticated and answers.get("who") == "family":
        family.account_holders.add(by)

    members = list(family.members.all())
    parent = answers.get("parent")
    if parent and not any(not m.is_child for m in members):
        FamilyMember.objects.create(
            family=family,
            first_name=parent["first_name"],
            last_name=parent.get("last_name", ""),
            relationship=parent.get("relationship") or Relationship.PARENT,
            is_main_contact=True,
        )
    for child in answers.get("children", []):
        existing = _same_child(members, child)
        if existing is None:
            members.append(
                FamilyMember.objects.create(
                    family=family,
                    first_name=child["first_name"],
                    last_name=child.get("last_name", ""),
                    date_of_birth=date.fromisoformat(child["date_of_birth"]),
                    relationship=child.get("relationship") or Relationship.CHILD,
                )
            )
    audit.record(by, "create" if creating else "change", family, detail="from a request")
    return family


def children_named_in(family: Family, answers: dict) -> list[FamilyMember]:
    members = list(family.members.all())
    return [m for child in answers.get("children", []) if (m := _same_child(members, child))]


def _same_child(members, child) -> FamilyMember | None:
    from familyhub.families.matching import name_key

    key = name_key(child["first_name"], child.get("last_name", ""))
    born = date.fromisoformat(child["date_of_birth"])
    return next(
        (m for m in members if m.is_child and m.name_key == key and m.date_of_birth == born), None
    )


def likely_duplicates(family: Family) -> list[Family]:
    """Other family records with a child of the same name, date of birth and postcode."""
    return likely_duplicates_of([family]).get(family.pk, [])


def likely_duplicates_of(families) -> dict:
    """For many families at once (one query): family id → the other family records with a
    child of the same name, date of birth and postcode."""
    from django.db.models import Q

    wanted, condition = {}, Q()
    for family in families:
        for child in family.children:
            key = (child.name_key, child.date_of_birth, postcode_key(family.postcode))
            wanted.setdefault(key, set()).add(family.pk)
            condition |= Q(name_key=key[0], date_of_birth=key[1], family__postcode=key[2])
    if not wanted:
        return {}
    found: dict = {}
    matches = FamilyMember.objects.filter(condition, family__merged_into__isnull=True)
    for match in matches.select_related("family").order_by("family__created_at", "id"):
        key = (match.name_key, match.date_of_birth, match.family.postcode)
        for family_id in wanted.get(key, ()):
            if match.family_id != family_id:
                found.setdefault(family_id, {})[match.family_id] = match.family
    return {family_id: list(others.values()) for family_id, others in found.items()}


@transaction.atomic
def merge_families(keep: Family, duplicate: Family, *, by) -> Family:
    """Fold `duplicate` into `keep`: its requests, consents and account holders move across;
    the same child recorded twice becomes one; the duplicate stays, pointing at `keep`."""
    if keep.pk == duplicate.pk:
        raise ValueError("A family record cannot be merged into itself.")
    # Lock both records (in a fixed order, so two merges cannot deadlock) and read them fresh:
    # a record someone else merged a moment ago is refused, not merged twice.
    locked = {
        family.pk: family
        for family in Family.objects.select_for_update()
        .filter(pk__in=[keep.pk, duplicate.pk])
        .order_by("pk")
    }
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    for family in (keep, duplicate):
        if family.merged_into_id:
            raise ValueError("That family record has already been merged into another.")
    keep_members = list(keep.members.all())
    for member in list(duplicate.members.all()):
        twin = next(
            (
                m
                for m in keep_members
                if m.name_key == member.name_key
                and m.date_of_birth == member.date_of_birth
                and m.is_child == member.is_child
            ),
            None,
        )
        if twin is None:
            member.family = keep
            member.is_main_contact = member.is_main_contact and keep.main_contact is None
            member.save()
            continue
        for support_request in member.requests.all():
            support_request.children.remove(member)
            support_request.children.add(twin)
        member.delete()
    duplicate.requests.update(family=keep)
    duplicate.consents.update(family=keep)
    keep.account_holders.add(*duplicate.account_holders.all())
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into", "updated_at"])
    audit.record(by, "merge", keep, detail=f"merged family record {duplicate.pk}")
    audit.record(by, "merge", duplicate, detail=f"merged into family record {keep.pk}")
    return keep


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
    from django.utils.translation import gettext as _

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


def add_account_holder(family: Family, user, *, by, how: str) -> bool:
    """Let a parent's account see this family's record and requests. True if newly added."""
    if family.account_holders.filter(pk=user.pk).exists():
        return False
    family.account_holders.add(user)
    audit.record(by, "change", family, detail=f"account holder added ({how})")
    return True

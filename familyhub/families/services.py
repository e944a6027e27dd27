"""Writing family records: from a request's answers, by the family, and merging duplicates."""

from datetime import date

from django.db import transaction

from familyhub.audit import services as audit
from familyhub.families.matching import postcode_key
from familyhub.families.models import Family, FamilyMember, Relationship

CONTACT_FIELDS = [
    "contact_phone",
    "contact_email",
    "preferred_contact",
    "safe_to_phone",
    "safe_to_text",
    "safe_to_email",
    "voicemail_ok",
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

"""Family records that may be the same family, and folding one into another."""

from django.db import transaction
from django.db.models import Q

from familyhub.audit import services as audit
from familyhub.families.keys import postcode_key
from familyhub.families.matching import child_condition
from familyhub.families.models import CHILD_RELATIONSHIPS, DifferentFamilies, Family, FamilyMember


def likely_duplicates(family: Family) -> list[Family]:
    """Other family records that may be the same family (see `likely_duplicates_of`)."""
    return likely_duplicates_of([family]).get(family.pk, [])


def likely_duplicates_of(families) -> dict:
    """For many families at once: family id → the other family records that may be the same
    family, oldest first — a child of the same name and date of birth (anywhere: families
    move), a baby not born yet of the same name and due date at the same postcode, or the same
    email address or phone number — unless staff decided they are different families. Three
    queries however many families."""
    families = list(families)
    wanted: dict = {}
    children, contacts = Q(), Q()
    for family in families:
        for child in family.children:
            key = (child.name_key, child.date_of_birth, child.due_date)
            if child.date_of_birth is None and child.due_date is None:
                continue
            postcode = None if child.date_of_birth else postcode_key(family.postcode)
            wanted.setdefault(("child", *key, postcode), set()).add(family.pk)
            children |= child_condition(key, postcode)
        for name in ("email_key", "phone_key"):
            if value := getattr(family, name):
                wanted.setdefault((name, value), set()).add(family.pk)
                contacts |= Q(**{name: value})
    found: dict = {}

    def note(key, other):
        for family_id in wanted.get(key, ()):
            if other.pk != family_id:
                found.setdefault(family_id, {})[other.pk] = other

    if children:
        matches = FamilyMember.objects.filter(
            children, relationship__in=CHILD_RELATIONSHIPS, family__merged_into__isnull=True
        )
        for match in matches.select_related("family"):
            postcode = None if match.date_of_birth else match.family.postcode
            key = ("child", match.name_key, match.date_of_birth, match.due_date, postcode)
            note(key, match.family)
    if contacts:
        for other in Family.objects.filter(contacts, merged_into__isnull=True):
            for name in ("email_key", "phone_key"):
                if value := getattr(other, name):
                    note((name, value), other)
    if found:
        decided = DifferentFamilies.objects.filter(
            Q(first_id__in=list(found)) | Q(second_id__in=list(found))
        ).values_list("first_id", "second_id")
        for one, other in decided:
            found.get(one, {}).pop(other, None)
            found.get(other, {}).pop(one, None)
    return {
        family_id: sorted(others.values(), key=lambda f: (f.created_at, str(f.pk)))
        for family_id, others in found.items()
        if others
    }


def mark_different_families(one: Family, other: Family, *, by) -> bool:
    """Staff compared two records and they are different families: they are not shown as
    likely duplicates of each other again. True if newly decided."""
    if one.pk == other.pk:
        raise ValueError("A family record is the same family as itself.")
    first, second = sorted([one, other], key=lambda family: str(family.pk))
    _decision, created = DifferentFamilies.objects.get_or_create(
        first=first, second=second, defaults={"decided_by": by}
    )
    if created:
        for family, twin in ((first, second), (second, first)):
            audit.record(by, "change", family, detail=f"not the same family as {twin.pk}")
    return created


@transaction.atomic
def merge_families(keep: Family, duplicate: Family, *, by, move_requests) -> Family:
    """Fold `duplicate` into `keep`: its people and account holders move across; the same child
    recorded twice becomes one; the duplicate stays, pointing at `keep`. The records that point
    at a family from elsewhere (requests and their consents) are moved by `move_requests(keep,
    duplicate, twins)` — referrals' own writer, which keeps their history — before a child
    recorded twice is removed (`twins`: the removed member's id → the member kept).
    Call it as referrals.actions.merge_family_records does."""
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
    twins = {}
    for member in list(duplicate.members.all()):
        twin = next(
            (
                m
                for m in keep_members
                if m.name_key == member.name_key
                and m.date_of_birth == member.date_of_birth
                and m.due_date == member.due_date
                and m.is_child == member.is_child
            ),
            None,
        )
        if twin is None:
            member.family = keep
            member.is_main_contact = member.is_main_contact and keep.main_contact is None
            member.save()
            continue
        twins[member.pk] = twin
    move_requests(keep, duplicate, twins)
    FamilyMember.objects.filter(pk__in=twins).delete()
    keep.account_holders.add(*duplicate.account_holders.all())
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into", "updated_at"])
    audit.record(by, "merge", keep, detail=f"merged family record {duplicate.pk}")
    audit.record(by, "merge", duplicate, detail=f"merged into family record {keep.pk}")
    return keep

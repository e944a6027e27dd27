"""Finding the family records held about a person, for a subject access request.

An administrator searches by any of: a request's reference; a person's name with their date of
birth; a person's name at a postcode; an email address; a phone number. Each is compared the
way the records keep it (`families/keys.py`: the name key, the postcode as stored, keyed hashes
of the email address and phone number) with matching's own condition for "the same person"
(`families/matching.child_condition`), so nothing is decrypted to search and there is one idea
of the same name. A record merged into another is found as the record it was merged into.

Only the records that match are returned, each with why it matched; a search with nothing to
search by is refused by the form, never answered with everyone. Every search is audited by
what it was by ("by email address"), never by the words searched for.

Not searchable: the "other safe number" a family with no safe phone, text or email may give
(it is encrypted with no keyed hash); it is in the pack of the record once found another way.
"""

from dataclasses import dataclass, field
from datetime import date

from familyhub.audit import services as audit
from familyhub.families.keys import contact_key, name_key, postcode_key
from familyhub.families.matching import child_condition
from familyhub.families.models import Family, FamilyMember
from familyhub.referrals.models import SupportRequest


@dataclass(frozen=True)
class Terms:
    """What the administrator searched by (already checked by the form)."""

    reference: str = ""
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    email: str = ""
    phone: str = ""
    postcode: str = ""

    @property
    def name(self) -> str:
        return name_key(self.first_name, self.last_name)

    def ways(self) -> list[str]:
        """What this search was by, in words that name no value (for the audit)."""
        ways = []
        if self.reference:
            ways.append("reference")
        if self.name and self.date_of_birth:
            ways.append("name and date of birth")
        if self.name and self.postcode:
            ways.append("name and postcode")
        if self.email:
            ways.append("email address")
        if self.phone:
            ways.append("phone number")
        return ways


@dataclass
class Found:
    """A family record the search found, and every reason it matched."""

    family: Family
    reasons: list[str] = field(default_factory=list)


def _person(member) -> str:
    return f"{member.full_name} ({member.get_relationship_display()})"


def _matches(terms: Terms):
    """(family, reason) for every way the terms match a record."""
    if terms.reference:
        for support_request in SupportRequest.objects.filter(
            reference=terms.reference
        ).select_related("family"):
            yield support_request.family, f"a request's reference, {support_request.reference}"
    people = FamilyMember.objects.select_related("family", "family__merged_into")
    if terms.name and terms.date_of_birth:
        for member in people.filter(child_condition((terms.name, terms.date_of_birth, None))):
            yield member.family, f"name and date of birth: {_person(member)}"
    if terms.name and terms.postcode:
        postcode = postcode_key(terms.postcode)
        for member in people.filter(name_key=terms.name, family__postcode=postcode):
            yield member.family, f"name and postcode: {_person(member)}"
    if terms.email:
        key = contact_key("email", terms.email)
        for family in Family.objects.filter(email_key=key):
            yield family, "email address on the record"
        for family in Family.objects.filter(account_holders__email__iexact=terms.email.strip()):
            yield family, "email address of a parent's account linked to the record"
    if terms.phone:
        for family in Family.objects.filter(phone_key=contact_key("phone", terms.phone)):
            yield family, "phone number on the record"


def record_in_use(family: Family) -> Family:
    """The record a merged duplicate was folded into (following merges of merges)."""
    seen = {family.pk}
    while family.merged_into_id and family.merged_into_id not in seen:
        family = Family.objects.get(pk=family.merged_into_id)
        seen.add(family.pk)
    return family


def find(terms: Terms) -> list[Found]:
    """The records these terms match, oldest first, each once with all its reasons."""
    found: dict = {}
    for family, reason in _matches(terms):
        kept = record_in_use(family)
        if kept.pk != family.pk:
            reason += " (on an earlier record merged into this one)"
        entry = found.setdefault(kept.pk, Found(kept))
        if reason not in entry.reasons:
            entry.reasons.append(reason)
    return sorted(found.values(), key=lambda entry: (entry.family.created_at, str(entry.family.pk)))


def find_and_record(terms: Terms, *, by) -> list[Found]:
    """Search, and audit the search (what it was by, how many records) and each record found."""
    results = find(terms)
    ways = " and ".join(terms.ways()) or "nothing"
    audit.record_search(
        by,
        detail=f"subject access search by {ways}: {len(results)} record(s) found",
        found=[entry.family for entry in results],
        found_detail=f"found by a subject access search by {ways}",
    )
    return results

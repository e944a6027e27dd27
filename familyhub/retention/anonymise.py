"""Anonymising a request for support and a family record: what is kept for outcomes reporting
and what is removed. The same functions serve the retention policy and an erasure.

A request keeps: its reference, service, need, the children it is about (as records), status,
outcome, coded reasons, the kinds of safeguarding concern and the step's code, the referrer's
team, whether a practitioner made it, the wait predicted, and its dates by month (the first of
the month). It loses: the family's words, the reason written for them, staff notes, who made it
and who moved it; its drafts, outbox messages and one-time codes are deleted.

A family record keeps: the postcode district (ME4), each person's relationship and year of
birth (1 January of the year, for age bands), and its requests, anonymised. It loses: names,
dates of birth, the address, contact details and every keyed hash of them (so matching can
never find it again), safe-contact answers, languages, access needs, its account holders, and
who made it; its consents keep their dates (by month) and versions without the name; equality
answers are added to yearly counts (EqualityTally) and deleted.

Call inside a transaction, with the rows locked (services.apply_retention and erasure do).
"""

from datetime import date, datetime

from django.db.models import F
from django.utils import timezone

from familyhub.families.keys import postcode_key
from familyhub.families.models import EqualityMonitoring, Family, FamilyMember
from familyhub.notifications.models import Message
from familyhub.referrals.models import Consent, Draft, StatusChange, SupportRequest, TrackingCode
from familyhub.retention.models import AnonymisedRecord, EqualityTally

REQUEST_FREE_TEXT = ("worries", "tried", "would_help", "reason_for_family")
REQUEST_MOMENTS = ("submitted_at", "status_changed_at", "received_at", "decided_at",
                   "started_at", "ended_at", "safeguarding_step_at")  # fmt: skip
REQUEST_DAYS = ("receive_by", "decide_by", "expected_start")
FAMILY_CLEARED = {
    "address": None,
    "accessibility_needs": None,
    "contact_phone": None,
    "contact_email": None,
    "safe_times": None,
    "contact_notes": None,
    "other_way_phone": None,
    "other_way_details": None,
    "other_way": "",
    "home_languages": "",
    "interpreter_needed": False,
    "interpreter_language": "",
    # Whether it was safe to phone or text says something about the home: back to defaults.
    "preferred_contact": Family._meta.get_field("preferred_contact").default,
    "safe_to_phone": True,
    "safe_to_text": True,
    "safe_to_email": True,
    "voicemail_ok": False,
    "email_key": "",
    "phone_key": "",
    "created_by": None,
}
EQUALITY_QUESTIONS = [
    f.name
    for f in EqualityMonitoring._meta.concrete_fields
    if not f.primary_key and f.name != "member"
]


def month_of(value):
    """The first of the value's month (midnight, local time, for a moment); None stays None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        local = timezone.localtime(value)
        return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return value.replace(day=1)


def year_of(value: date | None) -> date | None:
    return None if value is None else value.replace(month=1, day=1)


def postcode_district(postcode: str) -> str:
    """'ME4 4TR' -> 'ME4'."""
    return postcode_key(postcode or "").split(" ")[0][:4]


def _mark(kind: str, object_ids) -> None:
    now = timezone.now()
    AnonymisedRecord.objects.bulk_create(
        [AnonymisedRecord(kind=kind, object_id=object_id, at=now) for object_id in object_ids],
        ignore_conflicts=True,
    )


def _delete_traces(requests: list[SupportRequest]) -> dict:
    """Drafts, outbox messages and one-time codes of these requests: how many of each went."""
    ids = [r.pk for r in requests]
    references = [r.reference for r in requests]
    return {
        "drafts": Draft.objects.filter(submitted_request__in=ids).delete()[0],
        "messages": Message.objects.filter(reference__in=references).delete()[0],
        "tracking codes": TrackingCode.objects.filter(request__in=ids).delete()[0],
    }


def anonymise_requests(records) -> int:
    """Anonymise these requests (a queryset or list) with their history; how many."""
    requests = list(records)
    for support_request in requests:
        values = {name: None for name in REQUEST_FREE_TEXT}
        values |= {name: month_of(getattr(support_request, name)) for name in REQUEST_MOMENTS}
        values |= {name: month_of(getattr(support_request, name)) for name in REQUEST_DAYS}
        values["made_by"] = None
        values["version"] = F("version") + 1
        SupportRequest.objects.filter(pk=support_request.pk).update(**values)
        history = list(StatusChange.objects.filter(request=support_request))
        for entry in history:
            entry.at, entry.note, entry.by, entry.by_label = month_of(entry.at), None, None, ""
        StatusChange.objects.bulk_update(history, ["at", "note", "by", "by_label"])
    _delete_traces(requests)
    _mark("requests", [r.pk for r in requests])
    return len(requests)


def _tally_equality(members: list[FamilyMember], year: int) -> int:
    answers = list(EqualityMonitoring.objects.filter(member__in=members))
    for answer in answers:
        for question in EQUALITY_QUESTIONS:
            value = getattr(answer, question)
            if not value:
                continue
            tally, _ = EqualityTally.objects.get_or_create(
                year=year, question=question, answer=str(value)
            )
            EqualityTally.objects.filter(pk=tally.pk).update(count=F("count") + 1)
    EqualityMonitoring.objects.filter(pk__in=[a.pk for a in answers]).delete()
    return len(answers)


def anonymise_family(family: Family) -> dict:
    """Anonymise one family record and its requests; what was done, as counts."""
    requests = list(
        SupportRequest.objects.filter(family=family).exclude(
            pk__in=AnonymisedRecord.objects.filter(kind="requests").values("object_id")
        )
    )
    traces = _delete_traces(list(SupportRequest.objects.filter(family=family)))
    anonymise_requests(requests)
    members = list(family.members.all())
    equality = _tally_equality(members, family.created_at.year)
    for member in members:
        member.first_name = member.last_name = ""
        member.date_of_birth = year_of(member.date_of_birth)
        member.due_date = year_of(member.due_date)
        member.save()  # name_key is worked out again: empty
    family.account_holders.clear()
    Family.objects.filter(pk=family.pk).update(
        postcode=postcode_district(family.postcode),
        created_at=month_of(family.created_at),
        updated_at=month_of(family.updated_at),
        **FAMILY_CLEARED,
    )
    for consent in Consent.objects.filter(family=family):
        Consent.objects.filter(pk=consent.pk).update(
            given_by_name="", given_at=month_of(consent.given_at)
        )
    _mark("families", [family.pk])
    return {
        "family records": 1,
        "people": len(members),
        "requests": len(requests),
        "equality answers": equality,
        **traces,
    }


def anonymise_families(records) -> int:
    """Anonymise these family records (a queryset or list); how many."""
    families = list(records)
    for family in families:
        anonymise_family(family)
    return len(families)

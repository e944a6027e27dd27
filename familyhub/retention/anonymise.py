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
answers are added to yearly counts (EqualityTally) and deleted. A request's peer support keeps
its match (supporter, dates) and each contact's date and way; the contact notes, who logged
them and who made the match go.

An early help case keeps what outcomes reporting and Supporting Families evidence read: its
reference, team, lead, status, how it was opened, the coded outcome, whether it was handed over
(with consent or not) and whether things were sustained; the level of need, each finding's kind,
domain and outcome area (and the goals they are linked to), each goal's scores, each action's
progress, each review's decision and each family comment's kind; step-down services; every date
by month (a date of birth by year). It loses every piece of free text — case notes, the exit
plan, what children's social care passed on and answered, the handover's words, consent's name
and agencies, the assessment's family words, analysis and reason for the level, each assessed
person's name, notes and voice, findings' words, goals' words, actions' what and who, reviews'
progress, meetings' words, the family's comments, a break-glass reason — and which member of
staff wrote or recorded each. (An encrypted field that must hold something holds REMOVED.)

Call inside a transaction, with the rows locked (services.apply_retention and erasure do).
"""

from collections import Counter, defaultdict

from django.db.models import F
from django.db.models.functions import TruncMonth, TruncYear
from django.utils import timezone

from familyhub.casework.models import (
    AssessedPerson,
    Assessment,
    BreakGlass,
    Case,
    CaseChange,
    CaseConsent,
    CaseMember,
    FamilyComment,
    Finding,
    Goal,
    GoalScore,
    Meeting,
    Plan,
    PlanAction,
    Review,
)
from familyhub.families.keys import postcode_key
from familyhub.families.models import EqualityMonitoring, Family, FamilyMember
from familyhub.notifications.models import Message
from familyhub.referrals.models import Consent, Draft, StatusChange, SupportRequest, TrackingCode
from familyhub.retention.models import AnonymisedRecord, EqualityTally
from familyhub.workforce.models import PeerContact, PeerMatch

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


def by_month(*names) -> dict:
    """Each field set to the first of its month, in the database (one UPDATE for a whole
    batch). The month is the local one; a moment is stored as midnight UTC on its first day,
    which is in the same month in UK time."""
    return {name: TruncMonth(name) for name in names}


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
    """Anonymise these requests (a queryset or list) with their history; how many. A few
    statements for the whole batch, whatever its size."""
    requests = list(records)
    ids = [r.pk for r in requests]
    SupportRequest.objects.filter(pk__in=ids).update(
        **dict.fromkeys(REQUEST_FREE_TEXT),
        **by_month(*REQUEST_MOMENTS, *REQUEST_DAYS),
        made_by=None,
        version=F("version") + 1,  # a page open on it can no longer change it
    )
    StatusChange.objects.filter(request__in=ids).update(
        note=None, by=None, by_label="", **by_month("at")
    )
    PeerContact.objects.filter(match__request__in=ids).update(notes=None, logged_by=None)
    PeerMatch.objects.filter(request__in=ids).update(matched_by=None)
    _delete_traces(requests)
    _mark("requests", ids)
    return len(requests)


# What an encrypted field that must hold something holds once its words are removed.
REMOVED = "[removed]"
CASE_FREE_TEXT = ("history_from_social_care", "exit_plan", "handover_concern", "handover_known",
                  "handover_no_consent_reason", "handover_answer")  # fmt: skip
CASE_MOMENTS = ("opened_at", "status_changed_at", "lead_since", "closed_at", "family_told_at",
                "sustained_check_done_at", "handover_sent_at", "handover_answered_at")  # fmt: skip
CASE_DAYS = ("next_review_due", "sustained_check_due")


def anonymise_cases(records) -> int:
    """Anonymise these early help cases (a queryset or list) with everything recorded on them;
    how many. A fixed number of statements for the whole batch, whatever its size."""
    ids = [case.pk for case in records]
    Case.objects.filter(pk__in=ids).update(
        **dict.fromkeys(CASE_FREE_TEXT),
        **by_month(*CASE_MOMENTS, *CASE_DAYS),
        opened_by=None,
        version=F("version") + 1,  # a page open on it can no longer change it
    )
    CaseConsent.objects.filter(case__in=ids).update(
        given_by_name="", share_with="", recorded_by=None, withdrawn_recorded_by=None,
        **by_month("given_at", "withdrawn_at"),
    )  # fmt: skip
    CaseChange.objects.filter(case__in=ids).update(note=None, by=None, **by_month("at"))
    CaseMember.objects.filter(case__in=ids).update(
        added_by=None, **by_month("added_at", "removed_at")
    )
    BreakGlass.objects.filter(case__in=ids).update(reason=REMOVED)
    Assessment.objects.filter(case__in=ids).update(
        family_words=None, family_words_source="", analysis=None, level_reason=None,
        started_by=None, completed_by=None,
        **by_month("started_at", "updated_at", "completed_at"),
    )  # fmt: skip
    AssessedPerson.objects.filter(assessment__case__in=ids).update(
        name="", notes=None, voice=None, source="",
        date_of_birth=TruncYear("date_of_birth"), due_date=TruncYear("due_date"),
    )  # fmt: skip
    Finding.objects.filter(assessment__case__in=ids).update(text=REMOVED, source="")
    Plan.objects.filter(case__in=ids).update(**by_month("updated_at", "agreed_at"))
    Goal.objects.filter(plan__case__in=ids).update(
        words=REMOVED, added_by=None, **by_month("added_at")
    )
    GoalScore.objects.filter(goal__plan__case__in=ids).update(recorded_by=None, **by_month("at"))
    PlanAction.objects.filter(goal__plan__case__in=ids).update(
        what=REMOVED, who="", **by_month("by_when", "updated_at")
    )
    Review.objects.filter(case__in=ids).update(
        progress=None, recorded_by=None, **by_month("held_on", "was_due", "recorded_at")
    )
    Meeting.objects.filter(case__in=ids).update(
        attendees=REMOVED, decisions=REMOVED, actions=None, recorded_by=None,
        **by_month("held_on", "recorded_at"),
    )  # fmt: skip
    FamilyComment.objects.filter(case__in=ids).update(text=None, by=None, **by_month("at"))
    _mark("cases", ids)
    return len(ids)


def _tally_equality(members: list[FamilyMember], year_made: dict) -> int:
    """Add the members' equality answers to the yearly counts, then delete them."""
    answers = list(EqualityMonitoring.objects.filter(member__in=members).select_related("member"))
    counts = Counter(
        (year_made[answer.member.family_id], question, str(getattr(answer, question)))
        for answer in answers
        for question in EQUALITY_QUESTIONS
        if getattr(answer, question)
    )
    for (year, question, value), count in sorted(counts.items()):
        tally, _ = EqualityTally.objects.get_or_create(year=year, question=question, answer=value)
        EqualityTally.objects.filter(pk=tally.pk).update(count=F("count") + count)
    EqualityMonitoring.objects.filter(pk__in=[a.pk for a in answers]).delete()
    return len(answers)


def anonymise_family_records(families: list[Family]) -> Counter:
    """Anonymise these family records and their requests; what was done, as counts."""
    ids = [family.pk for family in families]
    # Early help ended on these records (an erasure; under the policy they are done already).
    cases = anonymise_cases(
        Case.objects.filter(family__in=ids, closed_at__isnull=False).exclude(
            pk__in=AnonymisedRecord.objects.filter(kind="cases").values("object_id")
        )
    )
    all_requests = list(SupportRequest.objects.filter(family__in=ids))
    done = AnonymisedRecord.objects.filter(
        kind="requests", object_id__in=[r.pk for r in all_requests]
    )
    already = set(done.values_list("object_id", flat=True))
    traces = _delete_traces(all_requests)
    requests = anonymise_requests([r for r in all_requests if r.pk not in already])
    members = FamilyMember.objects.filter(family__in=ids)
    year_made = {f.pk: timezone.localtime(f.created_at).year for f in families}
    equality = _tally_equality(list(members), year_made)
    people = members.update(first_name="", last_name="", name_key="",
                            date_of_birth=TruncYear("date_of_birth"),
                            due_date=TruncYear("due_date"))  # fmt: skip
    Family.account_holders.through.objects.filter(family_id__in=ids).delete()
    districts = defaultdict(list)
    for family in families:
        districts[postcode_district(family.postcode)].append(family.pk)
    for district, same in districts.items():
        # update(), not save(): save() would set updated_at to now and work out the keys again.
        Family.objects.filter(pk__in=same).update(
            postcode=district, **FAMILY_CLEARED, **by_month("created_at", "updated_at")
        )
    Consent.objects.filter(family__in=ids).update(given_by_name="", **by_month("given_at"))
    _mark("families", ids)
    return Counter({"family records": len(families), "people": people,
                    "requests": requests, "early help cases": cases,
                    "equality answers": equality, **traces})  # fmt: skip


def anonymise_families(records) -> int:
    """Anonymise these family records (a queryset or list); how many."""
    families = list(records)
    anonymise_family_records(families)
    return len(families)

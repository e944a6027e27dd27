"""The whole-family assessment: started pre-filled from what the family already told us (the
family record and their requests: never ask again what is known, and say where each answer came
from), saved at every step, completed once (then locked), and versioned.

Every write locks the assessment's row and checks its version, so two people editing at once
never lose each other's work: the second is told to look again.
"""

from django.db import transaction
from django.utils import timezone

from familyhub.audit import services as audit
from familyhub.casework import actions
from familyhub.casework.framework import FindingKind
from familyhub.casework.models import AssessedPerson, Assessment, Finding
from familyhub.casework.states import MoveRefused, Status

STARTS_FROM = frozenset(
    {Status.OPEN, Status.ASSESSING, Status.PLANNING, Status.ACTIVE, Status.REVIEWING}
)


def current(case):
    """The draft being written, or else the latest completed assessment (None if none)."""
    return case.assessments.order_by("-number").first()


def _lock(assessment_id, expected_version) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    if assessment.stage == Assessment.Stage.COMPLETED:
        raise MoveRefused(
            "This assessment is completed and locked. Start a new version to change it."
        )
    if expected_version is not None and assessment.version != expected_version:
        raise MoveRefused(
            "Someone else saved this assessment while you were writing. Your words are below: "
            "check the assessment and save again."
        )
    return assessment


def _saved(assessment, by, what: str):
    assessment.version += 1
    assessment.updated_at = timezone.now()
    assessment.save()
    audit.record(by, "change", assessment.case, detail=f"assessment {assessment.number}: {what}")


def start(case, *, by) -> Assessment:
    """Start the first assessment (the case moves to "assessing"), or the next version of a
    completed one (a copy to change). Returns the draft if one is already being written."""
    with transaction.atomic():
        if case.status not in STARTS_FROM:
            raise MoveRefused("An assessment cannot be started on this case now.")
        latest = case.assessments.select_for_update().order_by("-number").first()
        if latest is not None and latest.stage == Assessment.Stage.DRAFT:
            return latest
        if case.status == Status.OPEN:
            actions.move_case(case.pk, "start_assessment", by=by)
        now = timezone.now()
        draft = Assessment.objects.create(
            case=case,
            number=(latest.number + 1) if latest else 1,
            started_at=now,
            started_by=by,
            updated_at=now,
        )
        if latest is None:
            _prefill(draft, case)
        else:
            _copy(latest, draft)
        audit.record(by, "create", case, detail=f"assessment {draft.number} started")
        return draft


def _prefill(draft, case):
    """People from the family record; needs in the family's words from their requests."""
    for member in case.family.members.all():
        AssessedPerson.objects.create(
            assessment=draft,
            family_member=member,
            name=member.full_name,
            relationship=member.relationship,
            date_of_birth=member.date_of_birth,
            due_date=member.due_date,
            source="Family record",
        )
    words = []
    for request in case.family.requests.order_by("submitted_at"):
        source = f"Request {request.reference}, {request.submitted_at:%d %B %Y}"
        if request.worries:
            Finding.objects.create(
                assessment=draft,
                kind=FindingKind.NEED,
                text=request.worries,
                source=f"{source}: what worries the family",
            )
        if request.tried:
            Finding.objects.create(
                assessment=draft,
                kind=FindingKind.STRENGTH,
                text=f"Already tried: {request.tried}",
                source=f"{source}: what the family has tried",
            )
        if request.would_help:
            words.append(request.would_help)
            draft.family_words_source = f"{source}: what the family said would help"
    if words:
        draft.family_words = "\n\n".join(words)
        draft.save(update_fields=["family_words", "family_words_source"])


def _copy(completed, draft):
    people = {}
    for person in completed.people.all():
        old_pk = person.pk
        person.pk, person.assessment = None, draft
        person.save()
        people[old_pk] = person
    for finding in completed.findings.all():
        finding.pk, finding.assessment = None, draft
        finding.person = people.get(finding.person_id)
        finding.save()
    for field in (
        "family_words",
        "family_words_source",
        "analysis",
        "level_of_need",
        "level_reason",
    ):
        setattr(draft, field, getattr(completed, field))
    draft.save()


def save_people(assessment_id, *, by, expected_version, notes: dict, voices: dict):
    """Notes about each person, and each child's own voice (by AssessedPerson id)."""
    with transaction.atomic():
        assessment = _lock(assessment_id, expected_version)
        for person in assessment.people.all():
            person.notes = notes.get(person.pk, person.notes or "")
            if person.is_child:
                person.voice = voices.get(person.pk, person.voice or "")
            person.save(update_fields=["notes", "voice"])
        _saved(assessment, by, "people saved")
        return assessment


def add_finding(
    assessment_id, *, by, expected_version, kind, domain, outcome_area, text, person=None
):
    if kind == FindingKind.NEED and not outcome_area:
        raise MoveRefused("Choose the headline outcome this need belongs to.")
    with transaction.atomic():
        assessment = _lock(assessment_id, expected_version)
        if person is not None and person.assessment_id != assessment.pk:
            raise MoveRefused("That person is not in this assessment.")
        finding = Finding.objects.create(
            assessment=assessment,
            person=person,
            kind=kind,
            domain=domain,
            outcome_area=outcome_area if kind == FindingKind.NEED else "",
            text=text,
            source="Practitioner",
        )
        _saved(assessment, by, f"{kind} added")
        return finding


def tag_finding(assessment_id, finding_id, *, by, expected_version, domain, outcome_area):
    """Put a pre-filled strength or need in its domain (and a need under its outcome)."""
    with transaction.atomic():
        assessment = _lock(assessment_id, expected_version)
        finding = assessment.findings.filter(pk=finding_id).first()
        if finding is None:
            raise MoveRefused("That strength or need is not in this assessment.")
        if finding.kind == FindingKind.NEED and not outcome_area:
            raise MoveRefused("Choose the headline outcome this need belongs to.")
        finding.domain = domain
        finding.outcome_area = outcome_area if finding.kind == FindingKind.NEED else ""
        finding.save(update_fields=["domain", "outcome_area"])
        _saved(assessment, by, "finding tagged")


def remove_finding(assessment_id, finding_id, *, by, expected_version):
    with transaction.atomic():
        assessment = _lock(assessment_id, expected_version)
        if not assessment.findings.filter(pk=finding_id).delete()[0]:
            raise MoveRefused("That strength or need is not in this assessment.")
        _saved(assessment, by, "finding removed")


def save_words(
    assessment_id, *, by, expected_version, family_words, analysis, level_of_need, level_reason
):
    """The family's own words, the practitioner's analysis, the level of need and its reason."""
    with transaction.atomic():
        assessment = _lock(assessment_id, expected_version)
        if family_words != (assessment.family_words or ""):
            assessment.family_words_source = "Recorded with the family"
        assessment.family_words = family_words
        assessment.analysis = analysis
        assessment.level_of_need = level_of_need
        assessment.level_reason = level_reason
        _saved(assessment, by, "words and level of need saved")
        return assessment


def missing_to_complete(assessment) -> list[str]:
    """What still has to be done before the assessment can be completed (empty: ready)."""
    missing = []
    findings = list(assessment.findings.all())
    if not any(f.kind == FindingKind.STRENGTH for f in findings):
        missing.append("Record at least one strength.")
    if not any(f.kind == FindingKind.NEED for f in findings):
        missing.append("Record at least one need.")
    if any(not f.domain for f in findings):
        missing.append("Put every strength and need in one of the three domains.")
    if any(f.kind == FindingKind.NEED and not f.outcome_area for f in findings):
        missing.append("Tag every need with its headline outcome.")
    if not (assessment.family_words or "").strip():
        missing.append("Write the family's own words.")
    if not (assessment.analysis or "").strip():
        missing.append("Write your analysis.")
    if not assessment.level_of_need or not (assessment.level_reason or "").strip():
        missing.append("Decide the level of need and give the reason.")
    return missing


def complete(assessment_id, *, by, expected_version) -> Assessment:
    """Lock the assessment. The first one moves the case on to writing the plan."""
    with transaction.atomic():
        assessment = _lock(assessment_id, expected_version)
        missing = missing_to_complete(assessment)
        if missing:
            raise MoveRefused(" ".join(missing))
        assessment.stage = Assessment.Stage.COMPLETED
        assessment.completed_at, assessment.completed_by = timezone.now(), by
        _saved(assessment, by, "completed")
        if assessment.case.status == Status.ASSESSING:
            actions.move_case(assessment.case_id, "complete_assessment", by=by)
        return assessment

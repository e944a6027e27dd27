"""The whole-family assessment page: one page, a form per section, each saved on its own (a
draft is saved at every step). Completed assessments are shown read-only; a new version starts
from a copy. Reads through `access.get_case_for` (audited); writes through `assessment`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from familyhub.casework import access
from familyhub.casework import assessment as assessing
from familyhub.casework.assessment_forms import FindingForm, TagForm, WordsForm
from familyhub.casework.framework import Domain
from familyhub.casework.models import Assessment
from familyhub.casework.states import MoveRefused


def _version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _finding_id(request) -> int:
    try:
        return int(request.POST.get("finding", ""))
    except ValueError:
        return 0


def _save(request, case, draft, section):
    """Save one section. Returns (message, form with errors or None)."""
    by = request.user
    if section == "people":
        notes, voices = {}, {}
        for person in draft.people.all():
            notes[person.pk] = request.POST.get(f"notes-{person.pk}", "")
            voices[person.pk] = request.POST.get(f"voice-{person.pk}", "")
        assessing.save_people(
            draft.pk, by=by, expected_version=_version(request), notes=notes, voices=voices
        )
        return "People saved.", None
    if section == "finding":
        form = FindingForm(request.POST, people=draft.people.all())
        if not form.is_valid():
            return None, form
        data = form.cleaned_data
        assessing.add_finding(
            draft.pk,
            by=by,
            expected_version=data["version"],
            kind=data["kind"],
            domain=data["domain"],
            outcome_area=data["outcome_area"],
            text=data["text"],
            person=data["person"],
        )
        return "Added.", None
    if section == "tag":
        form = TagForm(request.POST, auto_id=f"tag-{_finding_id(request)}-%s")
        if not form.is_valid():
            return None, form
        data = form.cleaned_data
        assessing.tag_finding(
            draft.pk,
            data["finding"],
            by=by,
            expected_version=data["version"],
            domain=data["domain"],
            outcome_area=data["outcome_area"],
        )
        return "Saved.", None
    if section == "remove":
        assessing.remove_finding(
            draft.pk, _finding_id(request), by=by, expected_version=_version(request)
        )
        return "Removed.", None
    if section == "words":
        form = WordsForm(request.POST)
        if not form.is_valid():
            return None, form
        data = form.cleaned_data
        assessing.save_words(
            draft.pk,
            by=by,
            expected_version=data["version"],
            family_words=data["family_words"],
            analysis=data["analysis"],
            level_of_need=data["level_of_need"],
            level_reason=data["level_reason"],
        )
        return "Saved.", None
    if section == "complete":
        assessing.complete(draft.pk, by=by, expected_version=_version(request))
        return "Assessment completed and locked. Now write the plan with the family.", None
    raise MoveRefused("There is no such part of the assessment.")


@login_required
def assessment_page(request, reference):
    case = access.get_case_for(request, reference)
    acts = access.may_act(request.user, case)
    draft = assessing.current(case)
    failed, error = None, ""
    if request.method == "POST":
        if not acts:  # team members read; the lead and the team's managers write
            raise PermissionDenied
        section = request.POST.get("section", "")
        try:
            if section == "start":
                assessing.start(case, by=request.user)
                messages.success(
                    request,
                    "Assessment started, filled in from what the family has already told us.",
                )
                return redirect(reverse("casework:assessment", args=[case.reference]))
            if draft is None or draft.stage != Assessment.Stage.DRAFT:
                raise MoveRefused("There is no draft assessment to save: start one first.")
            done, failed = _save(request, case, draft, section)
        except MoveRefused as refused:
            error, failed = str(refused), section
        else:
            if failed is None:
                messages.success(request, done)
                return redirect(reverse("casework:assessment", args=[case.reference]))
    return render(
        request,
        "casework/staff/assessment.html",
        _context(request, case, draft, acts, failed, error),
    )


def _is_failed_tag(failed, finding) -> bool:
    return isinstance(failed, TagForm) and failed.data.get("finding") == str(finding.pk)


def _context(request, case, draft, acts, failed, error):
    people = list(draft.people.all()) if draft else []
    findings = list(draft.findings.select_related("person")) if draft else []
    version = draft.version if draft else None
    posted = request.POST if request.method == "POST" else None
    forms_ = {
        "finding": failed
        if isinstance(failed, FindingForm)
        else FindingForm(
            posted if failed == "finding" else None, people=people, initial={"version": version}
        ),
        "words": failed
        if isinstance(failed, WordsForm)
        else WordsForm(
            posted if failed == "words" else None,
            initial={
                "version": version,
                "family_words": draft.family_words if draft else "",
                "analysis": draft.analysis if draft else "",
                "level_of_need": draft.level_of_need if draft else "",
                "level_reason": draft.level_reason if draft else "",
            },
        ),
    }
    errors = [("main-content", error)] if error else []
    for form in forms_.values():
        if form.is_bound and form.errors:
            errors += form.error_links()
    if isinstance(failed, TagForm):
        errors += failed.error_links()
    by_domain = [
        {"domain": label, "findings": [f for f in findings if f.domain == code]}
        for code, label in Domain.choices
    ]
    return {
        "case": case,
        "draft": draft,
        "may_act": acts,
        "people": people,
        "editable": acts and draft is not None and draft.stage == Assessment.Stage.DRAFT,
        "untagged": [
            f for f in findings if not f.domain or (f.kind == "need" and not f.outcome_area)
        ],
        "by_domain": by_domain,
        "forms": forms_,
        "error_links": errors,
        "people_rows": [
            {
                "person": person,
                "notes": posted.get(f"notes-{person.pk}", "")
                if failed == "people"
                else person.notes,
                "voice": posted.get(f"voice-{person.pk}", "")
                if failed == "people"
                else person.voice,
            }
            for person in people
        ],
        "missing": assessing.missing_to_complete(draft) if draft else [],
        "versions": list(case.assessments.order_by("-number")),
        "can_restart": case.status in assessing.STARTS_FROM,
        "tag_forms": [
            (
                finding,
                TagForm(
                    initial={
                        "version": version,
                        "finding": finding.pk,
                        "domain": finding.domain,
                        "outcome_area": finding.outcome_area,
                    },
                    auto_id=f"tag-{finding.pk}-%s",
                ),
            )
            for finding in findings
            if not finding.domain or (finding.kind == "need" and not finding.outcome_area)
        ],
    }

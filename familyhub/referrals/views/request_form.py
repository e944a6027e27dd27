"""Asking for support, one question a page. Every answer is saved on the server as it is
given (valid or not), so a mistake, a timeout or a closed tab loses nothing."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from familyhub.accounts.models import Role
from familyhub.accounts.roles import role_of
from familyhub.audit import services as audit
from familyhub.directory.choices import ServiceStatus
from familyhub.directory.models import Service, TaxonomyTerm
from familyhub.families.forms import ContactForm
from familyhub.families.safe_contact import how_we_reach
from familyhub.limits.services import limited, take
from familyhub.referrals import actions, queries, repeats, safeguarding, waiting
from familyhub.referrals.access import (
    REFERENCE_PATTERN,
    can_ask_for_support,
    families_for,
    remember_unlocked,
    tracked_ids,
)
from familyhub.referrals.drafts import (
    STEPS,
    answers_from_family,
    first_missing_step,
    kept,
    next_step,
    previous_step,
    summary_rows,
)
from familyhub.referrals.models import Draft
from familyhub.referrals.presenting import service_phone
from familyhub.referrals.request_forms import (
    MAX_CHILDREN,
    ChildrenForm,
    ConsentForm,
    FamilyForm,
    SafetyForm,
    WorriesForm,
)
from familyhub.safety.help import kind_names, what_to_do_now
from familyhub.safety.recognise import Disclosure, lexicon

DRAFTS_SESSION_KEY = "request_drafts"
FORMS = {
    "safety": SafetyForm,
    "consent": ConsentForm,
    "family": FamilyForm,
    "children": ChildrenForm,
    "worries": WorriesForm,
    "contact": ContactForm,
}


def start(request):
    """From a service page (?service=), the checker (?need=) or "not sure which service?".

    The first question is asked here, and nothing is stored until it is answered: the draft
    is made (at most NEW_REQUESTS_PER_CLIENT an hour from one address or account) with its
    first answer, then every later answer is saved on it."""
    service = need = None
    if request.GET.get("service"):
        try:
            service = Service.objects.filter(
                pk=request.GET["service"], status=ServiceStatus.ACTIVE
            ).first()
        except Exception:  # a malformed id
            service = None
        if service is None or not can_ask_for_support(service, request.user):
            # The finder offers "Ask for support" only where this person may ask (families:
            # self-referral; practitioners: professional or self-referral): so does the URL.
            raise Http404("That service cannot take requests.")
    if request.GET.get("need"):
        need = TaxonomyTerm.objects.filter(code=request.GET["need"][:100]).first()
    draft = Draft(
        user=request.user if request.user.is_authenticated else None,
        service=service,
        need=need,
        answers={"who": "practitioner" if _is_practitioner(request) else "family"},
    )
    first = STEPS[0]
    if request.method != "POST":
        return _show(request, draft, first, FORMS[first](), status=200)
    form = FORMS[first](request.POST)
    if not form.is_valid():  # nothing chosen: nothing to keep
        return _show(request, draft, first, form, status=400)
    refused = take(request, "new-requests", key="user_or_ip", rate=settings.NEW_REQUESTS_PER_CLIENT)
    if refused is not None:
        form.add_error(None, ngettext(
            "You have started too many requests from here. Try again in %(minutes)s minute.",
            "You have started too many requests from here. Try again in %(minutes)s minutes.",
            refused.minutes) % {"minutes": refused.minutes})  # fmt: skip
        return limited(_show(request, draft, first, form, status=400), refused)
    if role_of(request.user) == Role.PARENT:
        family = families_for(request.user).filter(merged_into__isnull=True).first()
        if family is not None:
            draft.answers |= answers_from_family(family)
    if not request.session.session_key:
        request.session.save()
    draft.session_key = request.session.session_key
    draft.save()
    request.session[DRAFTS_SESSION_KEY] = [*request.session.get(DRAFTS_SESSION_KEY, []),
                                           str(draft.id)][-10:]  # fmt: skip
    return _question(request, draft, first)


def _is_practitioner(request) -> bool:
    return role_of(request.user) == Role.PRACTITIONER


def _draft_for(request, draft_id) -> Draft:
    """Only the browser (or account) that started a draft can see it."""
    draft = get_object_or_404(Draft.objects.select_related("service", "need"), pk=draft_id)
    mine = str(draft.id) in request.session.get(DRAFTS_SESSION_KEY, []) or (
        draft.user_id is not None and draft.user_id == request.user.pk
    )
    if not mine:
        raise Http404("No request being written here.")
    return draft


def step(request, draft_id, step):
    draft = _draft_for(request, draft_id)
    if draft.submitted_request_id:
        return redirect("referrals:sent", reference=draft.submitted_request.reference)
    if step == "check":
        return _check(request, draft)
    if step not in FORMS:
        raise Http404("No such question.")
    return _question(request, draft, step)


def _question(request, draft, step):
    """One question: shown, or answered (what was typed is saved on the draft, each field cut
    to the length its form allows, whether or not the answer is valid)."""
    answers = draft.answers
    typed = answers.get("typed", {})
    by_practitioner = answers.get("who") == "practitioner"
    form_class = FORMS[step]
    kwargs = {}
    if step in ("consent", "worries"):
        kwargs["by_practitioner"] = by_practitioner
    if step == "consent":
        kwargs["on_behalf"] = answers.get("on_behalf", "")
    if step == "children":
        rows = answers.get("child_rows") or max(1, len(answers.get("children", [])))
        if request.method == "POST" and "add_child" in request.POST:
            rows += 1
        kwargs["rows"] = rows
        kwargs["service"] = draft.service
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        typed[step] = {
            name: kept(field, field.widget.value_from_datadict(request.POST, None,
                                                               form.add_prefix(name)))
            for name, field in form.fields.items()
        }  # fmt: skip
        answers["typed"] = typed
        if step == "children":
            answers["child_rows"] = min(kwargs["rows"], MAX_CHILDREN)
        if "add_child" in request.POST:
            draft.save()
            return redirect("referrals:step", draft_id=draft.id, step=step)
        if form.is_valid():
            if step == "safety" and form.cleaned_data["in_danger"] == "yes":
                draft.save()
                return render(request, "referrals/request/danger.html",
                              {"draft": draft, "quick_exit": True})  # fmt: skip
            _store(answers, step, form.cleaned_data)
            go_to = "check" if request.GET.get("change") else next_step(step)
            disclosure = safeguarding.disclosure_in(answers)
            if disclosure and answers.get("safety_shown") != disclosure.keys:
                # Their own words may describe danger: what to do now comes before anything.
                answers["safety_shown"] = disclosure.keys
                draft.save()
                return _what_to_do_now(request, draft, disclosure, go_to)
            draft.save()
            return redirect("referrals:step", draft_id=draft.id, step=go_to)
        draft.save()
        status = 400
    else:
        form = form_class(initial=typed.get(step, {}), **kwargs)
        status = 200
    return _show(request, draft, step, form, status=status)


def _show(request, draft, step, form, *, status):
    return render(
        request,
        f"referrals/request/{step}.html",
        {
            "form": form,
            "draft": draft,
            "step": step,
            "by_practitioner": draft.answers.get("who") == "practitioner",
            "on_behalf": draft.answers.get("on_behalf", ""),
            "back_url": _back_url(draft, step),
            "quick_exit": True,
        },
        status=status,
    )


def _what_to_do_now(request, draft, disclosure, go_to: str):
    return render(
        request,
        "referrals/request/what_to_do_now.html",
        {
            "draft": draft,
            "next_url": reverse("referrals:step", kwargs={"draft_id": draft.id, "step": go_to}),
            "safety_help": what_to_do_now(disclosure),
            "safety_kinds": kind_names(disclosure),
            "quick_exit": True,
        },
    )


def _store(answers: dict, step: str, data: dict):
    if step == "safety":
        answers["safety"] = data["in_danger"]
    elif step == "consent":
        answers["consent"] = {"given_by_name": data["given_by_name"], "agreed": True,
                              "privacy_notice_version": data["privacy_notice_version"]}  # fmt: skip
    elif step == "family":
        answers["parent"] = {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "relationship": data["relationship"],
        }
        answers["postcode"] = data["postcode"]
        answers["home_languages"] = data["home_languages"]
        answers["interpreter_needed"] = data["interpreter_needed"] == "yes"
        answers["interpreter_language"] = data["interpreter_language"]
        answers["accessibility_needs"] = data["accessibility_needs"]
    elif step == "children":
        answers["children"] = data["children"]
    elif step == "worries":
        answers.update({key: data[key] for key in ("worries", "tried", "would_help")})
        if "confidence" in data:  # families only (familyhub/feedback records it on submit)
            answers["confidence"] = data["confidence"]
    elif step == "contact":
        answers["contact"] = ContactForm.answers_from(data)


def _back_url(draft, step) -> str:
    before = previous_step(step)
    if before is None:
        if draft.service_id:
            return reverse("finder:service", args=[draft.service_id])
        return reverse("finder:start")
    return reverse("referrals:step", kwargs={"draft_id": draft.id, "step": before})


def _check(request, draft):
    missing = first_missing_step(draft.answers)
    if missing:
        return redirect("referrals:step", draft_id=draft.id, step=missing)
    wait = waiting.expected_wait(draft.service) if draft.service_id else None
    return render(
        request,
        "referrals/request/check.html",
        {
            "draft": draft,
            "rows": summary_rows(draft),
            "wait": wait,
            "repeats": repeats.repeats_before_sending(draft, viewer=request.user),
            "back_url": _back_url(draft, "check"),
            "quick_exit": True,
        },
    )


@require_POST
def submit(request, draft_id):
    draft = _draft_for(request, draft_id)
    missing = first_missing_step(draft.answers)
    if missing and not draft.submitted_request_id:
        return redirect("referrals:step", draft_id=draft.id, step=missing)
    support_request = actions.submit_draft(
        draft.id, by=request.user if request.user.is_authenticated else None
    )
    sent_draft = Draft.objects.get(pk=draft.id)  # as submitting left it
    if draft.answers.get("who") == "family" and queries.may_see_after_sending(sent_draft):
        remember_unlocked(request.session, support_request)
    return redirect("referrals:sent", reference=support_request.reference)


def _sent_from_here(request, reference):
    """The request this browser (or account) has just sent, or 404."""
    if not REFERENCE_PATTERN.fullmatch(reference):
        raise Http404("That is not a request reference.")
    draft_ids = request.session.get(DRAFTS_SESSION_KEY, [])
    draft = (
        Draft.objects.select_related("submitted_request__service", "submitted_request__family")
        .filter(submitted_request__reference=reference)
        .first()
    )
    if draft is None or (str(draft.id) not in draft_ids and draft.user_id != request.user.pk):
        raise Http404("No request with that reference sent from here.")
    return draft.submitted_request


def what_happens_next(request, reference):
    """A page to print and give to a family whose request staff made on their behalf (or that
    a family prints for themselves): the reference, what happens next and how they will hear,
    how to see where it is, and other ways to get help. Nothing from their answers."""
    support_request = _sent_from_here(request, reference)
    audit.record(request.user, "view", support_request, detail="printable what happens next")
    wait = waiting.expected_wait(support_request.service) if support_request.service else None
    return render(
        request,
        "referrals/request/what_happens_next.html",
        {
            "support_request": support_request,
            "wait": wait,
            "reach": how_we_reach(support_request.family),
            "service_phone": service_phone(support_request),
            "help_line": settings.OFFLINE_HELP,
        },
    )


def sent(request, reference):
    support_request = _sent_from_here(request, reference)
    wait = waiting.expected_wait(support_request.service) if support_request.service else None
    concern = Disclosure([lexicon().kinds[key] for key in support_request.safeguarding_concerns])
    return render(
        request,
        "referrals/request/sent.html",
        {
            "support_request": support_request,
            "wait": wait,
            "by_practitioner": support_request.made_by_practitioner
            or bool(support_request.made_on_behalf),
            "on_behalf": support_request.made_on_behalf,
            "unlocked": str(support_request.id) in tracked_ids(request.session),
            "reach": how_we_reach(support_request.family),
            "service_phone": service_phone(support_request),
            "title": _("Request sent"),
            "safety_help": what_to_do_now(concern) if concern else [],
            "safety_kinds": kind_names(concern),
            "quick_exit": bool(concern),
        },
    )

"""The public pages: the delivery plan as published (roles and organisations, never a person's
name), "You said, we did" with the consultations behind it, and the Parent's Charter with a
short form to say where it was not met (through the one safety layer)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from familyhub.limits.services import limited, take
from familyhub.planning import actions as plan_actions
from familyhub.planning import queries
from familyhub.planning.forms import CharterNotMetForm
from familyhub.planning.models import Consultation, ForumMeeting, YouSaidWeDid
from familyhub.safety.help import kind_names, what_to_do_now
from familyhub.safety.recognise import recognise


def public_plan(request):
    strategies = queries.published_plan()
    return render(
        request,
        "planning/public/plan.html",
        {
            "strategies": strategies,
            "counts": queries.rag_counts(strategies),
            "review": queries.last_review(),
        },
    )


def you_said_we_did(request):
    return render(
        request,
        "planning/public/you_said.html",
        {
            "entries": YouSaidWeDid.objects.filter(published=True)
            .select_related("consultation")
            .prefetch_related("actions"),
            "consultations": Consultation.objects.all()[:20],
            "forum_meetings": ForumMeeting.objects.all()[:12],
        },
    )


def charter(request):
    version = queries.current_charter()
    return render(
        request,
        "planning/public/charter.html",
        {
            "version": version,
            "text": queries.charter_in_language(version) if version else None,
            "sign_ups": queries.signed_up_organisations(),
        },
    )


def charter_not_met(request):
    form = CharterNotMetForm(request.POST or None, auto_id="%s")
    disclosure = None
    if request.method == "POST":
        disclosure = recognise(
            " ".join(request.POST.get(k, "") for k in ("where", "what_happened"))
        )
    if disclosure and not request.POST.get("send_anyway"):
        # Words that describe danger are not feedback on a charter: what to do now comes first,
        # nothing is sent, and what was typed stays in the box.
        return render(
            request,
            "planning/public/charter_not_met.html",
            {
                "form": CharterNotMetForm(request.POST, auto_id="%s"),
                "disclosure": disclosure,
                "safety_help": what_to_do_now(disclosure),
                "safety_kinds": kind_names(disclosure),
                "quick_exit": True,
            },
        )
    if request.method == "POST" and form.is_valid():
        refused = take(request, "charter-feedback", rate=settings.CHARTER_FEEDBACK_PER_CLIENT)
        if refused is not None:
            form.add_error(
                None,
                _(
                    "You have sent several of these in a short time. Please try again in "
                    "%(minutes)s minutes."
                )
                % {"minutes": refused.minutes},
            )
            page = render(request, "planning/public/charter_not_met.html", {"form": form})
            return limited(page, refused)
        plan_actions.charter_not_met(
            what_happened=form.cleaned_data["what_happened"], where=form.cleaned_data["where"]
        )
        messages.success(
            request,
            _(
                "Thank you. The partnership reads every one of these and uses them to "
                "make services better."
            ),
        )
        return redirect("planning:charter")
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/public/charter_not_met.html", {"form": form}, status=status)

"""The family's feedback pages: the form a link opens, and thank you. No sign in: the link's
secret is the key. A link that does not work (unknown, expired, or answered by everyone it
asks) is one page, 404, whichever it is."""

from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from familyhub.feedback.answering import (
    AlreadyAnswered,
    LinkNotWorking,
    open_invitation,
    save_answers,
    still_to_answer,
)
from familyhub.feedback.forms import FeedbackForm
from familyhub.feedback.models import Respondent
from familyhub.safety.help import kind_names, what_to_do_now


def _not_working(request):
    return render(request, "feedback/link_not_working.html", status=404)


def _respondent(request, open_to: list[str]) -> str:
    """The wording asked for (?voice=child, or the form's own field), if still open to them."""
    asked = request.POST.get("respondent") or request.GET.get("voice") or ""
    if asked in open_to:
        return asked
    return open_to[0]


@require_http_methods(["GET", "POST"])
def feedback_form(request, token):
    try:
        invitation = open_invitation(token)
    except LinkNotWorking:
        return _not_working(request)
    open_to = still_to_answer(invitation)
    if not open_to:
        return _not_working(request)
    respondent = _respondent(request, open_to)
    form = FeedbackForm(request.POST or None, respondent=respondent)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_answers(
                invitation,
                respondent=respondent,
                answers=form.answers(),
                language=get_language() or "en-gb",
            )
        except (LinkNotWorking, AlreadyAnswered):
            return _not_working(request)
        if saved.disclosure:
            return render(
                request,
                "feedback/what_to_do_now.html",
                {
                    "token": token,
                    "safety_help": what_to_do_now(saved.disclosure),
                    "safety_kinds": kind_names(saved.disclosure),
                    "quick_exit": True,
                },
            )
        return redirect("feedback:thanks", token=token)
    other = [who for who in open_to if who != respondent]
    return render(
        request,
        "feedback/form.html",
        {
            "form": form,
            "token": token,
            "invitation": invitation,
            "respondent": respondent,
            "child": respondent == Respondent.CHILD,
            "other_voice": other[0] if other else "",
            "someone_answered": len(open_to) < len(Respondent.values),
        },
        status=400 if form.errors else 200,
    )


def thanks(request, token):
    try:
        invitation = open_invitation(token)
    except LinkNotWorking:
        return _not_working(request)
    open_to = still_to_answer(invitation)
    if len(open_to) == len(Respondent.values):  # no one has answered: the form first
        return redirect("feedback:form", token=token)
    return render(
        request,
        "feedback/thanks.html",
        {"token": token, "child_may_answer": Respondent.CHILD in open_to},
    )

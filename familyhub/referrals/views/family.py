"""Where a family sees its requests: with an account, or with a reference and a one-time code."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from familyhub.accounts.models import Role
from familyhub.accounts.roles import is_parent, roles_required
from familyhub.families.forms import _helper
from familyhub.families.safe_contact import how_we_reach
from familyhub.limits.services import Refused, limited
from familyhub.referrals import actions, tracking, waiting
from familyhub.referrals.access import (
    FAMILY_SESSION_KEY,
    REFERENCE_PATTERN,
    get_request_for,
    may_move,
    remember_unlocked,
    requests_for,
    tracked_ids,
    unlocked_just_now,
)
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.presenting import (
    decline_reason_for_family,
    service_phone,
    status_for_family,
)
from familyhub.referrals.request_forms import _counted_textarea
from familyhub.referrals.states import MoveRefused, Status, WithdrawReason, check_move

TRACK_REFERENCE_KEY = "tracking_reference"
WITHDRAW_NOTE_MAX = 500


@roles_required(Role.PARENT)
def my_requests(request):
    found = requests_for(request.user).order_by("-submitted_at")
    rows = [{"request": r, "status": status_for_family(r)} for r in found]
    # Requests unlocked in this browser with a code and not yet on the account: to add them.
    unlocked = SupportRequest.objects.filter(id__in=tracked_ids(request.session)).exclude(
        family__account_holders=request.user
    )
    return render(request, "referrals/family/my_requests.html",
                  {"rows": rows, "unlocked": unlocked.order_by("-submitted_at")})  # fmt: skip


def request_page(request, reference):
    support_request = get_request_for(request, reference)
    family_session = str(support_request.id) in request.session.get(FAMILY_SESSION_KEY, [])
    can_add_to_account = (
        family_session
        and is_parent(request.user)
        and unlocked_just_now(request.session, support_request)
        and not support_request.family.account_holders.filter(pk=request.user.pk).exists()
    )
    # Before a decision, the service's expected wait (the figure the family was shown when
    # asking); after it, the request's own expected start is in the status.
    awaiting = support_request.status in (Status.SUBMITTED, Status.RECEIVED)
    wait = waiting.expected_wait(support_request.service) if support_request.service else None
    history = support_request.history.all()
    return render(
        request,
        "referrals/family/request.html",
        {
            "support_request": support_request,
            "status": status_for_family(support_request),
            "history": history,
            "wait": wait if awaiting else None,
            "can_withdraw": support_request.status in Status.values
            and may_move(request.user, support_request, "withdraw", family_session=family_session)
            and support_request.status
            not in (
                Status.CLOSED,
                Status.DECLINED,
                Status.WITHDRAWN,
                Status.REDIRECTED,
            ),  # fmt: skip
            "can_add_to_account": can_add_to_account,
            "decline_reason": decline_reason_for_family(support_request)
            if support_request.status == Status.DECLINED
            else "",
            "reach": how_we_reach(support_request.family),
            "service_phone": service_phone(support_request),
            "quick_exit": True,
        },
    )


@roles_required(Role.PARENT)
@require_POST
def add_to_account(request, reference):
    """A parent adds a request they unlocked in this browser with its reference and a one-time
    code to their account. Never by reference alone: without the code, the answer is 404."""
    reference = reference.strip().upper()
    support_request = None
    if REFERENCE_PATTERN.fullmatch(reference):
        support_request = (
            SupportRequest.objects.select_related("family")
            .filter(reference=reference, id__in=tracked_ids(request.session))
            .first()
        )
    if support_request is None or not unlocked_just_now(request.session, support_request):
        raise Http404("No request unlocked with a code in this browser just now.")
    if actions.add_request_to_account(support_request, request.user):
        messages.success(request, _("This request has been added to your account."))
    return redirect("referrals:family_request", reference=support_request.reference)


def withdraw(request, reference):
    """ "Are you sure?" with an optional reason; withdrawing tells the service (states.py)."""
    support_request = get_request_for(request, reference)
    family_session = str(support_request.id) in request.session.get(FAMILY_SESSION_KEY, [])
    if not may_move(request.user, support_request, "withdraw", family_session=family_session):
        raise Http404
    back = redirect("referrals:family_request", reference=support_request.reference)
    try:
        check_move(support_request.status, "withdraw")
    except MoveRefused as refusal:
        messages.error(request, str(refusal))
        return back
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.move_request(
                support_request.id, "withdraw",
                by=request.user if request.user.is_authenticated else None,
                by_label=_("the family"), **form.move_details(),
            )  # fmt: skip
        except MoveRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Your request has been withdrawn. We have told the "
                                        "service."))  # fmt: skip
        return back
    return render(request, "referrals/family/withdraw.html",
                  {"support_request": support_request, "form": form, "quick_exit": True},
                  status=400 if form.errors else 200)  # fmt: skip


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why are you withdrawing it? (optional)"),
        help_text=gettext_lazy("This helps services get better. You do not have to say."),
        choices=WithdrawReason.choices, required=False, widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the reasons, or none")},
    )  # fmt: skip
    reason_other = forms.CharField(
        label=gettext_lazy("Anything you would like to tell the service? (optional)"),
        max_length=WITHDRAW_NOTE_MAX, required=False, widget=_counted_textarea(),
        error_messages={"max_length": gettext_lazy(
            "Write %(limit_value)s characters or fewer")},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The buttons ("Yes, withdraw" and "No, keep it") are the page's own.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("reason", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("reason_other", rows=3, max_characters=WITHDRAW_NOTE_MAX),
        )

    def move_details(self) -> dict:
        return {"reason": self.cleaned_data["reason"],
                "note": self.cleaned_data["reason_other"].strip()}  # fmt: skip


class ReferenceForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Your reference"),
        help_text=gettext_lazy("It starts with FH, like FH-7K3M-9QXD."),
        max_length=20,
        error_messages={"required": gettext_lazy("Enter your reference")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("reference", field_width=10),
                              button=gettext_lazy("Send me a code"))  # fmt: skip

    def clean_reference(self):
        value = self.cleaned_data["reference"].strip().upper().replace(" ", "")
        if not value.startswith("FH-") or len(value) != 12:
            raise forms.ValidationError(_("Enter the reference as it was given, like FH-7K3M-9QXD"))
        return value


class CodeEntryForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("The 6-digit code we sent you"),
        max_length=10,
        error_messages={"required": gettext_lazy("Enter the code we sent you")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("code", field_width=5), button=gettext_lazy("Continue"))


def track(request):
    # Open to a signed-in parent too: a request made before they had an account is unlocked
    # here, then added to the account from its page.
    form = ReferenceForm(request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        refused = tracking.ask_for_code(request, form.cleaned_data["reference"])
        if refused is None:
            request.session[TRACK_REFERENCE_KEY] = form.cleaned_data["reference"]
            return redirect("referrals:track_code")
        form.add_error("reference", ngettext(
            "You have asked for too many codes. Try again in %(minutes)s minute.",
            "You have asked for too many codes. Try again in %(minutes)s minutes.",
            refused.minutes) % {"minutes": refused.minutes})  # fmt: skip
    response = render(request, "referrals/family/track.html", {"form": form},
                      status=400 if form.errors else 200)  # fmt: skip
    return limited(response, refused)


def track_code(request):
    reference = request.session.get(TRACK_REFERENCE_KEY)
    if not reference:
        return redirect("referrals:track")
    form = CodeEntryForm(request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        found = tracking.try_code(request, reference, form.cleaned_data["code"])
        if isinstance(found, SupportRequest):
            remember_unlocked(request.session, found)
            return redirect("referrals:family_request", reference=found.reference)
        if isinstance(found, Refused):
            refused = found
            form.add_error("code", ngettext(
                "You have tried too many codes. Try again in %(minutes)s minute.",
                "You have tried too many codes. Try again in %(minutes)s minutes.",
                refused.minutes) % {"minutes": refused.minutes})  # fmt: skip
        else:
            form.add_error("code", _("That code is not right or has run out. Check it, or ask "
                                     "for a new one."))  # fmt: skip
    response = render(request, "referrals/family/track_code.html",
                      {"form": form, "reference": reference,
                       "minutes": settings.TRACKING_CODE_MINUTES},
                      status=400 if form.errors else 200)  # fmt: skip
    return limited(response, refused)

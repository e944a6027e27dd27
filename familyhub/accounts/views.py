"""Signing in and out, staff two-factor, and a parent's own account."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from familyhub.accounts import two_factor
from familyhub.accounts.forms import CodeForm, ParentAccountForm, SignInForm
from familyhub.accounts.models import Profile, Role
from familyhub.accounts.roles import role_of


def start_afresh(request) -> None:
    """Signing in or making an account starts a new session: nothing from before (requests opened
    with a code, drafts, a shortlist) carries over, so the next person on a shared computer
    cannot take a family's request or read its draft. A request is added to an account only
    after it is opened with its one-time code while signed in."""
    request.session.flush()


class SignInView(LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        start_afresh(self.request)
        return super().form_valid(form)


sign_in = SignInView.as_view()
sign_out = LogoutView.as_view()


@login_required
def home(request):
    """Where each person starts after signing in."""
    role = role_of(request.user)
    if role == Role.PARENT:
        return redirect("referrals:my_requests")
    if role == Role.TRIAGE:
        return redirect("referrals:triage")
    if role in (Role.PROVIDER, Role.PRACTITIONER):
        return redirect("referrals:inbox")
    if role == Role.TEAM_MANAGER:  # early help casework
        return redirect("casework:caseload")
    return render(request, "accounts/home.html", {"role": role})


@login_required
def two_factor_page(request):
    device = two_factor.confirmed_device(request.user)
    setting_up = device is None
    if setting_up:
        device = two_factor.device_to_set_up(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, device, form.cleaned_data["code"]):
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = reverse("accounts:home")
            return redirect(target)
        form.add_error(
            "code",
            _("That code did not work. Check the time on your phone and try the newest code."),
        )
    context = {"form": form, "setting_up": setting_up}
    if setting_up:
        context |= {
            "qr_code": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_for_typing(device),
        }
    return render(request, "accounts/two_factor.html", context, status=400 if form.errors else 200)


def create_parent_account(request):
    """An optional account for a parent or carer: see your requests without a code each time."""
    form = ParentAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.create_user(
            username=form.cleaned_data["email"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
        )
        Profile.objects.create(user=user, role=Role.PARENT)
        start_afresh(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is ready."))
        return redirect("referrals:my_requests")
    return render(
        request, "accounts/create_account.html", {"form": form}, status=400 if form.errors else 200
    )

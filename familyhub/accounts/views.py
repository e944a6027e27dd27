"""Signing in and out, and a parent's own account. Staff two-factor: two_factor_views.py."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from familyhub.accounts import signup, two_factor
from familyhub.accounts.forms import ParentAccountForm, SignInForm
from familyhub.accounts.models import Role
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
        response = super().form_valid(form)
        two_factor.password_checked(self.request)
        return response


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


def create_parent_account(request):
    """An optional account for a parent or carer: see your requests without a code each time.
    The answer never says whether the email already has an account (signup.py)."""
    form = ParentAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signup.ask_for_account(form.cleaned_data["email"], form.cleaned_data["password"])
        return redirect("accounts:check_email")
    return render(
        request, "accounts/create_account.html", {"form": form}, status=400 if form.errors else 200
    )


def check_email(request):
    return render(request, "accounts/check_email.html")


@require_http_methods(["GET", "POST"])
def confirm_account(request, uidb64, token):
    """The link in the email: a page with a button, so a mail scanner opening the link does not
    confirm the account or sign anyone in; pressing it does both."""
    user = signup.account_to_confirm(uidb64, token)
    if user is None:
        return render(request, "accounts/confirm_account.html", {"expired": True}, status=404)
    if request.method == "POST":
        signup.confirm_account(user)
        start_afresh(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is ready."))
        return redirect("referrals:my_requests")
    return render(request, "accounts/confirm_account.html", {"expired": False})

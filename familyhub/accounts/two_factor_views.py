"""Staff two-factor pages: the code from the app, setting the app up (after a fresh password
check), the recovery codes shown once, and signing in with a recovery code. Parents have none
of these pages (404). The rules are in two_factor.py."""

from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from familyhub.accounts import two_factor
from familyhub.accounts.forms import CodeForm, PasswordAgainForm, RecoveryCodeForm


def _staff_only(request):
    if not two_factor.needs_two_factor(request.user):
        raise Http404


def _next(request) -> str:
    """Where to go afterwards: the page asked for, if it is on this site."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return reverse("accounts:home")
    return target


def _with_next(name: str, request) -> str:
    query = urlencode({"next": request.GET["next"]}) if request.GET.get("next") else ""
    return reverse(name) + (f"?{query}" if query else "")


@login_required
def two_factor_page(request):
    _staff_only(request)
    device = two_factor.confirmed_device(request.user)
    setting_up = device is None
    if setting_up:
        if not two_factor.password_is_fresh(request):
            return redirect(_with_next("accounts:confirm_password", request))
        device = two_factor.device_to_set_up(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, device, form.cleaned_data["code"]):
            if setting_up:
                return redirect(_with_next("accounts:recovery_codes", request))
            return redirect(_next(request))
        form.add_error(
            "code",
            _("That code did not work. Check the time on your phone and try the newest code."),
        )
    context = {
        "form": form,
        "setting_up": setting_up,
        "recovery_url": _with_next("accounts:recovery_code", request),
    }
    if setting_up:
        context |= {
            "qr_code": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_for_typing(device),
        }
    return render(request, "accounts/two_factor.html", context, status=400 if form.errors else 200)


@login_required
def confirm_password(request):
    """Type the password again before the authenticator app's secret is shown."""
    _staff_only(request)
    form = PasswordAgainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Through authenticate(), so django-axes counts a wrong password like any other.
        checked = authenticate(
            request,
            username=request.user.get_username(),
            password=form.cleaned_data["password"],
        )
        if checked is not None and checked.pk == request.user.pk:
            two_factor.password_checked(request)
            return redirect(_with_next("accounts:two_factor", request))
        form.add_error("password", _("That is not your password. Try again."))
    return render(
        request, "accounts/confirm_password.html", {"form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip


@login_required
def recovery_codes_page(request):
    """The recovery codes just made, shown once (the page is never stored: no-store)."""
    _staff_only(request)
    codes = two_factor.recovery_codes_to_show(request)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})


@login_required
def recovery_code_page(request):
    """Sign in with a recovery code instead of the app (each code works once)."""
    _staff_only(request)
    if two_factor.confirmed_device(request.user) is None:
        return redirect(_with_next("accounts:two_factor", request))
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        left = two_factor.use_recovery_code(request, form.cleaned_data["code"])
        if left is not None:
            messages.warning(
                request,
                ngettext(
                    "You used a recovery code. You have %(count)s left. If you have lost your "
                    "phone, ask your administrator to reset your two-factor sign-in.",
                    "You used a recovery code. You have %(count)s left. If you have lost your "
                    "phone, ask your administrator to reset your two-factor sign-in.",
                    left,
                )
                % {"count": left},
            )
            return redirect(_next(request))
        form.add_error("code", _("That recovery code did not work. Check it and try again."))
    return render(
        request, "accounts/recovery_code.html", {"form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip

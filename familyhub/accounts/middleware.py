"""Rules applied to every request: staff confirm a code from their authenticator app before they
see any family's data; signed-in sessions end after a while unused and after a longest time;
pages with personal data are never stored by a browser or a proxy."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path

from familyhub.accounts import sessions, two_factor

ALWAYS_ALLOWED = (
    "accounts:two_factor",
    "accounts:confirm_password",
    "accounts:recovery_code",
    "accounts:sign_out",
)


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_TWO_FACTOR_REQUIRED
            and two_factor.needs_two_factor(request.user)
            and not request.user.is_verified()
            and request.path not in {reverse(name) for name in ALWAYS_ALLOWED}
            and not request.path.startswith(settings.STATIC_URL)
        ):
            # The whole address asked for (a filtered list keeps its filters).
            back_to = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:two_factor')}?{back_to}")
        return self.get_response(request)


class SessionLimitsMiddleware:
    """A signed-in session past its idle or longest time is ended here, before the page runs;
    the person is sent to sign in, and back to where they were afterwards (for a form they
    sent, the page the form was on)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            why = sessions.why_ended(request)
            if why:
                back_to = _where_they_were(request)
                text = sessions.ended_message(why, user)
                logout(request)
                messages.info(request, text)
                return redirect_to_login(back_to)
        return self.get_response(request)


def _where_they_were(request) -> str:
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, {request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.path


# Paths (after any language prefix) whose pages hold personal data, signed in or not: signing
# in, the admin, every staff page, the request pages, a request seen with its code, a family's
# requests and record. tests/accounts/test_no_store.py checks every URL pattern against this.
PERSONAL_PREFIXES = (
    "accounts/",
    "admin/",
    "staff/",
    "request/",
    "track/",
    "my-requests/",
    "my-family-plan/",
    "my-family/",
    "feedback/",  # a family's answers about its support (familyhub/feedback)
)


def is_personal_path(path: str) -> bool:
    path = path.lstrip("/")
    language = get_language_from_path("/" + path)
    if language and path.startswith(f"{language}/"):
        path = path[len(language) + 1 :]
    return path.startswith(PERSONAL_PREFIXES)


def holds_personal_data(request) -> bool:
    """Any page for a signed-in person, any page under PERSONAL_PREFIXES, and any answer to a
    form sent (a form shown again holds what the person typed)."""
    user = getattr(request, "user", None)
    return (
        (user is not None and user.is_authenticated)
        or request.method not in ("GET", "HEAD", "OPTIONS")
        or is_personal_path(request.path_info)
    )


class NoStoreForPersonalPagesMiddleware:
    """Cache-Control: no-store (Django's never-cache headers) on every response that holds
    personal data (holds_personal_data), so the back button or a shared proxy never shows one
    family's details to the next person."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if holds_personal_data(request):
            add_never_cache_headers(response)
        return response

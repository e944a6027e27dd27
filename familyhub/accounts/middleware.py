"""Staff must confirm a code from their authenticator app before they see any family's data."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from familyhub.accounts.roles import is_staff_member

ALWAYS_ALLOWED = ("accounts:two_factor", "accounts:sign_out")


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_TWO_FACTOR_REQUIRED
            and (
                is_staff_member(request.user)
                or request.user.is_staff  # the Django admin, whatever the role
                or request.user.is_superuser
            )
            and not request.user.is_verified()
            and request.path not in {reverse(name) for name in ALWAYS_ALLOWED}
            and not request.path.startswith(settings.STATIC_URL)
        ):
            return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
        return self.get_response(request)

"""Two-factor sign-in for staff: a TOTP authenticator app (django-otp), set up on first use, and
recovery codes (django-otp's static device) for when the phone is lost.

Only staff have devices: parents never do (needs_two_factor). The app's secret is shown only
within a few minutes of the person typing their password (password_is_fresh), so a session
left open, or a stolen cookie, cannot be used to enrol someone else's phone. Recovery codes are
made when the app is first confirmed, shown once, and each signs in once.
"""

import base64
import time

import segno
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts.sessions import is_staff_account

PASSWORD_CHECKED_AT = "familyhub_password_checked_at"
RECOVERY_CODES_TO_SHOW = "familyhub_recovery_codes_to_show"
RECOVERY_DEVICE_NAME = "Recovery codes"


def needs_two_factor(user) -> bool:
    """Staff (by role), and anyone who can use the Django admin. Never a parent."""
    return bool(user and user.is_authenticated and is_staff_account(user))


def password_checked(request) -> None:
    """The person has just typed their password (at sign-in, or again when asked)."""
    request.session[PASSWORD_CHECKED_AT] = time.time()


def password_is_fresh(request) -> bool:
    checked_at = request.session.get(PASSWORD_CHECKED_AT)
    fresh_for = settings.TWO_FACTOR_PASSWORD_FRESH_MINUTES * 60
    return checked_at is not None and time.time() - checked_at < fresh_for


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def device_to_set_up(user) -> TOTPDevice:
    """The unconfirmed device waiting for its first code (made when first needed). Staff only."""
    if not needs_two_factor(user):
        raise PermissionError("Only staff set up an authenticator app.")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def qr_code_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#0b0c0c")


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in groups of four, for people who cannot scan a QR code."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def verify(request, device: TOTPDevice, code: str) -> bool:
    """Check a code from the app; the first right code confirms a new device, and then makes
    the person's recovery codes, kept in the session until the page that shows them once."""
    if not device.verify_token(code):
        return False
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        request.session[RECOVERY_CODES_TO_SHOW] = make_recovery_codes(device.user)
    otp_login(request, device)
    return True


@transaction.atomic
def make_recovery_codes(user) -> list[str]:
    """A new set of recovery codes (any earlier ones stop working)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_to_show(request) -> list[str]:
    """The codes just made, once: the next call gives none."""
    return request.session.pop(RECOVERY_CODES_TO_SHOW, [])


def use_recovery_code(request, code: str) -> int | None:
    """Sign in with a recovery code: the number of codes left, or None if it is not one of
    this person's unused codes (django-otp slows down repeated wrong guesses)."""
    code = code.strip().replace(" ", "").replace("-", "").lower()
    device = StaticDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None or not device.verify_token(code):
        return None
    otp_login(request, device)
    return device.token_set.count()


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device else 0

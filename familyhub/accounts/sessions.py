"""How long a signed-in session lasts (decision 0018).

Signing in starts the clock: a session ends after a while unused (staff 30 minutes, parents an
hour: settings.SESSION_LIMITS) and at the latest a fixed time after signing in (12 hours), so a
computer left signed in, or a stolen cookie, stops working. The person then signs in again and
goes back to the page they asked for. Visitors who are not signed in are not timed here: their
session (a shortlist, a request being written) is made only when something needs it.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

from familyhub.accounts.roles import is_staff_member

SIGNED_IN_AT = "familyhub_signed_in_at"
LAST_SEEN = "familyhub_last_seen"
# The time last seen is saved at most this often, so reading pages does not write the session
# every time (an idle limit is minutes, so a minute's slack does not matter).
LAST_SEEN_EVERY_SECONDS = 60


def is_staff_account(user) -> bool:
    """Staff by role, or anyone who can use the Django admin."""
    return is_staff_member(user) or user.is_staff or user.is_superuser


def limits_for(user) -> tuple[int, int]:
    """(idle seconds, longest seconds) for this person's sessions."""
    limits = settings.SESSION_LIMITS["staff" if is_staff_account(user) else "parent"]
    return limits["idle_minutes"] * 60, limits["longest_hours"] * 3600


@receiver(user_logged_in)
def start_clock(sender, request, user, **kwargs):
    """Every way of signing in (the sign-in page, a new account, the admin) starts the clock.
    The cookie itself also ends at the longest time."""
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    request.session.set_expiry(limits_for(user)[1])


def why_ended(request) -> str | None:
    """Why this signed-in session has ended ("idle" or "longest"), or None if it goes on (and
    then it is marked as seen now). A session with no clock (made before this rule) has ended."""
    session = request.session
    signed_in_at, last_seen = session.get(SIGNED_IN_AT), session.get(LAST_SEEN)
    if signed_in_at is None or last_seen is None:
        return "longest"
    idle, longest = limits_for(request.user)
    now = time.time()
    if now - signed_in_at >= longest:
        return "longest"
    if now - last_seen >= idle:
        return "idle"
    if now - last_seen >= LAST_SEEN_EVERY_SECONDS:
        session[LAST_SEEN] = now
    return None


def ended_message(why: str, user) -> str:
    idle, longest = limits_for(user)
    if why == "idle":
        return _(
            "You were signed out because you had not used Family Hub for %(minutes)s minutes. "
            "Sign in again to carry on."
        ) % {"minutes": idle // 60}
    return _(
        "You were signed out because you signed in more than %(hours)s hours ago. "
        "Sign in again to carry on."
    ) % {"hours": longest // 3600}

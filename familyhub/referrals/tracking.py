"""Seeing a request without an account: its reference, then a one-time code sent to the
family's safe contact. The same answer whether or not the reference exists.

Limits (django-ratelimit, familyhub/limits): codes asked for and codes tried are each counted
per reference and per client; over any of them the person is told when to try again. The
family is told, once a period, when its reference is asked for codes more often than the limit.

The same work for real and made-up references: a code is made and hashed for every reference
asked about, and a code tried against a reference with no live code is checked against a
stand-in hash, so the slow part (the password hasher) takes the same time either way. The
code's message is queued in the outbox and never sent inside the request (sending takes time
only a real reference would take); the outbox's worker sends it.
"""

import secrets
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import check_password, get_hasher, make_password
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from familyhub.families.safe_contact import message_route
from familyhub.limits.services import Refused, longest, take
from familyhub.notifications.services import queue_message
from familyhub.referrals.models import SupportRequest, TrackingCode


def ask_for_code(request, reference: str) -> Refused | None:
    """Someone asks for a code for this reference: counted, then a code sent if the reference
    is real and the family has a safe way to get it. Refused if over a limit."""
    reference = reference.strip().upper()
    by_client = take(request, "tracking-codes-by-client", rate=settings.TRACKING_CODES_PER_CLIENT)
    by_reference = take(request, "tracking-codes-by-reference", key=reference,
                        rate=settings.TRACKING_CODES_PER_REFERENCE)  # fmt: skip
    if by_reference is not None and by_reference.first_refused:
        tell_family_codes_were_asked_for(reference)
    refused = longest(by_client, by_reference)
    if refused is None:
        send_code(reference)
    return refused


def try_code(request, reference: str, code: str) -> SupportRequest | Refused | None:
    """Someone types a code for this reference: counted, then checked. The request if the code
    is right; Refused if over a limit (the code is then not even checked); else None."""
    reference = reference.strip().upper()
    refused = longest(
        take(request, "tracking-guesses-by-client", rate=settings.TRACKING_GUESSES_PER_CLIENT),
        take(request, "tracking-guesses-by-reference", key=reference,
             rate=settings.TRACKING_GUESSES_PER_REFERENCE),
    )  # fmt: skip
    return refused or check_code(reference, code)


def send_code(reference: str) -> None:
    """Send a code if the reference is real and the family has a safe way to receive it."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    code_hash = make_password(code)  # for every reference asked about, real or not
    support_request = (
        SupportRequest.objects.select_related("family")
        .filter(reference=reference.strip().upper())
        .first()
    )
    route = message_route(support_request.family) if support_request else None
    if route is None:  # made up, or nothing is safe to send (the family was told so)
        return
    with transaction.atomic():
        TrackingCode.objects.create(
            request=support_request,
            code_hash=code_hash,
            expires_at=timezone.now() + timedelta(minutes=settings.TRACKING_CODE_MINUTES),
        )
        queue_message(
            channel=route.channel, to=route.to, kind="tracking_code",
            reference=support_request.reference,
            link=settings.SITE_URL + reverse("referrals:track_code"), code=code,
        )  # fmt: skip


@transaction.atomic
def check_code(reference: str, code: str) -> SupportRequest | None:
    """The request, if the code is right, fresh and not over-tried; else None."""
    now = timezone.now()
    live = TrackingCode.objects.filter(
        request__reference=reference.strip().upper(), used_at__isnull=True, expires_at__gt=now
    )
    tracking = live.select_for_update().select_related("request").order_by("-created_at").first()
    usable = tracking is not None and tracking.attempts < settings.TRACKING_CODE_ATTEMPTS
    # Always one check by the password hasher: against a stand-in when there is nothing to check.
    right = check_password(code.strip(), tracking.code_hash if usable else _stand_in_hash())
    if not (usable and right):
        live.update(attempts=F("attempts") + 1)  # the same query when there is no code
        return None
    tracking.used_at = now
    tracking.save(update_fields=["used_at"])
    return tracking.request


def _stand_in_hash() -> str:
    return _stand_in_for(get_hasher("default").algorithm)


@cache
def _stand_in_for(algorithm: str) -> str:
    """A hash of no real code, made once per hasher by the hasher codes are made with."""
    return make_password(secrets.token_urlsafe(), hasher=algorithm)


def tell_family_codes_were_asked_for(reference: str) -> None:
    """Codes for this reference were asked for more often than the limit: tell the family (by
    the safe way they chose), in case it was not them. Queued like the codes themselves."""
    support_request = SupportRequest.objects.select_related("family").filter(reference=reference)
    support_request = support_request.first()
    route = message_route(support_request.family) if support_request else None
    if route is None:
        return
    queue_message(
        channel=route.channel, to=route.to, kind="tracking_codes_asked_for",
        reference=support_request.reference,
        link=settings.SITE_URL + reverse("referrals:track"),
    )  # fmt: skip

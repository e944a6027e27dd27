"""Seeing a request without an account: its reference, then a one-time code sent to the
family's safe contact. The same answer whether or not the reference exists."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from familyhub.families.safe_contact import message_route
from familyhub.notifications.services import queue_message
from familyhub.referrals.models import SupportRequest, TrackingCode


@transaction.atomic
def send_code(reference: str) -> None:
    """Send a code if the reference is real and the family has a safe way to receive it."""
    support_request = (
        SupportRequest.objects.select_related("family")
        .filter(reference=reference.strip().upper())
        .first()
    )
    if support_request is None:
        return
    route = message_route(support_request.family)
    if route is None:  # nothing is safe to send: the family was told so when they asked
        return
    code = f"{secrets.randbelow(1_000_000):06d}"
    TrackingCode.objects.create(
        request=support_request,
        code_hash=make_password(code),
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
    tracking = (
        TrackingCode.objects.select_for_update()
        .select_related("request")
        .filter(request__reference=reference.strip().upper(), used_at__isnull=True,
                expires_at__gt=now)
        .order_by("-created_at")
        .first()
    )  # fmt: skip
    if tracking is None or tracking.attempts >= settings.TRACKING_CODE_ATTEMPTS:
        return None
    if not check_password(code.strip(), tracking.code_hash):
        tracking.attempts += 1
        tracking.save(update_fields=["attempts"])
        return None
    tracking.used_at = now
    tracking.save(update_fields=["used_at"])
    return tracking.request

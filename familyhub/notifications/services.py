"""The outbox's rules: the only API other apps use.

queue_message() writes a row inside the caller's transaction, so a message exists exactly when
the change it tells of was saved, and once that is committed queues the task send_message for
the worker: a web request only writes rows, it never talks to the provider (a hung provider
holds a worker, never a page). deliver_due() (the scheduled job, every minute, and the
send_notifications command) sends what is due: retries, and anything whose task was lost.
Each message is claimed with a conditional UPDATE, so two workers never send it twice. A failed
send is retried with backoff and, after NOTIFICATIONS_MAX_ATTEMPTS, kept as failed.
"""

import logging
import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from familyhub.notifications.backends import get_backend
from familyhub.notifications.messages import KINDS
from familyhub.notifications.models import Message

logger = logging.getLogger(__name__)

CLAIM_FOR = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=6)
ERROR_LENGTH = 500


class InvalidMessage(ValueError):
    """queue_message was asked for a message it must not send. The text names no address."""


def queue_message(
    *, channel, to, kind, reference, link="", code="", alternatives="", details=""
) -> Message:
    """Put a message in the outbox. Call it inside the transaction that makes the change: once
    it commits, a task to send it is queued for the worker. Nothing is sent inside the web
    request, so how long a page takes never shows whether a message went (tracking codes)."""
    if channel not in Message.Channel.values:
        raise InvalidMessage(f"Unknown channel {channel!r}: use 'email' or 'sms'.")
    if kind not in KINDS:
        raise InvalidMessage(f"Unknown message kind {kind!r}: use one of {', '.join(KINDS)}.")
    personalisation = {"reference": _checked_reference(reference)}
    if link:
        personalisation["link"] = _checked_link(link)
    if code:
        personalisation["code"] = _checked_code(code)
    if alternatives:
        personalisation["alternatives"] = _checked_alternatives(alternatives)
    if details:
        if "details" not in KINDS[kind].fields():
            raise InvalidMessage(f"A {kind!r} message carries no details.")
        personalisation["details"] = _checked_details(details)
    missing = KINDS[kind].fields() - set(personalisation)
    if missing:
        raise InvalidMessage(f"A {kind!r} message needs {', '.join(sorted(missing))}.")
    address = clean_email(to) if channel == Message.Channel.EMAIL else clean_uk_phone(to)
    message = Message.objects.create(
        channel=channel,
        to=address,
        kind=kind,
        reference=reference,
        personalisation=personalisation,
        next_attempt_at=timezone.now(),
    )
    # robust: if queueing the task fails, the change stands and deliver_due sends the message.
    transaction.on_commit(lambda: send_message.enqueue(str(message.pk)), robust=True)
    return message


def clean_email(value) -> str:
    """The address, trimmed; InvalidMessage if it is not a plausible email address."""
    address = str(value or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        raise InvalidMessage("That is not a plausible email address.") from None
    if len(address) > 320:
        raise InvalidMessage("That email address is too long.")
    return address


def clean_uk_phone(value) -> str:
    """A UK phone number as 0 and 9 or 10 digits; InvalidMessage if it is not one."""
    compact = re.sub(r"[\s().-]", "", str(value or ""))
    for prefix in ("+44", "0044"):
        if compact.startswith(prefix):
            compact = "0" + compact.removeprefix(prefix).removeprefix("0")
    if not re.fullmatch(r"0[1-9]\d{8,9}", compact):
        raise InvalidMessage("That is not a plausible UK phone number.")
    return compact


def _checked_reference(reference) -> str:
    if not isinstance(reference, str) or not re.fullmatch(r"[A-Za-z0-9-]{1,40}", reference):
        raise InvalidMessage("A message's reference is letters, digits and dashes (at most 40).")
    return reference


def _checked_link(link) -> str:
    parts = urlsplit(link) if isinstance(link, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidMessage("A message's link must be a web address (http or https).")
    if len(link) > 500 or re.search(r"\s", link):
        raise InvalidMessage("A message's link must be one web address, at most 500 characters.")
    return link


def _checked_code(code) -> str:
    if not isinstance(code, str) or not re.fullmatch(r"[A-Za-z0-9]{4,12}", code):
        raise InvalidMessage("A message's code is 4 to 12 letters or digits.")
    return code


def _checked_alternatives(text) -> str:
    """Services that could help instead: their names and public links, as plain lines."""
    if not isinstance(text, str) or len(text) > 2000:
        raise InvalidMessage("A message's alternatives are text of at most 2,000 characters.")
    if any(not (char.isprintable() or char == "\n") for char in text):
        raise InvalidMessage("A message's alternatives are printable text and new lines.")
    return text


def _checked_details(text) -> str:
    """A reminder's details to staff (a course and its date, pages due for review): plain lines."""
    if not isinstance(text, str) or len(text) > 4000:
        raise InvalidMessage("A message's details are text of at most 4,000 characters.")
    if any(not (char.isprintable() or char == "\n") for char in text):
        raise InvalidMessage("A message's details are printable text and new lines.")
    return text


@task()
def send_message(message_id: str) -> str | None:
    """The worker's task for one newly queued message (its id only: no personal data in the
    queue). A provider's failure is kept on the message and retried by deliver_due."""
    return deliver_message(message_id)


def backoff(attempts: int) -> timedelta:
    """How long to wait after this many failed attempts: 1, 2, 4, 8 ... minutes, at most 6 h."""
    doublings = min(max(attempts - 1, 0), 9)  # 2**9 minutes is already past the cap
    return min(timedelta(minutes=2**doublings), LONGEST_WAIT)


def _claimable(now: datetime):
    return Message.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        status=Message.Status.PENDING,
        next_attempt_at__lte=now,
    )


def claim_message(message_id, *, now: datetime | None = None) -> datetime | None:
    """Claim a due message for this worker; the claim's end time, or None if not ours."""
    now = now or timezone.now()
    until = now + CLAIM_FOR
    claimed = _claimable(now).filter(pk=message_id).update(claimed_until=until)
    return until if claimed == 1 else None


def deliver_due(*, now: datetime | None = None, limit: int = 100) -> dict:
    """Send the messages that are due. Counts of sent, failed (for good) and retrying."""
    clock = (lambda: now) if now else timezone.now  # a given time is for tests
    backend = get_backend()  # a misconfiguration stops here, before any attempt is used up
    counts = {"sent": 0, "failed": 0, "retrying": 0}
    due = _claimable(clock()).order_by("next_attempt_at").values_list("pk", flat=True)[:limit]
    for message_id in list(due):
        outcome = _deliver(message_id, clock(), backend)  # each claim from the time it is made
        if outcome:
            counts[outcome] += 1
    return counts


def deliver_message(message_id, *, now: datetime | None = None) -> str | None:
    """Send one message if it is due and no one else has it: "sent", "retrying", "failed"."""
    return _deliver(message_id, now or timezone.now(), get_backend())


def _deliver(message_id, now: datetime, backend) -> str | None:
    until = claim_message(message_id, now=now)
    if until is None:
        return None
    message = Message.objects.get(pk=message_id)
    try:
        provider_id = backend.send(message)
    except Exception as error:
        attempts = message.attempts + 1
        gave_up = attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
        Message.objects.filter(pk=message_id, claimed_until=until).update(
            attempts=attempts,
            last_error=_error_text(error, message),
            next_attempt_at=now + backoff(attempts),
            claimed_until=None,
            status=Message.Status.FAILED if gave_up else Message.Status.PENDING,
            **({"personalisation": without_code(message)} if gave_up else {}),
        )
        logger.warning(
            "Message %s (%s about %s) not sent, attempt %s%s: %s",
            message.pk, message.kind, message.reference, attempts,
            " - gave up" if gave_up else "", type(error).__name__,
        )  # fmt: skip
        return "failed" if gave_up else "retrying"
    # Recorded even if the claim ran out meanwhile, so no one else sends it again.
    sent = Message.objects.filter(pk=message_id).exclude(status=Message.Status.SENT)
    sent.update(
        status=Message.Status.SENT,
        sent_at=now,
        provider_id=str(provider_id or "")[:100],
        claimed_until=None,
        personalisation=without_code(message),
    )
    return "sent"


def without_code(message: Message) -> dict:
    """The message's personalisation with its one-time code blanked: once a message is sent,
    or has failed for good, the code is not kept in plain text (only its hash, with the code)."""
    kept = dict(message.personalisation)
    if "code" in kept:
        kept["code"] = ""
    return kept


def needs_its_code(message: Message) -> bool:
    """A message that carries a one-time code which has been blanked: it cannot be sent again
    (the family asks for a new code)."""
    return "code" in KINDS[message.kind].fields() and not message.personalisation.get("code")


def _error_text(error: Exception, message: Message) -> str:
    """What went wrong, short, without the address or the code."""
    text = f"{type(error).__name__}: {error}"
    for secret in (message.to, message.personalisation.get("code")):
        if secret:
            text = text.replace(secret, "[hidden]")
    return text[:ERROR_LENGTH]


def send_again(message: Message) -> bool:
    """Put a failed message back in the queue (a staff member's "Send again"); never one whose
    one-time code was blanked when it failed."""
    if needs_its_code(message):
        return False
    moved = Message.objects.filter(pk=message.pk, status=Message.Status.FAILED).update(
        status=Message.Status.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        claimed_until=None,
    )
    if moved:
        message.refresh_from_db()
    return bool(moved)


def messages_about(reference: str):
    """A request's messages, oldest first, for staff."""
    return Message.objects.filter(reference=reference).order_by("created_at")

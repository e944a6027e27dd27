"""Where messages go: the console, files (the demo) or GOV.UK Notify.

A backend's send(message) returns the provider's id for the message, or raises.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from notifications_python_client.notifications import NotificationsAPIClient

from familyhub.notifications.messages import render

NOTIFY_DEFAULT_URL = "https://api.notifications.service.gov.uk"


def _as_text(message) -> str:
    rendered = render(message.kind, message.channel, message.personalisation)
    lines = [f"To: {message.masked_to} ({message.channel})"]
    if rendered.subject:
        lines.append(f"Subject: {rendered.subject}")
    lines += [f"Reference: {message.reference}", f"Message: {message.pk}", "", rendered.body]
    return "\n".join(lines) + "\n"


class ConsoleBackend:
    """Prints each message (for development)."""

    def send(self, message) -> str:
        print(_as_text(message), flush=True)
        return ""


class FileBackend:
    """Writes each message to a .txt file in NOTIFICATIONS_FILE_DIR (the demo)."""

    def __init__(self):
        self.folder = Path(settings.NOTIFICATIONS_FILE_DIR)

    def send(self, message) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{message.created_at:%Y%m%d-%H%M%S}-{message.kind}-{message.pk}.txt"
        partial = self.folder / f".{name}.partial"
        partial.write_text(_as_text(message), encoding="utf-8")
        os.replace(partial, self.folder / name)  # never a half-written file
        return name


class NotifyBackend:
    """Sends through GOV.UK Notify, with one email and one text message template.

    The templates are just "((subject))" / "((body))" and "((body))".
    """

    def __init__(self):
        self.api_key = getattr(settings, "NOTIFY_API_KEY", "")
        self.base_url = getattr(settings, "NOTIFY_BASE_URL", NOTIFY_DEFAULT_URL)
        self.email_template = getattr(settings, "NOTIFY_EMAIL_TEMPLATE_ID", "")
        self.sms_template = getattr(settings, "NOTIFY_SMS_TEMPLATE_ID", "")
        self.timeout = float(getattr(settings, "NOTIFY_TIMEOUT_SECONDS", 10))
        if not _looks_like_notify_key(self.api_key):
            raise ImproperlyConfigured(
                "NOTIFY_API_KEY is missing or is not a GOV.UK Notify API key "
                "(name-<service id>-<secret>). Set it, or choose another NOTIFICATIONS_BACKEND."
            )
        if not (self.email_template and self.sms_template):
            raise ImproperlyConfigured(
                "Set NOTIFY_EMAIL_TEMPLATE_ID and NOTIFY_SMS_TEMPLATE_ID for the notify backend."
            )

    def send(self, message) -> str:
        rendered = render(message.kind, message.channel, message.personalisation)
        client = NotificationsAPIClient(self.api_key, base_url=self.base_url, timeout=self.timeout)
        if message.channel == "sms":
            response = client.send_sms_notification(
                message.to,
                template_id=self.sms_template,
                personalisation={"body": rendered.body},
                reference=str(message.pk),
            )
        else:
            response = client.send_email_notification(
                message.to,
                template_id=self.email_template,
                personalisation={"subject": rendered.subject, "body": rendered.body},
                reference=str(message.pk),
            )
        return str(response["id"])


def _looks_like_notify_key(key: str) -> bool:
    try:
        uuid.UUID(key[-73:-37])
        uuid.UUID(key[-36:])
    except (TypeError, ValueError):
        return False
    return len(key) >= 74 and key[-74] == "-" and key[-37] == "-"


BACKENDS = {"console": ConsoleBackend, "file": FileBackend, "notify": NotifyBackend}


def get_backend():
    """The backend named by NOTIFICATIONS_BACKEND, ready to send."""
    name = getattr(settings, "NOTIFICATIONS_BACKEND", "file")
    if name not in BACKENDS:
        raise ImproperlyConfigured(
            f"NOTIFICATIONS_BACKEND is {name!r}; use one of {', '.join(sorted(BACKENDS))}."
        )
    return BACKENDS[name]()

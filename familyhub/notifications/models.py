"""The outbox: one row per email or text message, kept whether it was sent or not."""

import uuid

from django.db import models
from django.utils import timezone
from encrypted_fields.fields import EncryptedCharField

# Messages carry a reference, a link or a one-time code: never names or worries. When a
# service closes, also the services that could help instead ("alternatives": public directory
# names and links, nothing about the family). Reminders to staff about their own work (training
# that expires, information pages due for review) also carry "details": plain lines naming the
# course and date, or the pages, nothing about a family.
ALLOWED_PERSONALISATION = frozenset({"reference", "link", "code", "alternatives", "details"})


def masked(address: str | None) -> str:
    """An address with most of it hidden: "p•••@example.org", "07•••••123"."""
    if not address:
        return ""
    if "@" in address:
        local, _, domain = address.rpartition("@")
        return f"{local[:1]}•••@{domain}"
    return f"{address[:2]}•••••{address[-3:]}" if len(address) > 5 else "•••••"


class Message(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "Text message"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    # The email address or phone number, encrypted at rest (empty values are stored as NULL).
    to = EncryptedCharField(max_length=320, null=True)
    kind = models.CharField(max_length=40)
    personalisation = models.JSONField(default=dict, blank=True)
    reference = models.CharField(max_length=40, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            # Only waiting messages are looked for by time, so only they are indexed.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="notifications_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.kind} by {self.channel} about {self.reference} ({self.status})"

    def save(self, *args, **kwargs):
        extra = set(self.personalisation or {}) - ALLOWED_PERSONALISATION
        if extra:
            raise ValueError(
                f"Messages may carry only {sorted(ALLOWED_PERSONALISATION)}, not {sorted(extra)}."
            )
        super().save(*args, **kwargs)

    @property
    def masked_to(self) -> str:
        return masked(self.to)

"""Requests for support and their history. The states and the moves between them are declared
once, in `states.py`; every change goes through `actions.py`."""

import json
import secrets
import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedTextField

from familyhub.accounts.models import Team
from familyhub.directory.models import Service, TaxonomyTerm
from familyhub.families.models import Family, FamilyMember
from familyhub.referrals.states import DeclineReason, Outcome, Status

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I


def new_reference() -> str:
    """'FH-7K3M-9QXD': easy to read out on the phone, hard to guess."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"FH-{chars[:4]}-{chars[4:]}"


class OnBehalf(models.TextChoices):
    """How staff heard a family who asked for support through them (a request made on the
    family's behalf, with the family's consent given aloud). Decision 0042."""

    PHONE = "phone", _("by phone")
    IN_PERSON = "in_person", _("in person")


class Consent(models.Model):
    """The family's informed, explicit consent, as they gave it: who, when, what they saw."""

    class GivenBy(models.TextChoices):
        FAMILY = "family", _("The parent or carer, themselves")
        PRACTITIONER = "practitioner", _("A practitioner, recording the family's consent")

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="consents")
    given_by_name = models.CharField(max_length=200)
    given_by = models.CharField(max_length=20, choices=GivenBy.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField()
    wording_version = models.CharField(max_length=20)
    privacy_notice_version = models.CharField(max_length=20)
    # Consent given aloud to staff (by phone or in person), the privacy notice read to them.
    given_aloud = models.CharField(max_length=20, choices=OnBehalf.choices, blank=True)
    notice_read_aloud = models.BooleanField(default=False)

    def __str__(self):
        return f"Consent from {self.given_by_name} on {self.given_at:%d %B %Y}"


class SupportRequest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True, default=new_reference)
    # One request per submitted form: a double submit or a retry finds the first.
    idempotency_key = models.UUIDField(unique=True)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="requests")
    children = models.ManyToManyField(FamilyMember, blank=True, related_name="requests")
    # No service: "not sure which service?" — the early help triage queue.
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    need = models.ForeignKey(
        TaxonomyTerm, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="requests")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests_made",
    )
    made_by_practitioner = models.BooleanField(default=False)
    # Made by staff on the family's behalf (the family rang or came in): how; made_by is who.
    made_on_behalf = models.CharField(max_length=20, choices=OnBehalf.choices, blank=True)
    referrer_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    worries = EncryptedTextField(null=True, blank=True)
    tried = EncryptedTextField(null=True, blank=True)
    would_help = EncryptedTextField(null=True, blank=True)

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    # Bumped by every change: a decision made on an out-of-date page is refused.
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(db_index=True)
    status_changed_at = models.DateTimeField()
    receive_by = models.DateField()
    decide_by = models.DateField()
    received_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=30, choices=DeclineReason.choices, blank=True)
    # Why it was declined, written by the provider for the family to read (the staff note,
    # on the StatusChange, is never shown to the family).
    reason_for_family = EncryptedTextField(null=True, blank=True)
    suggested_service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expected_start = models.DateField(null=True, blank=True)
    # The wait we expected when it was accepted: the estimate learns from how far off it was.
    predicted_wait_days = models.PositiveIntegerField(null=True, blank=True)
    redirected_to = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="redirected_from"
    )
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    # What the safety layer recognised in the family's words (kinds of danger), and the step
    # staff recorded about it (referrals/safeguarding.py).
    safeguarding_concerns = models.JSONField(default=list, blank=True)
    safeguarding_step = models.CharField(max_length=20, blank=True)
    safeguarding_step_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            # Inboxes and the triage queue: the service (or none) and status choose the rows;
            # the dates included put them in order (overdue first: late to be received, decided
            # or started) from the index alone
            # (PostgreSQL; SQLite indexes the two fields).
            models.Index(
                fields=["service", "status"],
                include=["submitted_at", "receive_by", "decide_by", "expected_start", "id"],
                name="request_service_status",
            ),
            models.Index(fields=["status", "decide_by"], name="request_status_due"),
            # The expected wait learns from a service's latest starts (waiting.py).
            models.Index(
                fields=["service", "-started_at"],
                include=["decided_at", "predicted_wait_days"],
                name="request_service_started",
            ),
        ]

    def __str__(self):
        return self.reference


class StatusChange(models.Model):
    """One row per move: who, when, from, to, why. The audit trail and the reporting source."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_label = models.CharField(max_length=120, blank=True)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    reason_code = models.CharField(max_length=30, blank=True)
    note = EncryptedTextField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.request}: {self.from_status or 'new'} → {self.to_status}"


class Draft(models.Model):
    """A request being written, saved on the server at every step: nothing typed is lost.

    Its id becomes the request's idempotency key, so submitting twice makes one request.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.CharField(max_length=64, blank=True, db_index=True)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    need = models.ForeignKey(
        TaxonomyTerm, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The answers as JSON text, encrypted at rest; read and change them through `answers`.
    answers_json = EncryptedTextField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_request = models.OneToOneField(
        SupportRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Draft {self.pk} ({self.updated_at:%Y-%m-%d %H:%M})" if self.updated_at else "Draft"

    def save(self, *args, **kwargs):
        if hasattr(self, "_answers"):
            self.answers_json = json.dumps(self._answers, cls=DjangoJSONEncoder)
        super().save(*args, **kwargs)

    @property
    def answers(self) -> dict:
        if not hasattr(self, "_answers"):
            self._answers = json.loads(self.answers_json or "{}")
        return self._answers

    @answers.setter
    def answers(self, value: dict):
        self._answers = value


class TrackingCode(models.Model):
    """A one-time code sent to the family's contact, to see a request with its reference."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Tracking code for {self.request_id} (expires {self.expires_at:%Y-%m-%d %H:%M})"

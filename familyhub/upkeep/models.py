"""Keeping the directory true: providers' proposed changes waiting for a data manager, every
approved version of a service (who, when), the freshness reminders already sent, and the
public's suggested changes ("suggest a change" on a service page).

A proposal holds the whole proposed record as JSON (`changes.snapshot` shape): the service's
fields, its schedules and its places. Nothing here is personal.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.directory.models import Organisation, Service


class ProposedChange(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Kind(models.TextChoices):
        NEW = "new", _("New service")
        EDIT = "edit", _("Edit")
        ARCHIVE = "archive", _("Archive")
        RESTORE = "restore", _("Restore an earlier version")

    # Empty for a new service until it is approved.
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="proposed_changes"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="proposed_changes"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EDIT)
    data = models.JSONField()
    # The service's version number the proposal was made from (0 for a new service).
    base_version = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["proposed_at", "id"]
        constraints = [
            # At most one waiting proposal per service: proposing again updates it.
            models.UniqueConstraint(
                fields=["service"],
                condition=models.Q(status="pending"),
                name="one_pending_change_per_service",
            )
        ]

    def __str__(self):
        return f"{self.reference} {self.get_kind_display()} ({self.get_status_display()})"

    @property
    def reference(self) -> str:
        return f"CHANGE-{self.pk}"

    @property
    def name(self) -> str:
        return self.data.get("service", {}).get("name", "")


class ServiceVersion(models.Model):
    """The whole service as it was published from `made_at`: version 1, 2, 3 ..."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField()
    change = models.OneToOneField(
        ProposedChange, null=True, blank=True, on_delete=models.PROTECT, related_name="version"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="unique_service_version")
        ]

    def __str__(self):
        return f"{self.service} version {self.number}"


class FreshnessReminder(models.Model):
    """A reminder sent for one service's check date: sent once however often the job runs."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    # The check date the reminder was for (the date added, for a service never checked).
    checked_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "checked_on"], name="one_reminder_per_check"
            ),
        ]

    def __str__(self):
        return f"{self.service_id} reminded for the check of {self.checked_on}"


class SuggestedChange(models.Model):
    """A member of the public's suggestion about a service, until it is resolved."""

    class Kind(models.TextChoices):
        OUT_OF_DATE = "out_of_date", _("Something is out of date or wrong")
        CLOSED = "closed", _("The service has closed")
        MORE_INFORMATION = "more_information", _("I can add more information")
        SOMETHING_ELSE = "something_else", _("Something else")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("Being looked at")
        RESOLVED = "resolved", _("Resolved")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="suggestions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    details = models.TextField(max_length=2000)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.service}: {self.get_kind_display()}"

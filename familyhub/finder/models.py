"""What the families' front door keeps: anonymous searches that found little (for the
partnership's unmet-need view) and suggested changes to the directory. Nothing personal.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.directory.models import Service


class SearchRecord(models.Model):
    """A search that found nothing or few services: the words, filters and count, no person.

    Only the date is kept (not the time) and only the postcode district (ME4, not ME4 4TR),
    so a record cannot be tied back to someone.
    """

    searched_on = models.DateField(db_index=True)
    text = models.CharField(max_length=200, blank=True)
    postcode_district = models.CharField(max_length=4, blank=True, db_index=True)
    filters = models.JSONField(default=dict, blank=True)
    result_count = models.PositiveIntegerField()
    source = models.CharField(max_length=20, default="search")  # search or checker

    class Meta:
        ordering = ["-searched_on", "-id"]

    def __str__(self):
        return f"{self.searched_on} “{self.text}” {self.postcode_district} → {self.result_count}"


class SuggestedChange(models.Model):
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

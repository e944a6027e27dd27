"""What the importers and the merge leave behind: each import run with its per-record results
(the report, and the progress a page shows while a run is going), where each imported record
came from, and every merge of duplicate directory records."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    ORUK = "oruk", "Open Referral UK feed"
    CSV = "csv", "CSV file"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Could not be read"
    HELD = "held", "Held: it would archive many services"


class Outcome(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"


class ImportRun(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=10, choices=ImportKind.choices)
    source = models.CharField(max_length=500, help_text="The URL, file or folder imported")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(null=True, blank=True, help_text="Records expected")
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the whole feed or file could not be read")
    public_only = models.BooleanField(
        default=False, help_text="Fetch only from public internet addresses (runs from a page)"
    )
    # An uploaded file waiting for a background run; emptied when the run ends.
    upload = models.TextField(blank=True, editable=False)
    # A run from a page is background work (runner.py): which attempt holds it, and when that
    # attempt last showed it was alive. A command-line run has 0 attempts and no heartbeat.
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A scheduled pull of a partner's feed (pulls.py): which feed, and whether a data manager
    # let it archive as many services as it would (a pull that would is held otherwise).
    partner_feed = models.ForeignKey(
        "PartnerFeed", null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    archiving_approved = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.source} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.processed / self.total))

    def count(self, outcome: str):
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.processed += 1


class ImportResult(models.Model):
    """One record (or CSV row) of a run: what happened to it and why."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="results")
    position = models.PositiveIntegerField(help_text="Record number in the feed, or CSV row")
    record_id = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=255, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reasons = models.JSONField(default=list, blank=True, help_text="Why it failed or was skipped")
    notes = models.JSONField(default=list, blank=True, help_text="What was changed to fit")

    class Meta:
        ordering = ["run", "position", "id"]
        indexes = [models.Index(fields=["run", "outcome"], name="import_result_outcome")]

    def __str__(self):
        return f"{self.position}: {self.outcome}"


class FeedRecord(models.Model):
    """Where an imported service came from, and a fingerprint of what the feed said, so an
    unchanged record is skipped on the next run."""

    record_id = models.UUIDField(primary_key=True)
    source = models.CharField(max_length=500)
    content_hash = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.record_id} from {self.source}"


class MergeKind(models.TextChoices):
    SERVICE = "service", "Service"
    ORGANISATION = "organisation", "Organisation"
    LOCATION = "location", "Location"


class MergeRecord(models.Model):
    """A duplicate merged into the record kept: the history, and so a later import of the
    merged-away id is not re-created."""

    kind = models.CharField(max_length=20, choices=MergeKind.choices)
    kept_id = models.UUIDField()
    merged_id = models.UUIDField(db_index=True)
    merged_name = models.CharField(max_length=255)
    moved = models.JSONField(default=dict, help_text="References moved, by table")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.kind} {self.merged_name} merged into {self.kept_id}"


class DistinctPair(models.Model):
    """Two records a data manager has checked and found to be different: not listed again as
    likely duplicates. Stored with the smaller id first."""

    kind = models.CharField(max_length=20, choices=MergeKind.choices)
    first_id = models.UUIDField()
    second_id = models.UUIDField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "first_id", "second_id"], name="unique_distinct_pair"
            )
        ]

    def __str__(self):
        return f"{self.kind}: {self.first_id} is not {self.second_id}"


class ReviewState(models.TextChoices):
    WAITING = "waiting", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class ImportReview(models.Model):
    """An imported service held back from the public until a data manager reviews it: the
    feed did not give the partnership's fields, or it failed a check (outside the area, no
    way to contact it). See review.py."""

    service = models.OneToOneField(
        "directory.Service", on_delete=models.CASCADE, primary_key=True, related_name="review"
    )
    state = models.CharField(
        max_length=10, choices=ReviewState.choices, default=ReviewState.WAITING, db_index=True
    )
    reasons = models.JSONField(default=list, help_text="Why it was held, as codes")
    feed_status = models.CharField(
        max_length=20, blank=True, help_text="The status the feed gave, used when published"
    )
    source = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, help_text="First held")
    updated_at = models.DateTimeField(default=timezone.now, help_text="Last imported")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="Why it was rejected")

    class Meta:
        ordering = ["created_at", "service_id"]

    def __str__(self):
        return f"Review of {self.service_id} ({self.state})"


class Frequency(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class PartnerFeed(models.Model):
    """A partner's ORUK feed, pulled on a schedule (pulls.py, decision 0047). Its standard is
    not chosen: the importer reads whichever it finds (ORUK 3.0, HSDS 3.0/3.1, ORUK 1.0)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500, unique=True)
    organisation = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="partner_feeds", help_text="The organisation that publishes the feed",
    )  # fmt: skip
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, default=Weekday.MONDAY, help_text="For a weekly pull"
    )
    time_of_day = models.TimeField(help_text="In the council's time zone")
    enabled = models.BooleanField(default=True)
    managed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="The data manager told when a pull fails or is held",
    )  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now)
    # The latest pull queued (a schedule's time, or a data manager's "pull now") and what came
    # of the latest that ended.
    last_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )  # fmt: skip
    last_result = models.TextField(blank=True, editable=False)
    standard = models.CharField(max_length=40, blank=True, editable=False)
    failures_in_a_row = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def reference(self) -> str:
        """A short reference for messages (they hold a reference and a link, nothing else)."""
        return f"FEED-{str(self.pk)[:8].upper()}"

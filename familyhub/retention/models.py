"""What applying the retention policy leaves behind: each run and what it did, which records
were anonymised (so nothing is done twice), erasures made at a person's request, and the
equality answers of anonymised records kept only as counts. No names or free text about a
family, except an erasure's reason (encrypted at rest)."""

from django.conf import settings
from django.db import models
from encrypted_fields.fields import EncryptedTextField


class RetentionRun(models.Model):
    """One application of the policy: counts per kind (the same shape as the page's table)."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    # Empty: the scheduled job or the command.
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # {kind: {"then": "delete" or "anonymise", "count": n}}
    results = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"Retention run {self.pk} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def total(self) -> int:
        return sum(result.get("count", 0) for result in self.results.values())


class AnonymisedRecord(models.Model):
    """A record anonymised by the policy or by an erasure: it is never anonymised again and is
    no longer counted as due. `kind` is the policy's kind (families, requests)."""

    kind = models.CharField(max_length=30)
    object_id = models.UUIDField()
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="anonymised_once")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} anonymised {self.at:%Y-%m-%d}"


class ErasureRecord(models.Model):
    """An administrator erased a family's data at a person's request: who, when, why, what."""

    family_id = models.UUIDField(db_index=True)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The administrator's name when they erased it (the account may go later).
    by_label = models.CharField(max_length=200)
    reason = EncryptedTextField()
    # What was erased, as counts: {"family records": 1, "people": 3, "requests": 2, ...}
    erased = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"Erasure of family record {self.family_id} ({self.at:%Y-%m-%d})"


class EqualityTally(models.Model):
    """Equality answers of anonymised family records, kept only as counts: how many people
    gave each answer to each question, by the year their family record was made."""

    year = models.PositiveSmallIntegerField()
    question = models.CharField(max_length=40)
    answer = models.CharField(max_length=60)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["year", "question", "answer"]
        constraints = [
            models.UniqueConstraint(fields=["year", "question", "answer"], name="one_tally_each")
        ]

    def __str__(self):
        return f"{self.year} {self.question}={self.answer}: {self.count}"

import uuid

from django.db import models


class DirectoryRecord(models.Model):
    """Every directory record: a UUID (as HSDS requires) and when it was made and last changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True, db_index=True)
    # What an imported record said that this directory does not show (HSDS fields such as
    # interpretation_services, a phone's type, HSDS 3.1's capacities): kept as the feed gave it
    # and published back in the ORUK feed, so nothing is lost on the way through. See
    # familyhub/interchange/kept.py. Null (not {}) when there is none: a nullable column is added
    # to SQLite in place, without remaking the table (and its full-text triggers).
    extra = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

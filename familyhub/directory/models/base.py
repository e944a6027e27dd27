import uuid

from django.db import models


class DirectoryRecord(models.Model):
    """Every directory record: a UUID (as HSDS requires) and when it was made and last changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True

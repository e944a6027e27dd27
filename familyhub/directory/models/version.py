from django.db import models


class DirectoryVersion(models.Model):
    """One row (id 1) whose number changes whenever anything in the directory changes.

    Database triggers on every directory table change it in the same transaction as the change
    itself (migration 0007), so imports, bulk updates and raw SQL are counted as well as saves.
    Caches of search results (familyhub.directory.search.cached) are keyed by it: a change to
    any service, location, taxonomy link, organisation or detail makes every cached search
    stale at once, on every worker (they read the number from the database).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    version = models.BigIntegerField(default=1)

    def __str__(self):
        return f"directory version {self.version}"

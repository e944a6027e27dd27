"""What the families' front door keeps: anonymous searches that found little (for the
partnership's unmet-need view). Nothing personal. (Suggested changes to the directory are
upkeep's: upkeep/models.py.)
"""

from django.db import models


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

from django.db import models

from familyhub.directory.models.base import DirectoryRecord


class Organisation(DirectoryRecord):
    name = models.CharField(max_length=255)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    logo = models.URLField(blank=True)
    uri = models.URLField(blank=True)
    parent_organisation = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

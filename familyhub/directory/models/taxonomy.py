from django.db import models

from familyhub.directory.models.base import DirectoryRecord


class Taxonomy(DirectoryRecord):
    key = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "taxonomies"

    def __str__(self):
        return self.name


class TaxonomyTerm(DirectoryRecord):
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.SlugField(max_length=80, help_text="Stable key, e.g. 'sleep-babies'")
    name = models.CharField(max_length=200)
    description = models.TextField()
    term_uri = models.URLField(blank=True)
    synonyms = models.JSONField(
        default=list, blank=True, help_text="Words and phrases families use for this need"
    )
    maps_to = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="mapped_from",
        help_text="Equivalent terms in other taxonomies (e.g. DfE Family Hubs service categories)",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["taxonomy", "code"], name="unique_term_code_per_taxonomy"
            )
        ]

    def __str__(self):
        return self.name

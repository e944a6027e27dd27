"""Information pages for parents, as versioned content (decision 0039).

A page is one topic at one stage (sleep at 1 to 2 years). Its words are versions, one
language at a time (a language by its ISO 639 code: en, pl, ro, pa, ...): a content editor
writes a draft, publishing it makes it the version families read and keeps the one before as
superseded, so every published version stays. The page has one review-by date for all its
languages; an overdue review is listed for editors.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.information.stages import Stage, Topic


class InformationPage(models.Model):
    stage = models.CharField(max_length=20, choices=Stage.choices)
    topic = models.CharField(max_length=20, choices=Topic.choices)
    review_by = models.DateField(null=True, blank=True)
    # The review-by date content editors were last reminded of (reminders.py): a new review-by
    # date is reminded of again.
    review_reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage", "topic"], name="one_page_per_stage_topic")
        ]
        ordering = ["stage", "topic"]

    def __str__(self):
        return f"{self.get_topic_display()} ({self.get_stage_display()})"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


# The moves a version may make, declared once (actions.py follows them).
MOVES = {
    VersionStatus.DRAFT: {VersionStatus.PUBLISHED},
    VersionStatus.PUBLISHED: {VersionStatus.SUPERSEDED},
    VersionStatus.SUPERSEDED: set(),
}


class PageVersion(models.Model):
    page = models.ForeignKey(InformationPage, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(max_length=10, help_text="ISO 639 code: en, pl, ro, pa")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    # Limited Markdown (paragraphs, lists, bold, links): rendered through content.render.
    typical = models.TextField()
    when_to_ask = models.TextField()
    more = models.TextField(blank=True)
    search_words = models.CharField(
        max_length=100, help_text="The words the 'find services' link searches for"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["page", "language", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language", "number"], name="version_number_per_language"
            ),
            models.UniqueConstraint(
                fields=["page", "language"],
                condition=models.Q(status="draft"),
                name="one_draft_per_language",
            ),
            models.UniqueConstraint(
                fields=["page", "language"],
                condition=models.Q(status="published"),
                name="one_published_per_language",
            ),
        ]

    def __str__(self):
        return f"{self.page} [{self.language}] v{self.number} ({self.status})"

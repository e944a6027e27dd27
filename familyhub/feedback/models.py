"""Family feedback: the family (parent or carer, and children and young people in their own
voice) is asked, by its safe channel, whether the support helped, once a request or an early help
case closes or a programme ends; and the same confidence question (0 to 10) is asked at the start,
so the change can be measured.

An invitation holds only a keyed hash of the link's secret (the link itself is sent once and never
stored). Free comments are encrypted at rest, and what the safety layer recognised in them is kept
beside them for the service and the lead practitioner to see. Read through `queries.py`.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedTextField

from familyhub.casework.models import Case
from familyhub.directory.models import Service
from familyhub.families.models import Family
from familyhub.referrals.models import SupportRequest

CONFIDENCE_MAX = 10


class About(models.TextChoices):
    """What the family is asked about."""

    REQUEST = "request", _("A request for support")
    CASE = "case", _("Early help")
    PROGRAMME = "programme", _("A programme or group")


class Respondent(models.TextChoices):
    """Who answered: children's and young people's own voice counts."""

    PARENT = "parent", _("A parent or carer")
    CHILD = "child", _("A child or young person")


class Scale(models.TextChoices):
    """The answer to each short question. Not answered is stored as blank."""

    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


QUESTIONS = ("helped", "met_needs", "respected", "would_recommend")


class FeedbackInvitation(models.Model):
    """One ask: about a closed request, a closed early help case, or a programme place."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    about = models.CharField(max_length=12, choices=About.choices, db_index=True)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="feedback_asked")
    request = models.ForeignKey(
        SupportRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback_invitations",
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback_invitations"
    )
    # A programme (a parenting group, say): its own reference and name, from the app that runs it.
    programme_ref = models.CharField(max_length=100, blank=True)
    programme_name = models.CharField(max_length=200, blank=True)
    # The service that gave the support, where there is one (the request's, or the programme's).
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A keyed hash (HMAC-SHA256) of the link's secret; the secret itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=10, default="en-gb")
    created_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    # When the ask was sent, and by which channel ("" when there was no safe way: staff ask).
    sent_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=10, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(request__isnull=False),
                name="feedback_asked_once_per_request",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(case__isnull=False),
                name="feedback_asked_once_per_case",
            ),
            models.UniqueConstraint(
                fields=["family", "programme_ref"],
                condition=~Q(programme_ref=""),
                name="feedback_asked_once_per_programme",
            ),
        ]
        indexes = [
            models.Index(fields=["about", "created_at"], name="feedback_about_created"),
        ]

    def __str__(self):
        return f"Feedback asked about {self.about} on {self.created_at:%Y-%m-%d}"


class FeedbackAnswer(models.Model):
    """One person's answers to an invitation: at most one from a parent or carer and one from a
    child or young person. Every question is optional."""

    invitation = models.ForeignKey(
        FeedbackInvitation, on_delete=models.CASCADE, related_name="answers"
    )
    respondent = models.CharField(
        max_length=10, choices=Respondent.choices, default=Respondent.PARENT
    )
    helped = models.CharField(max_length=12, choices=Scale.choices, blank=True)
    met_needs = models.CharField(max_length=12, choices=Scale.choices, blank=True)
    respected = models.CharField(
        max_length=12,
        choices=Scale.choices,
        blank=True,
        help_text="Treated with respect and without judgement",
    )
    would_recommend = models.CharField(max_length=12, choices=Scale.choices, blank=True)
    confidence = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(CONFIDENCE_MAX)]
    )
    comment = EncryptedTextField(null=True, blank=True)
    # What the safety layer recognised in the comment (kinds of danger), for staff to see.
    comment_concerns = models.JSONField(default=list, blank=True)
    concern_seen_at = models.DateTimeField(null=True, blank=True)
    concern_seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=10, default="en-gb")
    answered_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-answered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "respondent"], name="feedback_one_answer_per_respondent"
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__lte=CONFIDENCE_MAX),
                name="feedback_confidence_0_to_10",
            ),
        ]

    def __str__(self):
        return f"Feedback from a {self.respondent} on {self.answered_at:%Y-%m-%d}"


class ConfidenceAtStart(models.Model):
    """The same confidence question (0 to 10), answered when a request or case starts."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(
        SupportRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="confidence_at_start",
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="confidence_at_start"
    )
    respondent = models.CharField(
        max_length=10, choices=Respondent.choices, default=Respondent.PARENT
    )
    confidence = models.PositiveSmallIntegerField(validators=[MaxValueValidator(CONFIDENCE_MAX)])
    asked_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "respondent"],
                condition=Q(request__isnull=False),
                name="confidence_at_start_once_per_request",
            ),
            models.UniqueConstraint(
                fields=["case", "respondent"],
                condition=Q(case__isnull=False),
                name="confidence_at_start_once_per_case",
            ),
            models.CheckConstraint(
                condition=Q(confidence__lte=CONFIDENCE_MAX), name="confidence_at_start_0_to_10"
            ),
        ]

    def __str__(self):
        return f"Confidence {self.confidence} at start on {self.asked_at:%Y-%m-%d}"

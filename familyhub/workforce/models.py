"""The common workforce and peer support (decision 0038).

- `Course`: a training course the partnership counts (Solihull, Triple P by level, Incredible
  Years, early help assessor and lead awareness, ELSA, Youth Mental Health First Aid, Positive
  Behaviour Support), and how long it stays current.
- `TrainingRecord`: a member of staff trained on a course (date, expiry, certificate reference,
  the town they mostly work in), entered by the person, their manager, or imported by CSV by
  data managers (records.py is the only writer).
- `PeerSupporter`: a trained parent who supports other parents (recruited, trained, active or
  stopped), kept by the organisation that runs peer support; `PeerMatch`: a supporter matched
  with a family's request; `PeerContact`: each contact over the months of support (notes
  encrypted at rest).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedTextField

from familyhub.directory.choices import MEDWAY_TOWNS
from familyhub.directory.models import Organisation
from familyhub.referrals.models import SupportRequest

USER = settings.AUTH_USER_MODEL
TOWN_CHOICES = [(town, town) for town in MEDWAY_TOWNS] + [("Medway-wide", _("Medway-wide"))]


class Course(models.Model):
    code = models.SlugField(
        _("code"), max_length=60, unique=True,
        help_text=_("Used in the CSV import, for example triple-p-level-4"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=160)
    level = models.CharField(_("level"), max_length=60, blank=True)
    # Months a certificate stays current (None: it does not lapse).
    valid_for_months = models.PositiveSmallIntegerField(_("current for (months)"), null=True,
                                                        blank=True)  # fmt: skip
    for_peer_supporters = models.BooleanField(_("for peer supporters"), default=False)

    class Meta:
        ordering = ["name", "level"]

    def __str__(self):
        return f"{self.name} ({self.level})" if self.level else self.name


class TrainingRecord(models.Model):
    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="training_records")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField(_("date trained"))
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    certificate_reference = models.CharField(_("certificate reference"), max_length=80,
                                             blank=True)  # fmt: skip
    works_in = models.CharField(_("mostly works in"), max_length=20, choices=TOWN_CHOICES)
    entered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField()
    imported = models.BooleanField(default=False)
    # The day the person was reminded that it expires (reminders.py claims it once).
    expiry_reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-completed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course", "completed_on"], name="one_record_per_training"
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.course} ({self.completed_on})"


class PeerStatus(models.TextChoices):
    RECRUITED = "recruited", _("Recruited")
    TRAINING = "training", _("In training")
    ACTIVE = "active", _("Trained and supporting families")
    STOPPED = "stopped", _("No longer a peer supporter")


class PeerSupporter(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="peer_supporters"
    )
    name = EncryptedCharField(_("name"), max_length=120)
    phone = EncryptedCharField(_("phone"), max_length=30, null=True, blank=True)
    town = models.CharField(_("town"), max_length=20, choices=TOWN_CHOICES)
    status = models.CharField(max_length=12, choices=PeerStatus.choices,
                              default=PeerStatus.RECRUITED)  # fmt: skip
    recruited_on = models.DateField(_("recruited on"))
    trained_on = models.DateField(_("trained on"), null=True, blank=True)
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")  # fmt: skip
    languages = models.CharField(_("languages"), max_length=120, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["recruited_on", "id"]

    def __str__(self):
        return self.name


class PeerMatch(models.Model):
    supporter = models.ForeignKey(PeerSupporter, on_delete=models.PROTECT, related_name="matches")
    request = models.ForeignKey(SupportRequest, on_delete=models.PROTECT,
                                related_name="peer_matches")  # fmt: skip
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    matched_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["supporter", "request"], name="one_match_per_supporter_and_request"
            )
        ]

    def __str__(self):
        return f"{self.supporter} with {self.request.reference}"

    @property
    def family_id(self):  # the audit trail files a match under the family
        return self.request.family_id


class ContactWay(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")
    MESSAGE = "message", _("Text or message")


class PeerContact(models.Model):
    match = models.ForeignKey(PeerMatch, on_delete=models.CASCADE, related_name="contacts")
    on = models.DateField(_("date"))
    way = models.CharField(_("how"), max_length=12, choices=ContactWay.choices)
    notes = EncryptedTextField(_("notes"), null=True, blank=True)
    # The one safety layer recognised danger in the notes: shown to staff on the match.
    danger_recognised = models.BooleanField(default=False)
    logged_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    logged_at = models.DateTimeField()

    class Meta:
        ordering = ["-on", "-logged_at"]

    def __str__(self):
        return f"{self.match} on {self.on}"

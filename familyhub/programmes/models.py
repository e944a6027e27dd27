"""Parenting programmes run as groups (decision 0037).

A `Programme` is a directory service (Incredible Years, Triple P, NVR...) with the measure its
facilitators take before and after. It runs as `Group`s: dates (`GroupSession`), a venue (a
directory location) or online, facilitators, and a number of places. An accepted request takes
a `Place` in a group (places.py is the only writer); each place keeps attendance per session,
completion, and the family's before-and-after scores on the programme's measure.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.directory.models import Location, Service
from familyhub.referrals.models import SupportRequest

USER = settings.AUTH_USER_MODEL
MOST_PLACES = 40
MOST_SESSIONS = 30


class Programme(models.Model):
    service = models.OneToOneField(Service, on_delete=models.PROTECT, related_name="programme")
    measure_name = models.CharField(
        _("measure"),
        max_length=120,
        help_text=_("The tool facilitators score before and after, for example SDQ total "
                    "difficulties"),
    )  # fmt: skip
    measure_lowest = models.SmallIntegerField(_("lowest score"), default=0)
    measure_highest = models.SmallIntegerField(_("highest score"), default=40)
    higher_is_better = models.BooleanField(_("a higher score is better"), default=False)
    # Completing: attending at least this share of a group's sessions (the usual rule of thumb
    # for group parenting programmes: two thirds).
    completion_share = models.FloatField(
        default=2 / 3, validators=[MinValueValidator(0.1), MaxValueValidator(1.0)]
    )

    class Meta:
        ordering = ["service__name"]

    def __str__(self):
        return self.service.name


class Group(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("name"), max_length=120)
    venue = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    online = models.BooleanField(_("online"), default=False)
    places = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(MOST_PLACES)]
    )
    starts_on = models.DateField(_("first session"), db_index=True)
    facilitators = models.ManyToManyField(USER, blank=True, related_name="facilitated_groups")
    cancelled = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self):
        return f"{self.programme}: {self.name}"

    @property
    def where(self) -> str:
        if self.online:
            return str(_("Online"))
        return self.venue.name if self.venue else ""

    @property
    def town(self) -> str:
        return "Online" if self.online or not self.venue else (self.venue.town or "")


class GroupSession(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    on = models.DateField()

    class Meta:
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="one_session_number")
        ]

    def __str__(self):
        return f"{self.group} – {self.number}"


class PlaceStatus(models.TextChoices):
    PLACED = "placed", _("Has a place")
    COMPLETED = "completed", _("Completed")
    LEFT = "left", _("Left before the end")


TAKING_A_PLACE = (PlaceStatus.PLACED, PlaceStatus.COMPLETED)


class Place(models.Model):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="places_taken")
    # One place per request: the family is given a place for the request they made.
    request = models.OneToOneField(
        SupportRequest, on_delete=models.PROTECT, related_name="programme_place"
    )
    status = models.CharField(
        max_length=12, choices=PlaceStatus.choices, default=PlaceStatus.PLACED, db_index=True
    )
    placed_at = models.DateTimeField()
    placed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    before_score = models.SmallIntegerField(null=True, blank=True)
    before_on = models.DateField(null=True, blank=True)
    after_score = models.SmallIntegerField(null=True, blank=True)
    after_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["group", "placed_at"]

    def __str__(self):
        return f"{self.request.reference} in {self.group}"

    @property
    def family_id(self):  # the audit trail files a place under the family
        return self.request.family_id


class Attendance(models.Model):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendance")
    attended = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "session"], name="one_attendance_a_session")
        ]

    def __str__(self):
        return f"{self.place} – {self.session.number}: {self.attended}"

"""People and roles: every signed-in person has one role; staff belong to an organisation
(and practitioners to a team), which is what decides which requests they may see."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.directory.models import Organisation


class Role(models.TextChoices):
    PARENT = "parent", _("Parent or carer")
    PRACTITIONER = "practitioner", _("Practitioner")
    PROVIDER = "provider", _("Provider staff")
    TRIAGE = "triage", _("Early help triage")
    DATA_MANAGER = "data_manager", _("Data manager")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")
    # Manages a team's early help cases (allocates lead practitioners); sees its team's cases.
    TEAM_MANAGER = "team_manager", _("Team manager")
    # Reads the board's dashboards, reports and the delivery plan; never a family's record.
    BOARD_MEMBER = "board_member", _("Board member")
    # Edits the partnership's delivery plan (priorities, actions, leads, the board's cycle).
    STRATEGY_LEAD = "strategy_lead", _("Strategy lead")
    # Writes and reviews the information pages for parents (English and other languages).
    CONTENT_EDITOR = "content_editor", _("Content editor")


STAFF_ROLES = frozenset(Role) - {Role.PARENT}


class Team(models.Model):
    """A practitioners' team (a school's pastoral team, a health visiting team...)."""

    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    email = models.EmailField(blank=True, help_text="The team's shared mailbox, for updates")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(max_length=20, choices=Role.choices, db_index=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    job_title = models.CharField(max_length=120, blank=True)

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    def clean(self):
        if self.role == Role.PROVIDER and not self.organisation_id:
            raise ValidationError(
                {"organisation": "Provider staff must belong to an organisation."}
            )
        if self.role == Role.PRACTITIONER and not self.team_id:
            raise ValidationError({"team": "A practitioner must belong to a team."})
        if self.role == Role.TEAM_MANAGER and not self.team_id:
            raise ValidationError({"team": "A team manager must manage a team."})
        if self.team_id and not self.organisation_id:
            self.organisation_id = self.team.organisation_id

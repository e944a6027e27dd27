"""Early help cases: the family's consent, the lead practitioner and the team around the family,
and the case's history. The statuses and moves are declared once, in `states.py`; every change
goes through `actions.py`."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedTextField

from familyhub.accounts.models import Team
from familyhub.casework.framework import Domain, FindingKind, LevelOfNeed, OutcomeArea
from familyhub.casework.states import ClosureOutcome, OpenedFrom, Status
from familyhub.directory.models import Service
from familyhub.families.models import CHILD_RELATIONSHIPS, Family, FamilyMember, Relationship
from familyhub.referrals.models import REFERENCE_ALPHABET, SupportRequest

USER = settings.AUTH_USER_MODEL


def new_case_reference() -> str:
    """'EH-7K3M-9QXD': like a request's reference, with EH for early help."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"EH-{chars[:4]}-{chars[4:]}"


class Case(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True, default=new_case_reference)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    # Bumped by every change: a change made on an out-of-date page is refused.
    version = models.PositiveIntegerField(default=1)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_from = models.CharField(max_length=20, choices=OpenedFrom.choices)
    source_request = models.ForeignKey(
        SupportRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    # A case stepped down from children's social care arrives with what they knew.
    history_from_social_care = EncryptedTextField(null=True, blank=True)
    status_changed_at = models.DateTimeField()
    # The team whose managers allocate the case and see it.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    lead = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="cases_led"
    )
    lead_since = models.DateTimeField(null=True, blank=True)
    review_every_weeks = models.PositiveSmallIntegerField(default=8)
    next_review_due = models.DateField(null=True, blank=True, db_index=True)
    # Ending: the coded outcome, the exit plan, and the check six months later.
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=ClosureOutcome.choices, blank=True)
    exit_plan = EncryptedTextField(null=True, blank=True)
    # Stepping down: the universal services from the directory the plan names.
    step_down_services = models.ManyToManyField(
        Service, blank=True, related_name="stepped_down_cases"
    )
    # When the family was sent word that the case ended (None: no safe way; staff tell them).
    family_told_at = models.DateTimeField(null=True, blank=True)
    sustained_check_due = models.DateField(null=True, blank=True, db_index=True)
    sustained_check_done_at = models.DateTimeField(null=True, blank=True)
    sustained = models.BooleanField(null=True, blank=True)  # the check's answer
    # The handover to children's social care (step up), tracked until answered.
    handover_concern = EncryptedTextField(null=True, blank=True)
    handover_known = EncryptedTextField(null=True, blank=True)
    handover_consent = models.BooleanField(null=True, blank=True)
    handover_no_consent_reason = EncryptedTextField(null=True, blank=True)
    handover_sent_at = models.DateTimeField(null=True, blank=True)
    handover_answer = EncryptedTextField(null=True, blank=True)
    handover_answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["team", "status"], name="case_team_status")]

    def __str__(self):
        return self.reference


class CaseConsent(models.Model):
    """The family's explicit consent to an assessment and to sharing with the agencies named:
    who gave it, who recorded it, when, and which wording they were shown. Withdrawable."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    given_by_name = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    given_at = models.DateTimeField()
    wording_version = models.CharField(max_length=20)
    share_with = models.TextField(help_text="The agencies the family agreed to share with")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-given_at", "-id"]

    def __str__(self):
        return f"Consent from {self.given_by_name} on {self.given_at:%d %B %Y}"


class CaseChange(models.Model):
    """One row per move: who, when, from, to, and a note. The case's history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(db_index=True)
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    move = models.CharField(max_length=30, blank=True)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    note = EncryptedTextField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.case}: {self.from_status or 'new'} → {self.to_status}"


class CaseMember(models.Model):
    """Someone in the team around the family: a practitioner from any agency (with an account:
    they then see the case), or a member of the family itself."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="case_memberships"
    )
    family_member = models.ForeignKey(
        FamilyMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.CharField(max_length=200, blank=True)
    role_in_team = models.CharField(max_length=200, blank=True)
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.email
        return self.family_member.full_name if self.family_member_id else ""


class BreakGlass(models.Model):
    """A manager outside the case's team looking at it, with their reason: audited, and open to
    them for a short time only (settings.CASE_BREAK_GLASS_MINUTES)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    reason = EncryptedTextField()
    at = models.DateTimeField()
    until = models.DateTimeField()

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user} on {self.case} at {self.at:%Y-%m-%d %H:%M}"


class Assessment(models.Model):
    """A whole-family assessment. A draft is saved at every step; a completed one is locked,
    and changing it later makes the next version (a copy to edit)."""

    class Stage(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPLETED = "completed", _("Completed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    number = models.PositiveSmallIntegerField(default=1)
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.DRAFT)
    version = models.PositiveIntegerField(default=1)  # bumped by every save (concurrent edits)
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    family_words = EncryptedTextField(null=True, blank=True)
    family_words_source = models.CharField(max_length=200, blank=True)
    analysis = EncryptedTextField(null=True, blank=True)
    level_of_need = models.CharField(max_length=1, choices=LevelOfNeed.choices, blank=True)
    level_reason = EncryptedTextField(null=True, blank=True)

    class Meta:
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="assessment_number_once")
        ]

    def __str__(self):
        return f"{self.case} assessment {self.number}"


class AssessedPerson(models.Model):
    """Each member of the family in an assessment (parents and carers of any kind, children, an
    unborn baby), with notes and, for a child, the child's own voice."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="people")
    family_member = models.ForeignKey(
        FamilyMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    date_of_birth = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True)
    notes = EncryptedTextField(null=True, blank=True)
    voice = EncryptedTextField(null=True, blank=True)  # a child's own words

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name

    @property
    def is_child(self) -> bool:
        return self.relationship in CHILD_RELATIONSHIPS


class Finding(models.Model):
    """A strength or a need, in one of the framework's three domains; a need is also tagged with
    its Supporting Families headline outcome. Where it came from is kept (`source`)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    person = models.ForeignKey(
        AssessedPerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    kind = models.CharField(max_length=10, choices=FindingKind.choices)
    domain = models.CharField(max_length=30, choices=Domain.choices, blank=True)
    outcome_area = models.CharField(max_length=30, choices=OutcomeArea.choices, blank=True)
    text = EncryptedTextField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_domain_display()})"


class Plan(models.Model):
    """The family plan: goals in the family's words, with actions. One per case; every change
    locks this row and checks its version, so two people editing at once lose nothing."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    agreed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Plan for {self.case}"


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    words = EncryptedTextField()  # in the family's own words
    needs = models.ManyToManyField(Finding, blank=True, related_name="goals")
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self):
        return f"Goal {self.pk} of {self.plan}"


class GoalScore(models.Model):
    """The family's own rating of a goal, 0 to 10: at the start, then at each review."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField()
    at = models.DateTimeField()
    review = models.ForeignKey(
        "Review", null=True, blank=True, on_delete=models.CASCADE, related_name="scores"
    )  # none: the score at the start
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=10), name="goal_score_0_to_10")
        ]

    def __str__(self):
        return f"{self.score}/10"


class PlanAction(models.Model):
    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        STOPPED = "stopped", _("Stopped")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    what = EncryptedTextField()
    who = models.CharField(max_length=200)
    by_when = models.DateField()
    status = models.CharField(max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["by_when", "id"]

    def __str__(self):
        return f"{self.who} by {self.by_when}"


class Review(models.Model):
    """A review of the plan: progress on each goal (the family's new scores, GoalScore rows with
    at_review) and the decision: continue, step down, step up or close."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("Continue with the plan")
        STEP_DOWN = "step_down", _("Step down to universal services")
        STEP_UP = "step_up", _("Step up to children's social care")
        CLOSE = "close", _("Close the case")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    was_due = models.DateField(null=True, blank=True)
    progress = EncryptedTextField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"Review of {self.case} on {self.held_on}"


class Meeting(models.Model):
    """A meeting of the team around the family."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    attendees = EncryptedTextField()
    decisions = EncryptedTextField()
    actions = EncryptedTextField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"Meeting on {self.held_on} for {self.case}"


class FamilyComment(models.Model):
    """What the family says about its plan on its own page, or its asking for a review."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        REVIEW_ASKED = "review_asked", _("Asked for a review")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_comments")
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = EncryptedTextField(null=True, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.case}"

"""Running the strategy: the delivery plan (strategy → priority → action, progress, RAG and its
history), the governance cycle (the board, its sub-groups, meetings, decisions, reviews of the
plan), co-production (consultations, "You said, we did", parent forum meetings) and the Parent's
Charter (versions, organisations signed up, where parents say it was not met).

Every write goes through `actions.py`; the RAG rule is `rag.py`; who may see and change what
is `access.py`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.directory.choices import MEDWAY_TOWNS
from familyhub.directory.models import Organisation, Service
from familyhub.planning.rag import Rag

USER = settings.AUTH_USER_MODEL
LOCALITIES = [(town, town) for town in MEDWAY_TOWNS]


class Strategy(models.Model):
    name = models.CharField(max_length=200)
    period = models.CharField(max_length=40)  # "2021–25"
    owner = models.CharField(max_length=200, blank=True)  # whose strategy it is
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "strategies"

    def __str__(self):
        return f"{self.name} {self.period}"


class Group(models.Model):
    """The board, its sub-groups, and whom each reports to."""

    class Kind(models.TextChoices):
        EXECUTIVE = "executive", _("Executive")
        BOARD = "board", _("Board")
        SUBGROUP = "subgroup", _("Sub-group")

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reporting_groups"
    )
    purpose = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class Priority(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)  # the domain: "Engagement"
    aim = models.TextField()  # the strategy's own words for the action
    how = models.TextField(blank=True)  # "How we will do this"
    lead = models.CharField(max_length=200, blank=True)  # the lead role or group, not a name
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="priorities"
    )

    class Meta:
        ordering = ["strategy__position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="one_priority_number")
        ]
        verbose_name_plural = "priorities"

    def __str__(self):
        return f"Priority {self.number}: {self.title}"


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETE = "complete", _("Complete")

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(max_length=20, unique=True)  # "PS1.2", "EH3.1"
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    lead = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions"
    )
    lead_role = models.CharField(max_length=200, blank=True)  # shown to the public, not a name
    start = models.DateField()
    deadline = models.DateField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NOT_STARTED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percentage, from the latest update
    latest_update_on = models.DateField(null=True, blank=True)
    # The rating by the rule (rag.py), with its reason, and a strategy lead's override.
    rag_computed = models.CharField(max_length=10, choices=Rag.choices, default=Rag.GREEN)
    rag_computed_why = models.CharField(max_length=200, blank=True)
    rag_override = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    rag_override_reason = models.TextField(blank=True)
    rag_override_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rag_override_at = models.DateTimeField(null=True, blank=True)
    # Named outcome measures this action should move (the outcomes app's keys).
    measure_keys = models.JSONField(default=list, blank=True)
    reminded_for = models.DateField(null=True, blank=True)  # the review date last reminded of
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["priority__strategy__position", "priority__number", "reference"]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def rag(self) -> str:
        """The rating shown: the override while it stands, else the rule's."""
        return self.rag_override or self.rag_computed

    @property
    def overridden(self) -> bool:
        return bool(self.rag_override)


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    text = models.TextField()
    evidence = models.TextField(blank=True)  # a link or a description of the evidence
    progress = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=Action.Status.choices)
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self):
        return f"{self.action.reference} {self.on}: {self.progress}%"


class RagChange(models.Model):
    """One change of an action's worked-out or shown rating: when, from what, to what, why."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="rag_changes")
    at = models.DateTimeField()
    computed = models.CharField(max_length=10, choices=Rag.choices)
    override = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    shown_before = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    shown = models.CharField(max_length=10, choices=Rag.choices)
    why = models.TextField()
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.action.reference} {self.shown_before or '-'} → {self.shown}"


class GapLink(models.Model):
    """A gap on the map of services (familyhub/gaps) this action addresses: a need and a town."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="gaps")
    need_code = models.SlugField(max_length=80)
    town = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "need_code", "town"], name="one_gap_link")
        ]

    def __str__(self):
        return f"{self.need_code} in {self.town}"


class Meeting(models.Model):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    papers = models.TextField(blank=True)  # links or titles of the papers, one a line
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.group} {self.held_on:%d %B %Y}"


class Decision(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        ACTION = "action", _("Action agreed")
        NEEDED = "needed", _("Decision needed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    resolved = models.BooleanField(default=False)  # a decision needed that has been taken

    class Meta:
        ordering = ["meeting__held_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class PlanReview(models.Model):
    """A review of the plan (by the board, usually at a meeting): each action's rating then."""

    held_on = models.DateField()
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="reviews")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    note = models.TextField(blank=True)
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"Review by {self.group} on {self.held_on}"


class ReviewRating(models.Model):
    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="ratings")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="review_ratings")
    rag = models.CharField(max_length=10, choices=Rag.choices)
    progress = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "action"], name="one_rating_per_review")
        ]

    def __str__(self):
        return f"{self.action_id}: {self.rag}"


class Consultation(models.Model):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        EVENT = "event", _("Engagement event")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    question = models.TextField()
    audience = models.CharField(max_length=300)
    starts = models.DateField()
    ends = models.DateField()
    took_part = models.PositiveIntegerField(default=0)
    heard = models.TextField(blank=True)

    class Meta:
        ordering = ["-starts", "-id"]

    def __str__(self):
        return self.title


class YouSaidWeDid(models.Model):
    consultation = models.ForeignKey(
        Consultation, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    you_said = models.TextField()
    we_did = models.TextField()
    on = models.DateField()
    actions = models.ManyToManyField(Action, blank=True, related_name="you_said_we_did")
    published = models.BooleanField(default=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = "You said, we did"
        verbose_name_plural = "You said, we did"

    def __str__(self):
        return self.you_said[:60]


class ForumMeeting(models.Model):
    """A parent forum's meeting in one of the six localities."""

    locality = models.CharField(max_length=40, choices=LOCALITIES)
    held_on = models.DateField()
    venue = models.CharField(max_length=200)
    attended = models.PositiveIntegerField(default=0)
    topics = models.TextField()
    heard = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "locality"]

    def __str__(self):
        return f"{self.locality} parent forum, {self.held_on}"


class CharterVersion(models.Model):
    """The Parent's Charter as approved: each version kept, never edited once published."""

    number = models.PositiveSmallIntegerField(unique=True)
    introduction = models.TextField()
    introduction_pl = models.TextField(blank=True)
    you_can_expect = models.JSONField(default=list)  # lines, English
    you_can_expect_pl = models.JSONField(default=list, blank=True)
    we_ask = models.JSONField(default=list)
    we_ask_pl = models.JSONField(default=list, blank=True)
    approved_on = models.DateField()
    approved_by = models.CharField(max_length=200)  # the group or person who approved it

    class Meta:
        ordering = ["-number"]

    def __str__(self):
        return f"Parent's Charter version {self.number}"


class CharterSignUp(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="charter_sign_up"
    )
    version = models.ForeignKey(CharterVersion, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField()
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self):
        return f"{self.organisation} signed up on {self.signed_on}"


class CharterFeedback(models.Model):
    """A parent saying where the charter was not met (anonymous; through the safety layer)."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        SEEN = "seen", _("Seen")

    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    where = models.CharField(max_length=200, blank=True)  # the service or place, in their words
    what_happened = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Charter not met ({self.created_at:%Y-%m-%d})"

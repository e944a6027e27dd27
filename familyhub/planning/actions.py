"""Every write in planning: one named function per change, each in one transaction, leaving its
history (a progress update, a RagChange row for every change of rating, a review's ratings).
Views call these; nothing else writes planning's records."""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.planning import rag
from familyhub.planning.models import (
    Action,
    CharterFeedback,
    CharterSignUp,
    CharterVersion,
    Consultation,
    Decision,
    ForumMeeting,
    GapLink,
    Meeting,
    PlanReview,
    ProgressUpdate,
    RagChange,
    ReviewRating,
    YouSaidWeDid,
)

MOST_TEXT = 4000


class PlanRefused(Exception):
    """A change that cannot be made, with the reason in words for the page."""


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _moment(today: date | None) -> datetime:
    """Now; or, for a day given that is not today (demo data, tests), nine o'clock that day."""
    if today is None or today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(today, time(9)))


def rating_for(action: Action, today: date | None = None) -> rag.Rating:
    return rag.rate(
        complete=action.status == Action.Status.COMPLETE,
        start=action.start,
        deadline=action.deadline,
        progress=action.progress,
        latest_update=action.latest_update_on,
        today=_today(today),
    )


def _rerate(action: Action, *, why: str, by=None, today: date | None = None) -> RagChange | None:
    """Work the rating out again; a change of the rule's rating or of the one shown is kept."""
    shown_before = action.rag if action.pk and action.rag_computed else ""
    computed_before = action.rag_computed if action.pk else ""
    rating = rating_for(action, today)
    action.rag_computed, action.rag_computed_why = rating.rag, rating.why[:200]
    action.save()
    if rating.rag == computed_before and action.rag == shown_before:
        return None
    return RagChange.objects.create(
        action=action,
        at=_moment(today),
        computed=rating.rag,
        override=action.rag_override,
        shown_before=shown_before,
        shown=action.rag,
        why=f"{why} — {rating.why}" if why else rating.why,
        by=by,
    )


def _locked(action_id, expected_version=None) -> Action:
    action = Action.objects.select_for_update().filter(pk=action_id).first()
    if action is None:
        raise PlanRefused(_("That action no longer exists."))
    if expected_version is not None and action.version != expected_version:
        raise PlanRefused(
            _("Someone changed this action since you opened the page. Check it and try again.")
        )
    return action


def _check_dates(start, deadline, review_date):
    if deadline and start and deadline < start:
        raise PlanRefused(_("The deadline must be on or after the start"))
    if review_date and start and review_date < start:
        raise PlanRefused(_("The review date must be on or after the start"))


ACTION_FIELDS = (
    "title",
    "description",
    "lead",
    "organisation",
    "lead_role",
    "start",
    "deadline",
    "review_date",
    "measure_keys",
)


@transaction.atomic
def create_action(priority, *, by, reference: str, gaps=(), today=None, **fields) -> Action:
    if Action.objects.filter(reference=reference).exists():
        raise PlanRefused(
            _("Another action already has the reference %(ref)s") % {"ref": reference}
        )
    _check_dates(fields.get("start"), fields.get("deadline"), fields.get("review_date"))
    action = Action(
        priority=priority,
        reference=reference,
        **{k: v for k, v in fields.items() if k in ACTION_FIELDS},
    )
    _rerate(action, why=_("Action added to the plan"), by=by, today=today)
    _set_gaps(action, gaps)
    return action


@transaction.atomic
def edit_action(action_id, *, by, expected_version=None, gaps=None, today=None, **fields):
    action = _locked(action_id, expected_version)
    _check_dates(
        fields.get("start", action.start),
        fields.get("deadline", action.deadline),
        fields.get("review_date", action.review_date),
    )
    for name, value in fields.items():
        if name in ACTION_FIELDS:
            setattr(action, name, value)
    action.version += 1
    _rerate(action, why=_("Action's dates or details changed"), by=by, today=today)
    if gaps is not None:
        _set_gaps(action, gaps)
    return action


def _set_gaps(action, gaps):
    """gaps: (need code, town) pairs for the gaps on the map this action addresses."""
    action.gaps.all().delete()
    GapLink.objects.bulk_create(
        [GapLink(action=action, need_code=need, town=town) for need, town in dict.fromkeys(gaps)]
    )


@transaction.atomic
def record_progress(
    action_id,
    *,
    by,
    text: str,
    progress: int,
    status: str,
    evidence: str = "",
    on: date | None = None,
    expected_version=None,
    today: date | None = None,
) -> ProgressUpdate:
    """An action lead's update: what was done, with evidence; the rating follows by the rule."""
    action = _locked(action_id, expected_version)
    text = (text or "").strip()
    if not text:
        raise PlanRefused(_("Say what has been done since the last update"))
    if status not in Action.Status.values:
        raise PlanRefused(_("Choose the action's status"))
    if not 0 <= progress <= 100:
        raise PlanRefused(_("Progress must be a percentage from 0 to 100"))
    if status == Action.Status.COMPLETE:
        progress = 100
    on = on or _today(today)
    if on > _today(today):
        raise PlanRefused(_("The update's date cannot be in the future"))
    update = ProgressUpdate.objects.create(
        action=action,
        on=on,
        text=text[:MOST_TEXT],
        evidence=(evidence or "")[:MOST_TEXT],
        progress=progress,
        status=status,
        by=by,
    )
    action.progress, action.status = progress, status
    if action.latest_update_on is None or on >= action.latest_update_on:
        action.latest_update_on = on
    action.version += 1
    _rerate(action, why=_("Progress recorded (%(p)s%%)") % {"p": progress}, by=by, today=today)
    return update


@transaction.atomic
def override_rating(action_id, *, by, rating: str, reason: str, expected_version=None, today=None):
    """A strategy lead's override of the rule's rating, always with a reason; an empty rating
    goes back to the rule (also with a reason)."""
    action = _locked(action_id, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise PlanRefused(_("Give the reason for overriding the rating"))
    if rating and rating not in rag.Rag.values:
        raise PlanRefused(_("Choose a rating from the list"))
    shown_before = action.rag
    action.rag_override = rating or ""
    action.rag_override_reason = reason[:MOST_TEXT] if rating else ""
    action.rag_override_by = by if rating else None
    action.rag_override_at = _moment(today) if rating else None
    action.version += 1
    rating_now = rating_for(action, today)
    action.rag_computed, action.rag_computed_why = rating_now.rag, rating_now.why[:200]
    action.save()
    return RagChange.objects.create(
        action=action,
        at=_moment(today),
        computed=action.rag_computed,
        override=action.rag_override,
        shown_before=shown_before,
        shown=action.rag,
        why=(_("Override: %(reason)s") if rating else _("Override removed: %(reason)s"))
        % {"reason": reason[:MOST_TEXT]},
        by=by,
    )


def rerate_all(today: date | None = None) -> dict:
    """Every action's rating worked out again (time passes: deadlines, stale updates); each
    change kept. The daily job calls this."""
    counts = {"actions": 0, "changed": 0}
    for action_id in Action.objects.values_list("pk", flat=True):
        with transaction.atomic():
            action = _locked(action_id)
            counts["actions"] += 1
            if _rerate(action, why=_("Daily check"), today=today):
                counts["changed"] += 1
    return counts


# The governance cycle.


@transaction.atomic
def add_meeting(group, *, held_on, papers="", notes="", by=None) -> Meeting:
    return Meeting.objects.create(
        group=group,
        held_on=held_on,
        papers=papers[:MOST_TEXT],
        notes=notes[:MOST_TEXT],
        created_by=by,
    )


@transaction.atomic
def add_decision(meeting, *, kind, text, priority=None, action=None, by=None) -> Decision:
    text = (text or "").strip()
    if not text:
        raise PlanRefused(_("Write the decision"))
    if kind not in Decision.Kind.values:
        raise PlanRefused(_("Choose what kind of record it is"))
    if action is not None and priority is None:
        priority = action.priority
    return Decision.objects.create(
        meeting=meeting, kind=kind, text=text[:MOST_TEXT], priority=priority, action=action
    )


@transaction.atomic
def record_review(group, *, held_on, by=None, meeting=None, note="") -> PlanReview:
    """The board (or a sub-group) reviewed the plan: each action's rating then is kept, so the
    next report shows "at last review" and what changed since."""
    review = PlanReview.objects.create(
        group=group, held_on=held_on, meeting=meeting, note=note[:MOST_TEXT], by=by
    )
    ReviewRating.objects.bulk_create(
        [
            ReviewRating(review=review, action=action, rag=action.rag, progress=action.progress)
            for action in Action.objects.all()
        ]
    )
    return review


# Co-production.


@transaction.atomic
def add_consultation(**fields) -> Consultation:
    if fields["ends"] < fields["starts"]:
        raise PlanRefused(_("The end must be on or after the start"))
    return Consultation.objects.create(**fields)


@transaction.atomic
def add_you_said_we_did(*, you_said, we_did, on, consultation=None, actions=()) -> YouSaidWeDid:
    if not you_said.strip() or not we_did.strip():
        raise PlanRefused(_("Write both what was said and what was done"))
    entry = YouSaidWeDid.objects.create(
        consultation=consultation, you_said=you_said.strip(), we_did=we_did.strip(), on=on
    )
    entry.actions.set(actions)
    return entry


@transaction.atomic
def add_forum_meeting(**fields) -> ForumMeeting:
    return ForumMeeting.objects.create(**fields)


# The Parent's Charter.


@transaction.atomic
def publish_charter_version(**fields) -> CharterVersion:
    """A new version of the charter; earlier versions are kept as they were."""
    latest = CharterVersion.objects.order_by("-number").first()
    return CharterVersion.objects.create(number=(latest.number + 1 if latest else 1), **fields)


@transaction.atomic
def sign_up(organisation, *, signed_on, by=None) -> CharterSignUp:
    version = CharterVersion.objects.order_by("-number").first()
    if version is None:
        raise PlanRefused(_("There is no charter to sign up to yet"))
    sign_up, _made = CharterSignUp.objects.update_or_create(
        organisation=organisation,
        defaults={"version": version, "signed_on": signed_on, "recorded_by": by},
    )
    return sign_up


@transaction.atomic
def charter_not_met(*, what_happened: str, where: str = "", service=None) -> CharterFeedback:
    """A parent's word that the charter was not met (anonymous). The view has already passed it
    through the one safety layer."""
    return CharterFeedback.objects.create(
        what_happened=what_happened.strip()[:2000], where=where.strip()[:200], service=service
    )

"""Every change to the plan goes through planning.actions and leaves its history."""

from datetime import date, timedelta

import pytest

from familyhub.notifications.models import Message
from familyhub.planning import actions, reminders
from familyhub.planning.models import Action, RagChange, ReviewRating
from familyhub.planning.rag import Rag
from tests.personas import person
from tests.planning.helpers import action, board

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def test_a_new_action_is_rated_by_the_rule_and_its_first_rating_kept():
    made = action(today=TODAY, start=TODAY - timedelta(days=10))
    assert made.rag == Rag.GREEN
    [first] = made.rag_changes.all()
    assert (first.shown_before, first.shown) == ("", Rag.GREEN)
    assert "Action added" in first.why


def test_progress_moves_the_rating_by_the_rule_and_each_change_is_kept():
    lead = person("provider")
    made = action(
        lead=lead,
        today=TODAY,
        start=TODAY - timedelta(days=100),
        deadline=TODAY + timedelta(days=10),
    )
    # No update for 100 days: amber by the rule.
    actions.rerate_all(TODAY)
    made.refresh_from_db()
    assert made.rag == Rag.AMBER
    actions.record_progress(
        made.pk,
        by=lead,
        text="Forums meeting in every town",
        progress=95,
        status="in_progress",
        evidence="Forum notes",
        today=TODAY,
    )
    made.refresh_from_db()
    assert (made.rag, made.progress, made.latest_update_on) == (Rag.GREEN, 95, TODAY)
    latest = made.rag_changes.first()
    assert (latest.shown_before, latest.shown, latest.by) == (Rag.AMBER, Rag.GREEN, lead)
    assert "Progress recorded (95%)" in latest.why
    update = made.updates.get()
    assert (update.text, update.evidence, update.by) == (
        "Forums meeting in every town",
        "Forum notes",
        lead,
    )
    actions.record_progress(
        made.pk, by=lead, text="Done", progress=10, status="complete", today=TODAY
    )
    made.refresh_from_db()
    assert (made.rag, made.progress) == (Rag.BLUE, 100)  # complete is 100%
    assert [c.shown for c in made.rag_changes.all()] == [Rag.BLUE, Rag.GREEN, Rag.AMBER]


def test_progress_with_nothing_said_or_out_of_range_is_refused_and_nothing_changes():
    made = action(today=TODAY)
    for given, message in [
        ({"text": "  ", "progress": 10, "status": "in_progress"}, "Say what has been done"),
        ({"text": "x", "progress": 101, "status": "in_progress"}, "from 0 to 100"),
        ({"text": "x", "progress": 10, "status": "finished"}, "status"),
    ]:
        with pytest.raises(actions.PlanRefused, match=message):
            actions.record_progress(made.pk, by=None, today=TODAY, **given)
    assert not made.updates.exists()


def test_an_update_from_an_out_of_date_page_is_refused():
    made = action(today=TODAY)
    actions.record_progress(
        made.pk,
        by=None,
        text="One",
        progress=10,
        status="in_progress",
        expected_version=made.version,
        today=TODAY,
    )
    with pytest.raises(actions.PlanRefused, match="changed this action"):
        actions.record_progress(
            made.pk,
            by=None,
            text="Two",
            progress=20,
            status="in_progress",
            expected_version=made.version,
            today=TODAY,
        )


def test_an_override_needs_a_reason_and_is_kept_with_it():
    lead = person("strategy_lead")
    made = action(today=TODAY, deadline=TODAY - timedelta(days=1), start=TODAY - timedelta(days=9))
    assert made.rag == Rag.RED
    with pytest.raises(actions.PlanRefused, match="reason"):
        actions.override_rating(made.pk, by=lead, rating="amber", reason="   ")
    made.refresh_from_db()
    assert (made.rag, made.rag_override) == (Rag.RED, "")
    actions.override_rating(
        made.pk, by=lead, rating="amber", reason="Extension agreed by board", today=TODAY
    )
    made.refresh_from_db()
    assert (made.rag, made.rag_computed, made.overridden) == (Rag.AMBER, Rag.RED, True)
    assert made.rag_override_reason == "Extension agreed by board"
    change = made.rag_changes.first()
    assert (change.shown_before, change.shown, change.computed, change.override) == (
        Rag.RED,
        Rag.AMBER,
        Rag.RED,
        Rag.AMBER,
    )
    assert "Extension agreed by board" in change.why and change.by == lead
    # The rule still runs under an override; going back to it needs a reason too.
    actions.override_rating(made.pk, by=lead, rating="", reason="Extension ended", today=TODAY)
    made.refresh_from_db()
    assert (made.rag, made.rag_override, made.rag_override_reason) == (Rag.RED, "", "")
    assert "Override removed: Extension ended" in made.rag_changes.first().why


def test_time_passing_changes_the_rating_and_the_daily_check_keeps_it():
    made = action(today=TODAY, start=TODAY - timedelta(days=10), deadline=TODAY + timedelta(days=5))
    before = RagChange.objects.filter(action=made).count()
    assert actions.rerate_all(TODAY) == {"actions": 1, "changed": 0}
    counts = actions.rerate_all(TODAY + timedelta(days=6))
    assert counts == {"actions": 1, "changed": 1}
    made.refresh_from_db()
    assert made.rag == Rag.RED
    assert RagChange.objects.filter(action=made).count() == before + 1
    assert made.rag_changes.first().at.date() == TODAY + timedelta(days=6)


def test_a_deadline_before_the_start_is_refused():
    with pytest.raises(actions.PlanRefused, match="deadline"):
        action(today=TODAY, start=TODAY, deadline=TODAY - timedelta(days=1))


def test_a_review_keeps_each_actions_rating_then():
    made = action(today=TODAY)
    review = actions.record_review(board(), held_on=TODAY)
    [kept] = ReviewRating.objects.filter(review=review)
    assert (kept.action, kept.rag, kept.progress) == (made, Rag.GREEN, 0)


def test_leads_are_reminded_once_before_a_review_date():
    lead = person("provider", email="lead@example.org")
    today = date.today()
    made = action(lead=lead, today=today, review_date=today + timedelta(days=7))
    far = action(
        lead=lead,
        reference="PSS-1-2",
        today=today,
        review_date=today + timedelta(days=reminders.REMIND_DAYS_BEFORE + 5),
    )
    counts = reminders.remind_leads(today)
    assert counts["reminded"] == 1
    [message] = Message.objects.filter(kind="plan_review_due")
    assert (message.to, message.reference) == ("lead@example.org", made.reference)
    assert f"/staff/plan/actions/{made.pk}/progress/" in message.personalisation["link"]
    assert reminders.remind_leads(today)["already_reminded"] == 1
    assert Message.objects.filter(kind="plan_review_due").count() == 1
    # A new review date is reminded again; a complete action never.
    Action.objects.filter(pk=made.pk).update(review_date=today + timedelta(days=3))
    assert reminders.remind_leads(today)["reminded"] == 1
    actions.record_progress(far.pk, by=lead, text="Done", progress=100, status="complete")
    assert far.pk not in {a.pk for a in reminders.due_reminders(today)}


def test_the_scheduled_job_rerates_and_reminds(settings):
    from familyhub.jobs.tasks import review_delivery_plan

    action(today=date.today(), lead=person("provider"), review_date=date.today())
    result = review_delivery_plan.enqueue()
    assert result.return_value["actions"] == 1
    assert result.return_value["reminded"] == 1

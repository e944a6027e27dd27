"""Information pages due for review: one email a run to the content editors listing them, each
page once for each review-by date (a new date is reminded of again)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from familyhub.information import actions, reminders
from familyhub.information.models import InformationPage
from familyhub.notifications.messages import render
from familyhub.notifications.models import Message
from tests.information.helpers import published_page
from tests.personas import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return person("content_editor", email="editor@example.org")


def _due(page, review_by):
    InformationPage.objects.filter(pk=page.pk).update(review_by=review_by)


def test_editors_get_one_email_listing_the_pages_due_each_once(settings, editor):
    settings.INFORMATION_REVIEW_NOTICE_DAYS = 14
    second = person("content_editor", email="editor2@example.org")
    today = date(2026, 12, 6)
    sleep = published_page(editor, stage="1-2", topic="sleep")
    eating = published_page(editor, stage="1-2", topic="feeding")
    later = published_page(editor, stage="2-5", topic="sleep")
    _due(sleep, today + timedelta(days=14))  # the last day of the notice
    _due(eating, today - timedelta(days=3))  # overdue
    _due(later, today + timedelta(days=15))  # outside the notice
    assert reminders.remind_reviews(today) == {"pages": 2, "editors": 2}
    messages = sorted(Message.objects.filter(kind="information_reviews_due"), key=lambda m: m.to)
    assert [m.to for m in messages] == [second.email, editor.email]  # (sorted)
    assert {m.reference for m in messages} == {"REVIEWS-2026-12-06"}
    email = render("information_reviews_due", "email", messages[0].personalisation)
    assert email.subject == "Information pages due for review (REVIEWS-2026-12-06)"
    assert "due for review (REVIEWS-2026-12-06):\n\n- " in email.body
    assert f"- {eating}: review was due by 3 December 2026 (overdue)\n" in email.body
    assert f"- {sleep}: review by 20 December 2026\n" in email.body
    assert str(later) not in email.body
    assert email.body.index(str(eating)) < email.body.index(str(sleep))  # soonest first
    assert f"{settings.SITE_URL}{reverse('information:editor_list')}" in email.body
    # A re-run (or a second worker) the same day, or the next: nothing more.
    assert reminders.remind_reviews(today) == {"pages": 0, "editors": 0}
    assert reminders.remind_reviews(today + timedelta(days=1)) == {"pages": 1, "editors": 2}
    assert Message.objects.filter(kind="information_reviews_due").count() == 4  # `later` now
    second_run = Message.objects.filter(reference="REVIEWS-2026-12-07").first()
    assert str(later) in render("information_reviews_due", "email",
                                second_run.personalisation).body  # fmt: skip
    assert str(sleep) not in render("information_reviews_due", "email",
                                    second_run.personalisation).body  # fmt: skip


def test_a_new_review_by_date_is_reminded_of_again(settings, editor):
    settings.INFORMATION_REVIEW_NOTICE_DAYS = 14
    today = date.today()
    page = published_page(editor)
    _due(page, today + timedelta(days=5))
    assert reminders.remind_reviews(today)["pages"] == 1
    page.refresh_from_db()
    assert page.review_reminded_for == today + timedelta(days=5)
    assert reminders.remind_reviews(today)["pages"] == 0
    # Marked reviewed: the next date is far off, so nothing; when it nears, reminded again.
    actions.mark_reviewed(page.pk, by=editor, review_by=today + timedelta(days=100))
    assert reminders.remind_reviews(today)["pages"] == 0
    assert reminders.remind_reviews(today + timedelta(days=90))["pages"] == 1
    assert Message.objects.filter(kind="information_reviews_due").count() == 2


def test_pages_outside_the_notice_or_without_a_date_are_not_listed(settings, editor):
    settings.INFORMATION_REVIEW_NOTICE_DAYS = 14
    today = date(2026, 12, 6)
    far = published_page(editor)
    _due(far, today + timedelta(days=40))
    actions.create_page(stage="2-5", topic="feeding", by=editor)  # never published: no date
    assert list(reminders.due_reminders(today)) == []
    assert reminders.remind_reviews(today) == {"pages": 0, "editors": 0}
    settings.INFORMATION_REVIEW_NOTICE_DAYS = 40
    assert reminders.remind_reviews(today) == {"pages": 1, "editors": 1}


def test_with_no_content_editor_nothing_is_claimed(settings, editor):
    settings.INFORMATION_REVIEW_NOTICE_DAYS = 14
    today = date(2026, 12, 6)
    page = published_page(editor)
    _due(page, today)
    editor.is_active = False
    editor.save()
    assert reminders.remind_reviews(today) == {"pages": 0, "editors": 0, "no_editor": 1}
    assert not Message.objects.exists()
    person("content_editor")  # one arrives: the page waited for them
    assert reminders.remind_reviews(today) == {"pages": 1, "editors": 1}


def test_a_long_list_names_the_first_pages_and_counts_the_rest(settings, editor):
    settings.INFORMATION_REVIEW_NOTICE_DAYS = 14
    today = date(2026, 12, 6)
    pages = [published_page(editor, stage="1-2", topic=t) for t in ("sleep", "feeding")]
    for page in pages:
        _due(page, today)
    reminders_most, reminders.MOST_LISTED = reminders.MOST_LISTED, 1
    try:
        assert reminders.remind_reviews(today)["pages"] == 2
    finally:
        reminders.MOST_LISTED = reminders_most
    body = render("information_reviews_due", "email",
                  Message.objects.get().personalisation).body  # fmt: skip
    assert "- and 1 more\n" in body


def test_the_scheduled_job_runs_it(settings, editor):
    from familyhub.jobs.tasks import remind_information_reviews

    settings.INFORMATION_REVIEW_NOTICE_DAYS = 14
    _due(published_page(editor), date.today())
    assert remind_information_reviews.enqueue().return_value == {"pages": 1, "editors": 1}

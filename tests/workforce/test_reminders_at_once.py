"""Two reminder jobs at once (a re-queued job beside the scheduled one, or two workers), each on
its own database connection (PostgreSQL only; SQLite's test database is locked by the test's
own transaction). The rows are committed from other threads and removed after."""

import threading
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from familyhub.information import reminders as information
from familyhub.information.models import InformationPage
from familyhub.notifications.models import Message
from familyhub.workforce import reminders as workforce
from familyhub.workforce.models import Course, TrainingRecord
from tests.personas import person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

WORKERS = 4
PEOPLE = 8
TODAY = date(2026, 12, 6)


def in_own_connection(work):
    result = {}

    def run():
        try:
            result["value"] = work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result.get("value")


def all_at_once(work):
    start, results = threading.Barrier(WORKERS), []

    def worker():
        start.wait()
        try:
            results.append(work())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_jobs_at_once_remind_each_record_and_page_once(settings, database_tasks):
    settings.WORKFORCE_EXPIRY_NOTICE_DAYS = 60
    settings.INFORMATION_REVIEW_NOTICE_DAYS = 14

    def make():
        course = Course.objects.create(code="at-once", name="At once", valid_for_months=24)
        people = [person("practitioner", email=f"at-once-{n}@example.org") for n in range(PEOPLE)]
        editor = person("content_editor", email="at-once-editor@example.org")
        for n, who in enumerate(people):
            TrainingRecord.objects.create(
                person=who, course=course, completed_on=date(2025, 1, 1),
                expires_on=TODAY + timedelta(days=n), works_in="Chatham",
                entered_at=timezone.now(),
            )  # fmt: skip
        pages = [InformationPage.objects.create(stage="0-1", topic=topic, review_by=TODAY)
                 for topic in ("sleep", "feeding", "behaviour")]  # fmt: skip
        return course.pk, [p.pk for p in [*people, editor]], [p.pk for p in pages]

    course_id, user_ids, page_ids = in_own_connection(make)
    try:
        training = all_at_once(lambda: workforce.remind_expiring(TODAY))
        reviews = all_at_once(lambda: information.remind_reviews(TODAY))
        assert sum(c["reminded"] for c in training) == PEOPLE
        assert sum(c["pages"] for c in reviews) == 3
        sent = in_own_connection(
            lambda: sorted(Message.objects.filter(kind="training_expiring").values_list(
                "reference", flat=True))
        )  # fmt: skip
        assert len(sent) == PEOPLE and len(set(sent)) == PEOPLE  # each record once
        assert in_own_connection(
            lambda: Message.objects.filter(kind="information_reviews_due").count()
        ) == sum(1 for c in reviews if c["pages"])  # one email per run that claimed pages
    finally:
        in_own_connection(lambda: Message.objects.all().delete())
        in_own_connection(lambda: DBTaskResult.objects.all().delete())
        in_own_connection(lambda: InformationPage.objects.filter(pk__in=page_ids).delete())
        in_own_connection(lambda: TrainingRecord.objects.filter(course_id=course_id).delete())
        in_own_connection(lambda: Course.objects.filter(pk=course_id).delete())
        in_own_connection(lambda: get_user_model().objects.filter(pk__in=user_ids).delete())

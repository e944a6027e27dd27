"""Reminding content editors of information pages due for review (the job queue's
`remind_information_reviews`, every morning).

The rule: a page whose review-by date is within INFORMATION_REVIEW_NOTICE_DAYS or already past,
and not yet reminded for that date, is listed in one email per run to each content editor.
Each page is claimed with a conditional UPDATE (`review_reminded_for` = its review-by date) in
the transaction that queues the emails, so a re-run or a second worker never lists it twice;
publishing or marking it reviewed gives it a new review-by date, which is reminded of again.
With no content editor to tell, nothing is claimed, so the pages wait for the next run.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from familyhub.accounts.models import Role
from familyhub.information.models import InformationPage
from familyhub.notifications.services import queue_message

MESSAGE_KIND = "information_reviews_due"
MOST_LISTED = 40  # pages named in one email; the rest are counted (the link lists them all)


def due_reminders(today: date | None = None):
    """Pages due for review within the notice, or overdue, not reminded for their date."""
    today = today or timezone.localdate()
    until = today + timedelta(days=settings.INFORMATION_REVIEW_NOTICE_DAYS)
    return (
        InformationPage.objects.filter(review_by__lte=until)
        .filter(Q(review_reminded_for__isnull=True) | ~Q(review_reminded_for=F("review_by")))
        .order_by("review_by", "stage", "topic")
    )


def editors() -> list[str]:
    return list(
        get_user_model()
        .objects.filter(profile__role=Role.CONTENT_EDITOR, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def line(page, today: date) -> str:
    when = format_date(page.review_by, "j F Y")
    if page.review_by < today:
        return f"- {page}: review was due by {when} (overdue)"
    return f"- {page}: review by {when}"


def details(pages, today: date) -> str:
    lines = [line(page, today) for page in pages[:MOST_LISTED]]
    if len(pages) > MOST_LISTED:
        lines.append(f"- and {len(pages) - MOST_LISTED} more")
    return "\n".join(lines)


def remind_reviews(today: date | None = None) -> dict:
    """The scheduled job: the due pages claimed, then one email to each editor listing them."""
    today = today or timezone.localdate()
    to = editors()
    due = list(due_reminders(today))
    if not due:
        return {"pages": 0, "editors": 0}
    if not to:
        return {"pages": 0, "editors": 0, "no_editor": len(due)}
    with transaction.atomic():
        claimed = [
            page
            for page in due
            if InformationPage.objects.filter(pk=page.pk, review_by=page.review_by)
            .exclude(review_reminded_for=page.review_by)
            .update(review_reminded_for=page.review_by)
        ]
        if claimed:
            text = details(claimed, today)
            link = settings.SITE_URL + reverse("information:editor_list")
            for address in to:
                queue_message(
                    channel="email", to=address, kind=MESSAGE_KIND,
                    reference=f"REVIEWS-{today:%Y-%m-%d}", link=link, details=text,
                )  # fmt: skip
    return {"pages": len(claimed), "editors": len(to) if claimed else 0}

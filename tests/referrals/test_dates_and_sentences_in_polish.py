"""A Polish reader sees dates in Polish (the month said after a day: "4 maja 2021", not
"4 maj 2021" nor "4 May 2021"), and sentences translated whole."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from familyhub.directory.choices import DeliveryMode
from familyhub.directory.models import Service
from familyhub.referrals.drafts import summary_rows
from familyhub.referrals.models import Draft, SupportRequest
from familyhub.referrals.presenting import status_for_family
from familyhub.referrals.states import Status
from tests.referrals.helpers import answers, make_request, person

# The months as Polish says them after a day ("4 maja"), not alone ("maj").
MONTHS_AFTER_A_DAY = [
    "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
    "lipca", "sierpnia", "września", "października", "listopada", "grudnia",
]  # fmt: skip


def _status_text(**fields) -> str:
    return status_for_family(SupportRequest(service=None, **fields))["text"]


def test_the_status_gives_the_dates_in_the_readers_language():
    due = {"decide_by": date(2026, 12, 1), "expected_start": date(2027, 5, 4)}
    assert "Tuesday 1 December." in _status_text(status=Status.SUBMITTED, **due)
    assert "around 4 May 2027." in _status_text(status=Status.WAITLISTED, **due)
    with translation.override("pl"):
        submitted = _status_text(status=Status.SUBMITTED, **due)
        waiting = _status_text(status=Status.WAITLISTED, **due)
    assert "Termin odpowiedzi: Wtorek 1 grudnia." in submitted  # Django’s Polish day names
    assert "4 maja 2027." in waiting


def _children_answer(draft) -> str:
    rows = summary_rows(draft)
    return next(row["value"] for row in rows if row["change"].endswith("/children/?change=1"))


def test_check_your_answers_says_when_a_child_was_born_in_a_whole_sentence():
    draft = Draft(answers=answers())
    assert _children_answer(draft) == "Alex Parent, born 4 May 2021"
    with translation.override("pl"):
        assert _children_answer(draft) == "Alex Parent, ur. 4 maja 2021"


def test_phone_the_number_and_phone_the_way_a_service_is_delivered_are_told_apart():
    draft = Draft(answers=answers())
    with translation.override("pl"):
        labels = {row["label"] for row in summary_rows(draft)}
        by_phone = str(DeliveryMode.PHONE.label)
    assert "Telefon" in labels and "Telefonicznie" not in labels
    assert by_phone == "Telefonicznie"
    assert str(DeliveryMode.PHONE.label) == "Phone"


@pytest.fixture
def parent(db):
    """A parent signed in, with a request made from their account."""
    parent = person("parent")
    service = Service.objects.filter(access_self_referral=True, status="active").first()
    parent.support_request = make_request(service, by=parent)
    return parent


def test_a_family_reading_in_polish_sees_polish_dates_on_its_pages(client, parent):
    support_request = parent.support_request
    client.force_login(parent)
    with translation.override("pl"):
        my_requests = client.get(reverse("referrals:my_requests")).content.decode()
        page = client.get(reverse("referrals:family_request", args=[support_request.reference]))
    sent = timezone.localdate(support_request.submitted_at)
    sent_on = f"{sent.day} {MONTHS_AFTER_A_DAY[sent.month - 1]} {sent.year}"
    assert f"wysłano {sent_on}" in my_requests
    text = page.content.decode()
    assert f"<strong>{sent_on}</strong>" in text  # what has happened, and when
    decide = support_request.decide_by
    assert f"{decide.day} {MONTHS_AFTER_A_DAY[decide.month - 1]}.</p>" in text  # the status

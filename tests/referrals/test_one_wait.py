"""One expected wait, everywhere: the rule that reconciles the provider's stated wait with the
queue's, the same figure on every page that shows it, a request's own expected start, and a
late start flagged to the provider (and reminded once) with the family told what happens next.
"""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from familyhub.accounts.models import Role
from familyhub.directory.models import Service
from familyhub.finder import distances
from familyhub.finder.search_form import radius_choices
from familyhub.notifications.models import Message
from familyhub.referrals import waiting
from familyhub.referrals.actions import move_request
from familyhub.referrals.models import Draft, SupportRequest
from familyhub.referrals.overdue import flags as overdue_flags
from familyhub.referrals.overdue import is_overdue
from familyhub.referrals.reminders import remind_late_starts
from familyhub.referrals.working_days import add_working_days
from tests.referrals.helpers import answers, make_request, person

pytestmark = pytest.mark.django_db

SERVICE = "Incredible Years toddler group (ages 1 to 3)"
FIGURE = re.compile(r'data-wait-weeks="(\d+)"')


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def service():
    return Service.objects.get(name=SERVICE)


def _queue(service, how_many):
    provider = person(Role.PROVIDER, organisation=service.organisation)
    for _ in range(how_many):
        move_request(make_request(service).pk, "accept", by=provider)
    return provider


# --- the rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stated,worked_out,shown,source",
    [
        (6, 2, 6, "stated"),  # the queue we see is short: the provider knows of others
        (2, 6, 6, "worked_out"),  # our queue alone is longer: the stated wait is out of date
        (4, 4, 4, "stated"),
        (None, 3, 3, "worked_out"),
        (5, None, 5, "stated"),
        (None, None, None, "unknown"),
    ],
)
def test_the_longer_of_the_stated_and_the_worked_out_wait_is_shown(
    stated, worked_out, shown, source
):
    assert waiting.reconcile(stated, worked_out) == (shown, source)


def test_the_stated_wait_is_no_longer_ignored_once_a_capacity_is_set(service):
    service.typical_wait_weeks, service.capacity_per_week = 5, 4
    service.save()
    wait = waiting.expected_wait(service)
    assert (wait.worked_out_weeks, wait.weeks, wait.source) == (1, 5, "stated")
    _queue(service, 23)  # (23 + 1) / 4 = 6 weeks, longer than the 5 stated
    wait = waiting.expected_wait(service)
    assert (wait.worked_out_weeks, wait.weeks, wait.source) == (6, 6, "worked_out")
    assert wait.workings()[0] == "Stated by the provider: 5 weeks."
    assert wait.workings()[1:] == [
        "Worked out from the queue: 6 weeks.",
        "23 families accepted or waiting, not yet started; capacity 4 new families a week.",
    ]


def test_the_batch_form_gives_the_same_waits_as_one_at_a_time(service):
    service.typical_wait_weeks, service.capacity_per_week = 2, 1
    service.save()
    _queue(service, 3)
    services = list(Service.objects.order_by("name")[:60]) + [service]
    together = waiting.expected_waits(services)
    for one in services:
        assert together[one.id] == waiting.expected_wait(one), one.name
    assert together[service.id].weeks == 4
    # Beyond a page of results it groups over the whole table, with the same answers.
    assert waiting.expected_waits(
        [{"id": service.id, "capacity_per_week": 1, "typical_wait_weeks": 2}]
    )[service.id] == waiting.expected_wait(service)


# --- the same figure on every page ------------------------------------------------------------


def _card(page: str, service) -> str:
    """The results card of this service."""
    cards = page.split('class="fh-result"')
    return next(card for card in cards if f"/services/{service.id}/" in card)


def _figures(html: str) -> set[str]:
    return set(FIGURE.findall(html))


def test_every_page_shows_the_same_wait_for_the_same_service(client, service):
    service.typical_wait_weeks, service.capacity_per_week = 2, 1
    service.save()
    provider = _queue(service, 3)  # worked out: (3 + 1) / 1 = 4 weeks, longer than 2 stated
    seen = {}

    results = client.get("/services/", {"q": "Incredible Years toddler"}).content.decode()
    seen["results card"] = _figures(_card(results, service))
    service_page = client.get(reverse("finder:service", args=[service.id])).content.decode()
    seen["service page"] = _figures(service_page)

    parent = person(Role.PARENT)
    client.force_login(parent)
    # Another family from the queued ones (the same child and contact would be matched to their
    # record, and a matched record is not opened to the sender's account).
    other_family = answers(
        children=[{"first_name": "Rosa", "last_name": "Quinn", "date_of_birth": "2022-02-02"}],
        contact={**answers()["contact"], "contact_email": "rosa.quinn@example.org"},
    )
    draft = Draft.objects.create(service=service, user=parent, answers=other_family)
    check = client.get(reverse("referrals:step", args=[draft.id, "check"])).content.decode()
    seen["check your answers"] = _figures(check)
    client.post(reverse("referrals:submit", args=[draft.id]))
    reference = SupportRequest.objects.get(family__account_holders=parent).reference
    sent = client.get(reverse("referrals:sent", args=[reference])).content.decode()
    seen["request sent"] = _figures(sent)
    tracking = client.get(reverse("referrals:family_request", args=[reference])).content.decode()
    seen["family's page"] = _figures(tracking)

    staff = Client()
    staff.force_login(provider)
    request_page = staff.get(reverse("referrals:staff_request", args=[reference]))
    seen["provider's request page"] = _figures(request_page.content.decode())
    upkeep = staff.get(reverse("upkeep:service", args=[service.id])).content.decode()
    seen["provider's service page"] = _figures(upkeep)

    assert all(figures == {"4"} for figures in seen.values()), seen
    assert (
        "About 4 weeks" in service_page
        and "Support is likely to start within about 4 weeks." in sent
    )
    for staff_page in (request_page.content.decode(), upkeep):
        assert "Stated by the provider: 2 weeks." in staff_page
        assert "We show families the longer of the wait the provider states" in staff_page


# --- a request's own expected start ---------------------------------------------------------


def test_accepting_keeps_the_wait_shown_as_the_expected_start(client, service):
    service.typical_wait_weeks, service.capacity_per_week = 3, 4
    service.save()
    parent = person(Role.PARENT)
    support_request = make_request(service, by=parent)
    provider = person(Role.PROVIDER, organisation=service.organisation)
    move_request(support_request.pk, "accept", by=provider)
    support_request.refresh_from_db()
    assert support_request.expected_start == timezone.localdate() + timedelta(weeks=3)

    client.force_login(parent)
    page = client.get(reverse("referrals:family_request", args=[support_request.reference]))
    text = page.content.decode()
    start = support_request.expected_start
    assert f"Support should start around {start.day} {start:%B %Y}." in text
    assert "within about" not in text  # not the wait for a new request, which has moved on


def test_the_waiting_list_form_suggests_the_date_from_the_same_wait(client, service):
    service.typical_wait_weeks, service.capacity_per_week = 3, None
    service.save()
    provider = person(Role.PROVIDER, organisation=service.organisation)
    support_request = make_request(service)
    client.force_login(provider)
    page = client.get(reverse("referrals:move", args=[support_request.reference, "waitlist"]))
    text = page.content.decode()
    suggested = timezone.localdate() + timedelta(weeks=3)
    day = re.search(r'name="expected_start_day"[^>]*value="(\d+)"', text)
    assert day and day.group(1) == str(suggested.day)
    assert f'value="{suggested.year}"' in text
    assert "expected wait, about 3 weeks from today" in text


# --- a late start -----------------------------------------------------------------------------


@pytest.fixture
def late(service):
    """A family on the waiting list whose expected start was 3 days ago."""
    parent = person(Role.PARENT)
    provider = person(Role.PROVIDER, organisation=service.organisation)
    support_request = make_request(service, by=parent)
    today = timezone.localdate()
    move_request(support_request.pk, "waitlist", by=provider, expected_start=today)
    SupportRequest.objects.filter(pk=support_request.pk).update(
        expected_start=today - timedelta(days=3)
    )
    support_request.refresh_from_db()
    return support_request, parent, provider


def test_a_late_start_is_flagged_overdue_to_the_provider(client, late):
    support_request, _, provider = late
    assert overdue_flags(support_request) == ["start"]
    assert not is_overdue(support_request, "start", support_request.expected_start)
    client.force_login(provider)
    inbox = client.get(reverse("referrals:inbox"), {"overdue": "on"}).content.decode()
    assert support_request.reference in inbox and "Not started by the expected date" in inbox
    page = client.get(reverse("referrals:staff_request", args=[support_request.reference]))
    assert "Support has not started by the expected date." in page.content.decode()


def test_the_family_is_told_what_happens_after_a_late_start(client, late, service):
    support_request, parent, _ = late
    client.force_login(parent)
    page = client.get(reverse("referrals:family_request", args=[support_request.reference]))
    text = page.content.decode()
    start = support_request.expected_start
    heard_by = add_working_days(start, 5)
    assert (
        f"{SERVICE} expected support to start by {start.day} {start:%B %Y}. It has not started "
        "yet, so we are asking them to update you."
    ) in text.replace("&#x27;", "'")
    assert f"If you have not heard from them by {heard_by:%A} {heard_by.day} {heard_by:%B}" in text
    assert "Please quote your reference." in text
    assert service.phone in text or service.email in text


def test_the_provider_is_reminded_once_by_the_daily_command(late, service):
    support_request, _, _ = late
    call_command("remind_late_starts")
    reminders = Message.objects.filter(kind="start_overdue", reference=support_request.reference)
    assert reminders.count() == 1
    assert reminders.get().to in (service.email, service.organisation.email)
    assert remind_late_starts() == {"reminded": 0, "already_reminded": 1}
    assert reminders.count() == 1
    # Started: nothing more to remind.
    move_request(
        support_request.pk, "start", by=person(Role.PROVIDER, organisation=service.organisation)
    )
    assert remind_late_starts() == {"reminded": 0, "already_reminded": 0}


# --- words: weeks and miles, singular and plural --------------------------------------------


def test_one_week_and_one_mile_are_singular():
    one = waiting.Wait(1, "stated", 1, None, 0, None, 1.0)
    assert one.describe() == "About 1 week"
    assert one.sentence() == "Support is likely to start within about 1 week."
    assert distances.miles(1) == "1 mile" and distances.miles(1.0, within=True) == "1 mile"
    assert distances.miles(3) == "3 miles" and distances.miles(2.54) == "2.5 miles"
    assert radius_choices()[0] == ("1", "Within 1 mile")


@pytest.mark.parametrize(
    "miles,alone,within",
    [(1, "1 mila", "1 mili"), (3, "3 mile", "3 mil"), (5, "5 mil", "5 mil"),
     (22, "22 mile", "22 mil"), (2.5, "2,5 mili", "2,5 mili")],
)  # fmt: skip
def test_miles_take_the_polish_plural_and_case(miles, alone, within):
    with translation.override("pl"):
        assert distances.miles(miles) == alone
        assert distances.miles(miles, within=True) == within


def test_the_results_page_says_within_1_mile(client):
    page = client.get("/services/", {"postcode": "ME4 4TR", "radius": "1"}).content.decode()
    assert "within 1 mile of ME4 4TR" in page
    assert not re.search(r"(?<![\d.,])1 miles", page)  # "0.1 miles away" is right


def test_a_late_start_is_told_in_polish_with_polish_dates(service):
    from datetime import date

    from familyhub.referrals.presenting import status_for_family
    from familyhub.referrals.states import Status

    late = SupportRequest(
        service=service,
        status=Status.WAITLISTED,
        decide_by=date(2027, 4, 1),
        expected_start=date(2027, 5, 4),
    )
    with translation.override("pl"):
        status = status_for_family(late, today=date(2027, 5, 6))
    assert status["late"]
    assert "przewidywał rozpoczęcie wsparcia do 4 maja 2027." in status["text"]
    assert status["next_step"] == (
        "Jeśli nie odezwą się do Ciebie, skontaktuj się z nimi (czekaj najpóźniej do: "
        "Wtorek 11 maja)."
    )

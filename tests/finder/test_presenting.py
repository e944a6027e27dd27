from datetime import time

import pytest
from django.utils import translation

from familyhub.directory.models import Schedule
from familyhub.finder import presenting
from familyhub.referrals.waiting import Wait
from tests.factories import (
    AddressFactory,
    CostOptionFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    SpecialistServiceFactory,
)


@pytest.mark.parametrize(
    "moment,words",
    [
        (time(10, 0), "10am"),
        (time(9, 30), "9:30am"),
        (time(12, 0), "12 noon"),
        (time(0, 0), "midnight"),
        (time(13, 0), "1pm"),
        (time(19, 15), "7:15pm"),
    ],
)
def test_clock_times_are_written_the_gov_uk_way(moment, words):
    assert presenting.clock(moment) == words


@pytest.mark.parametrize(
    "freq,byday,opens,closes,description,words",
    [
        ("WEEKLY", "TU", time(10), time(12), "Term time only",
         "Tuesdays, 10am to 12 noon, term time only"),
        ("WEEKLY", "MO,TU,WE,TH,FR", time(8, 30), time(16, 30), "Booking line",
         "Booking line: Monday to Friday, 8:30am to 4:30pm"),
        ("WEEKLY", "TU,TH", time(9), time(16), "", "Tuesdays and Thursdays, 9am to 4pm"),
        ("WEEKLY", "MO,WE,FR", time(9), time(11), "",
         "Mondays, Wednesdays and Fridays, 9am to 11am"),
        ("WEEKLY", "MO,TU,WE,TH,FR,SA,SU", None, None, "", "Every day"),
        ("MONTHLY", "WE", time(19), time(21), "Second Wednesday of the month",
         "Second Wednesday of the month, 7pm to 9pm"),
        ("MONTHLY", "SA", time(10), time(13), "", "Once a month on a Saturday, 10am to 1pm"),
    ],
)  # fmt: skip
def test_opening_times_in_plain_english(freq, byday, opens, closes, description, words):
    schedule = Schedule(
        freq=freq, byday=byday, opens_at=opens, closes_at=closes, description=description
    )
    assert presenting.opening_times(schedule) == words


def test_ages_in_words():
    assert presenting.ages_in_words(ServiceFactory.build(minimum_age=0, maximum_age=1)) == (
        "Pregnancy and babies up to 1 year old"
    )
    assert presenting.ages_in_words(ServiceFactory.build(minimum_age=5, maximum_age=11)) == (
        "Children aged 5 to 11"
    )
    assert presenting.ages_in_words(ServiceFactory.build(minimum_age=None, maximum_age=None)) == (
        "Any age"
    )


def test_how_to_get_it_and_the_expected_wait_in_words():
    drop_in = ServiceFactory.build()
    assert presenting.how_to_get_it(drop_in) == ["Drop in: just turn up"]
    specialist = SpecialistServiceFactory.build()
    assert presenting.needs_professional(specialist)
    assert presenting.how_to_get_it(specialist)[0].startswith("Ask a professional to refer you")


@pytest.mark.parametrize(
    "weeks,drop_in,words,sentence",
    [
        (None, True, "No wait: drop in", ""),
        (0, True, "No wait: drop in", "Support can usually start straight away."),
        (None, False, "Ask them how long the wait is", ""),
        (0, False, "No wait", "Support can usually start straight away."),
        (1, False, "About 1 week", "Support is likely to start within about 1 week."),
        (18, False, "About 18 weeks", "Support is likely to start within about 18 weeks."),
    ],
)
def test_the_wait_in_words_is_singular_or_plural(weeks, drop_in, words, sentence):
    wait = Wait(weeks, "stated", weeks, None, 0, None, 1.0, drop_in)
    assert wait.describe() == words
    assert wait.sentence() == sentence


@pytest.mark.parametrize(
    "weeks,polish",
    [(1, "Około 1 tygodnia"), (2, "Około 2 tygodni"), (5, "Około 5 tygodni"),
     (22, "Około 22 tygodni")],
)  # fmt: skip
def test_the_wait_in_polish_uses_the_right_plural_form(weeks, polish):
    with translation.override("pl"):
        assert Wait(weeks, "stated", weeks, None, 0, None, 1.0).describe() == polish


@pytest.mark.django_db
def test_cost_is_free_only_when_every_option_is_free():
    service = ServiceFactory()
    assert presenting.cost_in_words(service) == "Ask about cost"
    CostOptionFactory(service=service, amount=None, amount_description="Free", option="")
    assert presenting.cost_in_words(service) == "Free"
    CostOptionFactory(service=service, amount=3, option="per session")
    assert presenting.cost_in_words(service) == "Free; £3 per session"


@pytest.mark.django_db
def test_where_and_when_read_the_service_and_its_places():
    service = ServiceFactory(name="Stay and play")
    link = ServiceAtLocationFactory(service=service, location__name="Luton Family Hub")
    AddressFactory(location=link.location, postal_code="ME5 0AA")
    ScheduleFactory(service=None, service_at_location=link, byday="WE", opens_at=time(10),
                    closes_at=time(11, 30), description="Term time only")  # fmt: skip
    ScheduleFactory(service=service, byday="WE", opens_at=time(10), closes_at=time(11, 30),
                    description="Term time only")  # fmt: skip
    assert presenting.where_in_words(service, 1.2) == "Luton Family Hub, Chatham – 1.2 miles away"
    assert presenting.when_in_words(service) == ["Wednesdays, 10am to 11:30am, term time only"]
    [place] = presenting.places(service)
    assert place.postcode == "ME5 0AA"
    assert place.map_url.startswith("https://www.openstreetmap.org/?mlat=51.38000&mlon=0.52700")


@pytest.mark.django_db
def test_a_service_with_no_fixed_place_comes_to_you_or_is_remote():
    assert presenting.where_in_words(ServiceFactory()).startswith("They come to you")
    remote = ServiceFactory(
        delivered_in_person=False, delivered_online=True, delivered_by_phone=True
    )
    assert presenting.where_in_words(remote) == "Online and by phone"

"""Signed-in sessions end after a while unused and at a longest time (staff 30 minutes and 12
hours by default, parents an hour and 12 hours); the person signs in again and lands where they
were. Visitors who are not signed in get no session until something needs one."""

import time

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts import sessions
from familyhub.directory.models import Organisation, Service
from tests.referrals.helpers import person

pytestmark = pytest.mark.django_db


def _signed_in(client, user):
    response = client.post(
        reverse("accounts:sign_in"), {"username": user.username, "password": "x-unused-1"}
    )
    assert response.status_code == 302


def _age(client, *, idle_minutes=0, signed_in_hours=0):
    """As if the last page was seen, and the sign-in happened, this long ago."""
    session = client.session
    now = time.time()
    session[sessions.LAST_SEEN] = now - idle_minutes * 60
    session[sessions.SIGNED_IN_AT] = now - signed_in_hours * 3600
    session.save()


@pytest.fixture
def provider(db):
    user = person("provider", organisation=Organisation.objects.first())
    TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    return user


def test_the_defaults_are_30_minutes_for_staff_and_12_hours_at_most(settings, provider):
    assert sessions.limits_for(provider) == (30 * 60, 12 * 3600)
    assert sessions.limits_for(person("parent")) == (60 * 60, 12 * 3600)


def test_staff_idle_for_30_minutes_sign_in_again_and_land_where_they_were(
    client, settings, provider
):
    _signed_in(client, provider)
    inbox = reverse("referrals:inbox") + "?overdue=on"
    assert client.get(inbox).status_code == 200
    _age(client, idle_minutes=29)
    assert client.get(inbox).status_code == 200  # still within the limit
    _age(client, idle_minutes=31)

    ended = client.get(inbox)
    assert ended.status_code == 302
    assert ended.url == reverse("accounts:sign_in") + "?next=/staff/requests/%3Foverdue%3Don"
    assert "_auth_user_id" not in client.session
    told = [str(m) for m in get_messages(ended.wsgi_request)]
    assert told == [
        "You were signed out because you had not used Family Hub for 30 minutes. "
        "Sign in again to carry on."
    ]

    sign_in_page = client.get(ended.url).content.decode()
    assert "You were signed out because you had not used Family Hub for 30 minutes." in sign_in_page
    settings.STAFF_TWO_FACTOR_REQUIRED = True  # as in production
    back = client.post(ended.url, {"username": provider.username, "password": "x-unused-1"})
    assert back.url == "/staff/requests/?overdue=on"
    # Staff give their code next, and still land on the same filtered list.
    device = TOTPDevice.objects.get(user=provider)
    asked = client.get(back.url)
    assert asked.url == "/accounts/two-factor/?next=%2Fstaff%2Frequests%2F%3Foverdue%3Don"
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    given = client.post(asked.url, {"code": f"{totp.token():06d}"})
    assert given.url == "/staff/requests/?overdue=on"


def test_using_the_service_keeps_a_session_going(client, provider):
    _signed_in(client, provider)
    for _ in range(3):
        _age(client, idle_minutes=20, signed_in_hours=1)
        assert client.get(reverse("referrals:inbox")).status_code == 200
        assert time.time() - client.session[sessions.LAST_SEEN] < 5


def test_a_session_ends_at_the_longest_time_however_busy(client, provider):
    _signed_in(client, provider)
    _age(client, idle_minutes=0, signed_in_hours=12)
    ended = client.get(reverse("referrals:inbox"))
    assert ended.url.startswith(reverse("accounts:sign_in"))
    assert "signed in more than 12 hours ago" in str(list(get_messages(ended.wsgi_request))[0])


def test_the_limits_come_from_settings(client, settings, provider):
    settings.SESSION_LIMITS = {
        "staff": {"idle_minutes": 5, "longest_hours": 1},
        "parent": {"idle_minutes": 60, "longest_hours": 12},
    }
    _signed_in(client, provider)
    _age(client, idle_minutes=6)
    assert client.get(reverse("referrals:inbox")).status_code == 302


def test_a_parent_is_allowed_an_hour_unused(client):
    parent = person("parent")
    _signed_in(client, parent)
    _age(client, idle_minutes=45)
    assert client.get(reverse("referrals:my_requests")).status_code == 200
    _age(client, idle_minutes=61)
    ended = client.get(reverse("referrals:my_requests"))
    assert ended.url == reverse("accounts:sign_in") + "?next=/my-requests/"


def test_a_form_sent_after_the_limit_goes_back_to_the_page_it_was_on(client, provider):
    _signed_in(client, provider)
    _age(client, idle_minutes=31)
    page = "http://testserver/staff/requests/?overdue=on"
    ended = client.post("/staff/requests/ABC/accept/", {"version": "1"}, HTTP_REFERER=page)
    assert ended.url == reverse("accounts:sign_in") + "?next=/staff/requests/%3Foverdue%3Don"
    ended_elsewhere = client.post(
        "/staff/requests/ABC/accept/", HTTP_REFERER="https://evil.example/"
    )
    assert "evil" not in ended_elsewhere.url


def test_the_session_cookie_itself_ends_at_the_longest_time(client, provider):
    _signed_in(client, provider)
    assert client.session.get_expiry_age() == 12 * 3600


@pytest.mark.parametrize(
    "path", ["/", "/services/?q=sleep", "/check/", "/shortlist/", "/track/", "/privacy/"]
)
def test_reading_public_pages_makes_no_session(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_a_shortlist_and_a_request_still_get_the_session_they_need(client):
    service = Service.objects.filter(status="active").first()
    added = client.post(reverse("finder:shortlist_add"), {"service": str(service.pk)})
    assert "sessionid" in added.cookies
    assert client.get(reverse("finder:shortlist")).content.decode().count(service.name) >= 1
    client.cookies.clear()
    assert "sessionid" not in client.get(reverse("referrals:start")).cookies  # nothing asked yet
    started = client.post(reverse("referrals:start"), {"in_danger": "no"})  # the first answer
    assert started.status_code == 302 and "sessionid" in started.cookies


def test_a_polish_reader_is_told_in_polish_and_signs_in_on_a_polish_page(client):
    parent = person("parent")
    _signed_in(client, parent)
    _age(client, idle_minutes=61)
    ended = client.get("/pl/my-requests/")
    assert ended.url == "/pl/accounts/sign-in/?next=/pl/my-requests/"
    told = [str(m) for m in get_messages(ended.wsgi_request)]
    assert told and told[0].startswith("Wylogowano Cię")

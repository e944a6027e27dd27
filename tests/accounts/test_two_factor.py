"""Staff two-factor enrolment: the secret only after a fresh password check, never for parents,
and recovery codes shown once and good for one sign-in each."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts import two_factor
from familyhub.directory.models import Organisation
from tests.referrals.helpers import person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True


@pytest.fixture
def provider(db):
    return person("provider", organisation=Organisation.objects.first())


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _sign_in(client, user):
    """The real sign-in page (it counts as typing the password)."""
    response = client.post(
        reverse("accounts:sign_in"), {"username": user.username, "password": "x-unused-1"}
    )
    assert response.status_code == 302


def _password_typed_minutes_ago(client, minutes):
    session = client.session
    session[two_factor.PASSWORD_CHECKED_AT] = time.time() - minutes * 60
    session.save()


def test_a_signed_in_session_alone_never_shows_the_secret(client, provider):
    """Someone at a computer left signed in (or with a stolen cookie) must type the password."""
    client.force_login(provider)
    response = client.get(reverse("accounts:two_factor"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:confirm_password"))
    assert not TOTPDevice.objects.filter(user=provider).exists()


def test_a_password_typed_more_than_a_few_minutes_ago_is_asked_for_again(client, provider):
    client.force_login(provider)
    _password_typed_minutes_ago(client, 6)
    assert client.get(reverse("accounts:two_factor")).url.startswith(
        reverse("accounts:confirm_password")
    )
    _password_typed_minutes_ago(client, 2)
    page = client.get(reverse("accounts:two_factor"))
    assert page.status_code == 200 and "<svg" in page.content.decode()


def test_a_wrong_password_shows_no_secret_and_counts_towards_lockout(client, provider, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client.force_login(provider)
    for _ in range(2):
        wrong = client.post(reverse("accounts:confirm_password"), {"password": "not it"})
        assert wrong.status_code == 400
        assert "That is not your password" in wrong.content.decode()
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username=provider.username).failures_since_start == 2
    assert client.get(reverse("accounts:two_factor")).status_code == 302


def test_signing_in_with_the_password_shows_the_secret_straight_away(client, provider):
    _sign_in(client, provider)
    page = client.get(reverse("accounts:two_factor"))
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=provider, confirmed=False)
    assert two_factor.secret_for_typing(device) in html


@pytest.mark.parametrize(
    "name",
    ["accounts:two_factor", "accounts:confirm_password", "accounts:recovery_codes",
     "accounts:recovery_code"],
)  # fmt: skip
def test_parents_have_no_two_factor_pages_and_get_no_devices(client, name):
    parent = person("parent")
    _sign_in(client, parent)
    assert client.get(reverse(name)).status_code == 404
    assert (
        client.post(reverse(name), {"password": "x-unused-1", "code": "123456"}).status_code == 404
    )
    assert not TOTPDevice.objects.filter(user=parent).exists()
    assert not StaticDevice.objects.filter(user=parent).exists()


def test_a_device_is_never_made_for_a_parent_even_by_calling_the_rule(db):
    with pytest.raises(PermissionError):
        two_factor.device_to_set_up(person("parent"))


def test_confirming_the_app_makes_recovery_codes_shown_once(client, provider):
    _sign_in(client, provider)
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=provider)
    done = client.post(reverse("accounts:two_factor"), {"code": _code(device)})
    assert done.url.startswith(reverse("accounts:recovery_codes"))

    codes_page = client.get(done.url)
    stored = set(StaticToken.objects.filter(device__user=provider).values_list("token", flat=True))
    assert len(stored) == 10
    html = codes_page.content.decode()
    assert all(f"<code>{code}</code>" in html for code in stored)
    assert "no-store" in codes_page["Cache-Control"]

    again = client.get(done.url).content.decode()
    assert not any(code in again for code in stored)
    assert "already been shown" in again


def test_a_recovery_code_signs_in_once(client, provider):
    TOTPDevice.objects.create(user=provider, name="App", confirmed=True)
    codes = two_factor.make_recovery_codes(provider)
    client.force_login(provider)
    inbox = reverse("referrals:inbox")
    assert client.get(inbox).status_code == 302  # the code is needed first

    url = reverse("accounts:recovery_code") + f"?next={inbox}"
    used = client.post(url, {"code": codes[0].upper()})
    assert used.url == inbox
    assert client.get(inbox).status_code == 200
    assert two_factor.recovery_codes_left(provider) == 9

    client.logout()
    client.force_login(provider)
    again = client.post(url, {"code": codes[0]})
    assert again.status_code == 400
    assert "That recovery code did not work" in again.content.decode()
    assert client.get(inbox).status_code == 302


def test_another_persons_recovery_code_does_not_work(client, provider):
    TOTPDevice.objects.create(user=provider, name="App", confirmed=True)
    other = person("provider", organisation=provider.profile.organisation)
    their_codes = two_factor.make_recovery_codes(other)
    client.force_login(provider)
    response = client.post(reverse("accounts:recovery_code"), {"code": their_codes[0]})
    assert response.status_code == 400
    assert two_factor.recovery_codes_left(other) == 10


def test_the_code_page_offers_a_recovery_code_to_staff_with_an_app(client, provider):
    TOTPDevice.objects.create(user=provider, name="App", confirmed=True)
    client.force_login(provider)
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert f'href="{reverse("accounts:recovery_code")}"' in page

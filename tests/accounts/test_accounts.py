"""Signing in: Argon2 in production, lockout after repeated failures, staff two-factor, and a
parent's optional account."""

import importlib
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts import two_factor
from familyhub.directory.models import Organisation
from tests.referrals.helpers import person

pytestmark = pytest.mark.django_db


def test_production_settings_hash_passwords_with_argon2():
    production = importlib.import_module("familyhub.settings")
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_correct_sign_in_goes_to_the_persons_start_page(client):
    parent = person("parent")
    response = client.post(
        reverse("accounts:sign_in"), {"username": parent.username, "password": "x-unused-1"}
    )
    assert response.status_code == 302
    assert client.get(response.url).url == reverse("referrals:my_requests")


def test_a_wrong_password_says_so_and_keeps_the_username(client):
    parent = person("parent")
    response = client.post(
        reverse("accounts:sign_in"), {"username": parent.username, "password": "wrong"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a correct email address or username and password." in page
    assert f'value="{parent.username}"' in page


def test_a_username_too_long_for_any_account_is_a_clear_error_not_a_500(client):
    response = client.post(reverse("accounts:sign_in"), {"username": "x" * 300, "password": "p"})
    assert response.status_code == 200
    assert "Use 150 characters or fewer" in response.content.decode()


def test_after_too_many_failures_even_the_right_password_is_refused(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    parent = person("parent")
    url = reverse("accounts:sign_in")
    for _ in range(3):
        client.post(url, {"username": parent.username, "password": "wrong"})
    response = client.post(url, {"username": parent.username, "password": "x-unused-1"})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    assert "too many" in response.content.decode().lower()


def test_a_lockout_for_one_person_does_not_lock_out_another(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    locked, other = person("parent"), person("parent")
    url = reverse("accounts:sign_in")
    for _ in range(3):
        client.post(url, {"username": locked.username, "password": "wrong"})
    response = client.post(url, {"username": other.username, "password": "x-unused-1"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


@pytest.fixture
def provider(db):
    return person("provider", organisation=Organisation.objects.first())


def test_staff_must_give_a_code_before_they_see_anything(client, settings, provider):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    client.force_login(provider)
    response = client.get(reverse("referrals:inbox"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))


def test_a_parent_is_not_asked_for_a_staff_code(client, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    client.force_login(person("parent"))
    assert client.get(reverse("referrals:my_requests")).status_code == 200


def test_staff_set_up_their_authenticator_and_the_right_code_lets_them_in(
    client, settings, provider
):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    client.force_login(provider)
    url = reverse("accounts:two_factor") + "?next=" + reverse("referrals:inbox")
    asked = client.get(url)  # no password typed in this session yet: asked for it first
    assert asked.url == reverse("accounts:confirm_password") + "?next=%2Fstaff%2Frequests%2F"
    typed = client.post(asked.url, {"password": "x-unused-1"})
    assert typed.url == url.replace("next=/staff/requests/", "next=%2Fstaff%2Frequests%2F")
    setting_up = client.get(url)
    assert setting_up.status_code == 200
    assert "<svg" in setting_up.content.decode()  # the QR code to scan
    device = TOTPDevice.objects.get(user=provider, confirmed=False)

    right = client.post(url, {"code": _code(device)})
    assert right.status_code == 302
    assert right.url.startswith(reverse("accounts:recovery_codes"))
    assert client.get(right.url).status_code == 200  # the recovery codes, once
    assert client.get(reverse("referrals:inbox")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_code_is_refused_and_staff_stay_outside(client, settings, provider):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    client.force_login(provider)
    device = TOTPDevice.objects.create(user=provider, name="App", confirmed=False)
    _password_typed(client)
    not_it = "000000" if _code(device) != "000000" else "111111"
    wrong = client.post(reverse("accounts:two_factor"), {"code": not_it})
    assert wrong.status_code == 400
    assert "That code did not work" in wrong.content.decode()
    assert client.get(reverse("referrals:inbox")).status_code == 302
    device.refresh_from_db()
    assert not device.confirmed


def test_a_code_that_is_not_six_numbers_gets_a_clear_message(client, settings, provider):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    client.force_login(provider)
    TOTPDevice.objects.create(user=provider, name="App", confirmed=True)
    response = client.post(reverse("accounts:two_factor"), {"code": "12ab"})
    assert response.status_code == 400
    assert "The code must be 6 numbers, like 123456" in response.content.decode()


def test_two_factor_does_not_send_people_to_another_site(client, settings, provider):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    client.force_login(provider)
    device = TOTPDevice.objects.create(user=provider, name="App", confirmed=True)
    url = reverse("accounts:two_factor") + "?next=https://evil.example.com/"
    response = client.post(url, {"code": _code(device)})
    assert response.status_code == 302
    assert response.url == reverse("accounts:home")


def _polish(name: str) -> str:
    with translation.override("pl"):
        return reverse(name)


def test_the_sign_in_page_is_in_polish_at_pl_and_still_in_english_at_accounts(client):
    assert _polish("accounts:sign_in") == "/pl/accounts/sign-in/"
    polish = client.get("/pl/accounts/sign-in/").content.decode()
    assert '<html lang="pl"' in polish and "Zaloguj się" in polish
    for name in ("referrals:track", "accounts:create_account"):
        assert f'href="{_polish(name)}"' in polish
    english = client.get("/accounts/sign-in/").content.decode()
    assert '<html lang="en-gb"' in english and "Sign in" in english
    assert 'href="/pl/accounts/sign-in/"' in english  # the language link goes to the same page


def test_a_polish_reader_asked_to_sign_in_signs_in_in_polish_and_goes_back(client):
    parent = person("parent")
    wanted = _polish("referrals:my_requests")
    asked = client.get(wanted)
    assert asked.status_code == 302
    assert asked.url == f"/pl/accounts/sign-in/?next={wanted}"
    assert '<html lang="pl"' in client.get(asked.url).content.decode()
    signed_in = client.post(asked.url, {"username": parent.username, "password": "x-unused-1"})
    assert signed_in.status_code == 302
    assert signed_in.url == wanted
    assert client.get(wanted).status_code == 200


def test_signing_in_and_out_in_polish_keeps_to_polish_pages(client):
    parent = person("parent")
    response = client.post(
        "/pl/accounts/sign-in/", {"username": parent.username, "password": "x-unused-1"}
    )
    assert response.url == "/pl/accounts/"
    assert client.get(response.url).url == _polish("referrals:my_requests")
    assert client.post("/pl/accounts/sign-out/").url == "/pl/"


def test_staff_reading_in_polish_give_their_code_on_a_polish_page(client, settings, provider):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    TOTPDevice.objects.create(user=provider, name="App", confirmed=True)
    client.force_login(provider)
    inbox = _polish("referrals:inbox")
    response = client.get(inbox)
    assert response.url == "/pl/accounts/two-factor/?next=%2Fpl%2Fstaff%2Frequests%2F"
    page = client.get(response.url)  # not sent round again to give the code
    assert page.status_code == 200
    assert '<html lang="pl"' in page.content.decode()


def _password_typed(client):
    """As if the person had just typed their password (the sign-in page does this)."""
    session = client.session
    session[two_factor.PASSWORD_CHECKED_AT] = time.time()
    session.save()


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_a_weak_password_is_refused_with_the_reason(client):
    response = client.post(
        reverse("accounts:create_account"), {"email": "new@example.org", "password": "password"}
    )
    assert response.status_code == 400
    assert "too common" in response.content.decode()
    assert not get_user_model().objects.filter(username="new@example.org").exists()

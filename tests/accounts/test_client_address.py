"""Lockout by the real client address: with no proxy configured an X-Forwarded-For header is
ignored (nobody can pick a new address for each guess); behind trusted proxies, the address the
first proxy saw is used, whatever a client wrote in front of it."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
from django.urls import reverse

from familyhub import settings as project_settings
from tests.referrals.helpers import person

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def _use_proxies(settings, count):
    for name, value in project_settings.client_address_settings(count).items():
        setattr(settings, name, value)


def _guess(client, username, password, *, remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        reverse("accounts:sign_in"), {"username": username, "password": password}, **headers
    )


def test_with_no_proxy_the_header_is_ignored():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert get_client_ip_address(request) == "203.0.113.5"


def test_with_no_proxy_a_new_forwarded_address_for_each_guess_does_not_escape_lockout(
    client, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    _use_proxies(settings, 0)
    target = person("parent")
    for n in range(3):
        _guess(client, target.username, "wrong", remote="203.0.113.5", forwarded=f"198.51.100.{n}")
    locked = _guess(
        client, target.username, "x-unused-1", remote="203.0.113.5", forwarded="198.51.100.99"
    )
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_behind_one_proxy_the_address_it_saw_is_used(settings):
    _use_proxies(settings, 1)
    factory = RequestFactory()
    plain = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    spoofed = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert get_client_ip_address(plain) == "203.0.113.5"
    assert get_client_ip_address(spoofed) == "203.0.113.5"


def test_behind_two_proxies_the_client_is_second_from_the_end(settings):
    _use_proxies(settings, 2)
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5, 192.0.2.10"
    )
    assert get_client_ip_address(request) == "203.0.113.5"


def test_behind_a_proxy_one_client_locked_out_does_not_lock_out_another(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    _use_proxies(settings, 1)
    target = person("parent")
    for n in range(3):  # the attacker writes a different address in front each time
        _guess(client, target.username, "wrong", remote=PROXY, forwarded=f"1.2.3.{n}, 203.0.113.5")
    attacker = _guess(
        client, target.username, "x-unused-1", remote=PROXY, forwarded="5.6.7.8, 203.0.113.5"
    )
    assert attacker.status_code in (403, 429)

    owner = _guess(client, target.username, "x-unused-1", remote=PROXY, forwarded="198.51.100.7")
    assert owner.status_code == 302
    assert client.session["_auth_user_id"] == str(target.pk)

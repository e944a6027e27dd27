"""The Content-Security-Policy: no 'unsafe-inline' for scripts or styles, and every page's
markup keeps to it: an inline <script> or <style> only with the page's own nonce, no style
attributes, no event-handler attributes, no javascript: links. Checked on the families' pages,
the request form, a family's own pages, staff pages, the map and the admin. (The browser test
tests/browser/test_content_security_policy.py checks a real browser reports no violation.)"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from familyhub.directory.models import Service
from familyhub.gaps import building
from tests.referrals.helpers import make_request, person

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


class _Breaches(HTMLParser):
    def __init__(self, nonce):
        super().__init__()
        self.nonce = nonce
        self.breaches = []
        self.inline = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.breaches.append(f'<{tag} style="{value}">')
            if name.startswith("on"):
                self.breaches.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").strip().startswith(
                "javascript:"
            ):
                self.breaches.append(f"<{tag} {name}={value}>")
        if tag in ("script", "style") and "src" not in attributes:
            self.inline += 1
            if attributes.get("nonce") != self.nonce:
                self.breaches.append(f"<{tag}> without the page's nonce")


def assert_keeps_to_the_policy(response):
    assert response.status_code == 200, response.status_code
    directives = _directives(response)
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[directive]
    nonces = {value for value in directives["script-src"] if value.startswith("'nonce-")}
    page = response.content.decode()
    if nonces:
        nonce = nonces.pop()[len("'nonce-") : -1]
        assert f"'nonce-{nonce}'" in directives["style-src"]
    else:
        nonce = None
    checker = _Breaches(nonce)
    checker.feed(page)
    assert not checker.breaches, f"{response.request['PATH_INFO']}: {checker.breaches}"
    return checker


def test_the_policy_itself(client):
    directives = _directives(client.get("/"))
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert any(value.startswith("'nonce-") for value in directives["script-src"])


def test_each_page_has_its_own_nonce(client):
    first, second = client.get("/"), client.get("/")
    assert _directives(first)["script-src"] != _directives(second)["script-src"]


def test_the_families_pages_keep_to_the_policy(client):
    service = Service.objects.filter(status="active").first()
    pages = ["/", "/services/?q=sleep&postcode=ME4+4TR", f"/services/{service.pk}/", "/check/",
             "/shortlist/", "/track/", "/privacy/", "/accessibility/", "/accounts/sign-in/",
             "/accounts/create/", "/pl/", "/pl/services/?q=sen"]  # fmt: skip
    for path in pages:
        checker = assert_keeps_to_the_policy(client.get(path))
        assert checker.inline >= 2  # the js-enabled snippet and the council's colours


def test_the_request_form_keeps_to_the_policy(client):
    service = Service.objects.filter(status="active").first()
    first_step = client.get(reverse("referrals:start") + f"?service={service.pk}", follow=True)
    assert_keeps_to_the_policy(first_step)


def test_a_familys_own_pages_keep_to_the_policy(client):
    parent = person("parent")
    make_request(Service.objects.filter(status="active").first(), by=parent)
    client.force_login(parent)
    for name in ("referrals:my_requests", "referrals:my_family"):
        assert_keeps_to_the_policy(client.get(reverse(name)))


def test_staff_pages_the_map_and_the_admin_keep_to_the_policy(client):
    manager = person("data_manager")
    client.force_login(manager)
    for path in ("/staff/map/", "/staff/map/?need=" + _a_need_code(), "/staff/services/",
                 "/staff/changes/", "/staff/data/", "/accounts/"):  # fmt: skip
        assert_keeps_to_the_policy(client.get(path))

    service = Service.objects.filter(status="active").first()
    request = make_request(service)
    provider = person("provider", organisation=service.organisation)
    client.force_login(provider)
    assert_keeps_to_the_policy(client.get(reverse("referrals:inbox")))
    assert_keeps_to_the_policy(
        client.get(reverse("referrals:staff_request", args=[request.reference]))
    )

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x-unused-1")
    client.force_login(admin)
    for path in (
        "/admin/",
        "/admin/directory/service/",
        f"/admin/directory/service/{service.pk}/change/",
    ):
        assert_keeps_to_the_policy(client.get(path))


def test_the_map_chart_sets_its_bar_widths_in_the_nonced_style(client):
    client.force_login(person("analyst"))
    response = client.get("/staff/map/")
    page = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    style = re.search(rf'<style nonce="{re.escape(nonce)}">(#fh-bar-[^<]*)</style>', page)
    assert style and re.search(r"#fh-bar-1\{width:\d+%\}", style.group(1))
    assert 'id="fh-bar-1"' in page


def _a_need_code() -> str:
    return building.build_map().needs[0].code

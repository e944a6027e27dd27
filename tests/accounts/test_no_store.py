"""Cache-Control: no-store on every page with personal data, checked over every URL pattern:
a new page is either under one of the personal prefixes or named here as public, so a page
with family data cannot be added without the header."""

import re
import uuid

import pytest
from django.urls import URLResolver, get_resolver
from django.utils import translation

from familyhub.accounts.middleware import PERSONAL_PREFIXES, is_personal_path
from familyhub.directory.models import Service
from tests.referrals.helpers import person

pytestmark = pytest.mark.django_db

# Pages anyone may see, holding nothing about a person: the finder, the shortlist (services
# only), the privacy and accessibility pages, and the open data API.
PUBLIC = {
    "",
    "services/",
    "services/<uuid:service_id>/",
    "services/<uuid:service_id>/suggest-a-change/",
    "check/",
    "shortlist/",
    "shortlist/add/",
    "shortlist/remove/",
    "shortlist/print/",
    "shortlist/shared/",
    "privacy/",
    "accessibility/",
    "privacy/requests/",
    "privacy/requests/<slug:version>/",
    "other-ways-to-get-help/",
    "getting-online/",
    "local-offer/",
    # The delivery plan, "You said, we did" and the Parent's Charter, published.
    "our-plan/",
    "you-said-we-did/",
    "parents-charter/",
    "parents-charter/tell-us/",
    "information/",
    "information/<slug:stage>/<slug:topic>/",
    "pathways/",
    "pathways/<slug:need>/",
    "pathways/<slug:need>/professionals/",
    "places/",
    "places/<slug:slug>/",
}
PUBLIC_PREFIXES = ("api/oruk/v3/", "api/local-offer/oruk/v3/")


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        part = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + part)
        else:
            yield prefix + part


def _routes_in_english():
    with translation.override("en-gb"):
        return sorted(set(_routes()))


def _example_path(route) -> str | None:
    """A concrete path for a route (made-up ids), or None for the admin's regular expressions."""
    if route.startswith("^") or "^" in route or "(?P" in route:
        return None
    examples = {"uuid": str(uuid.uuid4()), "int": "1", "slug": "x", "str": "X1", "path": "x"}
    return "/" + re.sub(r"<(\w+):\w+>", lambda m: examples[m.group(1)], route)


def test_every_page_is_either_personal_or_named_as_public():
    unclassified = [
        route
        for route in _routes_in_english()
        if not is_personal_path("/" + route)
        and route not in PUBLIC
        and not route.startswith(PUBLIC_PREFIXES)
    ]
    assert not unclassified, (
        "These pages are neither under a personal prefix (familyhub/accounts/middleware.py) "
        f"nor named public here: {unclassified}"
    )


def test_the_prefixes_cover_staff_requests_families_signing_in_and_the_admin():
    for path in ("/staff/requests/", "/staff/map/", "/request/", "/track/", "/my-requests/",
                 "/my-family/", "/accounts/sign-in/", "/admin/", "/pl/my-family/",
                 "/pl/accounts/sign-in/"):  # fmt: skip
        assert is_personal_path(path), path
    for path in ("/", "/services/", "/pl/", "/pl/services/", "/shortlist/", "/api/oruk/v3/"):
        assert not is_personal_path(path), path
    assert "staff/" in PERSONAL_PREFIXES


@pytest.mark.parametrize("who", ["nobody", "parent", "provider"])
def test_every_personal_page_answers_with_no_store_whatever_the_answer(client, who):
    if who != "nobody":
        client.force_login(person(who))
    checked = 0
    for route in _routes_in_english():
        path = _example_path(route)
        if path is None or not is_personal_path(path):
            continue
        response = client.get(path)
        assert "no-store" in response.get("Cache-Control", ""), (path, response.status_code)
        checked += 1
    assert checked > 40


def test_public_pages_may_be_cached_for_visitors_but_never_for_someone_signed_in(client):
    service = Service.objects.filter(status="active").first()
    for path in ("/", f"/services/{service.pk}/", "/privacy/"):
        assert "no-store" not in client.get(path).get("Cache-Control", ""), path
    client.force_login(person("parent"))
    for path in ("/", f"/services/{service.pk}/", "/privacy/"):
        assert "no-store" in client.get(path)["Cache-Control"], path


def test_a_form_sent_is_never_stored_even_on_a_public_page(client):
    service = Service.objects.filter(status="active").first()
    response = client.post(f"/services/{service.pk}/suggest-a-change/", {})
    assert "no-store" in response["Cache-Control"]

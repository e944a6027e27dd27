"""The privacy notice for requests: linked from the consent step, versioned, and the version
shown recorded with the family's consent."""

import pytest
from django.urls import reverse

from familyhub.referrals import privacy
from familyhub.referrals.models import Draft
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

SECTIONS = ["What we collect", "Why we use it", "The law that allows us to use it",
            "Who sees it", "How long we keep it", "Your rights", "Contact us"]  # fmt: skip


@pytest.fixture
def service():
    return ServiceFactory(access_self_referral=True, status="active")


def _draft(client, service):
    client.post(reverse("referrals:start") + f"?service={service.id}", {"in_danger": "no"})
    return Draft.objects.latest("created_at")


def test_the_notice_covers_requests_and_names_the_dpo(client, settings):
    response = client.get(reverse("referrals:privacy_notice"))
    text = response.content.decode()
    assert response.status_code == 200
    for section in SECTIONS:
        assert section in text
    assert "Article 6(1)(e)" in text and "Article 9(2)(g)" in text and "Schedule 1" in text
    assert "Data Protection Officer before go-live" in text
    assert settings.DATA_PROTECTION_CONTACT["email"] in text
    assert f"Version {privacy.PRIVACY_NOTICE_VERSION}" in text


def test_the_consent_step_links_to_this_version(client, service):
    draft = _draft(client, service)
    page = client.get(reverse("referrals:step", args=[draft.id, "consent"])).content.decode()
    url = reverse("referrals:privacy_notice_version", args=[privacy.PRIVACY_NOTICE_VERSION])
    assert f'href="{url}"' in page
    assert 'name="privacy_notice_version"' in page


def test_consent_records_the_version_the_page_showed(client, service, monkeypatch):
    draft = _draft(client, service)
    # The notice changed after the page was shown: the family agreed to the one they saw.
    monkeypatch.setattr(privacy, "VERSIONS", {**privacy.VERSIONS, "requests-v2": "x.html"})
    monkeypatch.setattr(privacy, "PRIVACY_NOTICE_VERSION", "requests-v2")
    url = reverse("referrals:step", args=[draft.id, "consent"])
    client.post(url, {"agree": "on", "given_by_name": "Sam Parent",
                      "privacy_notice_version": "requests-v1"})  # fmt: skip
    draft.refresh_from_db()
    assert draft.answers["consent"]["privacy_notice_version"] == "requests-v1"


def test_a_made_up_version_is_recorded_as_the_current_one(client, service):
    draft = _draft(client, service)
    url = reverse("referrals:step", args=[draft.id, "consent"])
    client.post(url, {"agree": "on", "given_by_name": "Sam Parent",
                      "privacy_notice_version": "whatever"})  # fmt: skip
    draft.refresh_from_db()
    assert draft.answers["consent"]["privacy_notice_version"] == privacy.PRIVACY_NOTICE_VERSION


def test_the_request_keeps_the_version_with_its_consent(service):
    from tests.referrals.helpers import make_request

    consent = {"given_by_name": "Sam Parent", "agreed": True,
               "privacy_notice_version": "requests-v0-test"}  # fmt: skip
    support_request = make_request(service, consent=consent)
    assert support_request.consent.privacy_notice_version == "requests-v0-test"


def test_an_unknown_version_is_404_and_the_general_page_links_here(client):
    assert client.get("/privacy/requests/requests-v0/").status_code == 404
    page = client.get(reverse("finder:privacy")).content.decode()
    assert f'href="{reverse("referrals:privacy_notice")}"' in page


def test_an_earlier_version_says_so_and_links_to_the_current_one(client, monkeypatch):
    monkeypatch.setattr(privacy, "VERSIONS", {**privacy.VERSIONS, "requests-v2": "x.html"})
    monkeypatch.setattr(privacy, "PRIVACY_NOTICE_VERSION", "requests-v2")
    page = client.get("/privacy/requests/requests-v1/").content.decode()
    assert "This is an earlier version of this notice" in page
    assert f'href="{reverse("referrals:privacy_notice")}"' in page

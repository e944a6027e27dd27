"""The administrators' pages: what is due, finding a family record, the erasure with its
confirmation step. Only administrators (anyone else signed in: 403; signed out: sign in)."""

import pytest
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from familyhub.directory.models import Organisation
from familyhub.referrals.models import Draft
from familyhub.retention.models import ErasureRecord
from familyhub.retention.services import apply_retention
from tests.factories import ServiceFactory
from tests.referrals.helpers import make_request, person
from tests.retention.helpers import closed_request

pytestmark = pytest.mark.django_db

DENIED = ["parent", "practitioner", "provider", "triage", "data_manager", "analyst"]


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def service():
    return ServiceFactory(email="service@example.org")


@pytest.fixture
def administrator(client):
    user = person("administrator")
    client.force_login(user)
    return user


def _urls(family_id, erasure_id):
    return [
        reverse("retention:due"),
        reverse("retention:find_family") + "?reference=FH-AAAA-BBBB",
        reverse("retention:erase_family", args=[family_id]),
        reverse("retention:erasure", args=[erasure_id]),
    ]


@pytest.mark.parametrize("role", DENIED)
def test_every_other_role_is_refused_every_page(client, service, role):
    family = closed_request(service).family
    erasure = ErasureRecord.objects.create(family_id=family.pk, at=family.created_at,
                                           by_label="Sam", reason="Asked")  # fmt: skip
    team = None
    if role == "practitioner":
        from tests.referrals.helpers import team_in

        team = team_in(Organisation.objects.first())
    organisation = Organisation.objects.first() if role == "provider" else None
    client.force_login(person(role, organisation=organisation, team=team))
    for url in _urls(family.pk, erasure.pk):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("retention:erase_family", args=[family.pk]),
                           {"reason": "x", "confirm": "on"})  # fmt: skip
    assert response.status_code == 403
    assert ErasureRecord.objects.count() == 1


def test_signed_out_people_are_asked_to_sign_in(client, service):
    family = closed_request(service).family
    for url in _urls(family.pk, 1):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_missing_records_are_404_for_an_administrator(client, administrator):
    missing = "00000000-0000-0000-0000-000000000000"
    assert client.get(reverse("retention:erase_family", args=[missing])).status_code == 404
    assert client.get(reverse("retention:erasure", args=[999])).status_code == 404


def test_the_due_page_lists_each_rule_with_what_is_due_and_the_last_run(client, administrator):
    from datetime import timedelta

    from django.utils import timezone

    old = Draft.objects.create()
    Draft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=8))
    soon = Draft.objects.create()
    Draft.objects.filter(pk=soon.pk).update(updated_at=timezone.now() - timedelta(days=2))
    page = client.get(reverse("retention:due")).content.decode()
    assert "Requests being written (drafts)" in page
    assert "Kept 7 days after its last change, then deleted." in page
    assert "also kept until the youngest child named is 25" in page
    drafts_row = page[page.index('id="kind-drafts"') :].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in drafts_row.split("</td>")[1:4]] == ["1", "1", "–"]
    assert "The policy has not been applied yet." in page

    apply_retention()
    page = client.get(reverse("retention:due")).content.decode()
    drafts_row = page[page.index('id="kind-drafts"') :].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in drafts_row.split("</td>")[1:3]] == ["0", "1"]
    assert "1 deleted" in drafts_row and "Started by the scheduled job." in page


def test_finding_a_family_by_a_requests_reference(client, administrator, service):
    support_request = make_request(service)
    url = reverse("retention:find_family")
    response = client.get(url, {"reference": support_request.reference.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "retention:erase_family", args=[support_request.family_id]
    )
    response = client.get(url, {"reference": "FH-ZZZZ-ZZZZ"})
    assert response.status_code == 400 and "No request has that reference" in response.text


def test_the_erasure_page_shows_why_it_is_refused_and_no_form(client, administrator, service):
    support_request = make_request(service)
    url = reverse("retention:erase_family", args=[support_request.family_id])
    page = client.get(url).content.decode()
    assert "This family's data cannot be erased now" in page
    assert f"Request {support_request.reference} is still open" in page
    assert 'name="reason"' not in page
    response = client.post(url, {"reason": "Asked", "confirm": "on"})
    assert response.status_code == 400 and not ErasureRecord.objects.exists()


def test_erasing_from_the_page_needs_a_reason_and_a_confirmation(client, administrator, service):
    family = closed_request(service).family
    url = reverse("retention:erase_family", args=[family.pk])
    page = client.get(url).content.decode()
    assert "Sam Parent" in page and "Alex Parent" in page  # to check it is the right record
    assert AuditEvent.objects.filter(family_id=family.pk, detail="erasure page").exists()

    response = client.post(url, {"reason": "Asked by letter"})
    assert response.status_code == 400
    assert "Confirm you have checked the record" in response.text
    assert "Asked by letter" in response.text  # what was typed is kept
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 400 and "Say why the data is being erased" in response.text
    assert not ErasureRecord.objects.exists()

    response = client.post(url, {"reason": "Asked by letter", "confirm": "on"})
    erasure = ErasureRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("retention:erasure", args=[erasure.pk])
    page = client.get(response["Location"]).content.decode()
    assert "The family's data has been erased" in page and "Asked by letter" in page
    family.refresh_from_db()
    assert family.contact_email is None
    assert "Sam Parent" not in client.get(url).content.decode()


def test_a_broken_policy_file_is_explained_to_the_administrator(client, administrator,
                                                                settings, tmp_path):  # fmt: skip
    broken = tmp_path / "policy.json"
    broken.write_text('{"kinds": [{"kind": "drafts"}]}')
    settings.RETENTION_POLICY_FILE = str(broken)
    response = client.get(reverse("retention:due"))
    assert response.status_code == 500
    assert "The retention policy cannot be used" in response.text
    assert "rule 1 (&#x27;drafts&#x27;): &#x27;keep_for&#x27; must be a period" in response.text


def test_an_empty_post_is_told_what_is_missing(client, administrator, service):
    family = closed_request(service).family
    response = client.post(reverse("retention:erase_family", args=[family.pk]))
    assert response.status_code == 400 and "Say why the data is being erased" in response.text

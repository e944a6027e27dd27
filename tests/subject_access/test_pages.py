"""The subject access pages: administrators only (every other role 403, signed out to the
sign-in page, a missing record 404); every search (including one that found nothing), view and
download audited; nothing cached; files named by reference and date."""

import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.directory.models import Organisation
from tests.referrals.helpers import person, team_in

pytestmark = pytest.mark.django_db

OTHER_ROLES = [Role.PARENT, Role.PRACTITIONER, Role.PROVIDER, Role.TRIAGE, Role.DATA_MANAGER,
               Role.ANALYST]  # fmt: skip
SEARCH = {"email": "sam@example.org"}


def _urls(family_id):
    return [
        ("get", reverse("subject_access:find"), {}),
        ("post", reverse("subject_access:find"), SEARCH),
        ("get", reverse("subject_access:everything_held", args=[family_id]), {}),
        ("get", reverse("subject_access:pack_html", args=[family_id]), {}),
        ("get", reverse("subject_access:pack_json", args=[family_id]), {}),
    ]


def _someone(role, service):
    if role == Role.PRACTITIONER:
        return person(role, team=team_in(Organisation.objects.exclude(pk=service.organisation_id)
                                          .first()))  # fmt: skip
    if role == Role.PROVIDER:
        return person(role, organisation=service.organisation)
    return person(role)


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_other_role_is_refused_and_nothing_is_looked_up(client, families, role):
    user = _someone(role, families.service)
    if role == Role.PARENT:
        families.first.family.account_holders.add(user)  # even their own family's record
    client.force_login(user)
    before = AuditEvent.objects.count()
    for method, url, data in _urls(families.first.family_id):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (role, url)
        assert b"sam@example.org" not in response.content
    assert AuditEvent.objects.count() == before


def test_signed_out_is_sent_to_sign_in(client, families):
    for method, url, data in _urls(families.first.family_id):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))


def test_a_superuser_without_the_administrator_role_is_refused(client, families):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "root@example.org", "x-unused-1")
    client.force_login(root)
    assert client.get(reverse("subject_access:find")).status_code == 403


def test_a_missing_record_is_404(client, administrator):
    client.force_login(administrator)
    missing = "00000000-0000-4000-8000-000000000000"
    for name in ("everything_held", "pack_html", "pack_json"):
        assert client.get(reverse(f"subject_access:{name}", args=[missing])).status_code == 404


def test_the_search_page_finds_the_family_and_not_the_other_and_is_audited(
    client, families, administrator
):
    client.force_login(administrator)
    assert client.get(reverse("subject_access:find")).status_code == 200
    assert not AuditEvent.objects.filter(user=administrator).exists(), "an empty form is no search"
    response = client.post(reverse("subject_access:find"),
                           {"first_name": "Alex", "last_name": "Parent", "date_of_birth_0": "4",
                            "date_of_birth_1": "5", "date_of_birth_2": "2021"})  # fmt: skip
    assert response.status_code == 200
    text = response.content.decode()
    assert "1 record found" in text
    assert reverse("subject_access:everything_held", args=[families.first.family_id]) in text
    assert str(families.second.family_id) not in text and families.second.reference not in text
    assert "Name and date of birth: Alex Parent (Child)" in text
    assert "no-store" in response["Cache-Control"]
    search = AuditEvent.objects.get(user=administrator, object_type="search")
    assert search.detail == "subject access search by name and date of birth: 1 record(s) found"
    assert AuditEvent.objects.filter(
        user=administrator, object_type="family", family_id=families.first.family_id
    ).exists()


def test_a_search_that_finds_nothing_is_audited_too(client, families, administrator):
    client.force_login(administrator)
    response = client.post(reverse("subject_access:find"), {"phone": "07700 900555"})
    assert response.status_code == 200
    assert "No record found" in response.content.decode()
    search = AuditEvent.objects.get(user=administrator, object_type="search")
    assert search.detail == "subject access search by phone number: 0 record(s) found"
    assert "900555" not in search.detail


def test_a_search_by_nothing_or_a_name_alone_is_refused_not_answered_with_everyone(
    client, families, administrator
):
    client.force_login(administrator)
    for data in ({}, {"first_name": "Sam", "last_name": "Parent"}):
        response = client.post(reverse("subject_access:find"), data)
        assert response.status_code == 400
        text = response.content.decode()
        assert "govuk-error-summary" in text
        assert "record found" not in text and "everything_held" not in text
        assert "Sam" in text or not data, "what was typed is kept"
    assert not AuditEvent.objects.filter(user=administrator).exists()


def test_everything_held_is_shown_audited_and_links_to_where_it_is_corrected(
    client, families, administrator
):
    client.force_login(administrator)
    family_id = families.first.family_id
    response = client.get(reverse("subject_access:everything_held", args=[family_id]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "Bedtimes are a battle every night." in text
    assert families.second.reference not in text
    assert reverse("referrals:staff_request", args=[families.first.reference]) in text
    assert reverse("referrals:my_family") in text
    assert reverse("subject_access:pack_html", args=[family_id]) in text
    assert reverse("retention:erase_family", args=[family_id]) in text  # erasure, where allowed
    event = AuditEvent.objects.get(user=administrator)
    assert (event.action, event.family_id) == ("view", family_id)
    assert event.detail == "subject access: everything held shown"


@pytest.mark.parametrize(("name", "kind", "content_type"), [
    ("pack_html", "HTML", "text/html"), ("pack_json", "JSON", "application/json"),
])  # fmt: skip
def test_each_download_is_audited_not_cached_and_named_by_reference_and_date(
    client, families, administrator, name, kind, content_type
):
    client.force_login(administrator)
    family_id = families.first.family_id
    response = client.get(reverse(f"subject_access:{name}", args=[family_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "no-store" in response["Cache-Control"]
    today = timezone.localdate().isoformat()
    extension = kind.lower()
    assert response["Content-Disposition"] == (
        f'attachment; filename="subject-access-{families.first.reference}-{today}.{extension}"'
    )
    if kind == "JSON":
        assert json.loads(response.content)["requests"][0]["reference"] == families.first.reference
    else:
        assert b"Information we hold about your family" in response.content
    event = AuditEvent.objects.get(user=administrator)
    assert (event.action, event.family_id) == ("export", family_id)
    assert event.detail == f"subject access pack downloaded ({kind})"


def test_a_merged_record_points_to_the_record_in_use(client, families, administrator):
    from familyhub.referrals.actions import merge_family_records

    merge_family_records(families.first.family, families.second.family, by=None)
    client.force_login(administrator)
    response = client.get(
        reverse("subject_access:everything_held", args=[families.second.family_id])
    )
    assert response.status_code == 200
    assert reverse("subject_access:everything_held", args=[families.first.family_id]) in (
        response.content.decode()
    )


def test_the_pack_in_polish(client, families, administrator):
    client.force_login(administrator)
    family_id = families.first.family_id
    page = client.get(reverse("subject_access:everything_held", args=[family_id]))
    polish_url = reverse("subject_access:pack_html", args=[family_id]) + "?language=pl"
    assert polish_url in page.content.decode()
    response = client.get(polish_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-{timezone.localdate()}-pl.html"')
    html = response.content.decode()
    assert '<html lang="pl">' in html
    for polish in ("Informacje, które przechowujemy o Twojej rodzinie", "Masz prawo:",
                   "Rekord Twojej rodziny", "Zgoda na udostępnienie", "Kim jest w rodzinie",
                   "Bedtimes are a battle every night."):  # fmt: skip
        assert polish in html, polish
    for english in ("About this copy", "Your rights", "Agreement to share",
                    "Who they are in the family", "None given"):  # fmt: skip
        assert english not in html, english
    data = json.loads(client.get(
        reverse("subject_access:pack_json", args=[family_id]), {"language": "pl"}
    ).content)  # fmt: skip
    assert data["sections"]["family_record"].startswith("Osoby w Twojej rodzinie")
    assert data["family_record"]["contact"]["safe_ways"] == ["SMS", "E-mail"]
    details = list(AuditEvent.objects.filter(user=administrator, action="export")
                   .values_list("detail", flat=True).order_by("id"))  # fmt: skip
    assert details == ["subject access pack downloaded (HTML, pl)",
                       "subject access pack downloaded (JSON, pl)"]  # fmt: skip


def test_a_language_the_site_does_not_have_is_refused_clearly(client, families, administrator):
    client.force_login(administrator)
    url = reverse("subject_access:pack_html", args=[families.first.family_id])
    response = client.get(url, {"language": "xx"})
    assert response.status_code == 400
    languages = ", ".join(code for code, _name in settings.LANGUAGES)  # en-gb, pl, ro by default
    assert response.content.decode() == (
        f"The pack can be made in these languages only: {languages}."
    )
    assert not AuditEvent.objects.filter(user=administrator).exists()


def test_only_an_administrators_home_page_links_here(client, administrator):
    find_url = reverse("subject_access:find")
    client.force_login(administrator)
    assert find_url in client.get(reverse("accounts:home")).content.decode()
    client.force_login(person(Role.DATA_MANAGER))
    assert find_url not in client.get(reverse("accounts:home")).content.decode()

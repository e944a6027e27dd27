"""The demo casework: Medway families at every stage, made by the real actions; every demo
person reaches their casework pages without a server error."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from familyhub.casework.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    call_command("load_demo_requests")
    call_command("load_demo_casework")


def test_the_demo_has_cases_at_every_stage(demo):
    statuses = sorted(Case.objects.values_list("status", flat=True))
    assert statuses == ["active", "active", "assessing", "open", "stepped_down", "stepped_up"]
    call_command("load_demo_casework")  # a second run adds nothing
    assert Case.objects.count() == 6


def test_every_demo_person_reaches_their_casework_pages(client, demo):
    users = get_user_model().objects
    for username in ("manager@example.org", "earlyhelp@example.org"):
        client.force_login(users.get(username=username))
        pages = [reverse("casework:caseload")]
        mine = Case.objects.all()
        if username == "earlyhelp@example.org":  # the lead sees the cases they lead, only
            mine = mine.filter(lead__username=username)
            assert mine.count() == 5
        for case in mine:
            pages += [
                reverse(name, args=[case.reference])
                for name in ("casework:case", "casework:assessment", "casework:plan")
            ]
        for page in pages:
            assert client.get(page).status_code == 200, (username, page)
    client.force_login(users.get(username="manager@example.org"))
    queue = client.get(reverse("casework:allocation")).content.decode()
    assert Case.objects.get(status="open").reference in queue
    client.force_login(users.get(username="parent@example.org"))
    plan = client.get(reverse("casework:family_plan")).content.decode()
    assert "Leo goes to bed without a fight" in plan and "6 out of 10" in plan


def test_the_supporting_families_evidence_and_its_csv(client, demo):
    client.force_login(get_user_model().objects.get(username="manager@example.org"))
    url = reverse("casework:supporting_families")
    page = client.get(url).content.decode()
    worked_with = Case.objects.filter(plan__agreed_at__isnull=False)
    assert worked_with.count() == 3
    for case in worked_with:
        assert case.reference in page
    assert Case.objects.get(status="open").reference not in page  # no lead, no plan
    lee = Case.objects.get(status="stepped_down")
    response = client.get(url, {"format": "csv"})
    rows = response.content.decode().splitlines()
    assert rows[0] == "case,opened,lead,headline outcome,needs,met,sustained"
    lee_rows = [row for row in rows if row.startswith(lee.reference)]
    assert lee_rows and lee_rows[0].split(",")[-2] == "1"  # scored 8 at its review: met
    assert "check due" in lee_rows[0]
    bad = client.get(url, {"start": "2026-12-01", "end": "2026-01-01"})
    assert b"The end of the period must be after its start" in bad.content

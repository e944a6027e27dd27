"""The report pages: for analysts, board members, data managers and administrators; aggregates
only; a clear error for a wrong period; a CSV for each table; in Polish too."""

import csv
import io

import pytest
from django.urls import reverse

from familyhub.equality import demo
from familyhub.families.models import FamilyMember
from tests.personas import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    demo.load_demo_equality()


@pytest.mark.parametrize("role", ["analyst", "board_member", "data_manager", "administrator"])
def test_readers_see_figures_and_never_a_family(client, loaded, role):
    client.force_login(person(role))
    response = client.get(reverse("equality:report"))
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    assert "Equality of access and outcomes" in page and 'id="gaps-rule"' in page
    assert "Gap:" in page and "fewer asking than expected" in page  # in words
    assert ">hidden<" in page  # small numbers say so in words
    names = set(FamilyMember.objects.values_list("last_name", flat=True)[:50])
    assert not [name for name in names if f" {name}" in page or f">{name}" in page]
    assert "/staff/requests/" not in page and "/staff/cases/EH-" not in page


@pytest.mark.parametrize("role", ["parent", "practitioner", "provider", "triage"])
def test_people_who_work_with_families_do_not_get_the_report(client, role):
    client.force_login(person(role))
    assert client.get(reverse("equality:report")).status_code == 403
    assert client.get(reverse("equality:report_csv", args=["sex-asks"])).status_code == 403


def test_a_wrong_period_is_a_clear_error_keeping_what_was_typed(client):
    client.force_login(person("analyst"))
    response = client.get(reverse("equality:report"), {"start": "2026-09-01",
                                                        "end": "2026-01-01"})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "The start of the period must be on or before its end" in page
    assert 'value="2026-09-01"' in page and 'href="#id_start"' in page
    response = client.get(reverse("equality:report"), {"start": "not a date"})
    assert response.status_code == 400 and "Enter a real date" in response.content.decode()
    csv_response = client.get(reverse("equality:report_csv", args=["sex-asks"]),
                              {"start": "2026-13-40"})  # fmt: skip
    assert csv_response.status_code == 400


def test_each_table_downloads_as_csv_with_hidden_cells_marked(client, loaded):
    client.force_login(person("analyst"))
    page = client.get(reverse("equality:report")).content.decode()
    assert page.count(".csv") == 10 * 6  # every table of every characteristic
    response = client.get(reverse("equality:report_csv", args=["religion-accepted"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["", "Accepted", "Not accepted", "Total", "Acceptance rate"]
    assert rows[1][0] == "No religion"
    cells = [cell for row in rows[1:] for cell in row[1:4]]
    assert "[c]" in cells
    assert not [c for c in cells if c.isdigit() and 0 < int(c) < 5]
    assert client.get(reverse("equality:report_csv", args=["nothing-here"])).status_code == 404


def test_the_report_and_the_questions_are_in_polish(client, loaded):
    client.force_login(person("analyst"))
    page = client.get("/pl" + reverse("equality:report")).content.decode()
    assert "Równość dostępu i rezultatów" in page

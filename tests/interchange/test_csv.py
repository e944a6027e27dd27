"""CSV: the template, bulk import with a row-level report (a bad row writes nothing), and the CSV
export, which imports back unchanged."""

import csv
import io

import pytest

from familyhub.directory import models as m
from familyhub.interchange import export
from familyhub.interchange.csv_columns import COLUMNS
from familyhub.interchange.csv_import import import_csv
from familyhub.interchange.models import Outcome, RunStatus
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def as_csv(rows) -> bytes:
    return "".join(export.csv_text(rows)).encode("utf-8")


def row(**values) -> list[str]:
    base = {
        "name": "Dads' breakfast club",
        "organisation": "Medway Dads CIC",
        "description": "A Saturday breakfast for dads and their children.",
        "level_of_need": "universal",
        "access_routes": "drop_in",
        "delivery_modes": "in_person",
        "email": "dads@example.org",
        "location_name": "Strood Community Hall",
        "address_1": "2 Station Road",
        "city": "Strood",
        "postcode": "me2 4aa",
        "needs": "relationships;whole-family",
    }
    base.update(values)
    return [base.get(column, "") for column in COLUMNS]


def test_the_template_has_every_column_and_its_example_row_imports():
    rows = export.template_rows()

    assert rows[0] == list(COLUMNS)
    run = import_csv(as_csv(rows), name="template.csv")
    assert (run.status, run.created, run.failed) == (RunStatus.FINISHED, 1, 0), list(
        run.results.values("reasons")
    )


def test_a_good_row_creates_the_service_its_place_and_needs():
    run = import_csv(as_csv([list(COLUMNS), row()]))

    assert run.created == 1
    service = m.Service.objects.get(name="Dads' breakfast club")
    assert service.organisation.name == "Medway Dads CIC"
    assert service.access_drop_in and service.delivered_in_person
    address = service.service_at_locations.get().location.addresses.get()
    assert address.postal_code == "ME2 4AA"
    assert sorted(service.taxonomy_terms.values_list("code", flat=True)) == [
        "relationships",
        "whole-family",
    ]
    assert run.results.get().notes == ["New organisation added: Medway Dads CIC."]


def test_each_bad_row_is_reported_by_column_and_writes_nothing():
    bad = row(
        name="Bad row",
        organisation="An organisation only this row names",
        email="not-an-email",
        level_of_need="medium",
        access_routes="walk in",
        minimum_age="three",
        postcode="nowhere",
    )
    before = (m.Service.objects.count(), m.Organisation.objects.count(), m.Location.objects.count())

    run = import_csv(as_csv([list(COLUMNS), row(), bad, row(name="Second good row")]))

    assert (run.created, run.failed) == (2, 1)
    failed = run.results.get(outcome=Outcome.FAILED)
    assert failed.position == 3  # the file's row number (the headers are row 1)
    assert "level_of_need: “medium” is not one of specialist, statutory, targeted, universal" in (
        failed.reasons
    )
    assert any(r.startswith("access_routes: “walk in” is not one of") for r in failed.reasons)
    assert "minimum_age: “three” is not a whole number" in failed.reasons
    assert any(r.startswith("postcode: “nowhere” is not a UK postcode") for r in failed.reasons)
    assert not m.Organisation.objects.filter(name="An organisation only this row names").exists()
    assert m.Service.objects.count() == before[0] + 2
    assert m.Location.objects.count() == before[2] + 1  # both good rows share the hall


def test_a_row_failing_only_on_its_model_rules_writes_nothing():
    run = import_csv(as_csv([list(COLUMNS), row(email="nope", maximum_age="40")]))

    result = run.results.get()
    assert result.outcome == Outcome.FAILED
    assert "email: Enter a valid email address." in result.reasons
    assert "maximum_age: Ensure this value is less than or equal to 25." in result.reasons
    assert not m.Service.objects.filter(name="Dads' breakfast club").exists()
    assert not m.Organisation.objects.filter(name="Medway Dads CIC").exists()


def test_rows_are_matched_by_id_and_repeated_rows_are_skipped():
    service = ServiceFactory(name="Old name")
    rows = [list(COLUMNS), row(id=str(service.id), name="New name"), row(id=str(service.id))]

    run = import_csv(as_csv(rows))

    service.refresh_from_db()
    assert service.name == "New name"
    assert [r.outcome for r in run.results.all()] == [Outcome.UPDATED, Outcome.SKIPPED]
    assert run.results.get(outcome=Outcome.SKIPPED).reasons == [
        "The same service as row 2: only the first is used."
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"title,organisation,description\nx,y,z\n",
            "The headers do not match the template (missing columns: name, level_of_need, "
            "access_routes, delivery_modes; unknown column: title). Download the template",
        ),
        (b"", "The file is empty: use the template"),
        (b"PK\x03\x04\x00\x00binary", "The file is not a CSV (it holds binary data)"),
        (
            ",".join(list(COLUMNS) + ["name"]).encode(),
            "repeated column: name",
        ),
    ],
)
def test_a_file_that_is_not_the_template_is_refused_whole(content, message):
    run = import_csv(content)

    assert run.status == RunStatus.FAILED
    assert message in run.error
    assert not run.results.exists()


def test_the_csv_export_imports_back_unchanged():
    first = "".join(export.csv_text(export.csv_rows()))
    count = m.Service.objects.count()

    run = import_csv(first.encode(), name="export.csv")

    assert run.failed == 0, [r.reasons for r in run.results.filter(outcome=Outcome.FAILED)]
    assert run.updated == count
    assert m.Service.objects.count() == count
    assert "".join(export.csv_text(export.csv_rows())) == first


def test_the_csv_export_has_one_row_per_service_with_the_template_columns():
    rows = list(csv.reader(io.StringIO("".join(export.csv_text(export.csv_rows())))))

    assert rows[0] == list(COLUMNS)
    assert len(rows) == m.Service.objects.count() + 1


def test_cells_a_spreadsheet_would_run_as_formulas_are_defused_and_import_back():
    service = ServiceFactory(name='=HYPERLINK("http://evil.example")', phone="+44 1632 960000")

    text = "".join(export.csv_text(export.csv_rows(m.Service.objects.filter(id=service.id))))
    import_csv(text.encode())

    assert "'=HYPERLINK" in text and "'+44 1632 960000" in text
    service.refresh_from_db()
    assert service.name == '=HYPERLINK("http://evil.example")'
    assert service.phone == "+44 1632 960000"

"""Figures from outside Family Hub: one at a time, as CSV (whole or nothing, each problem with
its line), partners' returns; the dashboard shows them with their source. Never a 500."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.outcomes import framework, periods, queries
from familyhub.outcomes.models import Figure, Measure, PartnerReturn
from tests.personas import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_manager(client):
    client.force_login(person(Role.DATA_MANAGER))
    return client


def _upload(client, text, name="figures.csv"):
    upload = SimpleUploadedFile(name, text.encode("utf-8") if isinstance(text, str) else text)
    return client.post(reverse("outcomes:upload_figures"), {"file": upload})


def test_a_figure_is_entered_with_its_source_and_shown(data_manager):
    quarter = periods.current().previous
    response = data_manager.post(reverse("outcomes:figures"), {
        "measure": "school-readiness", "period": quarter.key, "value": "66.4",
        "source": "DfE EYFSP 2024/25", "area_type": "medway", "area": "",
    })  # fmt: skip
    assert response.status_code == 302
    figure = Figure.objects.get()
    assert (figure.value, figure.source, figure.period) == (
        Decimal("66.40"), "DfE EYFSP 2024/25", quarter.key,
    )  # fmt: skip
    view = queries.measure_view(Measure.objects.get(key="school-readiness"), periods.last(8))
    assert view.latest.value == 66.4
    assert view.tables[0].rows[-2] == [quarter.label, "66.4%", "DfE EYFSP 2024/25"]


def test_a_wrong_figure_is_refused_on_the_page_keeping_what_was_typed(data_manager):
    response = data_manager.post(reverse("outcomes:figures"), {
        "measure": "school-readiness", "period": "2026-Q5", "value": "66.4",
        "source": "DfE", "area_type": "medway",
    })  # fmt: skip
    assert response.status_code == 400
    assert "is not a quarter" in response.content.decode()
    assert 'value="2026-Q5"' in response.content.decode()
    response = data_manager.post(reverse("outcomes:figures"), {
        "measure": "school-readiness", "period": "2026-Q1", "value": "166",
        "source": "DfE", "area_type": "medway",
    })  # fmt: skip
    assert response.status_code == 400
    assert "must be 0 to 100" in response.content.decode()
    assert not Figure.objects.exists()


def test_a_csv_file_is_saved_whole(data_manager):
    text = (
        "measure,period,value,source,area_type,area\n"
        "school-readiness,2026-Q1,66.1,DfE EYFSP,,\n"
        "persistent-absence,2026-Q1,20.5%,DfE absence,town,Chatham\n"
        'social-care-re-referrals,2026-Q2,"22.0",Medway CSC,,\n'
    )
    response = _upload(data_manager, text)
    assert response.status_code == 302
    assert "uploaded=3" in response.url
    assert Figure.objects.count() == 3
    assert Figure.objects.get(area="Chatham").value == Decimal("20.50")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("measure,period,value,source\nschool-readiness,2026-Q1,66,DfE\n"
         "days-to-start,2026-Q1,12,Ours\n", "Line 3: “days-to-start” is not a measure that takes"),
        ("measure,period,value,source\nschool-readiness,2026-Q1,sixty,DfE\n",
         "Line 2: “sixty” is not a number"),
        ("measure,period,value,source\nschool-readiness,2026-Q1,66,\n", "Line 2: Say where"),
        ("measure,period,value,source\nschool-readiness,2026-Q1,66,DfE\n"
         "school-readiness,2026-Q1,67,DfE\n", "Line 3: The same figure is already on line 2"),
        ("measure,period,value,source,area_type,area\n"
         "school-readiness,2026-Q1,66,DfE,ward,Atlantis\n", "“Atlantis” is not a Medway ward"),
        ("measure,value\nschool-readiness,66\n", "missing: period, source"),
        (b"\xff\xfe\x00m\x00e", "not a CSV file saved as UTF-8"),
        ("measure,period,value,source\n", "The file has no figures in it"),
    ],
)  # fmt: skip
def test_a_csv_file_with_a_problem_saves_nothing_and_says_which_line(data_manager, text, message):
    response = _upload(data_manager, text)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Nothing from the file has been saved" in page
    assert not Figure.objects.exists()


def test_an_upload_with_no_file_is_a_form_error(data_manager):
    response = data_manager.post(reverse("outcomes:upload_figures"), {})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_partners_returns_add_up_for_the_medway_figure(data_manager):
    quarter = periods.current().previous
    for organisation, families in (
        ("Medway Community Healthcare", "120"),
        ("Chatham Network", "45"),
    ):
        response = data_manager.post(reverse("outcomes:partner_return"), {
            "organisation": organisation, "period": quarter.key, "source": "Quarterly return",
            "m_partner-early-help-families": families,
        })  # fmt: skip
        assert response.status_code == 302
    measure = Measure.objects.get(key="partner-early-help-families")
    view = queries.measure_view(measure, periods.last(8))
    assert view.latest.value == 165
    # Sent again, a return replaces the organisation's earlier one for the quarter.
    data_manager.post(reverse("outcomes:partner_return"), {
        "organisation": "Chatham Network", "period": quarter.key, "source": "Corrected",
        "m_partner-early-help-families": "50",
    })  # fmt: skip
    assert PartnerReturn.objects.count() == 2
    assert queries.measure_view(measure, periods.last(8)).latest.value == 170
    empty = data_manager.post(reverse("outcomes:partner_return"), {
        "organisation": "Chatham Network", "period": quarter.key, "source": "x",
    })  # fmt: skip
    assert empty.status_code == 400
    assert "Give at least one figure" in empty.content.decode()


def test_a_measure_edited_on_its_page_keeps_its_edits_when_the_file_is_loaded_again(data_manager):
    url = reverse("outcomes:edit_measure", args=["school-readiness"])
    measure = Measure.objects.get(key="school-readiness")
    response = data_manager.post(url, {
        "name": measure.name, "definition": "Our own words.", "baseline_value": "64.8",
        "baseline_period": "2024/25", "baseline_source": "DfE", "target_value": "70",
        "target_period": "2027", "benchmark_england": "67.7", "benchmark_neighbours": "",
        "benchmark_period": "2023/24", "benchmark_source": "DfE", "active": "on",
    })  # fmt: skip
    assert response.status_code == 302
    framework.load_framework()
    measure.refresh_from_db()
    assert (measure.definition, measure.target_value) == ("Our own words.", Decimal("70.00"))
    bad = data_manager.post(url, {"name": "", "definition": "x", "baseline_value": "lots"})
    assert bad.status_code == 400


def test_the_framework_is_declared_once_with_stable_keys():
    data = framework.read_framework()
    assert framework.check_framework(data) == []
    keys = [key for key, _name in queries.measure_choices()]
    assert keys == list(Measure.objects.filter(active=True).values_list("key", flat=True))
    assert {"school-readiness", "persistent-absence", "social-care-re-referrals",
            "re-requests", "days-to-start", "confidence-improved"} <= set(keys)  # fmt: skip
    assert framework.load_framework() == 0  # nothing new the second time
    broken = {**data, "measures": [{**data["measures"][0], "computation": "nope"}]}
    assert "no computation nope" in "; ".join(framework.check_framework(broken))


def test_a_file_over_the_limit_is_refused_without_reading_it_all(data_manager):
    big = "measure,period,value,source\n" + "school-readiness,2026-Q1,66,DfE\n" * 40_000
    response = _upload(data_manager, big)
    assert response.status_code == 400
    assert "larger than 1 MB" in response.content.decode()
    assert not Figure.objects.exists()

"""The map's page and CSV: who may see them, that they agree, bad filters, query counts."""

import csv
import io
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from familyhub.directory.models import Organisation, ServiceArea
from familyhub.gaps.mapping import COLUMNS
from tests.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory, need
from tests.referrals.helpers import person

pytestmark = pytest.mark.django_db

PAGE = reverse("gaps:map")
CSV = reverse("gaps:csv")
ALLOWED = ["data_manager", "analyst", "administrator"]
DENIED = ["parent", "practitioner", "provider", "triage"]


def signed_in(client, role):
    organisation = Organisation.objects.first() if role == "provider" else None
    client.force_login(person(role, organisation=organisation))
    return client


class TableRows(HTMLParser):
    """The text of each body row of the table with the given id."""

    def __init__(self, table_id):
        super().__init__()
        self.table_id, self.depth, self.in_body = table_id, 0, False
        self.rows, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id") == self.table_id:
            self.depth = 1
        elif self.depth and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if self.in_body and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.depth = 0

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_rows(response, table_id="map-rows"):
    parser = TableRows(table_id)
    parser.feed(response.content.decode())
    return parser.rows


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == COLUMNS
    return [[" ".join(value.split()) for value in row] for row in rows[1:]]


# --- who may see it ----------------------------------------------------------------------


@pytest.mark.parametrize("url", [PAGE, CSV])
def test_anonymous_people_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


@pytest.mark.parametrize("url", [PAGE, CSV])
@pytest.mark.parametrize("role", DENIED)
def test_parents_providers_and_other_staff_are_refused(client, role, url):
    assert signed_in(client, role).get(url).status_code == 403


@pytest.mark.parametrize("url", [PAGE, CSV])
@pytest.mark.parametrize("role", ALLOWED)
def test_data_managers_analysts_and_administrators_see_the_map(client, role, url):
    assert signed_in(client, role).get(url).status_code == 200


# --- the page ----------------------------------------------------------------------------


def test_overview_has_a_chart_and_its_table_alternative_for_every_need(client):
    response = signed_in(client, "analyst").get(PAGE)
    html = response.content.decode()
    assert 'class="fh-chart"' in html and 'role="img"' in html
    summary = page_rows(response, "need-summary")
    assert len(summary) == 55  # every need, broad and narrower
    missing_school = next(row for row in summary if row[0] == "Missing school or not wanting to go")
    assert int(missing_school[1]) == 0 and int(missing_school[2]) > 0  # no services: gaps
    assert html.count('class="fh-chart__row"') == 20  # the chart: broad needs only
    behaviour = next(row for row in summary if row[0] == "Behaviour and routines")
    services, gaps, overlaps, searches = (int(value) for value in behaviour[1:])
    # every expected level of behaviour has a service somewhere near (statutory is not expected)
    assert services > 0 and gaps == 0 and overlaps > 0 and searches == 0
    feeding = next(row for row in summary if row[0] == "Feeding your baby")
    assert int(feeding[2]) > 0  # targeted feeding is only in Rochester
    assert page_rows(response) == []  # rows only once a filter is chosen


def test_page_shows_the_feeding_gap_in_chatham_found_in_rochester(client):
    response = signed_in(client, "data_manager").get(
        PAGE, {"need": "feeding", "level": "targeted", "band": "0-1"}
    )
    rows = page_rows(response)
    assert len(rows) == 7  # six towns and Medway-wide
    chatham = next(row for row in rows if row[2] == "Chatham")
    assert chatham[COLUMNS.index("Status")] == "Gap"
    assert chatham[COLUMNS.index("Found in")] == "Rochester"
    rochester = next(row for row in rows if row[2] == "Rochester")
    assert rochester[COLUMNS.index("Services here")] == "Specialist feeding clinic"


def test_gaps_only_filter_shows_only_gap_rows(client):
    response = signed_in(client, "analyst").get(PAGE, {"show": "gap", "place": "Chatham"})
    rows = page_rows(response)
    assert rows
    assert {row[COLUMNS.index("Status")] for row in rows} == {"Gap"}
    assert {row[2] for row in rows} == {"Chatham"}


@pytest.mark.parametrize(
    "params",
    [
        {"need": "feeding"},
        {"show": "overlap", "place": "Gillingham"},
        {"need": "domestic-abuse", "level": "universal"},
        {"place": "Medway-wide", "band": "12-16"},
    ],
)
def test_csv_rows_are_the_page_rows(client, params):
    client = signed_in(client, "data_manager")
    on_page = page_rows(client.get(PAGE, params))
    in_csv = csv_rows(client.get(CSV, params))
    assert on_page, "the filters should give rows"
    assert in_csv == on_page


def test_csv_without_filters_has_every_row(client):
    rows = csv_rows(signed_in(client, "analyst").get(CSV))
    assert len(rows) == 55 * 4 * 7 * 5


@pytest.mark.parametrize(
    "params, message",
    [
        ({"need": "not-a-need"}, "Choose a need from the list"),
        ({"place": "Paris"}, "Choose a town from the list, or Medway-wide"),
        ({"level": "<script>"}, "Choose a level of need from the list"),
        ({"band": "99"}, "Choose an age band from the list"),
        ({"show": "everything"}, "Choose every row, gaps only or possible overlaps only"),
    ],
)
def test_bad_filters_give_a_clear_error_never_a_500(client, params, message):
    client = signed_in(client, "analyst")
    response = client.get(PAGE, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert "<script>" not in html.split("</header>", 1)[1].split("<script type=")[0]
    response = client.get(CSV, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_bad_filter_is_left_out_and_the_good_ones_still_apply(client):
    response = signed_in(client, "analyst").get(PAGE, {"need": "feeding", "band": "nope"})
    rows = page_rows(response)
    assert len(rows) == 4 * 7 * 5
    assert {row[0] for row in rows} == {"Feeding your baby"}


def test_need_page_has_a_chart_by_place_wards_and_district_searches(client):
    response = signed_in(client, "analyst").get(PAGE, {"need": "feeding"})
    html = response.content.decode()
    places = page_rows(response, "place-summary")
    assert [row[0] for row in places][-1] == "Medway-wide"
    assert dict((row[0], int(row[2])) for row in places)["Chatham"] > 0  # gaps in Chatham
    assert page_rows(response, "ward-presence")
    assert "No search for this need found nothing" in html


# --- queries -----------------------------------------------------------------------------


def _more_services(count):
    for n in range(count):
        service = ServiceFactory(name=f"Extra group {n}")
        service.service_terms.create(taxonomy_term=need("behaviour"))
        ServiceAtLocationFactory(service=service, location=LocationFactory(town="Strood"))
        ServiceArea.objects.create(service=service, name="Strood", area_type="town")


@pytest.mark.parametrize("params", [{}, {"need": "feeding"}, {"show": "gap"}])
def test_page_queries_do_not_grow_with_the_directory(client, django_assert_max_num_queries, params):
    client = signed_in(client, "data_manager")
    with django_assert_max_num_queries(15):
        client.get(PAGE, params)
    _more_services(15)
    with django_assert_max_num_queries(15):
        response = client.get(PAGE, params)
    assert response.status_code == 200


def test_csv_queries_do_not_grow_with_the_directory(client, django_assert_max_num_queries):
    client = signed_in(client, "analyst")
    _more_services(15)
    with django_assert_max_num_queries(12):
        rows = csv_rows(client.get(CSV, {"need": "behaviour", "place": "Strood"}))
    assert any("Extra group 14" in row[COLUMNS.index("Services here")] for row in rows)


def test_csv_cells_that_look_like_formulas_open_as_text(client):
    service = ServiceFactory(name='=HYPERLINK("https://example.org","Click")', maximum_age=1)
    service.service_terms.create(taxonomy_term=need("sleep"))
    ServiceAtLocationFactory(service=service, location=LocationFactory(town="Strood"))
    rows = csv_rows(
        signed_in(client, "analyst").get(
            CSV, {"need": "sleep", "level": "universal", "place": "Strood", "band": "0-1"}
        )
    )
    (row,) = rows
    assert row[COLUMNS.index("Services here")].startswith("'=HYPERLINK")


def test_a_narrower_need_can_be_chosen_and_unexpected_levels_say_so(client):
    client = signed_in(client, "analyst")
    params = {"need": "school-attendance", "band": "5-11", "place": "Chatham"}
    rows = page_rows(client.get(PAGE, params))
    status = {row[1]: row[COLUMNS.index("Status")] for row in rows}
    assert status == {
        "Universal": "Not expected at this level",
        "Targeted (early help)": "Gap",
        "Specialist": "Gap",
        "Statutory": "Gap",
    }
    assert csv_rows(client.get(CSV, params)) == rows


def test_the_page_says_which_levels_each_need_is_expected_at(client):
    response = signed_in(client, "analyst").get(PAGE)
    levels = {row[0]: row[1] for row in page_rows(response, "expected-levels")}
    assert levels["Feeding your baby"] == "Universal, Targeted (early help)"
    assert "Statutory" in levels["Domestic abuse"]

"""Any value of any parameter of any ORUK endpoint is answered 200, 400 or 404 with JSON, never a
server error. The endpoints and their parameters are read from the OpenAPI document the API
serves, so a parameter added there is tried here too.

Each parameter of each endpoint gets every known awkward value (impossible dates, offsets that
carry a date past year 9999, huge numbers, NUL, long and non-Latin text, ids with slashes) and
then values hypothesis makes (any unicode, numbers, dates, date-times, repeated parameters);
each endpoint then gets mixtures of parameters. Hypothesis runs derandomized with no example
database, so every run (SQLite, PostgreSQL, CI) tries exactly the same requests."""

import json
import string
from datetime import date, timedelta, timezone
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from familyhub.directory.models import Organisation, Service, ServiceAtLocation, Taxonomy
from familyhub.directory.oruk.openapi import openapi_document

pytestmark = pytest.mark.django_db

GENERATED = 8  # hypothesis's own values per parameter, after the awkward ones below
MIXTURES = 20  # mixtures of parameters per endpoint
AWKWARD = [
    "", " ", "true", "0", "-1", "1e309", "NaN", "\x00", "%00", "x" * 5000, "😀" * 100,
    "2020-02-30", "2020-13-45", "2020-01-01T25:00:00Z", "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00", "a/b", "99999999999999999999", "\uffff",
]  # fmt: skip
OFFSETS = st.timedeltas(min_value=-timedelta(hours=23, minutes=59),
                        max_value=timedelta(hours=23, minutes=59)).map(timezone)  # fmt: skip
VALUES = st.one_of(
    st.text(max_size=30),  # any unicode (hypothesis leaves out lone surrogates)
    st.text(alphabet=string.printable, max_size=300),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates(min_value=date(1, 1, 1)).map(str),
    st.datetimes(timezones=st.none() | OFFSETS).map(lambda moment: moment.isoformat()),
    st.uuids().map(str),
    st.sampled_from(AWKWARD),
)
RUN = settings(max_examples=GENERATED, derandomize=True, database=None, deadline=None,
               suppress_health_check=list(HealthCheck))  # fmt: skip

PATHS = openapi_document("http://testserver/api/oruk/v3")["paths"]
LISTS = {path: op["get"]["parameters"] for path, op in PATHS.items() if "{id}" not in path}
DETAILS = [path for path in PATHS if "{id}" in path]
# Every query parameter of every list, plus the `format` every list reads and an unknown one.
LIST_PARAMETERS = [
    (path, name)
    for path, parameters in LISTS.items()
    for name in [p["name"] for p in parameters if p["in"] == "query"] + ["format", "unknown"]
]


def _base() -> str:
    return reverse("oruk:api-details").rstrip("/")


def _get(url: str):
    """The API's answer; a server error is raised by the test client, so it fails the test."""
    response = Client().get(url)
    assert response.status_code in (200, 400, 404), (response.status_code, url)
    assert response["Content-Type"].startswith("application/json"), url
    json.loads(response.content)
    return response


def _with_awkward_values(test):
    for value in reversed(AWKWARD):
        test = example([value])(test)
    return test


def test_the_served_document_is_the_one_tried(client):
    served = client.get(reverse("oruk:openapi")).json()["paths"]
    assert sorted(served) == sorted(PATHS)
    assert len(LISTS) == 6 and len(DETAILS) == 5
    assert len(LIST_PARAMETERS) > 50


@pytest.mark.parametrize(("path", "name"), LIST_PARAMETERS)
def test_any_value_of_a_list_parameter_is_answered_without_a_server_error(path, name):
    @RUN
    @given(st.lists(VALUES, min_size=1, max_size=3))  # repeated: ?x=a&x=b
    @_with_awkward_values
    def check(values):
        _get(_base() + path + "?" + urlencode([(name, value) for value in values]))

    check()


@pytest.mark.parametrize("path", LISTS)
def test_any_mixture_of_parameters_is_answered_without_a_server_error(path):
    names = [p["name"] for p in LISTS[path] if p["in"] == "query"] + ["format"]
    pairs = st.lists(st.tuples(st.sampled_from(names), VALUES), max_size=8)

    @settings(RUN, max_examples=MIXTURES)
    @given(pairs)
    def check(query):
        _get(_base() + path + ("?" + urlencode(query) if query else ""))

    check()


def _real_id(path) -> str:
    records = {
        "/services/{id}": Service.objects.filter(status="active"),
        "/organizations/{id}": Organisation.objects.all(),
        "/taxonomies/{id}": Taxonomy.objects.all(),
        "/taxonomy_terms/{id}": Taxonomy.objects.first().terms.all(),
        "/service_at_locations/{id}": ServiceAtLocation.objects.all(),
    }
    return str(records[path].order_by("pk").first().pk)


@pytest.mark.parametrize("path", DETAILS)
def test_any_id_of_a_detail_is_answered_without_a_server_error(path):
    real = _real_id(path)
    ids = st.one_of(VALUES, st.just(real.upper()), st.just(real + "x")).filter(str.strip)

    @RUN
    @given(st.lists(ids, min_size=1, max_size=1))
    @_with_awkward_values
    def check(values):
        if not values[0].strip():
            return  # an empty id is the list's address, tried above
        # Percent-encoded as a client would send it ("a/b" arrives as a path with a slash).
        _get(_base() + path.replace("{id}", quote(values[0], safe="")))

    check()
    assert _get(_base() + path.replace("{id}", real)).status_code == 200

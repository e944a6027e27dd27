import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from familyhub.postcodes.lookup import (
    InvalidPostcode,
    LocalTableLookup,
    PostcodeLookupUnavailable,
    PostcodeNotFound,
    PostcodesIoLookup,
    get_lookup,
    miles_between,
)
from familyhub.postcodes.models import Postcode, PostcodeDistrict

pytestmark = pytest.mark.django_db


def test_a_full_postcode_in_the_table_is_exact():
    Postcode.objects.create(postcode="ME4 4TR", outward_code="ME4", latitude=51.38, longitude=0.52)
    place = LocalTableLookup().locate("me44tr")
    assert (place.postcode, place.latitude, place.longitude) == ("ME4 4TR", 51.38, 0.52)
    assert place.precision == "postcode"
    assert place.note == ""


def test_a_full_postcode_with_no_row_falls_back_to_its_district_and_says_so():
    district = PostcodeDistrict.objects.get(outward_code="ME4")
    place = LocalTableLookup().locate("ME4 9ZZ")
    assert place.precision == "district"
    assert (place.latitude, place.longitude) == (district.latitude, district.longitude)
    assert "could not find ME4 9ZZ exactly" in place.note


def test_the_shipped_districts_cover_medway():
    codes = set(PostcodeDistrict.objects.values_list("outward_code", flat=True))
    assert {"ME1", "ME2", "ME3", "ME4", "ME5", "ME7", "ME8"} <= codes
    for district in PostcodeDistrict.objects.filter(outward_code__in=["ME4", "ME7"]):
        # Chatham and Gillingham are within 3 miles of each other.
        assert miles_between(district.latitude, district.longitude, 51.38, 0.53) < 3


def test_an_unknown_district_is_not_found():
    with pytest.raises(PostcodeNotFound, match="could not find the postcode ZE2 9AA"):
        LocalTableLookup().locate("ZE2 9AA")


def test_a_malformed_postcode_is_invalid():
    with pytest.raises(InvalidPostcode):
        LocalTableLookup().locate("not a postcode")


def test_distances_are_in_miles():
    # Central London (Charing Cross) to Manchester Piccadilly: about 163 miles as the crow flies.
    assert miles_between(51.5073, -0.1276, 53.4770, -2.2309) == pytest.approx(163, abs=2)


class FakeRegistry(BaseHTTPRequestHandler):
    """A real HTTP server on loopback that answers like postcodes.io."""

    def do_GET(self):  # noqa: N802 (the stdlib's name)
        answers = {
            "/postcodes/ME4%204TR": (
                200,
                {
                    "status": 200,
                    "result": {"postcode": "ME4 4TR", "latitude": 51.3811, "longitude": 0.5219},
                },
            ),
            "/outcodes/ME7": (
                200,
                {
                    "status": 200,
                    "result": {"outcode": "ME7", "latitude": 51.3790, "longitude": 0.5600},
                },
            ),
            "/outcodes/ME4": (
                200,
                {
                    "status": 200,
                    "result": {"outcode": "ME4", "latitude": 51.3700, "longitude": 0.5300},
                },
            ),
            "/outcodes/BAD": (500, {"status": 500}),
        }
        status, body = answers.get(self.path, (404, {"status": 404, "error": "Postcode not found"}))
        if self.path.startswith("/outcodes/ME9"):
            status, body = 200, {"status": 200, "answer": "no result here"}
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def registry_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRegistry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_http_backend_finds_a_full_postcode(registry_url):
    place = PostcodesIoLookup(registry_url).locate("ME4 4TR")
    assert (place.latitude, place.longitude, place.precision) == (51.3811, 0.5219, "postcode")


def test_http_backend_falls_back_to_the_district(registry_url):
    place = PostcodesIoLookup(registry_url).locate("ME7 9ZZ")
    assert (place.latitude, place.precision) == (51.3790, "district")


def test_http_backend_unknown_postcode(registry_url):
    with pytest.raises(PostcodeNotFound):
        PostcodesIoLookup(registry_url).locate("ZE2 9AA")


def test_http_backend_nonsense_answer_is_unavailable(registry_url):
    with pytest.raises(PostcodeLookupUnavailable):
        PostcodesIoLookup(registry_url).locate("ME9 9ZZ")


def test_http_backend_unreachable_is_unavailable():
    with pytest.raises(PostcodeLookupUnavailable):
        PostcodesIoLookup("http://127.0.0.1:9", timeout=1).locate("ME4 4TR")


def test_the_backend_is_chosen_by_setting(settings, registry_url):
    settings.POSTCODE_LOOKUP_URL = ""
    assert isinstance(get_lookup(), LocalTableLookup)
    settings.POSTCODE_LOOKUP_URL = registry_url
    assert isinstance(get_lookup(), PostcodesIoLookup)
    assert get_lookup().locate("ME4 4TR").precision == "postcode"

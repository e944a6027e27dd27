"""The data managers' pages: who may use them, uploads and their reports (never a 500 for bad
input), progress while a run is going, the template and exports, duplicates and merging."""

import json

import pytest
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.directory import models as m
from familyhub.interchange.csv_columns import COLUMNS
from familyhub.interchange.models import ImportRun, MergeRecord, RunStatus
from tests.factories import (
    AddressFactory,
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from tests.referrals.helpers import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_manager(client):
    client.force_login(person(Role.DATA_MANAGER))
    return client


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


GET_PAGES = ["home", "duplicates", "csv_template", "export_json", "export_csv"]
POST_PAGES = ["import_oruk", "import_csv", "merge", "not_duplicates"]


@pytest.mark.parametrize("page", GET_PAGES)
def test_signed_out_people_are_sent_to_sign_in(client, page):
    response = client.get(reverse(f"interchange:{page}"))

    assert response.status_code == 302
    assert reverse("accounts:sign_in") in response["Location"]


@pytest.mark.parametrize("role", [Role.PARENT, Role.PROVIDER, Role.PRACTITIONER, Role.ANALYST])
@pytest.mark.parametrize("page", GET_PAGES + POST_PAGES)
def test_other_roles_are_refused(client, role, page):
    organisation = m.Organisation.objects.first()
    team = None
    if role == Role.PRACTITIONER:
        from tests.referrals.helpers import team_in

        team = team_in(organisation)
    client.force_login(person(role, organisation=organisation, team=team))

    response = (
        client.post(reverse(f"interchange:{page}"))
        if page in POST_PAGES
        else client.get(reverse(f"interchange:{page}"))
    )

    assert response.status_code == 403


@pytest.mark.parametrize("role", [Role.DATA_MANAGER, Role.ADMINISTRATOR])
def test_data_managers_and_administrators_see_the_page(client, role):
    client.force_login(person(role))

    response = client.get(reverse("interchange:home"))

    assert response.status_code == 200
    assert "Import an Open Referral UK feed" in response.content.decode()


def test_uploading_the_fail_feed_shows_each_record_and_its_reasons(data_manager, mocks):
    feed = (mocks / "V3.0-UK-Fail" / "service_list.json").read_bytes()
    services_before = m.Service.objects.count()

    response = data_manager.post(
        reverse("interchange:import_oruk"), {"file": upload("service_list.json", feed)}
    )

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("interchange:run", args=[run.id])
    page = data_manager.get(response["Location"]).content.decode()
    assert run.failed == 4 and m.Service.objects.count() == services_before
    assert 'id="count-failed">4<' in page
    assert "email: false is not text" in page
    assert "name: missing (the standard requires it)" in page
    assert 'http-equiv="refresh"' not in page  # finished: no more refreshing


def test_importing_a_feed_by_its_address(data_manager, mocks, feed_server, settings):
    settings.INTERCHANGE_ALLOW_PRIVATE_FEEDS = True  # the test server is on 127.0.0.1
    feed_server.serve_mock_api(mocks / "V3.0-UK-Default")

    response = data_manager.post(reverse("interchange:import_oruk"), {"url": feed_server.url})

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert (run.status, run.created) == (RunStatus.FINISHED, 1)
    assert m.Service.objects.filter(name="Community Counselling").exists()


def test_a_running_import_shows_its_progress_and_refreshes(data_manager):
    run = ImportRun.objects.create(
        kind="oruk",
        source="https://example.org/feed",
        status=RunStatus.RUNNING,
        total=40,
        processed=10,
        created=9,
        failed=1,
    )

    page = data_manager.get(reverse("interchange:run", args=[run.id])).content.decode()

    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Running: 10 of 40 (25%) records so far." in page
    assert '<progress max="40" value="10"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the feed&#x27;s address or choose a JSON file (one of the two)."),
        ({"url": "ftp://example.org/feed"}, "is not a web address: it must start http://"),
        ({"file": ("feed.txt", b"{}")}, "The file must be .json; “feed.txt” is not."),
        ({"file": ("feed.json", b"\xff\xfe\x00bad")}, "The file is not UTF-8 text"),
        ({"file": ("feed.json", b"")}, "The submitted file is empty."),
    ],
)
def test_bad_import_requests_are_explained_on_the_page(data_manager, data, message):
    if "file" in data:
        data = {"file": upload(*data["file"])}

    response = data_manager.post(reverse("interchange:import_oruk"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_json_file_that_is_not_a_feed_is_reported_on_its_report_page(data_manager):
    response = data_manager.post(
        reverse("interchange:import_oruk"), {"file": upload("feed.json", b"<html>oops")}
    )

    page = data_manager.get(response["Location"]).content.decode()
    assert "The import could not be completed" in page
    assert "feed.json is not JSON (it begins “&lt;html&gt;oops”)" in page


def test_csv_upload_reports_rows_and_wrong_headers_clearly(data_manager):
    good = (
        ",".join(COLUMNS) + "\n,Toy library,Medway Toy Library,Borrow toys,,,,toys@example.org,"
        ",0,5,universal,drop_in,in_person,no,,,,,,,,,,,\n"
    )
    wrong = b"service,organisation\nx,y\n"

    first = data_manager.post(
        reverse("interchange:import_csv"), {"file": upload("a.csv", good.encode())}
    )
    second = data_manager.post(reverse("interchange:import_csv"), {"file": upload("b.csv", wrong)})
    not_csv = data_manager.post(
        reverse("interchange:import_csv"), {"file": upload("c.xlsx", b"PK")}
    )

    assert m.Service.objects.filter(name="Toy library").exists()
    assert "Created" in data_manager.get(first["Location"]).content.decode()
    second_page = data_manager.get(second["Location"]).content.decode()
    assert "The headers do not match the template (missing columns: name" in second_page
    assert not_csv.status_code == 400
    assert "The file must be .csv; “c.xlsx” is not." in not_csv.content.decode()


def test_template_and_exports_download(data_manager, oruk):
    template = data_manager.get(reverse("interchange:csv_template"))
    as_json = data_manager.get(reverse("interchange:export_json"))
    as_csv = data_manager.get(reverse("interchange:export_csv"))

    assert template.content.decode().splitlines()[0] == ",".join(COLUMNS)
    assert 'filename="family-hub-services-template.csv"' in template["Content-Disposition"]
    page = json.loads(b"".join(as_json.streaming_content))
    assert oruk.errors(page, "service_list.json") == []
    assert page["total_items"] == m.Service.objects.count()
    assert as_json["Content-Disposition"].endswith('.json"')
    rows = b"".join(as_csv.streaming_content).decode().splitlines()
    assert rows[0] == ",".join(COLUMNS)


def _pair_at_one_postcode():
    first, second = ServiceFactory(name="Stay and Play"), ServiceFactory(name="Stay & Play")
    for service in (first, second):
        location = LocationFactory()
        AddressFactory(location=location, postal_code="ME1 9ZZ")
        ServiceAtLocationFactory(service=service, location=location)
    return first, second


def test_duplicates_are_listed_compared_and_merged(data_manager):
    first, second = _pair_at_one_postcode()

    listing = data_manager.get(reverse("interchange:duplicates")).content.decode()
    compare_url = f"{reverse('interchange:merge')}?kind=service&first={first.id}&second={second.id}"
    compare = data_manager.get(compare_url).content.decode()
    merged = data_manager.post(
        reverse("interchange:merge"),
        {"kind": "service", "first": first.id, "second": second.id, "keep": first.id},
        follow=True,
    )

    assert "Stay &amp; Play" in listing and "ME19ZZ" in listing
    assert "Are these the same service?" in compare
    assert merged.status_code == 200
    assert "Merged “Stay &amp; Play” into the record kept" in merged.content.decode()
    assert not m.Service.objects.filter(id=second.id).exists()
    assert MergeRecord.objects.get().kept_id == first.id


def test_a_merge_without_a_choice_or_with_an_outsider_is_refused(data_manager):
    first, second = _pair_at_one_postcode()
    outsider = ServiceFactory()

    no_choice = data_manager.post(
        reverse("interchange:merge"), {"kind": "service", "first": first.id, "second": second.id}
    )
    outside = data_manager.post(
        reverse("interchange:merge"),
        {"kind": "service", "first": first.id, "second": second.id, "keep": outsider.id},
    )
    missing = data_manager.get(
        reverse("interchange:merge") + f"?kind=service&first={first.id}&second=nope"
    )

    assert (
        no_choice.status_code == 400 and "Choose the record to keep." in no_choice.content.decode()
    )
    assert outside.status_code == 400
    assert "Choose one of the two records to keep." in outside.content.decode()
    assert missing.status_code == 404
    assert m.Service.objects.filter(id__in=[first.id, second.id]).count() == 2


def test_a_data_managers_account_page_links_here(data_manager):
    page = data_manager.get(reverse("accounts:home")).content.decode()

    assert f'href="{reverse("interchange:home")}"' in page


def test_the_report_page_reads_the_same_few_queries_however_many_records(data_manager, mocks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from familyhub.interchange.oruk_import import import_oruk

    small = import_oruk(str(mocks / "V3.0-UK-Default"))
    big = import_oruk(str(mocks / "V3.0-UK-Fail"))

    counts = []
    for run in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert data_manager.get(reverse("interchange:run", args=[run.id])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_pair_marked_different_is_not_listed_again(data_manager):
    first, second = _pair_at_one_postcode()

    response = data_manager.post(
        reverse("interchange:not_duplicates"),
        {"kind": "service", "first": second.id, "second": first.id},
        follow=True,
    )

    assert "will not be suggested as duplicates again" in response.content.decode()
    assert "No likely duplicates of this kind." in response.content.decode()
    assert m.Service.objects.filter(id__in=[first.id, second.id]).count() == 2


def test_administrators_can_read_runs_and_merges_in_the_admin(admin_client, mocks):
    from familyhub.interchange.oruk_import import import_oruk

    run = import_oruk(str(mocks / "V3.0-UK-Fail"))

    listing = admin_client.get("/admin/interchange/importrun/")
    detail = admin_client.get(f"/admin/interchange/importrun/{run.id}/change/")
    merges = admin_client.get("/admin/interchange/mergerecord/")

    assert listing.status_code == detail.status_code == merges.status_code == 200
    assert "email: false is not text" in detail.content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:8000/api/oruk/v3/", "127.0.0.1 is inside a private network"),
        ("http://169.254.169.254/latest/", "169.254.169.254 is inside a private network"),
        ("http://10.1.2.3/feed", "10.1.2.3 is inside a private network"),
        ("https://no-such-host.invalid/feed", "is not a web server we can find"),
    ],
)
def test_the_page_will_not_fetch_from_inside_our_network(data_manager, url, message):
    response = data_manager.post(reverse("interchange:import_oruk"), {"url": url})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()

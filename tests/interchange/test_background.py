"""A run started from a page goes on in a background thread after the request has answered;
the report page follows it. Real thread, real connection (so a transactional test)."""

import threading

import pytest
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.directory import demo
from familyhub.directory import models as m
from familyhub.interchange.models import ImportRun, RunStatus
from tests.referrals.helpers import person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True, scope="module")
def demo_data_back_after(django_db_blocker):
    """A transactional test empties the tables when it ends; put the demo directory back for
    later tests. Module scope, so this runs after that emptying, not before it."""
    yield
    with django_db_blocker.unblock():
        if not demo.is_loaded():
            demo.load_demo_data()


def test_an_upload_is_imported_in_the_background_and_its_page_follows_it(client, settings, mocks):
    settings.INTERCHANGE_IMPORTS_IN_BACKGROUND = True
    client.force_login(person(Role.DATA_MANAGER))
    feed = (mocks / "V3.0-UK-Default" / "service_full.json").read_bytes()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("interchange:import_oruk"),
        {"file": SimpleUploadedFile("service_full.json", feed)},
    )

    run = ImportRun.objects.get()
    assert response.status_code == 302
    worker = next((t for t in threading.enumerate() if t.name == f"import-{run.pk}"), None)
    if worker is not None:  # (it may have finished already)
        worker.join(timeout=60)
    run.refresh_from_db()
    assert (run.status, run.created, run.upload) == (RunStatus.FINISHED, 1, "")
    assert m.Service.objects.filter(name="Community Counselling").exists()
    page = client.get(response["Location"]).content.decode()
    assert 'id="count-created">1<' in page

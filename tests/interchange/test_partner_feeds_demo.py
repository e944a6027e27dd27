"""The demo's partners' feeds: one pulled, one held, one failing, each shown on the data page."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.interchange.models import PartnerFeed, RunStatus
from tests.referrals.helpers import person

pytestmark = pytest.mark.django_db


def test_the_demo_feeds_show_each_state_on_the_page(client):
    call_command("load_demo_partner_feeds")
    call_command("load_demo_partner_feeds")  # twice: loaded once

    feeds = PartnerFeed.objects.select_related("last_run", "organisation")
    assert sorted(f.last_run.status for f in feeds) == sorted(
        [RunStatus.FINISHED, RunStatus.HELD, RunStatus.FAILED]
    )
    assert all(f.url.split("/")[2].endswith(".invalid") for f in feeds)  # never fetched
    assert feeds.get(name__startswith="Medway Community").organisation is not None
    client.force_login(person(Role.DATA_MANAGER))
    page = client.get(reverse("interchange:partner_feeds")).content.decode()
    assert "would archive 27 services" in page and "503 Service Unavailable" in page

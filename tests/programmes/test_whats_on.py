"""A programme group's sessions show on its venue's "What's on here", this week and next; a
cancelled group's do not, nor a group that meets elsewhere or online."""

from datetime import UTC, datetime, timedelta

import pytest

from familyhub.places.models import Place
from familyhub.places.whats_on import london_today, whats_on
from familyhub.programmes import places
from tests.programmes.helpers import make_programme

pytestmark = pytest.mark.django_db


def test_a_groups_sessions_are_on_at_its_venue():
    programme = make_programme()
    venue = programme.service.service_at_locations.first().location
    hub = Place.objects.create(location=venue, slug="programme-venue", kind="family_hub")
    now = datetime(2026, 6, 8, 9, tzinfo=UTC)  # a Monday
    today = london_today(now)
    places.create_group(programme, name="Mondays", starts_on=today, sessions=3, places=8,
                        venue=venue)  # fmt: skip
    cancelled = places.create_group(programme, name="Off", starts_on=today, sessions=2,
                                    places=8, venue=venue)  # fmt: skip
    cancelled.cancelled = True
    cancelled.save(update_fields=["cancelled"])
    places.create_group(programme, name="Online", starts_on=today, sessions=2, places=8,
                        online=True)  # fmt: skip

    found = whats_on(hub.location, now)
    ours = [s for s in found.this_week + found.next_week if s.source == "programmes"]
    # Weekly sessions from today: one this week and one next (the third is the week after).
    assert [s.day for s in ours] == [today, today + timedelta(weeks=1)]
    assert {s.title for s in ours} == {programme.service.name}
    assert "for families with a place" in ours[0].note

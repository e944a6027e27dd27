"""On PostgreSQL: two data managers deciding the same proposal at the same moment."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections

from familyhub.accounts.models import Role
from familyhub.directory.models import Service
from familyhub.upkeep import changes
from familyhub.upkeep.changes import ChangeRefused
from familyhub.upkeep.models import ProposedChange, ServiceVersion
from tests.upkeep.conftest import person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Row-lock races are a PostgreSQL matter: this runs in the PostgreSQL pass")
    # A transactional test empties the tables when it ends: tests/conftest.py puts the demo
    # directory back after each one.


def test_an_approval_and_a_rejection_at_the_same_moment_exactly_one_wins():
    service = Service.objects.filter(status="active").order_by("name").first()
    provider = person(Role.PROVIDER, organisation=service.organisation)
    deciders = [person(Role.DATA_MANAGER) for _ in range(2)]
    for round_number in range(4):
        data = changes.snapshot(service)
        data["service"]["name"] = f"{service.name} ({round_number})"
        change = changes.propose(
            service=service, organisation=service.organisation, data=data, by=provider
        )
        barrier = Barrier(2)

        def decide(user, approving, change_id=change.pk, barrier=barrier):
            try:
                barrier.wait()
                if approving:
                    changes.approve(change_id, by=user)
                else:
                    changes.reject(change_id, by=user, reason="Not this time")
                return "won"
            except ChangeRefused:
                return "refused"
            finally:
                connections.close_all()

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(decide, deciders, [True, False]))
        assert sorted(results) == ["refused", "won"]
        change.refresh_from_db()
        assert change.status in (ProposedChange.Status.APPROVED, ProposedChange.Status.REJECTED)
        approved = change.status == ProposedChange.Status.APPROVED
        assert ServiceVersion.objects.filter(change=change).exists() == approved
        numbers = list(
            ServiceVersion.objects.filter(service=service).values_list("number", flat=True)
        )
        assert sorted(numbers) == list(range(1, len(numbers) + 1))

"""On PostgreSQL: people acting at the same moment. Real threads, real connections, real locks."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections

from familyhub.directory.models import Service
from familyhub.referrals.actions import move_request, submit_draft
from familyhub.referrals.models import Draft, StatusChange, SupportRequest
from familyhub.referrals.states import MoveRefused, Status
from tests.referrals.helpers import answers, make_request, person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Row-lock races are a PostgreSQL matter: this runs in the PostgreSQL pass")
    # A transactional test empties the tables when it ends: tests/conftest.py puts the demo
    # directory back after each one.


def _in_thread(function):
    def run(*args):
        try:
            return function(*args)
        finally:
            connections.close_all()

    return run


def test_two_providers_decide_at_the_same_moment_exactly_one_wins():
    service = Service.objects.filter(access_self_referral=True).first()
    first, second = (person("provider", organisation=service.organisation) for _ in range(2))
    for _ in range(5):  # several rounds: the race must be won cleanly every time
        support_request = make_request(service)
        barrier = Barrier(2)

        @_in_thread
        def decide(user, name, details, request_id=support_request.pk, barrier=barrier):
            barrier.wait()
            try:
                move_request(request_id, name, by=user, expected_version=1, **details)
                return "won"
            except MoveRefused:
                return "refused"

        with ThreadPoolExecutor(2) as pool:
            results = list(
                pool.map(
                    decide,
                    [first, second],
                    ["accept", "decline"],
                    [{}, {"reason": "not_eligible"}],
                )
            )
        assert sorted(results) == ["refused", "won"]
        final = SupportRequest.objects.get(pk=support_request.pk)
        assert final.status in (Status.ACCEPTED, Status.DECLINED)
        assert final.version == 2
        assert StatusChange.objects.filter(request=final).count() == 2


def test_200_concurrent_submissions_with_retries_make_200_requests():
    service = Service.objects.filter(access_self_referral=True).first()
    drafts = [
        Draft.objects.create(service=service, answers=answers(worries=f"Request {n}"))
        for n in range(200)
    ]
    # Each form is sent twice (a double click, or a retry after a timeout), all at once.
    attempts = [draft.id for draft in drafts] * 2

    @_in_thread
    def send(draft_id):
        return submit_draft(draft_id).pk

    with ThreadPoolExecutor(16) as pool:
        made = list(pool.map(send, attempts))
    assert SupportRequest.objects.filter(service=service).count() == 200
    assert len(set(made)) == 200
    assert len(set(SupportRequest.objects.values_list("reference", flat=True))) == 200

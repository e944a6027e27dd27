"""Tracking codes cannot be farmed (issue 15): the attacks, repeated.

Codes asked for and codes tried are limited per client and per reference (django-ratelimit,
counted in the database cache every web worker shares); over a limit the page says when to try
again (429) and keeps what was typed; the family is told, once, when codes for their request
are asked for too often; and a made-up reference costs the same work as a real one."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from familyhub.directory.models import Service
from familyhub.notifications.models import Message
from familyhub.referrals import tracking
from familyhub.referrals.models import TrackingCode
from tests.referrals.counting_hasher import CountingHasher
from tests.referrals.helpers import make_request

pytestmark = pytest.mark.django_db

TRACK, CODE = reverse("referrals:track"), reverse("referrals:track_code")


@pytest.fixture
def support_request():
    return make_request(Service.objects.filter(access_self_referral=True).first())


def _client(n=1) -> Client:
    return Client(REMOTE_ADDR=f"203.0.113.{n}")


def _codes(reference) -> list[str]:
    return [m.personalisation["code"] for m in
            Message.objects.filter(kind="tracking_code", reference=reference)]  # fmt: skip


def _wrong(code) -> str:
    return "000000" if code != "000000" else "111111"


def _assert_limited(response, typed, *, what):
    page = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600 + 5
    assert re.search(rf"You have {what} too many codes\. Try again in \d+ minutes?\.", page)
    assert f'value="{typed}"' in page  # what they typed is kept
    assert "govuk-error-summary" in page


def test_eleven_new_code_requests_from_one_client_are_limited(support_request):
    client = _client()
    references = [f"FH-AAAA-{n:04d}" for n in range(10)]
    for reference in references:  # ten different references, made up
        assert client.post(TRACK, {"reference": reference}).url == CODE
    eleventh = client.post(TRACK, {"reference": support_request.reference})
    _assert_limited(eleventh, support_request.reference, what="asked for")
    assert _codes(support_request.reference) == []  # nothing sent to the family
    # Another client is not held up by this one.
    assert _client(2).post(TRACK, {"reference": support_request.reference}).url == CODE
    assert len(_codes(support_request.reference)) == 1


def test_codes_for_one_reference_are_limited_whoever_asks_and_the_family_is_told_once(
    support_request,
):
    reference = support_request.reference
    for n in range(3):
        assert _client(n).post(TRACK, {"reference": reference.lower()}).url == CODE
    assert len(_codes(reference)) == 3
    assert not Message.objects.filter(kind="tracking_codes_asked_for").exists()
    for n in range(3, 7):  # from new addresses each time: still limited
        _assert_limited(_client(n).post(TRACK, {"reference": reference.lower()}),
                        reference.lower(), what="asked for")  # fmt: skip
    assert len(_codes(reference)) == 3
    [told] = Message.objects.filter(kind="tracking_codes_asked_for")  # once, not four times
    assert told.reference == reference and told.to == "sam@example.org"
    assert told.status == Message.Status.PENDING  # queued for the worker, not sent in a request


def test_a_made_up_reference_is_limited_exactly_like_a_real_one(support_request):
    answers = {}
    for reference in (support_request.reference, "FH-ZZZZ-9999"):
        answers[reference] = [
            _client(n).post(TRACK, {"reference": reference}).status_code for n in range(5)
        ]
    assert answers[support_request.reference] == answers["FH-ZZZZ-9999"] == [302] * 3 + [429] * 2


def test_six_guesses_across_several_codes_for_one_reference_are_limited(support_request):
    client = _client()
    guesses = 0
    for _ in range(3):  # a new code each time, so no one code is tried five times
        client.post(TRACK, {"reference": support_request.reference})
        code = _codes(support_request.reference)[-1]
        for _ in range(2 if guesses < 4 else 1):
            response = client.post(CODE, {"code": _wrong(code)})
            assert response.status_code == 400 and "not right" in response.content.decode()
            guesses += 1
    assert guesses == 5
    sixth = client.post(CODE, {"code": code})  # even the right code
    _assert_limited(sixth, code, what="tried")
    assert client.get(reverse("referrals:family_request", args=[support_request.reference])
                      ).status_code == 404  # fmt: skip
    # Another address gets no further: no fourth code for the reference, and no more tries.
    other = _client(2)
    _assert_limited(other.post(TRACK, {"reference": support_request.reference}),
                    support_request.reference, what="asked for")  # fmt: skip
    _with_reference(other, support_request.reference)
    _assert_limited(other.post(CODE, {"code": code}), code, what="tried")


def _with_reference(client, reference):
    """A browser that has asked for a code for this reference (as /track/ leaves it)."""
    session = client.session
    session["tracking_reference"] = reference
    session.save()
    client.cookies["sessionid"] = session.session_key


def test_guesses_from_one_client_are_limited_across_references(support_request, settings):
    settings.TRACKING_GUESSES_PER_REFERENCE = "100/h"  # only the client's limit here
    settings.TRACKING_CODE_ATTEMPTS = 100  # and not the limit on tries of one code
    client = _client()
    client.post(TRACK, {"reference": support_request.reference})
    code = _codes(support_request.reference)[-1]
    for _ in range(20):
        assert client.post(CODE, {"code": _wrong(code)}).status_code == 400
    _assert_limited(client.post(CODE, {"code": code}), code, what="tried")
    # Another address with the same reference may still try (the reference's limit is high).
    other = _client(2)
    _with_reference(other, support_request.reference)
    assert other.post(CODE, {"code": code}).status_code == 302


def test_the_limit_page_is_in_polish_too(support_request, settings):
    settings.TRACKING_CODES_PER_CLIENT = "1/h"
    client = _client()
    client.post(TRACK, {"reference": support_request.reference})
    response = client.post("/pl" + TRACK, {"reference": support_request.reference})
    assert response.status_code == 429
    assert "Spróbuj ponownie za" in response.content.decode()


# --- The same work for real and made-up references -------------------------------------------


@pytest.fixture
def counted_hashing(settings):
    settings.PASSWORD_HASHERS = ["tests.referrals.counting_hasher.CountingHasher"]
    CountingHasher.work.clear()
    return CountingHasher.work


def _work(counted_hashing, action):
    """What the hasher did and the SQL run (with references and codes taken out)."""
    counted_hashing.clear()
    with CaptureQueriesContext(connection) as queries:
        action()
    sql = [re.sub(r"FH-[A-Z0-9]{4}-[A-Z0-9]{4}|'\d{6}'|\d{4}-\d\d-\d\d[ T][\d:.+]+", "?",
                  q["sql"]) for q in queries
           if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]  # fmt: skip
    return dict(counted_hashing), sql


def test_asking_for_a_code_costs_the_hasher_the_same_for_real_and_made_up(
    support_request, counted_hashing, settings
):
    real_work, real_sql = _work(counted_hashing, lambda: tracking.send_code(
        support_request.reference))  # fmt: skip
    made_up_work, made_up_sql = _work(counted_hashing, lambda: tracking.send_code("FH-ZZZZ-9999"))
    assert real_work == made_up_work == {"encode": 1}
    # The same look-up; a real reference then writes its code and an outbox row, and sends
    # nothing in the request (the outbox's worker does).
    assert real_sql[0] == made_up_sql[0] and len(made_up_sql) == 1
    assert [q.split()[0] for q in real_sql[1:]] == ["INSERT", "INSERT"]
    assert Message.objects.get(kind="tracking_code").status == Message.Status.PENDING


def test_trying_a_code_costs_the_same_for_real_and_made_up(support_request, counted_hashing):
    tracking.send_code(support_request.reference)
    code = _codes(support_request.reference)[-1]
    tracking.check_code("FH-WARM-UP00", "123456")  # the stand-in hash is made once a process
    no_code = make_request(Service.objects.filter(access_self_referral=True).first())

    def trying(reference):
        return _work(counted_hashing, lambda: tracking.check_code(reference, _wrong(code)))

    real, made_up = trying(support_request.reference), trying("FH-ZZZZ-9999")
    real_without_code = trying(no_code.reference)
    assert real == made_up == real_without_code  # the same hashing and the same SQL
    assert real[0] == {"verify": 1, "encode": 1}  # one check by the hasher
    assert [q.split()[0] for q in real[1]] == ["SELECT", "UPDATE"]
    assert TrackingCode.objects.get().attempts == 1  # the wrong try counted on the real code


def test_through_the_pages_real_and_made_up_references_cost_the_hasher_the_same(
    support_request, counted_hashing
):
    tracking.check_code("FH-WARM-UP00", "123456")
    work = []
    for n, reference in enumerate([support_request.reference, "FH-ZZZZ-9999"]):
        client = _client(n)
        counted_hashing.clear()
        assert client.post(TRACK, {"reference": reference}).url == CODE
        assert client.post(CODE, {"code": "000001"}).status_code == 400
        work.append(dict(counted_hashing))
    assert work[0] == work[1] == {"encode": 2, "verify": 1}

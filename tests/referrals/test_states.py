"""The loop: property tests over any sequence of moves (hypothesis), on the real database."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from familyhub.directory.models import Service
from familyhub.referrals.actions import move_request
from familyhub.referrals.models import StatusChange, SupportRequest
from familyhub.referrals.states import ENDED, MOVES, OPEN, MoveRefused, Status, check_move
from tests.referrals.helpers import make_request, person

DETAILS = {
    "decline": {"reason": "not_eligible"},
    "waitlist": {"expected_start": None},  # filled in at run time (a future date)
    "close": {"outcome": "needs_met"},
    "close_service_closed": {"outcome": "service_closed"},
}


def test_every_status_is_open_or_ended_and_ended_ones_have_no_way_out():
    assert set(Status) == OPEN | ENDED
    for status in ENDED:
        for name in MOVES:
            with pytest.raises(MoveRefused):
                check_move(status, name)


def test_an_unknown_move_is_refused_with_a_message():
    with pytest.raises(MoveRefused, match="no action called"):
        check_move(Status.SUBMITTED, "teleport")


def test_a_refusal_says_where_the_request_is():
    with pytest.raises(MoveRefused, match="“Finished”, so it cannot be accepted now"):
        check_move(Status.CLOSED, "accept")


@pytest.fixture
def subject(db):
    service = Service.objects.filter(access_self_referral=True).first()
    provider = person("provider", organisation=service.organisation)
    return service, provider


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(moves=st.lists(st.sampled_from(sorted(MOVES)), min_size=1, max_size=8))
def test_any_sequence_of_moves_keeps_the_invariants(subject, moves):
    from datetime import timedelta

    from django.utils import timezone

    service, provider = subject
    support_request = make_request(service)
    expected = Status.SUBMITTED
    for name in moves:
        details = dict(DETAILS.get(name, {}))
        if name == "waitlist":
            details["expected_start"] = timezone.localdate() + timedelta(days=14)
        if MOVES[name].passes_on:
            details["service"] = Service.objects.exclude(pk=service.pk).first()
        allowed = expected in MOVES[name].from_statuses
        before = SupportRequest.objects.get(pk=support_request.pk)
        try:
            move_request(support_request.pk, name, by=provider, **details)
        except MoveRefused:
            assert not allowed, f"{name} from {expected} should have been allowed"
            after = SupportRequest.objects.get(pk=support_request.pk)
            assert (after.status, after.version) == (before.status, before.version)
            continue
        assert allowed, f"{name} from {expected} should have been refused"
        expected = MOVES[name].to
    final = SupportRequest.objects.get(pk=support_request.pk)
    history = list(StatusChange.objects.filter(request=final))
    # Invariants: the status is where the moves led; one history row per move made (plus the
    # first); the rows chain from → to; version counts the moves; ended requests have an end.
    assert final.status == expected
    assert len(history) == final.version
    for earlier, later in zip(history, history[1:], strict=False):
        assert later.from_status == earlier.to_status
    assert history[-1].to_status == final.status
    assert (final.ended_at is not None) == (final.status in ENDED)
    if final.status == Status.CLOSED:
        assert final.outcome
    if final.status == Status.DECLINED:
        assert final.decline_reason
    if final.status == Status.REDIRECTED:
        assert final.redirected_to.service_id != service.pk
        assert final.redirected_to.status == Status.SUBMITTED


@pytest.mark.django_db
def test_details_are_required_and_checked(subject):
    service, provider = subject
    support_request = make_request(service)
    with pytest.raises(MoveRefused, match="why"):
        move_request(support_request.pk, "decline", by=provider)
    with pytest.raises(MoveRefused, match="expected to start"):
        move_request(support_request.pk, "waitlist", by=provider)
    from datetime import date

    with pytest.raises(MoveRefused, match="today or in the future"):
        move_request(support_request.pk, "waitlist", by=provider, expected_start=date(2020, 1, 1))
    with pytest.raises(MoveRefused, match="different service"):
        move_request(support_request.pk, "redirect", by=provider, service=service)
    assert SupportRequest.objects.get(pk=support_request.pk).status == Status.SUBMITTED


@pytest.mark.django_db
def test_a_decision_on_an_out_of_date_page_is_refused(subject):
    service, provider = subject
    support_request = make_request(service)
    move_request(support_request.pk, "receive", by=provider, expected_version=1)
    with pytest.raises(MoveRefused, match="Someone else changed this request"):
        move_request(support_request.pk, "accept", by=provider, expected_version=1)
    assert SupportRequest.objects.get(pk=support_request.pk).status == Status.RECEIVED


# --- every move carries what the pages, forms and actions need ----------------------------


def test_each_move_declares_only_known_details_and_records():
    from familyhub.referrals.states import DETAILS, SETS

    for move in MOVES.values():
        assert set(move.asks) <= set(DETAILS), move.name
        assert set(move.sets) <= set(SETS), move.name
        assert move.past, move.name
        if not move.service_closing:  # the moves offered on a request's own page
            assert set(move.needs) <= set(move.asks), move.name
            assert move.heading and move.done, move.name
        if "reason" in move.asks:
            assert move.reasons is not None and move.reason_question and move.reason_error


def test_outcomes_fall_in_exactly_one_reporting_group():
    from familyhub.referrals.states import OUTCOME_GROUPS, Outcome, outcome_group

    for outcome in Outcome:
        assert sum(outcome in members for members in OUTCOME_GROUPS.values()) == 1, outcome
        assert outcome_group(outcome) in OUTCOME_GROUPS
    assert outcome_group("") == ""


def test_no_code_outside_the_state_machine_asks_a_move_its_name():
    """Views, forms, templates and actions read a move's data, never branch on its name."""
    import re
    from pathlib import Path

    import familyhub

    branch = re.compile(r"\b(?:move|chosen|action\.move)\.name\s*(?:==|!=|in\b)")
    root = Path(familyhub.__file__).parent
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in [*root.rglob("*.py"), *root.rglob("*.html")]
        if path.name != "states.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if branch.search(line)
    ]
    assert found == []

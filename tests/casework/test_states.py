"""The case state machine: declared moves only, history that matches, details checked, the
version check, and consent withdrawn as defined."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from familyhub.audit.models import AuditEvent
from familyhub.casework import actions, states
from familyhub.casework.models import Case
from familyhub.casework.states import MOVES, ClosureOutcome, MoveRefused, Status
from tests.casework.helpers import open_case
from tests.personas import person

pytestmark = pytest.mark.django_db

# Details good enough for every move that needs any.
GOOD_DETAILS = {
    "outcome": ClosureOutcome.NEEDS_MET,
    "exit_plan": "Stay in touch with the family hub's stay and play.",
    "concern": "Bruising seen twice at school.",
    "known": "Two children, one at Greenway Primary.",
    "consent_to_step_up": True,
    "answer": "Allocated to the assessment team.",
    "note": "",
}


def _declared(from_status, to_status, move_name):
    move = MOVES[move_name]
    return from_status in move.from_statuses and move.to == to_status


def test_every_status_can_be_reached_and_every_ending_is_final():
    reachable, frontier = {Status.OPEN}, [Status.OPEN]
    while frontier:
        here = frontier.pop()
        for move in MOVES.values():
            if here in move.from_statuses and move.to not in reachable:
                reachable.add(move.to)
                frontier.append(move.to)
    assert reachable == set(Status)
    for move in MOVES.values():
        assert not (move.from_statuses & states.ENDED), move.name
        assert move.ends == (move.to in states.ENDED), move.name


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(sorted(MOVES)), max_size=12))
def test_any_sequence_of_moves_makes_only_declared_moves_and_history_matches(names):
    case = open_case()
    expected = [(None, Status.OPEN)]
    status = Status.OPEN
    for name in names:
        move = MOVES[name]
        try:
            actions.move_case(case.pk, name, **GOOD_DETAILS)
        except MoveRefused:
            assert status not in move.from_statuses, f"{name} refused from {status}"
            continue
        assert status in move.from_statuses, f"{name} made from {status}"
        expected.append((status, move.to))
        status = move.to
    case = Case.objects.get(pk=case.pk)
    assert case.status == status
    history = [(c.from_status or None, c.to_status, c.move) for c in case.history.all()]
    assert [(f, t) for f, t, _m in history] == expected
    for from_status, to_status, move_name in history[1:]:
        assert _declared(from_status, to_status, move_name)
    assert case.version == len(expected)
    changes = AuditEvent.objects.filter(object_id=str(case.pk), action="change").count()
    assert changes == len(expected) - 1
    assert (case.closed_at is not None) == (status in states.ENDED)


def test_a_move_on_an_out_of_date_page_is_refused_and_changes_nothing():
    case = open_case()
    actions.move_case(case.pk, "start_assessment", expected_version=case.version)
    with pytest.raises(MoveRefused, match="Someone else changed this case"):
        actions.move_case(case.pk, "close", expected_version=case.version, **GOOD_DETAILS)
    case.refresh_from_db()
    assert case.status == Status.ASSESSING
    assert case.history.count() == 2


@pytest.mark.parametrize(
    ("move", "missing", "message"),
    [
        ("close", "outcome", "Choose the outcome"),
        ("close", "exit_plan", "Write the exit plan"),
        ("step_up", "concern", "Describe the concern"),
    ],
)
def test_a_move_without_what_it_needs_is_refused(move, missing, message):
    case = open_case()
    actions.move_case(case.pk, "start_assessment")
    details = {**GOOD_DETAILS, missing: ""}
    with pytest.raises(MoveRefused, match=message):
        actions.move_case(case.pk, move, **details)
    assert Case.objects.get(pk=case.pk).status == Status.ASSESSING


def test_closing_cannot_choose_an_outcome_another_move_records():
    case = open_case()
    with pytest.raises(MoveRefused, match="Choose the outcome"):
        actions.move_case(case.pk, "close", **{**GOOD_DETAILS, "outcome": "stepped_up"})


def test_a_step_up_without_consent_needs_the_reason():
    case = open_case()
    actions.move_case(case.pk, "start_assessment")
    details = {**GOOD_DETAILS, "consent_to_step_up": False, "no_consent_reason": ""}
    with pytest.raises(MoveRefused, match="say why it is not needed"):
        actions.move_case(case.pk, "step_up", **details)
    details["no_consent_reason"] = "Telling the family would put the child at risk."
    case = actions.move_case(case.pk, "step_up", **details)
    assert case.status == Status.STEPPED_UP and case.handover_consent is False
    assert case.handover_sent_at is not None and case.handover_answered_at is None
    case = actions.move_case(case.pk, "social_care_declined", answer="Below threshold.")
    assert case.status == Status.ACTIVE and case.handover_answered_at is not None
    assert case.next_review_due is not None


def test_withdrawing_consent_ends_the_case_as_defined():
    case = open_case()
    actions.move_case(case.pk, "start_assessment")
    case = actions.move_case(case.pk, "withdraw_consent", by=person("practitioner"))
    assert case.status == Status.CONSENT_WITHDRAWN
    assert case.outcome == ClosureOutcome.CONSENT_WITHDRAWN
    assert case.consents.get().withdrawn_at is not None
    # Nothing more can happen to it.
    for name in MOVES:
        with pytest.raises(MoveRefused):
            actions.move_case(case.pk, name, **GOOD_DETAILS)
    # No sustained-outcome check for a family that withdrew.
    later = timezone.localdate() + timedelta(days=400)
    assert not actions.due_sustained_checks(later).filter(pk=case.pk).exists()


def test_an_ended_case_has_its_sustained_outcome_check_six_months_later():
    case = open_case()
    for name in ("start_assessment", "complete_assessment", "agree_plan", "start_review"):
        case = actions.move_case(case.pk, name)
    case = actions.move_case(case.pk, "close", **GOOD_DETAILS)
    today = timezone.localdate()
    assert (case.sustained_check_due - today).days in range(181, 185)
    assert not actions.due_sustained_checks(today).filter(pk=case.pk).exists()
    assert actions.due_sustained_checks(case.sustained_check_due).filter(pk=case.pk).exists()

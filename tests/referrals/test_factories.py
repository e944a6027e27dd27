"""The test factories make requests the real way: every status is reached by the state machine's
own moves, with one history row a move, and an unknown status is refused."""

import pytest

from familyhub.referrals.models import StatusChange
from familyhub.referrals.states import MOVES, Status
from tests.factories import _WAY_TO, FamilyFactory, SupportRequestFactory
from tests.personas import person

pytestmark = pytest.mark.django_db


def test_there_is_a_way_to_every_status():
    assert set(_WAY_TO) == set(Status.values)


@pytest.mark.parametrize("status", Status.values)
def test_a_request_in_every_status(status):
    support_request = SupportRequestFactory(status=status)
    assert support_request.status == status
    history = StatusChange.objects.filter(request=support_request)
    # one row for sending it, then one for each move on the way
    expected = [Status.SUBMITTED] + [MOVES[move].to for move, _details in _WAY_TO[status]]
    assert [row.to_status for row in history] == expected


def test_an_unknown_status_is_refused():
    with pytest.raises(ValueError, match="No way to a 'lost' request"):
        SupportRequestFactory(status="lost")


def test_a_family_with_an_account():
    parent = person("parent")
    family = FamilyFactory(account_holder=parent)
    assert family.account_holders.get() == parent
    assert family.members.filter(first_name="Alex").exists()

import uuid

import pytest

from familyhub.finder import shortlist


def test_add_remove_and_no_repeats():
    session = {}
    first, second = uuid.uuid4(), uuid.uuid4()
    assert shortlist.add(session, first)
    assert not shortlist.add(session, first)
    assert shortlist.add(session, second)
    assert shortlist.service_ids(session) == [str(first), str(second)]
    assert shortlist.remove(session, first)
    assert not shortlist.remove(session, first)
    assert shortlist.service_ids(session) == [str(second)]


def test_the_list_has_a_limit():
    session = {}
    for _ in range(shortlist.MAX_SERVICES):
        assert shortlist.add(session, uuid.uuid4())
    assert not shortlist.add(session, uuid.uuid4())


def test_a_shared_link_carries_only_valid_ids():
    good = uuid.uuid4()
    assert shortlist.parse_shared(f"{good},nonsense,{good},<script>") == [str(good)]
    assert shortlist.parse_shared("") == []


@pytest.mark.django_db
def test_services_keep_the_familys_order_and_drop_removed_ones():
    from tests.factories import ServiceFactory

    first, second = ServiceFactory(), ServiceFactory()
    ids = [str(second.id), str(uuid.uuid4()), str(first.id)]
    assert shortlist.services(ids) == [second, first]

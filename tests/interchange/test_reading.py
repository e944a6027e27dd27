"""Reading's field checks (reading.field_problems) are Django's clean_fields: the same problems
in the same words, and the same values left, for values that pass and values that do not."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from familyhub.directory import models as m
from familyhub.interchange import reading


def django_problems(instance) -> dict:
    try:
        instance.clean_fields(exclude=reading._not_checked(type(instance)))
    except ValidationError as error:
        return error.message_dict
    return {}


def instances():
    service = uuid.uuid4()
    return [
        m.Service(
            id=service, name="Fine", description="Help.", status="active", level_of_need="universal"
        ),
        m.Service(id=service, name="x" * 256, status="open", level_of_need="nonsense"),
        m.Service(id=service, name="", status="", minimum_age=-1, maximum_age="9"),
        m.Service(id=service, name="NUL\x00 in it", email="not an address", url="nowhere"),
        m.Organisation(id=uuid.uuid4(), name="Org", description="d" * 5000, website="x.org"),
        m.Address(id=uuid.uuid4(), address_1="1 High St", country="GBR", postal_code="ME4 4TR"),
        m.Schedule(id=uuid.uuid4(), freq="WEEKLY", byday="MO,XX", interval=1),
        m.Schedule(id=uuid.uuid4(), freq="", byday="MO", interval=0, opens_at="nine"),
        m.Language(id=uuid.uuid4(), name="Polish", code="p" * 50, note=5),
        m.Location(id=uuid.uuid4(), name="Place", location_type="underground"),
        m.CostOption(id=uuid.uuid4(), option="o", amount="1.234", currency="POUNDS"),
    ]


@pytest.mark.parametrize("index", range(len(instances())))
def test_field_problems_are_djangos_clean_fields(index):
    ours, theirs = instances()[index], instances()[index]
    theirs.id = ours.id
    assert reading.field_problems(ours) == django_problems(theirs)
    left = {k: v for k, v in vars(ours).items() if k != "_state"}
    assert left == {k: v for k, v in vars(theirs).items() if k != "_state"}


def test_the_examples_have_problems_and_values_that_pass():
    problems = [reading.field_problems(instance) for instance in instances()]
    assert problems[0] == {}
    assert set(problems[1]) >= {"name", "status", "level_of_need"}
    assert set(problems[3]) >= {"email", "url"}


def plan_models(plan) -> list:
    found = [plan.service, plan.organisation]
    for children in plan.children.values():
        found += children
    for contact in plan.contacts:
        found += [contact.contact, *contact.phones]
    for place in plan.locations:
        found += [place.link, place.location, *place.addresses, *place.accessibility]
    return [
        (type(model), {k: v for k, v in vars(model).items() if k != "_state"}, model._state.adding)
        for model in found
        if model is not None
    ]


@pytest.mark.django_db
def test_models_made_by_new_are_the_models_the_model_makes(mocks, monkeypatch):
    from familyhub.interchange import record_parts, records
    from tests.interchange.test_fast_paths import feed_records

    vocabulary = records.Vocabulary(namespace="feed")
    feed = feed_records(mocks)
    read = []
    for way in (reading.new, lambda model, **values: model(**values)):
        monkeypatch.setattr(records, "new", way)
        monkeypatch.setattr(record_parts, "new", way)
        plans = []
        for item in feed:
            try:
                plans.append(plan_models(records.read_service(item, vocabulary)))
            except records.RecordInvalid as invalid:
                plans.append(invalid.reasons)
        read.append(plans)
    assert read[0] == read[1]
    assert sum(len(plan) for plan in read[0] if isinstance(plan, list)) > 300


def test_new_leaves_what_it_cannot_make_to_the_model():
    service = m.Service(id=uuid.uuid4(), name="Service")
    link = reading.new(m.ServiceAtLocation, id=uuid.uuid4(), service=service)
    assert link.service is service and link.service_id == service.id
    with pytest.raises(TypeError):
        reading.new(m.Service, not_a_field=1)

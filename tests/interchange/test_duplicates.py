"""Likely duplicates (similar names at the same postcode) and merging them with every reference
kept: details, places, needs, requests for support, staff and teams."""

import pytest

from familyhub.accounts.models import Profile, Role
from familyhub.directory import models as m
from familyhub.interchange import duplicates as d
from familyhub.interchange import oruk_import as importing
from familyhub.interchange.models import MergeKind, MergeRecord, Outcome
from familyhub.referrals.models import SupportRequest
from tests.factories import (
    AddressFactory,
    LocationFactory,
    OrganisationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    ServiceTermFactory,
    need,
)
from tests.referrals.helpers import make_request, person, team_in

pytestmark = pytest.mark.django_db
POSTCODE = "ME1 9ZZ"


def dangling(model, old_id) -> dict:
    """References anywhere still pointing at a record that is gone."""
    found = {}
    for related, field in d.references_to(model):
        count = related._base_manager.filter(**{field.attname: old_id}).count()
        if count:
            found[f"{related._meta.label}.{field.name}"] = count
    return found


def place(name, postcode=POSTCODE, address_1="1 Castle Road"):
    location = LocationFactory(name=name)
    AddressFactory(location=location, postal_code=postcode, address_1=address_1)
    return location


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Stay and Play", "Stay & Play"),
        ("Medway Mums Network Ltd", "The Medway Mums' Network"),
        ("Chatham Family Hub", "Family Hub, Chatham"),
        ("Café for dads", "Cafe for Dads"),
    ],
)
def test_similar_names_score_high(a, b):
    assert d.similarity(d.normalise_name(a), d.normalise_name(b)) >= d.THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [("Stay and Play", "Baby massage"), ("Chatham Family Hub", "Strood Library")],
)
def test_different_names_score_low(a, b):
    assert d.similarity(d.normalise_name(a), d.normalise_name(b)) < d.THRESHOLD


def test_likely_duplicates_need_a_similar_name_at_the_same_postcode():
    here, also_here, elsewhere = place("Hub A"), place("Hub B"), place("Hub C", "ME7 1AA")
    first = ServiceFactory(name="Stay and Play")
    second = ServiceFactory(name="Stay & play")
    far_away = ServiceFactory(name="Stay and Play")
    unlike = ServiceFactory(name="Baby massage course")
    ServiceAtLocationFactory(service=first, location=here)
    ServiceAtLocationFactory(service=second, location=also_here)
    ServiceAtLocationFactory(service=far_away, location=elsewhere)
    ServiceAtLocationFactory(service=unlike, location=here)

    found = d.find_duplicates(MergeKind.SERVICE)

    pairs = [{c.first, c.second} for c in found]
    assert pairs == [{first, second}]
    assert found[0].postcode == "ME19ZZ" and found[0].score == 1.0


def test_likely_duplicate_places_and_organisations_are_found():
    place("Chatham Family Hub")
    place("Family hub (Chatham)")
    same_name_a = OrganisationFactory(name="Medway Mums Network")
    same_name_b = OrganisationFactory(name="Medway Mums' Network Ltd")

    places = d.find_duplicates(MergeKind.LOCATION)
    organisations = d.find_duplicates(MergeKind.ORGANISATION)

    assert [{c.first.name, c.second.name} for c in places] == [
        {"Chatham Family Hub", "Family hub (Chatham)"}
    ]
    assert [{c.first, c.second} for c in organisations] == [{same_name_a, same_name_b}]


def test_the_demo_directory_has_no_false_alarms():
    for kind in MergeKind.values:
        assert d.find_duplicates(kind) == []


def test_merging_services_keeps_every_reference():
    keep = ServiceFactory(name="Stay and Play")
    duplicate = ServiceFactory(name="Stay & Play", organisation=keep.organisation)
    shared_place, other_place = place("Hub A"), place("Hub B")
    ServiceAtLocationFactory(service=keep, location=shared_place)
    link = ServiceAtLocationFactory(service=duplicate, location=shared_place)
    ServiceAtLocationFactory(service=duplicate, location=other_place)
    place_schedule = m.Schedule.objects.create(service_at_location=link, byday="WE")
    service_schedule = ScheduleFactory(service=duplicate, byday="FR")
    contact = m.Contact.objects.create(service=duplicate, name="Reception")
    phone = m.Phone.objects.create(contact=contact, number="01632 960111")
    ServiceTermFactory(service=keep, taxonomy_term=need("sleep"))
    ServiceTermFactory(service=duplicate, taxonomy_term=need("sleep"))
    ServiceTermFactory(service=duplicate, taxonomy_term=need("feeding"))
    request = make_request(duplicate)
    duplicate_id = duplicate.id

    record = d.merge(MergeKind.SERVICE, keep.id, duplicate.id)

    assert not m.Service.objects.filter(id=duplicate_id).exists()
    assert dangling(m.Service, duplicate_id) == {}
    assert SupportRequest.objects.get(id=request.id).service_id == keep.id
    assert set(keep.schedules.all()) == {service_schedule}
    assert set(keep.service_at_locations.values_list("location", flat=True)) == {
        shared_place.id,
        other_place.id,
    }
    # The same place twice became one link, and its schedule moved with it.
    kept_link = keep.service_at_locations.get(location=shared_place)
    assert list(kept_link.schedules.all()) == [place_schedule]
    assert m.Phone.objects.get(id=phone.id).contact.service_id == keep.id
    assert sorted(keep.taxonomy_terms.values_list("code", flat=True)) == ["feeding", "sleep"]
    assert record.merged_id == duplicate_id and record.kept_id == keep.id
    assert record.moved["referrals.SupportRequest.service"] == 1


def test_merging_places_moves_services_and_keeps_one_copy_of_the_same_address():
    keep = place("Chatham Family Hub")
    duplicate = place("Family hub Chatham")
    both = ServiceFactory()
    only_duplicate = ServiceFactory()
    ServiceAtLocationFactory(service=both, location=keep)
    link = ServiceAtLocationFactory(service=both, location=duplicate)
    ServiceAtLocationFactory(service=only_duplicate, location=duplicate)
    m.Schedule.objects.create(service_at_location=link, byday="MO")
    m.Accessibility.objects.create(location=duplicate, description="Step-free entrance")
    duplicate_id = duplicate.id

    d.merge(MergeKind.LOCATION, keep.id, duplicate.id)

    assert dangling(m.Location, duplicate_id) == {}
    assert keep.addresses.count() == 1  # the same address twice is kept once
    assert keep.accessibility.get().description == "Step-free entrance"
    assert both.service_at_locations.get().location_id == keep.id
    assert both.service_at_locations.get().schedules.get().byday == "MO"
    assert only_duplicate.service_at_locations.get().location_id == keep.id


def test_merging_organisations_moves_services_staff_teams_and_children():
    keep = OrganisationFactory(name="Medway Mums Network")
    duplicate = OrganisationFactory(name="Medway Mums Network Ltd")
    child = OrganisationFactory(name="Medway Mums Chatham", parent_organisation=duplicate)
    keep.parent_organisation = duplicate
    keep.save()
    service = ServiceFactory(organisation=duplicate)
    staff = person(Role.PROVIDER, organisation=duplicate)
    team = team_in(duplicate)
    duplicate_id = duplicate.id

    d.merge(MergeKind.ORGANISATION, keep.id, duplicate.id)

    keep.refresh_from_db()
    assert dangling(m.Organisation, duplicate_id) == {}
    assert m.Service.objects.get(id=service.id).organisation_id == keep.id
    assert Profile.objects.get(user=staff).organisation_id == keep.id
    assert team.__class__.objects.get(id=team.id).organisation_id == keep.id
    assert m.Organisation.objects.get(id=child.id).parent_organisation_id == keep.id
    assert keep.parent_organisation_id is None  # its parent was the duplicate
    # Search text carries the organisation's name: the moved service's is up to date.
    assert "medway mums network\n" in m.Service.objects.get(id=service.id).search_text + "\n"


def test_a_merge_that_fails_part_way_changes_nothing(monkeypatch):
    keep, duplicate = ServiceFactory(), ServiceFactory()
    request = make_request(duplicate)

    def broken_delete(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(m.Service, "delete", broken_delete)
    with pytest.raises(RuntimeError):
        d.merge(MergeKind.SERVICE, keep.id, duplicate.id)

    assert SupportRequest.objects.get(id=request.id).service_id == duplicate.id
    assert not MergeRecord.objects.exists()


@pytest.mark.parametrize(
    ("kind", "same", "message"),
    [
        ("service", True, "a record cannot merge into itself"),
        ("family", False, "“family” is not something that can be merged"),
    ],
)
def test_merges_that_make_no_sense_are_refused(kind, same, message):
    first, second = ServiceFactory(), ServiceFactory()

    with pytest.raises(d.MergeRefused, match=message):
        d.merge(kind, first.id, first.id if same else second.id)


def test_a_merged_away_service_is_not_recreated_by_a_later_import(tmp_path):
    import json

    from familyhub.interchange import export

    keep, duplicate = ServiceFactory(name="Stay and Play"), ServiceFactory(name="Stay & Play")
    page = json.loads("".join(export.oruk_json(m.Service.objects.filter(id=duplicate.id))))
    d.merge(MergeKind.SERVICE, keep.id, duplicate.id)
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(page), encoding="utf-8")

    run = importing.import_oruk(str(path))

    result = run.results.get()
    assert result.outcome == Outcome.SKIPPED
    assert result.reasons == [
        f"This service was merged into {keep.id} here: not re-created (update that record instead)."
    ]
    assert not m.Service.objects.filter(id=duplicate.id).exists()


def test_pairs_marked_distinct_are_left_out_whichever_way_round():
    first, second = ServiceFactory(name="Stay and Play"), ServiceFactory(name="Stay & Play")
    for service in (first, second):
        ServiceAtLocationFactory(service=service, location=place(f"Hub for {service.pk}"))
    assert len(d.find_duplicates(MergeKind.SERVICE)) == 1

    d.mark_distinct(MergeKind.SERVICE, second.id, first.id)
    d.mark_distinct(MergeKind.SERVICE, first.id, second.id)  # again: no error, no second row

    assert d.find_duplicates(MergeKind.SERVICE) == []


@pytest.mark.parametrize("kind", list(d.MODELS))
def test_every_relation_a_merge_moves_is_declared_by_its_app(kind):
    """A relation to a service, organisation or place added by an app without declaring it in
    its AppConfig's directory_references fails here (and merging would refuse)."""
    assert d.unaccounted_references(d.MODELS[kind]) == []


def test_nothing_is_declared_that_a_merge_never_moves():
    moved = {label for model in d.MODELS.values() for label in d.references_moved(model)}
    assert d.declared_references() - moved == set()


def test_a_merge_with_a_relation_nobody_declared_is_refused_and_changes_nothing(monkeypatch):
    from django.apps import apps

    keep, duplicate = ServiceFactory(name="Stay and play"), ServiceFactory(name="Stay & play")
    make_request(duplicate)
    referrals = apps.get_app_config("referrals")
    undeclared = tuple(n for n in referrals.directory_references if n != "SupportRequest.service")
    monkeypatch.setattr(referrals, "directory_references", undeclared)
    with pytest.raises(d.MergeRefused, match=r"referrals\.SupportRequest\.service"):
        d.merge(MergeKind.SERVICE, keep.pk, duplicate.pk)
    assert m.Service.objects.filter(pk=duplicate.pk).exists()
    assert SupportRequest.objects.filter(service=duplicate).count() == 1


def test_a_merge_moves_requests_through_referrals_with_a_history_row():
    from familyhub.referrals.models import StatusChange

    keep, duplicate = ServiceFactory(name="Stay and play"), ServiceFactory(name="Stay & play")
    support_request = make_request(duplicate)
    data_manager = person("data_manager")
    d.merge(MergeKind.SERVICE, keep.pk, duplicate.pk, by=data_manager)
    support_request.refresh_from_db()
    assert (support_request.service_id, support_request.version) == (keep.pk, 2)
    event = StatusChange.objects.filter(request=support_request).latest("at")
    assert event.reason_code == "service_records_merged"
    assert (event.from_status, event.to_status) == (support_request.status,) * 2
    assert event.by == data_manager

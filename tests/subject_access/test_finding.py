"""Finding a person by each key finds their family's record, and not the other family with
similar names; merged records are found as the record in use; every search is audited by what
it was by, never by the words searched for."""

from datetime import date

import pytest

from familyhub.audit.models import AuditEvent
from familyhub.families.models import Relationship
from familyhub.families.services import add_member
from familyhub.referrals.actions import merge_family_records
from familyhub.subject_access.finding import Terms, find, find_and_record
from familyhub.subject_access.forms import NOTHING_TO_SEARCH_BY, FindPersonForm
from tests.referrals.helpers import make_request, person

pytestmark = pytest.mark.django_db


def _found(terms):
    return [entry.family.pk for entry in find(terms)]


def test_by_reference(families):
    results = find(Terms(reference=families.first.reference))
    assert [entry.family.pk for entry in results] == [families.first.family_id]
    assert results[0].reasons == [f"a request's reference, {families.first.reference}"]


def test_by_a_childs_name_and_date_of_birth_not_the_child_born_a_day_later(families):
    results = find(Terms(first_name="Alex", last_name="Parent", date_of_birth=date(2021, 5, 4)))
    assert [entry.family.pk for entry in results] == [families.first.family_id]
    assert results[0].reasons == ["name and date of birth: Alex Parent (Child)"]
    assert _found(Terms(first_name="Alex", last_name="Parent", date_of_birth=date(2021, 5, 5))) == [
        families.second.family_id
    ]


def test_names_compare_as_matching_compares_them(families):
    """Case, spaces and accents are ignored, as when a request is matched to a record."""
    terms = Terms(first_name="  ALÉX ", last_name="parent", date_of_birth=date(2021, 5, 4))
    assert _found(terms) == [families.first.family_id]


def test_by_a_parents_name_and_date_of_birth(families):
    for made, day in ((families.first, 2), (families.second, 3)):
        born = date(1990, 1, day)
        add_member(made.family, first_name="Robin", last_name="Parent",
                   relationship=Relationship.FATHER, date_of_birth=born, by=None)  # fmt: skip
    results = find(Terms(first_name="Robin", last_name="Parent", date_of_birth=date(1990, 1, 2)))
    assert [entry.family.pk for entry in results] == [families.first.family_id]
    assert results[0].reasons == ["name and date of birth: Robin Parent (Father)"]


def test_by_a_name_at_a_postcode(families):
    """Both families have a Sam Parent: the postcode tells them apart."""
    results = find(Terms(first_name="Sam", last_name="Parent", postcode="ME4 4TR"))
    assert [entry.family.pk for entry in results] == [families.first.family_id]
    assert results[0].reasons == ["name and postcode: Sam Parent (Mother)"]
    assert _found(Terms(first_name="Sam", last_name="Parent", postcode="ME7 1XY")) == [
        families.second.family_id
    ]
    assert _found(Terms(first_name="Sam", last_name="Parent", postcode="ME1 1AA")) == []


def test_by_email_address_however_it_is_typed(families):
    results = find(Terms(email="  SAM@Example.org "))
    assert [entry.family.pk for entry in results] == [families.first.family_id]
    assert results[0].reasons == ["email address on the record"]
    assert _found(Terms(email="sam.other@example.org")) == [families.second.family_id]


def test_by_phone_number_however_it_is_typed(families):
    results = find(Terms(phone="+44 (0)7700 900123"))
    assert [entry.family.pk for entry in results] == [families.first.family_id]
    assert results[0].reasons == ["phone number on the record"]
    assert _found(Terms(phone="07700900999")) == [families.second.family_id]


def test_by_the_email_of_a_parents_account_linked_to_the_record(families):
    parent = person("parent", email="robin.account@example.org")
    families.first.family.account_holders.add(parent)
    results = find(Terms(email="Robin.Account@example.org"))
    assert [entry.family.pk for entry in results] == [families.first.family_id]
    assert results[0].reasons == ["email address of a parent's account linked to the record"]


def test_every_way_that_matched_is_given_once(families):
    results = find(Terms(reference=families.first.reference, email="sam@example.org",
                         phone="07700 900123"))  # fmt: skip
    assert len(results) == 1
    assert results[0].reasons == [
        f"a request's reference, {families.first.reference}",
        "email address on the record",
        "phone number on the record",
    ]


def test_a_merged_record_is_found_as_the_record_it_was_merged_into(families):
    merge_family_records(families.first.family, families.second.family, by=None)
    results = find(Terms(email="sam.other@example.org"))
    assert [entry.family.pk for entry in results] == [families.first.family_id]
    assert results[0].reasons == [
        "email address on the record (on an earlier record merged into this one)"
    ]


def test_nothing_found(families):
    assert find(Terms(email="nobody@example.org")) == []
    assert find(Terms(reference="FH-2222-2222")) == []


def test_every_search_is_audited_by_what_it_was_by_never_the_terms(families):
    admin = person("administrator")
    find_and_record(Terms(email="sam@example.org", phone="07700 900123"), by=admin)
    find_and_record(Terms(email="nobody@example.org"), by=admin)
    searches = AuditEvent.objects.filter(object_type="search", user=admin).order_by("at", "id")
    assert [event.detail for event in searches] == [
        "subject access search by email address and phone number: 1 record(s) found",
        "subject access search by email address: 0 record(s) found",
    ]
    seen = AuditEvent.objects.get(object_type="family", user=admin)
    assert seen.family_id == families.first.family_id and seen.action == "view"
    assert seen.detail.startswith("found by a subject access search by email address")
    every_detail = " ".join(AuditEvent.objects.values_list("detail", flat=True))
    for term in ("sam@example.org", "nobody@example.org", "07700", "900123"):
        assert term not in every_detail


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "reference", NOTHING_TO_SEARCH_BY),
        ({"reference": "FH-123"}, "reference", "Enter a reference like FH-7K3M-9QXD"),
        ({"first_name": "Sam", "last_name": "Parent"}, "first_name",
         "To search by name, add their date of birth or postcode"),
        ({"postcode": "ME4 4TR"}, "first_name",
         "Enter their first name to search by date of birth or postcode"),
        ({"first_name": "Sam", "postcode": "ME4"}, "postcode",
         "Enter a full postcode, like ME4 4TR"),
        ({"first_name": "Sam", "postcode": "not a postcode"}, "postcode",
         "Enter a full postcode, like ME4 4TR"),
        ({"phone": "12345"}, "phone", "Enter a UK phone number, like 07700 900123"),
        ({"email": "sam@"}, "email", "Enter an email address like name@example.org"),
        ({"first_name": "Alex", "date_of_birth_0": "31", "date_of_birth_1": "2",
          "date_of_birth_2": "2021"}, "date_of_birth", "Date of birth must be a real date"),
        ({"first_name": "Alex", "date_of_birth_0": "1", "date_of_birth_1": "1",
          "date_of_birth_2": "2999"}, "date_of_birth", "The date of birth must be in the past"),
    ],
)  # fmt: skip
def test_the_form_refuses_what_cannot_be_searched_with_a_clear_message(data, field, message):
    form = FindPersonForm(data)
    assert not form.is_valid()
    assert message in form.errors[field]


def test_the_form_gives_terms_in_the_records_own_form():
    form = FindPersonForm({"reference": " fh-7k3m-9qxd ", "first_name": "Alex", "last_name": "P",
                           "postcode": "me44tr", "phone": "+447700900123",
                           "email": "Sam@Example.org"})  # fmt: skip
    assert form.is_valid(), form.errors
    terms = form.terms()
    assert terms.reference == "FH-7K3M-9QXD"
    assert terms.postcode == "ME4 4TR"
    assert terms.phone == "07700900123"
    assert terms.ways() == ["reference", "name and postcode", "email address", "phone number"]


def test_a_second_request_from_the_same_family_is_found_on_the_same_record(families):
    again = make_request(families.service, worries="Mornings too.")
    assert again.family_id == families.first.family_id
    results = find(Terms(reference=again.reference))
    assert [entry.family.pk for entry in results] == [families.first.family_id]

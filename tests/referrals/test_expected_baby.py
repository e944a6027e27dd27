"""An expected baby can be the child a request is about: a due date instead of a date of
birth (request_forms.ChildrenForm), kept on the family member, shown to staff."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from familyhub.directory.models import Service
from familyhub.families.duplicates import likely_duplicates
from familyhub.families.models import Family
from familyhub.families.services import save_family_from_answers
from familyhub.referrals.models import Draft, SupportRequest
from tests.factories import ServiceFactory
from tests.referrals.helpers import answers, make_request, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def midwives():
    return Service.objects.get(name="Community midwives: care in pregnancy")


def _parts(prefix, day: date) -> dict:
    parts = (day.day, day.month, day.year)
    return {f"{prefix}_{n}": str(part) for n, part in enumerate(parts)}


def _step(client, draft, step, data):
    return client.post(reverse("referrals:step", kwargs={"draft_id": draft.id, "step": step}), data)


def _start(client, service):
    client.post(reverse("referrals:start") + f"?service={service.id}", {"in_danger": "no"})
    return Draft.objects.latest("created_at")


def test_a_pregnant_parent_asks_the_midwives_about_their_expected_baby(client, midwives):
    due = date.today() + timedelta(days=150)
    draft = _start(client, midwives)
    pages = [
        ("safety", {"in_danger": "no"}),
        ("consent", {"agree": "on", "given_by_name": "Priya Shah"}),
        ("family", {"first_name": "Priya", "last_name": "Shah", "relationship": "mother",
                    "postcode": "ME7 1AA", "interpreter_needed": "no"}),
        ("children", _parts("child_1_due_date", due)),  # no name chosen yet
        ("worries", {"worries": "I have just moved here and need a midwife."}),
        ("contact", {"contact_phone": "07700 900555", "preferred_contact": "text",
                     "safe": ["text", "phone"]}),
    ]  # fmt: skip
    for step, data in pages:
        assert _step(client, draft, step, data).status_code == 302, step
    due_in_words = date_format(due, "j E Y")
    check = client.get(reverse("referrals:step", kwargs={"draft_id": draft.id, "step": "check"}))
    assert f"Expected baby, due {due_in_words}" in check.content.decode()

    client.post(reverse("referrals:submit", args=[draft.id]))
    support_request = SupportRequest.objects.get(idempotency_key=draft.id)
    assert support_request.service == midwives
    [baby] = support_request.children.all()
    assert baby.is_expected and baby.due_date == due and baby.date_of_birth is None
    assert baby.full_name == "Expected baby"

    provider = person("provider", organisation=midwives.organisation)
    client.force_login(provider)
    page = client.get(reverse("referrals:staff_request", args=[support_request.reference]))
    assert f"expected baby, due {due_in_words}" in page.content.decode()
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert f"Expected baby, due {due_in_words}" in inbox


def test_the_same_expected_baby_asked_about_twice_is_one_record(midwives):
    due = (date.today() + timedelta(days=100)).isoformat()
    baby = [{"first_name": "", "last_name": "", "date_of_birth": "", "due_date": due}]
    first = make_request(midwives, children=baby)
    second = make_request(None, children=baby)
    assert first.family_id == second.family_id
    assert Family.objects.get().members.filter(due_date=due).count() == 1
    # Another family due the same day elsewhere is not a likely duplicate.
    other = make_request(
        midwives, children=baby, postcode="ME2 2AA",
        contact=answers()["contact"] | {"contact_email": "kim@example.org",
                                        "contact_phone": "07700 900777"},
    )  # fmt: skip
    assert other.family_id != first.family_id
    assert likely_duplicates(other.family) == []


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({**_parts("child_1_due_date", date.today() - timedelta(days=30))}, "child_1_due_date",
         "If the baby has been born, enter their date of birth instead"),
        ({**_parts("child_1_due_date", date.today() + timedelta(days=330))}, "child_1_due_date",
         "The due date must be within the next 10 months"),
        ({"child_1_first_name": "Alex", **_parts("child_1_date_of_birth", date(2021, 5, 4)),
          **_parts("child_1_due_date", date.today() + timedelta(days=30))}, "child_1_due_date",
         "Enter a date of birth or a due date, not both"),
        ({"child_1_first_name": "Alex"}, "child_1_date_of_birth",
         "Enter the child&#x27;s date of birth, or the due date if the baby is not born yet"),
        ({"child_1_due_date_0": "31", "child_1_due_date_1": "2",
          "child_1_due_date_2": str(date.today().year + 1)}, "child_1_due_date",
         "The due date must be a real date"),
        ({**_parts("child_1_date_of_birth", date(2021, 5, 4))}, "child_1_first_name",
         "Enter the child&#x27;s first name"),
    ],
)  # fmt: skip
def test_due_dates_are_checked_and_what_was_typed_is_kept(client, midwives, data, field, message):
    draft = _start(client, midwives)
    response = _step(client, draft, "children", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#id_{field}' in page  # the error summary links to the question
    for value in data.values():
        assert f'value="{value}"' in page


def test_a_due_date_up_to_two_weeks_ago_is_accepted(client, midwives):
    draft = _start(client, midwives)
    overdue = date.today() - timedelta(days=10)
    assert _step(client, draft, "children", _parts("child_1_due_date", overdue)).status_code == 302
    draft = Draft.objects.get(pk=draft.pk)
    assert draft.answers["children"][0]["due_date"] == overdue.isoformat()


def test_a_service_for_older_children_says_it_cannot_help_before_the_birth(client):
    older = ServiceFactory(
        name="Homework club (test)", access_self_referral=True, minimum_age=5, maximum_age=11
    )
    draft = _start(client, older)
    due = date.today() + timedelta(days=60)
    response = _step(client, draft, "children", _parts("child_1_due_date", due))
    assert response.status_code == 400
    assert (
        "Homework club (test) is for children aged 5 and over, so it cannot help before the "
        "baby is born"
    ) in response.content.decode()
    # With a child of the right age named too, the request is about them both.
    both = {"child_1_first_name": "Alex", **_parts("child_1_date_of_birth", date(2018, 5, 4)),
            "child_2_first_name": "", **_parts("child_2_due_date", due)}  # fmt: skip
    draft.answers["child_rows"] = 2
    draft.save()
    assert _step(client, draft, "children", both).status_code == 302


def test_once_born_the_expected_baby_on_the_record_is_the_child(midwives):
    due = date.today() - timedelta(days=20)
    baby = [{"first_name": "", "last_name": "", "date_of_birth": "", "due_date": due.isoformat()}]
    family = make_request(midwives, children=baby).family
    born = [{"first_name": "Mia", "last_name": "Shah",
             "date_of_birth": (due + timedelta(days=5)).isoformat()}]  # fmt: skip
    saved = save_family_from_answers(answers(children=born), by=None, family=family)
    [child] = saved.family.children
    assert (child.first_name, child.date_of_birth, child.due_date) == (
        "Mia",
        due + timedelta(days=5),
        due,
    )
    assert not child.is_expected

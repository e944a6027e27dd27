"""The family record kept by the family: "Your family" and its change pages, and the rules
behind them (families/services.py)."""

import re

import pytest
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from familyhub.directory.models import Service
from familyhub.families import services
from familyhub.families.models import EqualityMonitoring, Family, FamilyMember
from familyhub.referrals.drafts import answers_from_family
from familyhub.referrals.request_forms import ChildrenForm
from tests.referrals.helpers import make_request, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return Service.objects.filter(access_self_referral=True, status="active").first()


@pytest.fixture
def parent():
    return person("parent")


@pytest.fixture
def family(service, parent):
    """Sam (mother, main contact) and Alex (born 4 May 2021, named on a request)."""
    support_request = make_request(service, by=parent)
    family = support_request.family
    assert family.account_holders.filter(pk=parent.pk).exists()
    return family


@pytest.fixture
def signed_in(client, parent):
    client.force_login(parent)
    return client


def _member(family, first_name):
    return family.members.get(first_name=first_name)


def _changes(family, detail_start):
    return AuditEvent.objects.filter(
        family_id=family.pk, action="change", detail__startswith=detail_start
    )


PERSON = {
    "first_name": "Bobby",
    "last_name": "Parent",
    "relationship": "child",
    "date_of_birth_0": "9",
    "date_of_birth_1": "10",
    "date_of_birth_2": "2022",
}


# --- Seeing the record --------------------------------------------------------------------


def test_your_family_shows_the_whole_record_with_change_links(signed_in, family):
    family.home_languages = "English, Polish"
    family.interpreter_needed, family.interpreter_language = True, "Polish"
    family.accessibility_needs = "Step-free access"
    family.save()
    response = signed_in.get(reverse("referrals:my_family"))
    assert response.status_code == 200
    page = response.content.decode()
    sam, alex = _member(family, "Sam"), _member(family, "Alex")
    for text in (
        "Sam Parent",
        "Mother",
        "Alex Parent",
        "4 May 2021",
        "English, Polish",
        "Yes, Polish",
        "Step-free access",
        "sam@example.org",
        "Equality monitoring (optional)",
        "only in aggregate",
    ):
        assert text in page, text
    for url in (
        reverse("referrals:change_person", args=[sam.pk]),
        reverse("referrals:change_person", args=[alex.pk]),
        reverse("referrals:remove_person", args=[alex.pk]),
        reverse("referrals:family_equality", args=[alex.pk]),
        reverse("referrals:family_languages"),
        reverse("referrals:family_accessibility"),
        reverse("referrals:family_contact"),
        reverse("referrals:add_person", args=["child"]),
        reverse("referrals:add_person", args=["adult"]),
    ):
        assert f'href="{url}"' in page, url
    assert AuditEvent.objects.filter(family_id=family.pk, action="view", detail="your family")


def test_a_parent_with_no_record_yet_is_told_when_it_is_made(client):
    client.force_login(person("parent"))
    page = client.get(reverse("referrals:my_family"))
    assert page.status_code == 200
    assert "saved when you first ask for support" in page.content.decode()
    assert client.get(reverse("referrals:family_languages")).status_code == 404


# --- Who may --------------------------------------------------------------------------------


def _all_urls(family):
    member = _member(family, "Alex")
    return [
        reverse("referrals:my_family"),
        reverse("referrals:family_contact"),
        reverse("referrals:family_languages"),
        reverse("referrals:family_accessibility"),
        reverse("referrals:add_person", args=["child"]),
        reverse("referrals:change_person", args=[member.pk]),
        reverse("referrals:remove_person", args=[member.pk]),
        reverse("referrals:family_equality", args=[member.pk]),
    ]


def test_signed_out_people_are_asked_to_sign_in(client, family):
    for url in _all_urls(family):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:sign_in")), url
    response = client.post(reverse("referrals:remove_person", args=[_member(family, "Sam").pk]))
    assert response.status_code == 302
    assert family.members.filter(first_name="Sam").exists()


@pytest.mark.parametrize(
    "role", ["practitioner", "provider", "triage", "data_manager", "analyst", "administrator"]
)
def test_staff_are_refused(client, family, role):
    client.force_login(person(role))
    for url in _all_urls(family):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("referrals:family_languages"),
        {"home_languages": "Klingon", "interpreter_needed": "no"},
    )
    assert response.status_code == 403
    family.refresh_from_db()
    assert family.home_languages == ""


def test_another_parent_gets_404_for_someone_elses_people(client, family):
    client.force_login(person("parent"))  # a parent with no record of their own
    alex = _member(family, "Alex")
    sam = _member(family, "Sam")
    for url in _all_urls(family)[5:]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("referrals:change_person", args=[alex.pk]), PERSON).status_code == (
        404
    )
    assert client.post(reverse("referrals:remove_person", args=[sam.pk])).status_code == 404
    equality = reverse("referrals:family_equality", args=[alex.pk])
    assert client.post(equality, {"ethnicity": "white"}).status_code == 404
    alex.refresh_from_db()
    assert alex.first_name == "Alex"
    assert family.members.filter(pk=sam.pk).exists()
    assert not EqualityMonitoring.objects.filter(member=alex).exists()


def test_a_parent_with_their_own_family_still_cannot_reach_anothers(client, service, family):
    other_parent = person("parent")
    make_request(
        service,
        by=other_parent,
        children=[{"first_name": "Other", "last_name": "Child", "date_of_birth": "2019-01-01"}],
    )
    client.force_login(other_parent)
    alex = _member(family, "Alex")
    assert client.get(reverse("referrals:change_person", args=[alex.pk])).status_code == 404
    page = client.get(reverse("referrals:my_family")).content.decode()
    assert "Other Child" in page and "Alex Parent" not in page


# --- People ---------------------------------------------------------------------------------


def test_changing_a_child_saves_and_is_audited(signed_in, family, parent):
    alex = _member(family, "Alex")
    url = reverse("referrals:change_person", args=[alex.pk])
    form = signed_in.get(url).content.decode()
    assert 'value="Alex"' in form and 'value="2021"' in form  # the date as it is, to change
    response = signed_in.post(url, dict(PERSON, first_name="Alexa", relationship="young_carer"))
    assert response.status_code == 302 and response.url == reverse("referrals:my_family")
    alex.refresh_from_db()
    assert (alex.first_name, alex.relationship, alex.date_of_birth.isoformat()) == (
        "Alexa",
        "young_carer",
        "2022-10-09",
    )
    assert alex.name_key == "alexa parent"
    event = _changes(family, "person changed").get()
    assert event.user == parent
    assert "Alexa" not in event.detail  # the audit says what changed, not the values


@pytest.mark.parametrize(
    "bad,message",
    [
        ({"date_of_birth_0": "31", "date_of_birth_1": "2"}, "Date of birth must be a real date"),
        ({"date_of_birth_2": "2099"}, "The date of birth must be in the past"),
        ({"date_of_birth_2": "9" * 30}, "Date of birth must be a real date"),  # not a 500
        ({"date_of_birth_2": "1980"}, "25 or younger"),
        ({"date_of_birth_1": ""}, "Enter the month"),
        ({"date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""}, "date of birth"),
        ({"first_name": ""}, "Enter their first name"),
        ({"relationship": "mother"}, "Select a valid choice"),
    ],
)
def test_a_childs_details_are_checked_and_what_was_typed_is_kept(signed_in, family, bad, message):
    alex = _member(family, "Alex")
    data = dict(PERSON, first_name="Typed name", last_name="Typed surname")
    data.update(bad)
    response = signed_in.post(reverse("referrals:change_person", args=[alex.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert 'value="Typed surname"' in page
    if data["date_of_birth_2"]:
        assert f'value="{data["date_of_birth_2"]}"' in page
    alex.refresh_from_db()
    assert alex.first_name == "Alex" and alex.date_of_birth.isoformat() == "2021-05-04"
    assert not _changes(family, "person changed").exists()


def test_the_request_forms_children_page_has_no_500_for_a_huge_year():
    born = {"child_1_date_of_birth_0": "1", "child_1_date_of_birth_1": "1",
            "child_1_date_of_birth_2": "9" * 30}  # fmt: skip
    form = ChildrenForm({"child_1_first_name": "Alex", **born})
    assert not form.is_valid()
    assert "Date of birth must be a real date" in str(form.errors)


def test_adding_a_child(signed_in, family):
    response = signed_in.post(reverse("referrals:add_person", args=["child"]), PERSON)
    assert response.status_code == 302
    bobby = _member(family, "Bobby")
    assert bobby.is_child and bobby.date_of_birth.isoformat() == "2022-10-09"
    assert not bobby.is_main_contact
    assert _changes(family, "person added").count() == 1
    # The next request starts with Bobby already there.
    assert "Bobby" in str(answers_from_family(family)["typed"]["children"])


def test_a_child_needs_a_date_of_birth(signed_in, family):
    data = dict(PERSON, date_of_birth_0="", date_of_birth_1="", date_of_birth_2="")
    response = signed_in.post(reverse("referrals:add_person", args=["child"]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the child&#x27;s date of birth" in page and 'value="Bobby"' in page
    assert not family.members.filter(first_name="Bobby").exists()


def test_adding_another_adult_without_a_date_of_birth(signed_in, family):
    data = {"first_name": "Jo", "last_name": "Carer", "relationship": "kinship_carer"}
    response = signed_in.post(reverse("referrals:add_person", args=["adult"]), data)
    assert response.status_code == 302
    jo = _member(family, "Jo")
    assert not jo.is_child and jo.date_of_birth is None and not jo.is_main_contact
    assert family.main_contact.first_name == "Sam"
    # An adult cannot be given a child's relationship.
    bad = dict(data, first_name="Kim", relationship="child")
    assert signed_in.post(reverse("referrals:add_person", args=["adult"]), bad).status_code == 400
    assert signed_in.get(reverse("referrals:add_person", args=["pet"])).status_code == 404


def test_a_person_on_a_request_cannot_be_removed_and_the_family_is_told_why(signed_in, family):
    alex = _member(family, "Alex")
    reference = alex.requests.get().reference
    url = reverse("referrals:remove_person", args=[alex.pk])
    page = signed_in.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Alex Parent cannot be removed" in text and reference in text
    assert "Yes, remove" not in text
    response = signed_in.post(url)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert family.members.filter(pk=alex.pk).exists()
    assert not _changes(family, "person removed").exists()


def test_the_last_parent_or_carer_cannot_be_removed(signed_in, family):
    sam = _member(family, "Sam")
    response = signed_in.post(reverse("referrals:remove_person", args=[sam.pk]))
    assert response.status_code == 400
    assert "at least one parent or carer" in response.content.decode()
    assert family.members.filter(pk=sam.pk).exists()


def test_a_person_on_no_request_can_be_removed(signed_in, family, parent):
    bobby = services.add_member(
        family, first_name="Bobby", relationship="child", date_of_birth=None, by=parent
    )
    url = reverse("referrals:remove_person", args=[bobby.pk])
    assert "Are you sure you want to remove Bobby?" in signed_in.get(url).content.decode()
    response = signed_in.post(url)
    assert response.status_code == 302
    assert not FamilyMember.objects.filter(pk=bobby.pk).exists()
    assert _changes(family, "person removed").count() == 1


def test_removing_the_main_contact_makes_another_adult_the_main_contact(family, parent):
    sam = _member(family, "Sam")
    jo = services.add_member(family, first_name="Jo", relationship="father", by=parent)
    services.remove_member(sam, by=parent)
    jo.refresh_from_db()
    assert jo.is_main_contact
    assert Family.objects.get(pk=family.pk).main_contact == jo


def test_the_rules_refuse_what_the_pages_never_offer(family, parent):
    alex = _member(family, "Alex")
    with pytest.raises(services.RemovalRefused, match="named on your request"):
        services.remove_member(alex, by=parent)
    with pytest.raises(ValueError):
        services.update_member(alex, first_name="Alex", relationship="father", by=parent)
    assert FamilyMember.objects.get(pk=alex.pk).relationship == "child"


# --- Languages, accessibility, contact ------------------------------------------------------


def test_languages_and_interpreter(signed_in, family):
    url = reverse("referrals:family_languages")
    bad = {"home_languages": "Polish and English", "interpreter_needed": "yes"}
    response = signed_in.post(url, bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the language the interpreter should speak" in page
    assert 'value="Polish and English"' in page and "govuk-error-summary" in page
    assert signed_in.post(url, dict(bad, interpreter_language="Polish")).status_code == 302
    family.refresh_from_db()
    assert (family.home_languages, family.interpreter_needed, family.interpreter_language) == (
        "Polish and English",
        True,
        "Polish",
    )
    # No interpreter: no interpreter's language left behind.
    signed_in.post(url, dict(bad, interpreter_needed="no", interpreter_language="Polish"))
    family.refresh_from_db()
    assert not family.interpreter_needed and family.interpreter_language == ""
    assert _changes(family, "languages").count() == 2
    assert AuditEvent.objects.filter(family_id=family.pk, action="view", detail="languages page")


def test_accessibility_needs_are_saved(signed_in, family):
    url = reverse("referrals:family_accessibility")
    too_long = signed_in.post(url, {"accessibility_needs": "x" * 1001})
    assert too_long.status_code == 400
    response = signed_in.post(url, {"accessibility_needs": "British Sign Language, please"})
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.accessibility_needs == "British Sign Language, please"
    assert _changes(family, "accessibility").count() == 1


def test_contact_details_keep_what_was_typed_when_wrong(signed_in, family):
    url = reverse("referrals:family_contact")
    data = {"contact_email": "", "contact_phone": "not a phone", "preferred_contact": "phone",
            "safe": ["phone"], "safe_times": "Mornings"}  # fmt: skip
    response = signed_in.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a UK phone number" in page and 'value="not a phone"' in page
    assert 'value="Mornings"' in page
    response = signed_in.post(url, dict(data, contact_phone="07700 900982"))
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.contact_phone and family.contact_phone.replace(" ", "").endswith("900982")
    assert family.safe_to_phone and not family.safe_to_email and family.safe_times == "Mornings"
    assert _changes(family, "contact details").count() == 1


# --- Equality monitoring ----------------------------------------------------------------------


def test_equality_monitoring_is_optional_and_prefer_not_to_say_is_kept(signed_in, family):
    sam = _member(family, "Sam")
    url = reverse("referrals:family_equality", args=[sam.pk])
    page = signed_in.get(url).content.decode()
    assert "only in aggregate" in page and "optional" in page
    assert page.count('value="prefer_not"') == 9  # every question has "Prefer not to say"
    # Nothing answered is allowed, and keeps nothing.
    assert signed_in.post(url, {}).status_code == 302
    assert not EqualityMonitoring.objects.filter(member=sam).exists()
    response = signed_in.post(url, {"ethnicity": "prefer_not", "religion": "prefer_not",
                                    "disability": "no"})  # fmt: skip
    assert response.status_code == 302
    answers = EqualityMonitoring.objects.get(member=sam)
    assert (answers.ethnicity, answers.religion, answers.disability, answers.sex) == (
        "prefer_not",
        "prefer_not",
        "no",
        None,  # not answered (stored as NULL: the answers are encrypted)
    )
    assert _changes(family, "equality answers").count() == 2  # cleared, then answered
    # Shown again as given, to change.
    again = signed_in.get(url).content.decode()
    checked = re.findall(r'name="(\w+)"[^>]*value="(\w+)"\s*checked', again)
    assert sorted(checked) == [("disability", "no"), ("ethnicity", "prefer_not"),
                               ("religion", "prefer_not")]  # fmt: skip
    summary = signed_in.get(reverse("referrals:my_family")).content.decode()
    assert "Answered" in summary


def test_equality_answers_are_checked_and_can_be_removed(signed_in, family):
    sam = _member(family, "Sam")
    url = reverse("referrals:family_equality", args=[sam.pk])
    response = signed_in.post(url, {"ethnicity": "martian", "sex": "female"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not EqualityMonitoring.objects.filter(member=sam).exists()
    signed_in.post(url, {"sex": "female"})
    assert EqualityMonitoring.objects.get(member=sam).sex == "female"  # encrypted: not a filter
    assert signed_in.post(url, {"clear": "1", "sex": "male"}).status_code == 302
    assert not EqualityMonitoring.objects.filter(member=sam).exists()


def test_children_are_asked_fewer_equality_questions(signed_in, family):
    alex = _member(family, "Alex")
    url = reverse("referrals:family_equality", args=[alex.pk])
    page = signed_in.get(url).content.decode()
    assert "ethnic group" in page and "sexual orientation" not in page
    signed_in.post(url, {"sexual_orientation": "bisexual", "sex": "prefer_not"})
    answers = EqualityMonitoring.objects.get(member=alex)
    assert answers.sex == "prefer_not" and answers.sexual_orientation is None


def test_danger_written_in_the_family_record_is_saved_and_answered_with_help(signed_in, family):
    url = reverse("referrals:family_accessibility")
    words = "I can't take calls at home, my partner checks my phone"
    response = signed_in.post(url, {"accessibility_needs": words})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your safety comes first" in page and "govuk-exit-this-page" in page
    family.refresh_from_db()
    assert family.accessibility_needs == words  # saved all the same

"""Needs with no service say so, with helplines that fit and a way to ask for support, wherever
families browse or pick them: never an empty list. Proved on the Medway demo directory, where
"Bullying and staying safe online", "Missing school or not wanting to go" and "Stopping
smoking" have no service."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from familyhub.directory.models import ServiceTerm
from familyhub.finder import helplines
from familyhub.finder.models import SearchRecord
from familyhub.finder.needs_offered import needs_without_services, no_service_yet
from tests.factories import ServiceFactory, need

pytestmark = pytest.mark.django_db

NONE_YET = "We don’t know of a service for this in Medway yet."
TAXONOMY = Path(__file__).resolve().parents[2] / "familyhub/directory/data/needs_taxonomy.json"


def all_need_codes():
    def walk(terms):
        for term in terms:
            yield term["key"]
            yield from walk(term.get("children", []))

    return set(walk(json.loads(TAXONOMY.read_text())["terms"]))


def test_the_demo_needs_with_no_service_and_a_broad_need_whose_narrower_need_is_empty():
    empty = needs_without_services()
    assert {"bullying", "school-attendance", "stopping-smoking"} <= empty
    # "Behaviour and routines" has services, though "Missing school" under it has none.
    assert "behaviour" not in empty and "feeding" not in empty


def test_a_service_tagged_with_the_need_fills_it_and_an_inactive_one_does_not():
    inactive = ServiceFactory(name="Old anti-bullying club", status="inactive")
    inactive.service_terms.create(taxonomy_term=need("bullying"))
    assert "bullying" in needs_without_services()
    active = ServiceFactory(name="Anti-bullying club")
    active.service_terms.create(taxonomy_term=need("bullying"))
    assert "bullying" not in needs_without_services()  # the save forgot the cached answer
    ServiceTerm.objects.filter(service=active).delete()
    assert "bullying" in needs_without_services()


def test_each_empty_need_offers_helplines_that_fit_it():
    bullying, missing_school = no_service_yet(["bullying", "feeding", "school-attendance"])
    assert bullying.name == "Bullying and staying safe online"
    assert [line["name"] for line in bullying.helplines] == ["Childline", "Family Lives"]
    assert missing_school.code == "school-attendance"
    assert [line["name"] for line in missing_school.helplines] == ["Family Lives"]
    assert no_service_yet(["feeding", "not-a-need"]) == []


def test_a_narrower_need_has_its_broader_needs_helplines_else_the_general_ones():
    assert helplines.helplines_for("worries-anxiety", "child-mental-health") == [
        helplines.HELPLINES["childline"],
        helplines.HELPLINES["family-lives"],
    ]
    general = [helplines.HELPLINES[key] for key in helplines.FOR_ANY_NEED]
    assert helplines.helplines_for("care-families") == general
    assert [line["name"] for line in general] == ["Family Lives", "NSPCC Helpline"]


def test_helpline_data_names_real_needs_and_real_helplines():
    assert set(helplines.FOR_NEEDS) <= all_need_codes()
    for keys in [*helplines.FOR_NEEDS.values(), helplines.FOR_ANY_NEED]:
        assert keys and set(keys) <= set(helplines.HELPLINES)
    for line in helplines.HELPLINES.values():
        assert line["url"].startswith("https://")
        assert line["phone"] or line["url"]


def test_results_for_an_empty_need_say_so_with_helplines_and_ask_for_support(client):
    response = client.get(reverse("finder:results"), {"need": "bullying"})
    html = response.content.decode()
    assert response.status_code == 200
    assert NONE_YET in html
    assert 'id="no-service-bullying"' in html
    assert 'href="tel:08001111"' in html  # Childline
    assert f"{reverse('referrals:start')}?need=bullying" in html
    assert "fh-result" not in html  # no empty list of services
    assert "We could not find a match" not in html and "Other things you can try" in html
    # the search that found nothing is logged anonymously, as every search that finds little
    record = SearchRecord.objects.get()
    assert record.filters["needs"] == ["bullying"] and record.result_count == 0


def test_results_for_words_naming_an_empty_need_say_so_beside_the_broader_needs_services(client):
    html = client.get(reverse("finder:results"), {"q": "bullying"}).content.decode()
    assert 'id="no-service-bullying"' in html and NONE_YET in html
    assert "fh-result" in html  # services for the broader need (children's feelings) follow


def test_results_for_a_need_with_services_show_them_and_no_such_message(client):
    html = client.get(reverse("finder:results"), {"need": "feeding"}).content.decode()
    assert "fh-result" in html and NONE_YET not in html


def test_the_need_filter_says_which_needs_have_no_service_yet(client):
    html = client.get(reverse("finder:results"), {"q": "sleep"}).content.decode()
    assert "– Bullying and staying safe online (no services yet)</option>" in html
    assert "– Breastfeeding</option>" in html


def test_the_start_page_and_checker_say_when_a_top_level_need_has_no_service(client):
    ServiceTerm.objects.filter(taxonomy_term=need("young-carers")).delete()
    html = client.get(reverse("finder:start")).content.decode()
    young_carers = html.split("Young carers</a>", 1)[1].split("</li>", 1)[0]
    assert NONE_YET in young_carers
    assert html.count(NONE_YET) == 1

    checker = reverse("finder:checker")
    html = client.post(checker, {"step": "age", "who": "child", "age": "10"}).content.decode()
    assert html.count(NONE_YET) == 1  # in the hint of "Young carers" only
    html = client.post(
        checker,
        {"step": "where", "who": "child", "age": "10", "worries": ["young-carers", "sleep"]},
    ).content.decode()
    assert 'id="no-service-young-carers"' in html and NONE_YET in html
    assert 'id="no-service-sleep"' not in html


def test_in_polish_the_page_says_so_in_polish(client):
    html = client.get("/pl/services/", {"need": "bullying"}).content.decode()
    assert "Nie znamy jeszcze usługi w tej sprawie w Medway." in html
    assert "Filtruj lub zmień wyszukiwanie" in html
    assert "(na razie brak usług)</option>" in html

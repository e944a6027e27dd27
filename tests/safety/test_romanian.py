"""Romanian on the one safety layer: written apart from the data, as a family might type it
(with and without diacritics, with slips), and the everyday questions that must raise nothing.
Then the page: a Romanian search that describes danger is answered with Exit this page and what
to do now, in Romanian."""

import pytest
from django.urls import reverse
from django.utils import translation

from familyhub.safety.recognise import recognise

DANGER_RO = {
    "physical-abuse": [
        "sotul meu ma bate",
        "Partenerul meu mă lovește când bea",
        "tatal copiilor ne bate pe toti",
        "fostul m-a lovit in fata copiilor",
    ],
    "coercive-control": [
        "sotul imi controleaza toti banii",
        "iubitul nu ma lasa sa ies din casa",
    ],
    "threats-stalking": [
        "fostul meu ma ameninta ca imi ia copiii",
        "el spune ca ne omoara",
    ],
    "fear-at-home": [
        "mi e frica sa ma intorc acasa",
        "nu ne simtim in siguranta cu el",
    ],
    "sexual-abuse": ["fiica mea a fost abuzata sexual de unchiul ei"],
    "self-harm-suicide": ["fiul meu vrea sa moara", "ma gandesc la sinucidere"],
    "online-grooming": ["un strain ii cere fetei mele poze pe internet"],
    "criminal-exploitation": ["baiatul meu a fugit de acasa si nu raspunde"],
}
ORDINARY_RO = [
    "copilul meu nu doarme noaptea",
    "ajutor la alaptare",
    "baietelul meu de 3 ani ma loveste cand se enerveaza",
    "cum il invat pe copil sa foloseasca olita",
    "unde gasesc un logoped in Chatham",
    "fiica mea are emotii inainte de scoala",
    "sotul meu lucreaza in schimburi si sunt obosita",
    "sunt mama singura si am nevoie de ajutor cu banii",
    "cresa sau gradinita pentru copilul meu",
    "nu sunt sigura daca fiul meu are autism",
    "fiul meu se uita la telefon toata ziua",
    "grupuri pentru parinti in Gillingham",
]


def _cases(table):
    return [(kind, text) for kind, texts in table.items() for text in texts]


@pytest.mark.parametrize(("kind", "text"), _cases(DANGER_RO))
def test_romanian_disclosures_are_recognised(kind, text):
    assert kind in recognise(text).keys, recognise(text).keys


@pytest.mark.parametrize("text", ORDINARY_RO)
def test_ordinary_romanian_questions_raise_no_alarm(text):
    assert not recognise(text), recognise(text).keys


def _ro_results() -> str:
    with translation.override("ro"):
        return reverse("finder:results")


@pytest.mark.django_db
def test_a_romanian_search_describing_danger_gets_exit_this_page_in_romanian(client):
    response = client.get(_ro_results(), {"q": "soțul meu mă bate"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-exit-this-page" in page
    assert "Ieșiți de pe această pagină" in page
    assert "sunați la 999" in page
    assert "Cineva vă rănește pe dumneavoastră sau pe copilul dumneavoastră" in page


@pytest.mark.django_db
def test_an_ordinary_romanian_search_gets_no_exit_button(client):
    page = client.get(_ro_results(), {"q": "bebelușul nu doarme"})
    assert "govuk-exit-this-page" not in page.content.decode()

"""Pathways are built from the directory: each level lists exactly the services the directory
holds for the need at that level, split by whether a referral is needed."""

import pytest
from django.urls import reverse

from familyhub.directory.models import Service, TaxonomyTerm
from familyhub.information import pathways
from tests.information.helpers import published_page
from tests.personas import person

pytestmark = pytest.mark.django_db


def _directory_says(code, level, *, referral):
    """Written independently of pathways.py: the need and its narrower needs by their parent
    link, public statuses by name, access by the three flags."""
    codes = {code} | set(
        TaxonomyTerm.objects.filter(parent__code=code, taxonomy__key="familyhub-needs").values_list(
            "code", flat=True
        )
    )
    services = Service.objects.filter(
        status__in=["active", "temporarily closed"],
        level_of_need=level,
        service_terms__taxonomy_term__code__in=codes,
        service_terms__taxonomy_term__taxonomy__key="familyhub-needs",
    ).distinct()
    if referral:
        services = services.filter(access_drop_in=False, access_self_referral=False)
    else:
        services = services.exclude(access_drop_in=False, access_self_referral=False)
    return set(services.values_list("id", flat=True))


@pytest.mark.parametrize("code", ["behaviour", "neurodiversity", "sleep", "autism", "send"])
def test_each_level_holds_exactly_the_directory_services(code):
    term = TaxonomyTerm.objects.get(code=code, taxonomy__key="familyhub-needs")
    pathway = pathways.build_pathway(term, "en")
    assert [level.code for level in pathway.levels] == [
        "universal", "targeted", "specialist", "statutory"
    ]  # fmt: skip
    total = 0
    for level in pathway.levels:
        without = {summary.service.id for summary in level.without_referral}
        with_referral = {summary.service.id for summary in level.with_referral}
        assert without == _directory_says(code, level.code, referral=False), level.code
        assert with_referral == _directory_says(code, level.code, referral=True), level.code
        total += len(without) + len(with_referral)
    assert total > 0


def test_a_service_archived_in_the_directory_leaves_the_pathway_at_once(client):
    term = TaxonomyTerm.objects.get(code="sleep", taxonomy__key="familyhub-needs")
    before = pathways.build_pathway(term, "en")
    service = next(s.service for level in before.levels for s in level.without_referral)
    page = client.get(reverse("information:pathway", args=["sleep"])).text
    assert service.name in page
    Service.objects.filter(pk=service.pk).update(status="defunct")
    after = pathways.build_pathway(term, "en")
    listed = {s.service.id for level in after.levels for s in level.without_referral}
    assert service.id not in listed


def test_while_waiting_needs_no_referral_and_no_diagnosis():
    term = TaxonomyTerm.objects.get(code="neurodiversity", taxonomy__key="familyhub-needs")
    pathway = pathways.build_pathway(term, "en")
    assert pathway.while_waiting
    for summary in pathway.while_waiting:
        service = summary.service
        assert service.access_drop_in or service.access_self_referral
        assert not service.needs_diagnosis
        assert service.level_of_need in ("universal", "targeted")


def test_the_family_page_shows_thresholds_and_links_the_information_pages(client):
    published_page(person("content_editor"), stage="2-5", topic="behaviour", title="Tantrums")
    response = client.get(reverse("information:pathway", args=["behaviour"]))
    assert response.status_code == 200
    text = response.text
    assert "Tantrums" in text
    assert reverse("information:page", args=["2-5", "behaviour"]) in text
    for level in ("universal", "targeted", "specialist", "statutory"):
        assert f'id="level-{level}"' in text
    assert pathways.thresholds()["targeted"]["family"]["en"][:40] in text
    assert "Ordinarily available" not in text


def test_the_professional_view_has_ordinarily_available_support_in_schools(client):
    response = client.get(reverse("information:pathway_professionals", args=["behaviour"]))
    assert response.status_code == 200
    assert "Ordinarily available in schools" in response.text
    assert pathways.ordinarily_available()["behaviour"][0] in response.text
    assert "Level 2, targeted early help" in response.text


def test_an_unknown_need_is_404(client):
    assert client.get(reverse("information:pathway", args=["no-such-need"])).status_code == 404


def test_pathways_in_polish(client):
    response = client.get("/pl/pathways/sleep/")
    assert response.status_code == 200
    assert pathways.thresholds()["universal"]["family"]["pl"][:40] in response.text
    assert "Sen" in response.text

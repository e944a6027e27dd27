import pytest

from familyhub.directory import reference_data as ref
from familyhub.directory.models import Taxonomy, TaxonomyTerm

pytestmark = pytest.mark.django_db

TOP_NEEDS = [
    "behaviour",
    "sleep",
    "feeding",
    "parent-wellbeing",
    "child-mental-health",
    "neurodiversity",
    "send",
    "relationships",
    "domestic-abuse",
    "money-housing-food",
    "health",
    "pregnancy-baby",
    "teenagers",
    "youth-justice",
    "young-carers",
    "care-families",
    "care-leavers-parents",
    "groups-peer-support",
    "school-readiness",
]


def test_the_needs_taxonomy_is_loaded_in_families_words():
    needs = Taxonomy.objects.get(key=ref.NEEDS)
    top = set(needs.terms.filter(parent__isnull=True).values_list("code", flat=True))
    assert set(TOP_NEEDS) <= top
    assert needs.terms.filter(parent__isnull=False).count() >= 25
    for term in needs.terms.all():
        assert len(term.synonyms) >= 3, f"{term.code} has too few synonyms"
        banned = {"intervention", "deficit", "troubled"}
        assert not banned & set((term.name + " " + term.description).lower().split())


def test_synonyms_carry_parents_words():
    def synonyms(code):
        return {
            s.lower() for s in TaxonomyTerm.objects.get(id=ref.term_id(ref.NEEDS, code)).synonyms
        }

    assert "tantrums" in synonyms("behaviour-toddlers")
    assert "autistic" in synonyms("autism")
    assert any("sleep" in s for s in synonyms("sleep-babies"))


def test_needs_map_to_dfe_family_hubs_categories():
    mapped = TaxonomyTerm.objects.filter(taxonomy__key=ref.NEEDS, maps_to__isnull=False).distinct()
    assert mapped.count() >= 15
    assert all(t.taxonomy.key == ref.DFE for term in mapped for t in term.maps_to.all())


def test_partnership_vocabularies_exist_with_stable_ids():
    for key in [ref.LEVEL, ref.ACCESS, ref.DELIVERY, ref.DETAILS]:
        assert Taxonomy.objects.filter(id=ref.stable_id(key), key=key).exists()
    assert TaxonomyTerm.objects.get(id=ref.term_id(ref.LEVEL, "universal")).name == "Universal"


def test_loading_again_adds_nothing_and_keeps_edits():
    term = TaxonomyTerm.objects.get(id=ref.term_id(ref.NEEDS, "sleep"))
    term.name = "Sleep (edited)"
    term.save()
    before = TaxonomyTerm.objects.count()
    ref.load_reference_taxonomies()
    assert TaxonomyTerm.objects.count() == before
    assert TaxonomyTerm.objects.get(id=term.id).name == "Sleep (edited)"

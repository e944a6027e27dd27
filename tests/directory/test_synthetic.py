import pytest
from django.core.management import call_command

from familyhub.directory.models import Location, Service
from familyhub.directory.search.request import build_search_request
from familyhub.directory.search.service import search_services
from familyhub.directory.synthetic import SYNTHETIC_SOURCE, generate

pytestmark = pytest.mark.django_db


def test_generated_services_are_searchable_and_deterministic():
    made = generate(60, seed=7, batch_size=25)
    services = Service.objects.filter(source=SYNTHETIC_SOURCE)
    assert made == services.count() == 60
    assert all(s.search_key and s.search_text for s in services)
    assert services.filter(service_terms__isnull=False).distinct().count() == 60
    word = services.order_by("name").first().name.split()[-2]  # e.g. "group"
    results = search_services(build_search_request({"text": word, "per_page": 100}))
    assert results.total > 0
    names = sorted(services.values_list("name", flat=True))
    Service.objects.filter(source=SYNTHETIC_SOURCE).delete()
    Location.objects.filter(service_at_locations__isnull=True, addresses__isnull=True).delete()
    generate(60, seed=7)
    assert (
        sorted(Service.objects.filter(source=SYNTHETIC_SOURCE).values_list("name", flat=True))
        == names
    )


def test_the_command_generates(capsys):
    call_command("generate_services", "5", "--seed", "3")
    assert Service.objects.filter(source=SYNTHETIC_SOURCE).count() == 5

"""Which reads the router sends to a replica: only the directory's, only on the public's
directory pages answering GET or HEAD; everything else, writes included, to the primary."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import resolve

from familyhub import replicas
from familyhub.directory.models import Service
from familyhub.referrals.models import SupportRequest

router = replicas.PublicReadsRouter()


def _request(method, path):
    request = getattr(RequestFactory(), method.lower())(path)
    request.resolver_match = resolve(path)
    return request


def _routed_during(request, model):
    """Where a read of `model` goes while the middleware handles `request`."""
    seen = {}

    def view(request):
        seen["db"] = router.db_for_read(model)
        return None

    middleware = replicas.PublicReadsMiddleware(view)
    middleware.process_view(request, view, (), {})
    middleware(request)
    seen["after"] = router.db_for_read(model)
    return seen


@override_settings(DATABASE_REPLICAS=["replica_1"])
@pytest.mark.parametrize(
    "path", ["/", "/services/", "/check/", "/api/oruk/v3/services", "/api/oruk/v3/taxonomies"]
)
def test_the_directory_on_a_public_page_is_read_from_a_replica(path):
    seen = _routed_during(_request("GET", path), Service)
    assert seen == {"db": "replica_1", "after": "default"}


@override_settings(DATABASE_REPLICAS=["replica_1"])
def test_anything_else_is_read_from_the_primary():
    # Another app's model on a public page (a request, a session, a rate limit).
    assert _routed_during(_request("GET", "/services/"), SupportRequest)["db"] == "default"
    # The directory on a page that must read what was just written.
    assert _routed_during(_request("GET", "/request/"), Service)["db"] == "default"
    assert _routed_during(_request("GET", "/staff/services/"), Service)["db"] == "default"
    # A post to a public page.
    assert _routed_during(_request("POST", "/services/"), Service)["db"] == "default"


def test_with_no_replica_everything_is_the_primary():
    assert _routed_during(_request("GET", "/services/"), Service)["db"] == "default"


@override_settings(DATABASE_REPLICAS=["replica_1", "replica_2"])
def test_writes_and_migrations_are_the_primary_only():
    assert router.db_for_write(Service) == "default"
    assert router.allow_migrate("default", "directory") is True
    assert router.allow_migrate("replica_1", "directory") is False

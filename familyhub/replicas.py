"""Read replicas: the public's reads of the directory go to a replica, everything else to the
primary (decision 0048).

Families' searches, service pages and the ORUK API are most of the traffic and read only the
directory, which changes slowly; a replica a moment behind serves them as well as the primary.
Everything that must read what it has just written — a request, a provider's change, a session,
a rate limit — reads and writes the primary. So a read goes to a replica only when both hold:

- the page is one of PUBLIC_READ_VIEWS (or the ORUK API) answering GET or HEAD, and
- the model belongs to the directory (DIRECTORY_APPS).

Replicas are named by DATABASE_REPLICA_URLS (settings); with none, every read is the primary's.
"""

import contextvars
import random

from django.conf import settings

PUBLIC_READ_VIEWS = frozenset(
    {
        "finder:start",
        "finder:results",
        "finder:service",
        "finder:checker",
    }
)
PUBLIC_READ_NAMESPACES = frozenset({"oruk"})
DIRECTORY_APPS = frozenset({"directory", "postcodes"})
SAFE_METHODS = frozenset({"GET", "HEAD"})

_public_read = contextvars.ContextVar("public_read", default=False)


def replicas() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", ()))


def is_public_read(request) -> bool:
    match = request.resolver_match
    if request.method not in SAFE_METHODS or match is None:
        return False
    return match.view_name in PUBLIC_READ_VIEWS or bool(
        set(match.namespaces) & PUBLIC_READ_NAMESPACES
    )


class PublicReadsMiddleware:
    """Marks the public's directory pages, so their directory reads may go to a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_public_read_token", None)
            if token is not None:
                _public_read.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if replicas() and is_public_read(request):
            request._public_read_token = _public_read.set(True)


class PublicReadsRouter:
    """The router of the module's opening: the directory's reads on a public page go to a
    replica, every other read and every write to the primary."""

    def db_for_read(self, model, **hints):
        names = replicas()
        if names and _public_read.get() and model._meta.app_label in DIRECTORY_APPS:
            return random.choice(names)
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, copied: any two rows may be related

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # a replica is migrated by copying the primary

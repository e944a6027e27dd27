"""A web worker does before its first visitor what it would otherwise do during their request.

gunicorn calls `warm_up()` in each new worker before it takes a request (`post_worker_init` in
gunicorn.conf.py). Measured on the demo directory (2-core VM): a worker's first start page took
about 1 s (every app's URLs and views imported: 0.6 s; templates and translations), and its
first search 0.5 s more (the spelling vocabulary read from the directory, the safety lexicon's
word frequencies); afterwards 5-20 ms. After a deploy or a restart, the first visitors of each
worker paid that; on a phone it adds straight to the first paint.

Best effort: whatever fails here (the database not reachable yet) is logged and left to the
first request, as before; a worker always starts.
"""

import gc
import logging

logger = logging.getLogger(__name__)

# The public pages a family lands on first, and what every page extends.
TEMPLATES = ("base.html", "finder/start.html", "finder/results.html", "finder/service.html")


def warm_up() -> list[str]:
    """Load what the first requests would; the names of the steps that failed (logged)."""
    from django.conf import settings
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import resolve
    from django.utils import translation

    from familyhub.directory.search.spelling import vocabulary
    from familyhub.safety.recognise import recognise

    steps = {
        "urls": lambda: resolve("/"),
        "templates": lambda: [get_template(name) for name in TEMPLATES],
        "translations": lambda: [_load_translations(code) for code, _name in settings.LANGUAGES],
        "safety lexicon": lambda: recognise("baby not sleeping"),
        "spelling vocabulary": vocabulary,
    }
    failed = []
    for name, step in steps.items():
        try:
            step()
        except Exception:
            logger.exception("Warming up the worker: %s failed (left to the first request)", name)
            failed.append(name)
    translation.deactivate()
    connections.close_all()  # the first request opens its own, as any request does
    # What was loaded lives as long as the worker: collected once here and then left out of
    # the collector's full passes, which would otherwise walk it during a later request.
    gc.collect()
    gc.freeze()
    return failed


def _load_translations(code: str) -> None:
    from django.utils import translation

    translation.activate(code)
    translation.gettext("Find support for your family")

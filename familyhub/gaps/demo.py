"""Demonstration searches for the map's "searches that found nothing" column.

Each is a search a Medway parent might make, run through the real finder search (the same
parameters as the search page) and logged the way the finder logs it (`record_if_few`), marked
with source DEMO_SOURCE. Which ones find nothing is decided by the search, not written here.
"""

from django.db import transaction
from django.http import QueryDict

from familyhub.directory.search.service import search_services
from familyhub.finder.models import SearchRecord
from familyhub.finder.search_form import search_request_from
from familyhub.finder.unmet_need import record_if_few

DEMO_SOURCE = "demo"

DEMO_SEARCHES = [
    "need=young-carers&postcode=ME3+9AA&age=10&radius=1",
    "need=young-carers&postcode=ME3+9AA&age=13&radius=1",
    "need=care-leavers-parents&postcode=ME3+9AA&age=1&radius=1",
    "q=gambling&postcode=ME5+0AA&age=10&radius=1",
    "need=young-carers&postcode=ME8+0AA&age=12&radius=1",
    "need=youth-justice&postcode=ME8+0AA&age=15&radius=1",
    "need=domestic-abuse&postcode=ME3+9AA&age=5&radius=1&no_referral=1",
    "q=tongue+tie&postcode=ME8+0AA&age=0&radius=1",
    "need=feeding&postcode=ME5+0AA&age=0&radius=1",
    "q=twins&postcode=ME7+1AA&age=0&radius=1",
    "q=bereavement&postcode=ME8+0AA&age=8&radius=1",
    "need=sleep&postcode=ME3+9AA&age=6&radius=1",
]


def is_loaded() -> bool:
    return SearchRecord.objects.filter(source=DEMO_SOURCE).exists()


@transaction.atomic
def load_demo_searches() -> dict:
    logged = found_nothing = 0
    for query in DEMO_SEARCHES:
        found = search_services(search_request_from(QueryDict(query)))
        record = record_if_few(found.request, found.total, source=DEMO_SOURCE)
        if record is not None:
            logged += 1
            found_nothing += record.result_count == 0
    return {"searches": len(DEMO_SEARCHES), "logged": logged, "found_nothing": found_nothing}

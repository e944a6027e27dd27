#!/usr/bin/env python
"""Benchmark: do parents' own words find a relevant service in the top 5?

Runs realistic queries (misspellings, Polish, everyday phrasings) through the one search service
against the Medway demo directory, in a throwaway test database (SQLite in memory by default;
PostgreSQL when DATABASE_URL points at one). A query counts as a hit when one of its first five
services is tagged with one of the needs listed for it (or a narrower need). Polish queries run
with Polish active, as on /pl/. Prints the hit rate per kind and overall; asserts nothing.

    .venv/bin/python bench/queries.py
    .venv/bin/python bench/queries.py --misses      # also list the queries that missed
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/familyhub_x .venv/bin/python bench/queries.py
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (kind, language the page is in, query, needs that count as relevant). The demo directory has no
# service tagged for bullying or school attendance, so the needs its services for those are tagged
# with (children's mental health in school; behaviour at school) count too.
QUERIES = [
    # Misspellings
    ("misspelt", "en", "slep problems", ["sleep"]),
    ("misspelt", "en", "breast feading", ["breastfeeding", "feeding"]),
    ("misspelt", "en", "tantrms", ["behaviour-toddlers", "behaviour"]),
    ("misspelt", "en", "autisum", ["autism", "neurodiversity"]),
    ("misspelt", "en", "bullyed at school", ["bullying", "child-mental-health"]),
    ("misspelt", "en", "my baby wont sleap", ["sleep"]),
    ("misspelt", "en", "post natal depresion", ["perinatal-mental-health"]),
    ("misspelt", "en", "ansiety", ["worries-anxiety", "parent-mental-health"]),
    ("misspelt", "en", "breastfeding help", ["breastfeeding"]),
    ("misspelt", "en", "dyslexcia", ["neurodiversity"]),
    ("misspelt", "en", "speach delay", ["early-learning"]),
    ("misspelt", "en", "domestic abuce", ["domestic-abuse"]),
    ("misspelt", "en", "benifits advice", ["money-advice"]),
    ("misspelt", "en", "foodbank vouchrs", ["food-essentials"]),
    ("misspelt", "en", "dentist for my todler", ["teeth"]),
    ("misspelt", "en", "bereavment", ["bereavement"]),
    ("misspelt", "en", "young carrers", ["young-carers"]),
    ("misspelt", "en", "fostering suport", ["care-families"]),
    ("misspelt", "en", "adhd diagnoses waiting list", ["waiting-for-assessment", "adhd"]),
    ("misspelt", "en", "ehcp appeel", ["send-advice", "send"]),
    ("misspelt", "en", "homless", ["housing"]),
    ("misspelt", "en", "teenager self harming", ["low-mood-self-harm", "child-mental-health"]),
    ("misspelt", "en", "stay and plai", ["stay-and-play"]),
    ("misspelt", "en", "seperation and co parenting", ["parental-conflict"]),
    ("misspelt", "en", "wieght management for kids", ["healthy-weight"]),
    # Polish
    ("polish", "pl", "niemowlę nie śpi", ["sleep"]),
    ("polish", "pl", "niemowle nie spi", ["sleep"]),
    ("polish", "pl", "karmienie piersią", ["breastfeeding", "feeding"]),
    ("polish", "pl", "karmienie piersia", ["breastfeeding", "feeding"]),
    ("polish", "pl", "autyzm", ["autism", "neurodiversity"]),
    ("polish", "pl", "sen", ["sleep"]),
    ("polish", "pl", "depresja poporodowa", ["perinatal-mental-health"]),
    ("polish", "pl", "problemy z zachowaniem", ["behaviour"]),
    ("polish", "pl", "napady złości", ["behaviour-toddlers", "behaviour"]),
    ("polish", "pl", "przemoc domowa", ["domestic-abuse"]),
    ("polish", "pl", "dentysta dla dziecka", ["teeth"]),
    ("polish", "pl", "ciąża", ["pregnancy", "pregnancy-baby"]),
    ("polish", "pl", "położna", ["pregnancy"]),
    ("polish", "pl", "nękanie w szkole", ["bullying", "child-mental-health"]),
    (
        "polish",
        "pl",
        "dziecko nie chce chodzić do szkoły",
        ["school-attendance", "behaviour-school-age"],
    ),
    ("polish", "pl", "bank żywności", ["food-essentials"]),
    ("polish", "pl", "pomoc finansowa zasiłki", ["money-advice", "money-housing-food"]),
    ("polish", "pl", "bezdomność", ["housing"]),
    ("polish", "pl", "lęk u dziecka", ["worries-anxiety"]),
    ("polish", "pl", "żałoba", ["bereavement"]),
    ("polish", "pl", "opóźniony rozwój mowy", ["early-learning"]),
    ("polish", "pl", "specjalne potrzeby edukacyjne", ["send", "send-advice"]),
    ("polish", "pl", "grupa dla mam z dziećmi", ["groups-peer-support", "stay-and-play"]),
    ("polish", "pl", "rozwód i kontakty z dzieckiem", ["parental-conflict"]),
    ("polish", "pl", "nastolatek samookaleczenia", ["low-mood-self-harm"]),
    ("polish", "pl", "rodzina zastępcza", ["care-families"]),
    ("polish", "pl", "kurs dla rodziców", ["parenting-courses"]),
    (
        "polish",
        "pl",
        "jestem w ciąży i czuję się samotna",
        ["perinatal-mental-health", "pregnancy"],
    ),
    ("polish", "pl", "alkohol w rodzinie", ["drink-and-drugs"]),
    ("polish", "pl", "rzucanie palenia", ["health", "drink-and-drugs", "stopping-smoking"]),
    # Everyday phrasings
    ("everyday", "en", "my son won't go to school", ["school-attendance", "behaviour-school-age"]),
    ("everyday", "en", "can't afford food", ["food-essentials", "money-housing-food"]),
    ("everyday", "en", "my baby cries all the time", ["new-baby", "feeding", "sleep"]),
    ("everyday", "en", "I feel so alone since having the baby", ["perinatal-mental-health"]),
    ("everyday", "en", "my teenager never leaves their room", ["low-mood-self-harm", "teenagers"]),
    ("everyday", "en", "my partner shouts and scares me", ["domestic-abuse"]),
    ("everyday", "en", "we are being evicted", ["housing"]),
    ("everyday", "en", "my daughter is being picked on", ["bullying", "child-mental-health"]),
    ("everyday", "en", "he hits his little sister", ["behaviour", "behaviour-school-age"]),
    (
        "everyday",
        "en",
        "my 2 year old isn't talking",
        ["early-learning", "child-health-development"],
    ),
    ("everyday", "en", "nan looking after my kids", ["care-families"]),
    ("everyday", "en", "struggling to pay the bills", ["money-housing-food", "money-advice"]),
    ("everyday", "en", "my child gets really angry", ["behaviour"]),
    ("everyday", "en", "my son was arrested", ["youth-justice"]),
    ("everyday", "en", "things to do with a toddler", ["stay-and-play", "groups-peer-support"]),
    (
        "everyday",
        "en",
        "nobody will tell us if he is autistic",
        ["autism", "waiting-for-assessment"],
    ),
    ("everyday", "en", "baby won't latch", ["breastfeeding"]),
    ("everyday", "en", "my dad drinks too much", ["drink-and-drugs"]),
    ("everyday", "en", "we split up and argue about the kids", ["parental-conflict"]),
    ("everyday", "en", "grandad died and my son is sad", ["bereavement"]),
]

# Written after the search was changed to pass the list above, and not tuned against: a check
# that the changes were not fitted to one list of queries.
LATER = [
    ("misspelt", "en", "pregnent", ["pregnancy", "pregnancy-baby"]),
    ("misspelt", "en", "mental helth", ["parent-wellbeing", "child-mental-health"]),
    ("misspelt", "en", "toddler groops", ["stay-and-play", "groups-peer-support"]),
    ("misspelt", "en", "behavour problems", ["behaviour"]),
    ("misspelt", "en", "ADHD assesment", ["adhd", "waiting-for-assessment"]),
    ("misspelt", "en", "relationshp problems", ["relationships"]),
    ("misspelt", "en", "speach therapy", ["early-learning", "send", "child-health-development"]),
    ("misspelt", "en", "weening my baby", ["bottle-feeding-weaning", "feeding"]),
    ("polish", "pl", "problemy ze snem u dziecka", ["sleep"]),
    ("polish", "pl", "dziecko ma napady złości", ["behaviour-toddlers", "behaviour"]),
    ("polish", "pl", "pomoc dla ojców", ["dads"]),
    ("polish", "pl", "logopeda dla dziecka", ["early-learning", "send"]),
    ("polish", "pl", "karmienie butelką", ["bottle-feeding-weaning", "feeding"]),
    ("polish", "pl", "zajęcia dla maluchów", ["stay-and-play"]),
    ("polish", "pl", "młodzi opiekunowie", ["young-carers"]),
    ("polish", "pl", "kłótnie z partnerem", ["parental-conflict", "relationships"]),
    ("polish", "pl", "nie mam pieniędzy na jedzenie", ["food-essentials", "money-housing-food"]),
    ("polish", "pl", "adhd u dziecka", ["adhd"]),
    ("everyday", "en", "I'm pregnant and scared", ["pregnancy", "perinatal-mental-health"]),
    ("everyday", "en", "my kid is always on his phone", ["behaviour", "teenagers"]),
    ("everyday", "en", "my son is being bullied online", ["bullying", "child-mental-health"]),
    ("everyday", "en", "we have nowhere to live", ["housing"]),
    ("everyday", "en", "how do I get my child assessed for autism", ["autism"]),
    ("everyday", "en", "my toddler bites other children", ["behaviour-toddlers", "behaviour"]),
]


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    from familyhub.directory.demo import load_demo_data

    load_demo_data()
    return connection, name


def relevant_services(codes):
    from familyhub.directory.models import ServiceTerm
    from familyhub.directory.search.needs import needs_index

    index = needs_index()
    terms = set()
    for code in codes:
        terms |= index.descendants[index.by_code[code]]
    return set(
        ServiceTerm.objects.filter(taxonomy_term_id__in=terms).values_list("service_id", flat=True)
    )


def run(queries, show_misses: bool):
    from django.utils import translation

    from familyhub.directory.search.request import SearchRequest
    from familyhub.directory.search.service import search_services

    by_kind, misses, seconds = {}, [], []
    for kind, language, text, codes in queries:
        wanted = relevant_services(codes)
        with translation.override(language):
            started = time.perf_counter()
            found = search_services(SearchRequest(text=text, per_page=5))
            seconds.append(time.perf_counter() - started)
        top = [hit.service.id for hit in found.hits[:5]]
        hit = any(service_id in wanted for service_id in top)
        by_kind.setdefault(kind, []).append(hit)
        if not hit:
            misses.append((kind, language, text, found.total, [h.service.name for h in found.hits]))
    total = [hit for hits in by_kind.values() for hit in hits]
    for kind, hits in by_kind.items():
        print(f"{kind:<10} {sum(hits):3d}/{len(hits):<3d} {100 * sum(hits) / len(hits):5.1f}%")
    print(f"{'all':<10} {sum(total):3d}/{len(total):<3d} {100 * sum(total) / len(total):5.1f}%")
    seconds.sort()
    print(f"search time: median {1000 * seconds[len(seconds) // 2]:.1f} ms")
    if show_misses:
        for kind, language, text, count, names in misses:
            print(f"MISS [{kind}/{language}] {text!r}: {count} found; top: {names[:3]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the queries that missed")
    args = parser.parse_args()
    connection, name = setup()
    try:
        print(f"{len(QUERIES)} queries, database {connection.vendor}")
        run(QUERIES, args.misses)
        print(f"\n{len(LATER)} queries written later, not tuned against")
        run(LATER, args.misses)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()

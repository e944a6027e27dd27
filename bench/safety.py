#!/usr/bin/env python
"""Benchmark: the safety layer against phrasings it was not written from, through the real
results page on the Medway demo directory (SQLite, a fresh file in a temporary folder), and
its cost. Prints figures; asserts nothing.

    .venv/bin/python bench/safety.py

For each danger phrasing: is the Exit button there, does "what to do now" come first, and are
the top 3 results services for that danger (tagged with one of its needs, or a child need)?
For each ordinary worry: no Exit button and no safety panel (a false alarm otherwise).
Then the time one `recognise()` takes on a typical search and on a long request answer.
"""

import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Written for this benchmark, apart from the phrase data and the tests: (words, needs).
DANGER = [
    ("my partner keeps hitting me", {"domestic-abuse"}),
    ("boyfriend hit me in front of the kids", {"domestic-abuse"}),
    ("my husband beat me up last night", {"domestic-abuse"}),
    ("my childrens dad is violent", {"domestic-abuse"}),
    ("my ex strangled me and I passed out", {"domestic-abuse"}),
    ("he pushes me around and shouts at the kids", {"domestic-abuse"}),
    ("I'm being abused at home", {"domestic-abuse"}),
    ("im scared of my boyfriend", {"domestic-abuse"}),
    ("my partner takes all my benefits", {"domestic-abuse"}),
    ("husband wont let me leave the house", {"domestic-abuse"}),
    ("he checks my phone and my messages", {"domestic-abuse"}),
    ("my ex keeps following me", {"domestic-abuse"}),
    ("he says he will kill me if I leave", {"domestic-abuse"}),
    ("my ex is stalking me and the children", {"domestic-abuse"}),
    ("i dont feel safe at home with him", {"domestic-abuse"}),
    ("scared to go back home tonight", {"domestic-abuse"}),
    ("need somewhere safe to go with my kids", {"domestic-abuse"}),
    ("my stepdad touched me", {"domestic-abuse"}),
    ("my daughter says her uncle touched her", {"domestic-abuse"}),
    ("i think i might hurt my baby", {"perinatal-mental-health", "parent-mental-health"}),
    ("having thoughts of hurting my newborn", {"perinatal-mental-health", "parent-mental-health"}),
    ("i feel like i could shake the baby", {"perinatal-mental-health", "parent-mental-health"}),
    ("my son is self harming", {"low-mood-self-harm", "parent-mental-health"}),
    ("my teenage daughter cuts herself", {"low-mood-self-harm", "parent-mental-health"}),
    ("my child said they want to die", {"low-mood-self-harm", "parent-mental-health"}),
    ("I want to end my life", {"low-mood-self-harm", "parent-mental-health"}),
    ("feeling suicidal after the baby", {"low-mood-self-harm", "parent-mental-health"}),
    ("my son is talking about killing himself", {"low-mood-self-harm", "parent-mental-health"}),
    ("someone on snapchat asked my daughter for nudes", {"bullying", "teenagers"}),
    ("a grown man is messaging my 12 year old", {"bullying", "teenagers"}),
    ("my son is being groomed online", {"bullying", "teenagers"}),
    ("my son is dealing drugs for a gang", {"teenagers", "youth-justice"}),
    ("my daughter goes missing for days", {"teenagers", "youth-justice"}),
    ("found a knife in my sons room", {"teenagers", "youth-justice"}),
    ("my husbund hits me", {"domestic-abuse"}),
    ("my partner is abusive", {"domestic-abuse"}),
    ("mąż mnie bije", {"domestic-abuse"}),
    ("boję się męża", {"domestic-abuse"}),
    ("córka się okalecza", {"low-mood-self-harm", "parent-mental-health"}),
    ("syn mówi że chce umrzeć", {"low-mood-self-harm", "parent-mental-health"}),
]
ORDINARY = [
    "tantrums",
    "won't sleep",
    "dad groups",
    "toddler hitting",
    "my toddler bites and hits",
    "baby won't settle at night",
    "potty training",
    "fussy eater",
    "help with breastfeeding",
    "bottle feeding help",
    "teenager moody",
    "autism assessment wait",
    "adhd support group",
    "speech delay",
    "school refusal",
    "bullying at school",
    "cyber bullying",
    "money worries",
    "food bank near me",
    "housing help",
    "separation and co parenting",
    "arguing with my partner",
    "stay and play",
    "baby massage",
    "parenting course",
    "young carers",
    "foster carer support",
    "postnatal depression",
    "feeling lonely",
    "stop smoking",
    "dentist",
    "healthy eating",
    "my son is scared of the dark",
    "my daughter hates school",
    "my son hits his brother",
    "my baby keeps choking on lumps",
    "support for dads",
    "karmienie piersią",
    "niemowlę nie śpi",
    "autyzm",
]
LONG_ANSWER = (
    "We moved to Chatham last year and my son, who is 4, finds it hard to settle at nursery. "
    "He has tantrums at bedtime and wakes two or three times a night. We have tried a reward "
    "chart and a bedtime routine, but nothing seems to stick, and I am exhausted. "
) * 5


def setup_django(folder: str):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/safety.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo_data", verbosity=0)


def main():
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder)
        from django.test import Client
        from django.test.utils import setup_test_environment

        from familyhub.directory.models import Service
        from familyhub.safety.recognise import recognise

        setup_test_environment()
        client = Client()
        needs_of = {}
        for service in Service.objects.prefetch_related("taxonomy_terms__parent"):
            codes = set()
            for term in service.taxonomy_terms.all():
                codes.add(term.code)
                if term.parent_id:
                    codes.add(term.parent.code)
            needs_of[str(service.id)] = codes

        exit_shown = help_first = top3_right = 0
        misses = []
        for words, needs in DANGER:
            page = client.get("/services/", {"q": words, "postcode": "ME7 1NX"}).content.decode()
            ids = re.findall(r'href="/services/([0-9a-f-]{36})/', page)[:3]
            has_exit = "govuk-exit-this-page" in page
            first = "Your safety comes first" in page and page.index(
                "Your safety comes first"
            ) < page.find('id="results"')
            right = len(ids) == 3 and all(needs_of[i] & needs for i in ids)
            exit_shown += has_exit
            help_first += first
            top3_right += right
            if not (has_exit and first and right):
                misses.append(words)
        false_alarms = [
            words
            for words in ORDINARY
            if "govuk-exit-this-page" in client.get("/services/", {"q": words}).content.decode()
        ]

        def per_call(text, runs=2000):
            recognise(text)
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                recognise(text)
                times.append(time.perf_counter() - start)
            return statistics.median(times) * 1e6

        typical = per_call("my toddler has tantrums and won't sleep")
        long_text = per_call(LONG_ANSWER, runs=300)

    print(f"machine: {platform.node()} {platform.machine()}, Python {platform.python_version()}")
    print(f"danger phrasings: {len(DANGER)} (English {len(DANGER) - 4}, Polish 4)")
    print(f"  Exit this page shown:       {exit_shown}/{len(DANGER)}")
    print(f"  what to do now first:       {help_first}/{len(DANGER)}")
    print(f"  top 3 results for it:       {top3_right}/{len(DANGER)}")
    if misses:
        print("  missed:", "; ".join(misses))
    print(f"ordinary worries: {len(ORDINARY)}, false alarms: {len(false_alarms)}")
    if false_alarms:
        print("  false alarms:", "; ".join(false_alarms))
    print(f"recognise(), median of repeats: {typical:.0f} µs for a search's words, "
          f"{long_text:.0f} µs for a {len(LONG_ANSWER)}-character answer")  # fmt: skip


if __name__ == "__main__":
    main()

"""Demonstration information pages (command load_demo_information): fifteen pages across the
ages, five of them in Polish too, written through the real actions (drafted, then published by
the demo content editor). One page has a second version (the first kept as superseded), one
has a Polish draft waiting, and one is past its review date, so the editors' pages show each.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from familyhub.information import actions
from familyhub.information.models import InformationPage

PAGES = Path(__file__).parent / "demo_data" / "pages.json"
EDITOR_EMAIL = "editor@example.org"


def loaded() -> bool:
    return InformationPage.objects.exists()


def _pages() -> list[dict]:
    with PAGES.open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_demo_information() -> int:
    editor = get_user_model().objects.filter(email=EDITOR_EMAIL).first()
    made = 0
    for row in _pages():
        page = actions.create_page(stage=row["stage"], topic=row["topic"], by=editor)
        for language in ("en", "pl"):
            if language in row:
                actions.save_draft(page.pk, language=language, words=row[language], by=editor)
                actions.publish(page.pk, language=language, by=editor)
        made += 1
    # A second English version of toddler sleep: the first stays, superseded.
    sleep = InformationPage.objects.get(stage="1-2", topic="sleep")
    words = next(row["en"] for row in _pages() if row["stage"] == "1-2" and row["topic"] == "sleep")
    words = {**words, "more": "Medway's family hubs run free sleep drop-ins: see what's on."}
    actions.save_draft(sleep.pk, language="en", words=words, by=editor)
    actions.publish(sleep.pk, language="en", by=editor)
    # A Polish draft waiting to be checked and published.
    talking = InformationPage.objects.get(stage="1-2", topic="talking")
    actions.save_draft(
        talking.pk,
        language="pl",
        words={
            "title": "Pierwsze słowa: mowa i rozumienie w wieku 1–2 lat",
            "summary": "Małe dzieci rozumieją dużo więcej, niż potrafią powiedzieć.",
            "typical": "- Około pierwszych urodzin wiele dzieci mówi pierwsze słowa.",
            "when_to_ask": "- Porozmawiaj z wizytującą pielęgniarką, jeśli martwisz się mową.",
            "search_words": "mowa dziecka",
        },
        by=editor,
    )
    # A review that has fallen due (the demo shows editors the overdue list).
    InformationPage.objects.filter(stage="pregnancy", topic="feeding").update(
        review_by=timezone.localdate() - timedelta(days=10)
    )
    return made

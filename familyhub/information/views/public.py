"""The families' information pages: the index by age and one page, in the page's language."""

from urllib.parse import urlencode

from django.conf.locale import LANG_INFO
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from familyhub.information import queries
from familyhub.information.content import render as render_words
from familyhub.information.stages import SEARCH_AGE, TOPIC_NEEDS, Stage, Topic


def index(request):
    language = queries.content_language()
    return render(request, "information/index.html", {"stages": queries.index(language)})


def page(request, stage, topic):
    if stage not in Stage.values or topic not in Topic.values:
        raise Http404
    shown = queries.published_page(stage, topic, queries.content_language())
    if shown is None:
        raise Http404
    version = shown.version
    age = SEARCH_AGE[stage]
    search = urlencode({"q": version.search_words, "age": age})
    needs = TOPIC_NEEDS[topic]
    context = {
        "shown": shown,
        "version": version,
        "stage_name": Stage(stage).label,
        "topic_name": Topic(topic).label,
        "typical": render_words(version.typical),
        "when_to_ask": render_words(version.when_to_ask),
        "more": render_words(version.more),
        "search_url": f"{reverse('finder:results')}?{search}",
        "need_url": f"{reverse('finder:results')}?{urlencode({'need': needs[0], 'age': age})}",
        "pathway_url": reverse("information:pathway", args=[needs[0]]),
        "checker_url": reverse("finder:checker"),
        "content_dir": "rtl" if LANG_INFO.get(version.language, {}).get("bidi") else "ltr",
        "other_pages": [
            other
            for other in queries.pages_for_topics([topic], queries.content_language())
            if other.page.pk != shown.page.pk
        ],
    }
    return render(request, "information/page.html", context)

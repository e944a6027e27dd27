"""The families' front door: thin views over the search service, the checker and the shortlist."""

from dataclasses import replace
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familyhub.directory.choices import PUBLIC_STATUSES, LevelOfNeed, ServiceStatus
from familyhub.directory.models import Service, TaxonomyTerm
from familyhub.directory.need_names import matched_need_names
from familyhub.directory.reference_data import NEEDS
from familyhub.directory.search import cached
from familyhub.directory.search.request import SearchInputError, SearchRequest
from familyhub.directory.search.service import search_services
from familyhub.finder import checker, needs_offered, presenting, shortlist
from familyhub.finder.forms import SuggestChangeForm
from familyhub.finder.helplines import NATIONAL_HELPLINES
from familyhub.finder.paging import pagination
from familyhub.finder.search_form import (
    RADIUS_CHOICES,
    TypedValues,
    day_choices,
    language_choices,
    need_choices,
    options_html,
    page_error,
    radius_choices,
    search_request_from,
    top_needs,
)
from familyhub.finder.unmet_need import record_if_few
from familyhub.referrals.access import can_ask_for_support
from familyhub.safety.help import kind_names, what_to_do_now
from familyhub.safety.recognise import recognise
from familyhub.upkeep.suggestions import suggestion_received

DOMESTIC_ABUSE = "domestic-abuse"


def start(request):
    return render(
        request,
        "finder/start.html",
        {
            "needs": top_needs(),
            "needs_without_services": needs_offered.needs_without_services(),
            "typed": TypedValues(),
            "errors": {},
        },
    )


def _few_results_help(request, search: SearchRequest, shown_ids: set, version) -> dict:
    """What to try when a search finds little: a wider distance, no filters, nearby universal
    services, national helplines."""
    help_ = {"helplines": NATIONAL_HELPLINES, "wider_url": "", "no_filters_url": "", "nearby": []}
    if search.postcode and (search.radius_miles or 0) < float(RADIUS_CHOICES[-1]):
        wider = next(r for r in RADIUS_CHOICES if float(r) > (search.radius_miles or 0))
        query = request.GET.copy()
        query["radius"] = wider
        query.pop("page", None)
        help_["wider_url"] = f"?{query.urlencode()}"
        help_["wider_miles"] = wider
    kept = {key: request.GET.get(key) for key in ("q", "postcode", "age", "radius")}
    help_["no_filters_url"] = "?" + urlencode({k: v for k, v in kept.items() if v})
    if search.postcode:
        nearby = cached.search(
            SearchRequest(
                postcode=search.postcode,
                radius_miles=search.radius_miles,
                age=search.age,
                levels=[LevelOfNeed.UNIVERSAL],
                per_page=5,
            ),
            version=version,
        )
        services = [hit for hit in nearby.hits if hit.service.id not in shown_ids][:4]
        help_["nearby"] = services
    return help_


def _help_for_danger(search: SearchRequest, disclosure) -> SearchRequest:
    """Words that describe danger are answered with the services for that danger, near the
    family if they gave a postcode (for any age, with no other filter), never an ordinary list.
    """
    return SearchRequest(
        needs=disclosure.needs,
        postcode=search.postcode,
        radius_miles=search.radius_miles,
        per_page=search.per_page,
        page=search.page,
    )


def _safety_context(disclosure) -> dict:
    if not disclosure:
        return {"disclosure": None}
    return {
        "disclosure": disclosure,
        "safety_help": what_to_do_now(disclosure),
        "safety_kinds": kind_names(disclosure),
        "quick_exit": True,
    }


def _corrected_search_url(request, found) -> str:
    """The same search, filters kept, with the misspellings corrected: offered only when the
    corrected words are what found the services shown."""
    if not found.corrected_text:
        return ""
    query = request.GET.copy()
    query["q"] = found.corrected_text
    query.pop("page", None)
    return f"?{query.urlencode()}"


def _no_service_yet(found) -> list:
    """The needs searched for that have no service: the needs chosen in the filter, and the
    needs recognised in the words (even when services for the broader need are shown)."""
    if found is None:
        return []
    codes = list(found.request.needs)
    if found.understanding:
        codes += needs_offered.codes_of(found.understanding.needs)
    return needs_offered.no_service_yet(codes)


def _found(search: SearchRequest, version) -> tuple:
    """The search's results and their summaries (waits to be read), kept for identical
    searches until the directory changes."""

    def compute():
        found = search_services(search)
        services = [hit.service for hit in found.hits]
        prefetch_related_objects(services, *presenting.SUMMARY_PREFETCH)
        distances = {hit.service.id: hit.distance_miles for hit in found.hits}
        return found, presenting.summarise_all(services, distances, found.place, waits=False)

    return cached.remembered("results-page", (search,), compute, version=version)


def _card_version(version, found) -> str:
    """What a result's card (_result_card.html) depends on besides its service and distance:
    the directory, the page's language and the place searched from. Empty: not cached."""
    if version is None or found is None:
        return ""
    near = f"{found.place.latitude},{found.place.longitude}" if found.place else ""
    return f"{version}:{get_language()}:{near}"


def results(request):
    typed = TypedValues.from_query(request.GET)
    errors, found, summaries, few_help = {}, None, [], None
    disclosure = recognise(typed.q)  # the safety layer reads every search first
    # Identical searches are answered from the cache until the directory changes; the cache
    # only ever sees the request the safety check made (help for danger, never the list).
    version = cached.directory_version()
    try:
        search = search_request_from(request.GET)
        if disclosure:
            search = _help_for_danger(search, disclosure)
        found, summaries = _found(search, version)
        if disclosure and found.total == 0 and search.postcode:
            found, summaries = _found(replace(search, postcode="", radius_miles=None), version)
    except SearchInputError as error:
        errors = page_error(error).errors
    if found is not None:
        services = [hit.service for hit in found.hits]
        summaries = presenting.with_waits(summaries)
        record_if_few(found.request, found.total)
        if found.total < 3 and not disclosure:
            few_help = _few_results_help(request, found.request, {s.id for s in services}, version)
    no_service = _no_service_yet(found)
    about_abuse = DOMESTIC_ABUSE in typed.need or (
        found is not None and any(name == "Domestic abuse" for name in found.matched_needs)
    )
    context = {
        "typed": typed,
        "errors": errors,
        "found": found,
        "summaries": summaries,
        "few_help": few_help,
        "no_service": no_service,
        "pagination": pagination(request, found) if found else None,
        "matched_needs": matched_need_names(found) if found else [],
        "corrected_url": _corrected_search_url(request, found) if found else "",
        "query_string": request.GET.urlencode(),
        # The need filter's options (names, and which needs have no service yet) change only
        # with the directory.
        "need_options": options_html(
            cached.remembered("need-choices", (), need_choices, version=version), typed.need
        ),
        "language_options": options_html(language_choices(), {typed.language}),
        "day_choices": day_choices(),
        "radius_choices": radius_choices(),
        "delivery_choices": checker.DELIVERY_CHOICES,
        "quick_exit": about_abuse,
        "shortlisted": set(shortlist.service_ids(request.session)),
        "card_version": _card_version(version, found),
    } | _safety_context(disclosure)
    return render(request, "finder/results.html", context, status=400 if errors else 200)


def _service_needs(service: Service) -> list[TaxonomyTerm]:
    return [term for term in service.taxonomy_terms.all() if term.taxonomy.key == NEEDS]


def _while_you_wait(service: Service, needs: list[TaxonomyTerm], wait) -> list:
    """Services for the same needs that need no referral, for families waiting for this one."""
    if not needs or not (presenting.needs_professional(service) or wait.weeks):
        return []
    found = search_services(
        SearchRequest(
            needs=[term.code for term in needs],
            access_routes=["drop_in", "self_referral"],
            levels=[LevelOfNeed.UNIVERSAL, LevelOfNeed.TARGETED],
            per_page=6,
        )
    )
    return [hit.service for hit in found.hits if hit.service.id != service.id][:4]


def service_detail(request, service_id):
    service = get_object_or_404(
        Service.objects.select_related("organisation").prefetch_related(
            "taxonomy_terms__taxonomy",
            "languages",
            "cost_options",
            "schedules",
            "service_at_locations__schedules",
            "service_at_locations__location__addresses",
            "service_at_locations__location__accessibility",
        ),
        pk=service_id,
    )
    if service.status == ServiceStatus.HELD:  # an import waiting for review: not public
        raise Http404
    needs = _service_needs(service)
    back_query = request.GET.urlencode()
    summary = presenting.summarise(service)
    context = {
        "service": service,
        "summary": summary,
        "can_ask": can_ask_for_support(service, request.user),
        "when": presenting.when_in_words(service),
        "places": presenting.places(service),
        "accessibility": [
            feature
            for link in service.service_at_locations.all()
            for feature in link.location.accessibility.all()
        ],
        "needs": needs,
        "while_you_wait": _while_you_wait(service, needs, summary.wait),
        "needs_professional": presenting.needs_professional(service),
        "delivered": presenting.ways_delivered(service),
        "closed": service.status not in PUBLIC_STATUSES,
        "back_url": f"{reverse('finder:results')}?{back_query}" if back_query else "",
        "on_shortlist": str(service.id) in shortlist.service_ids(request.session),
        "quick_exit": any(term.code == DOMESTIC_ABUSE for term in needs),
    }
    return render(request, "finder/service.html", context)


def suggest_change(request, service_id):
    service = get_object_or_404(Service, pk=service_id)
    form = SuggestChangeForm(request.POST or None)
    disclosure = recognise(request.POST.get("details", "")) if request.method == "POST" else None
    if disclosure and not request.POST.get("send_anyway"):
        # Words that describe danger are not a correction to the directory: they are not sent
        # to the service. What to do now comes first; the text stays in the box.
        return render(
            request,
            "finder/suggest_change.html",
            {"service": service, "form": SuggestChangeForm(request.POST)}
            | _safety_context(disclosure),
        )
    if request.method == "POST" and form.is_valid():
        suggestion = form.save(commit=False)
        suggestion.service = service
        suggestion.save()
        suggestion_received(suggestion)  # the organisation and the data managers are told
        messages.success(request, _("Thank you. We will check your suggestion."))
        return redirect("finder:service", service_id=service.id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "finder/suggest_change.html", {"service": service, "form": form}, status=status
    )


def _back_to(request, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = fallback
    return HttpResponseRedirect(target or fallback)


@require_POST
def shortlist_add(request):
    service = get_object_or_404(Service, pk=_uuid_or_404(request.POST.get("service")))
    if shortlist.add(request.session, service.id):
        messages.success(request, _("%(name)s is on your shortlist.") % {"name": service.name})
    return _back_to(request, reverse("finder:shortlist"))


@require_POST
def shortlist_remove(request):
    service = get_object_or_404(Service, pk=_uuid_or_404(request.POST.get("service")))
    if shortlist.remove(request.session, service.id):
        messages.success(
            request, _("%(name)s is no longer on your shortlist.") % {"name": service.name}
        )
    return _back_to(request, reverse("finder:shortlist"))


def _uuid_or_404(raw):
    ids = shortlist.parse_shared(raw or "")
    if not ids:
        raise Http404("Not a service id")
    return ids[0]


def _shortlist_context(request, ids):
    services = shortlist.services(ids)
    share_url = request.build_absolute_uri(
        reverse("finder:shared_shortlist") + "?" + urlencode({"services": ",".join(ids)})
    )
    return {
        "summaries": presenting.summarise_all(list(services)),
        "share_url": share_url if services else "",
    }


def shortlist_page(request):
    ids = shortlist.service_ids(request.session)
    return render(request, "finder/shortlist.html", _shortlist_context(request, ids))


def shortlist_print(request):
    ids = shortlist.service_ids(request.session)
    context = _shortlist_context(request, ids)
    context["services"] = [
        {
            "summary": summary,
            "when": presenting.when_in_words(summary.service),
            "places": presenting.places(summary.service),
        }
        for summary in context["summaries"]
    ]
    return render(request, "finder/shortlist_print.html", context)


def shared_shortlist(request):
    ids = shortlist.parse_shared(request.GET.get("services", ""))
    if request.method == "POST":
        added = shortlist.add_many(request.session, ids)
        messages.success(
            request, _("%(count)s services added to your shortlist.") % {"count": added}
        )
        return redirect("finder:shortlist")
    return render(request, "finder/shared_shortlist.html", _shortlist_context(request, ids))


def check(request):
    """The guided checker. Answers travel in the form (POST), so nothing is stored and nothing
    shows in the address bar or browser history."""
    if request.method != "POST":
        return _checker_step(request, "who", checker.Answers(), {})
    answers = checker.Answers.from_form(request.POST)
    step = request.POST.get("step", "who")
    if step == "safety":  # "I am safe now, carry on": the worries step, answered
        step = "worries"
    if step not in checker.STEPS:
        step = "who"
    if "back" in request.POST:
        return _checker_step(request, checker.previous_step(step), answers, {})
    errors = checker.check_step(step, answers)
    if errors:
        return _checker_step(request, step, answers, errors, status=400)
    if step == "worries" and checker.suggests_danger(answers):
        return _checker_step(request, "safety", answers, {})
    following = checker.next_step(step)
    if following == "results":
        return render(
            request,
            "finder/checker/results.html",
            {
                "answers": answers,
                "recommendations": checker.recommend(answers),
                "no_service": needs_offered.no_service_yet(answers.worries),
                "quick_exit": True,
                "step": "results",
            }
            | _safety_context(checker.disclosure_in(answers)),
        )
    return _checker_step(request, following, answers, {})


def _checker_step(request, step, answers, errors, status=200):
    number = checker.STEPS.index(step) + 1 if step in checker.STEPS else None
    context = {
        "step": step,
        "number": number,
        "total": len(checker.STEPS),
        "answers": answers,
        "errors": errors,
        "quick_exit": True,
        "who_choices": checker.WHO_CHOICES,
        "worry_choices": checker.worry_choices() if step == "worries" else [],
        "delivery_choices": checker.DELIVERY_CHOICES,
        "format_choices": checker.FORMAT_CHOICES,
    } | _safety_context(checker.disclosure_in(answers) if step == "safety" else None)
    context["quick_exit"] = True
    return render(request, f"finder/checker/{step}.html", context, status=status)


def privacy(request):
    return render(request, "finder/privacy.html")


def accessibility(request):
    return render(request, "finder/accessibility.html")

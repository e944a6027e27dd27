"""What the Local Offer holds, decided once: services tagged with the SEND or the
neurodiversity needs (or any narrower need of theirs) whose ages overlap 0 to 25. The page, the
feed and the tests all ask here."""

from familyhub.directory.search.needs import needs_index
from familyhub.directory.search.request import SearchInputError, SearchRequest
from familyhub.directory.search.service import filtered_services
from familyhub.localoffer.models import LocalOfferAnswers
from familyhub.localoffer.questions import FIELDS, QUESTIONS

SEND_NEEDS = ("send", "neurodiversity")
AGES = (0, 25)


def send_need_codes() -> set[str]:
    """The SEND and neurodiversity needs and every narrower need under them."""
    index = needs_index()
    term_ids = set()
    for code in SEND_NEEDS:
        term_ids |= index.descendants[index.by_code[code]]
    return {code for code, term_id in index.by_code.items() if term_id in term_ids}


def restrict(search: SearchRequest) -> SearchRequest:
    """A search narrowed to the Local Offer: its needs (a need asked for must be one of them)
    and its ages."""
    allowed = send_need_codes()
    index = needs_index()
    asked = [n for n in search.needs if n in allowed or index.by_code.get(n) is None]
    outside = [n for n in search.needs if n not in asked]
    if outside:
        raise SearchInputError(
            {"need": f"The Local Offer holds SEND needs only, not “{outside[0][:40]}”."}
        )
    search.needs = search.needs or list(SEND_NEEDS)
    search.ages_overlap = AGES
    return search


def local_offer_services(**filters):
    """The Local Offer's open services (a queryset), by name."""
    search = restrict(SearchRequest(**filters))
    return filtered_services(search).select_related("organisation").order_by("name", "id")


def is_in_local_offer(service) -> bool:
    return local_offer_services().filter(pk=service.pk).exists()


def current_answers(services) -> dict:
    """Each service's newest answers, by service id (one query)."""
    ids = [service.pk for service in services]
    latest = {}
    for answers in LocalOfferAnswers.objects.filter(service_id__in=ids).order_by(
        "service_id", "-saved_at", "-id"
    ):
        latest.setdefault(answers.service_id, answers)
    return latest


def answered(answers) -> list[dict]:
    """The questions with their answers, for a page or the feed (only those answered)."""
    if answers is None:
        return []
    return [
        {"field": q.field, "question": str(q.question), "answer": getattr(answers, q.field)}
        for q in QUESTIONS
        if getattr(answers, q.field, "").strip()
    ]


def answers_as_initial(answers) -> dict:
    return {name: getattr(answers, name) for name in FIELDS} if answers else {}

"""What the upkeep pages share: paging, a service's freshness tag, a snapshot as rows."""

from django.core.paginator import Paginator

from familyhub.upkeep import differences, freshness

PAGE_SIZE = 50
T = "upkeep/"


def page_of(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def freshness_tag(service, today) -> dict | None:
    if service.status not in freshness.LISTED:
        return None  # archived: nobody is chased about it
    if freshness.is_out_of_date(service, today):
        return {"label": "May be out of date", "tag": "red"}
    if freshness.is_due_for_check(service, today):
        return {"label": "Check due", "tag": "yellow"}
    return None


def summary_rows(data) -> list:
    """Every field of a snapshot as (label, value) rows, from the diff against nothing."""
    return differences.diff(None, data)

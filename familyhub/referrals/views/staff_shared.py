"""What the staff pages about requests share: who may see a request, paging, ordering overdue first,
ages and status tags in words. Thin: every read is scoped by `access` (404 for missing and
not-yours alike, 403 for a page of a role the person does not have)."""

import re
from datetime import date

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    IntegerField,
    Prefetch,
    Value,
    When,
)
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from familyhub.accounts.models import Role
from familyhub.families.models import FamilyMember
from familyhub.referrals import overdue
from familyhub.referrals.access import get_request_for
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.presenting import (
    TAG_COLOURS,
)
from familyhub.referrals.staff_forms import (
    STAFF_STATUS_LABELS,
)

PAGE_SIZE = 25
ROLES_WITH_REQUESTS = frozenset({Role.PROVIDER, Role.PRACTITIONER, Role.TRIAGE})
TEMPLATES = "referrals/staff/"


REFERENCE_SHAPE = re.compile(r"[A-Za-z0-9-]{1,20}")


def visible_request(request, reference) -> SupportRequest:
    """The request if this person may see it (the view is audited), else 404 — a malformed
    reference included, before it reaches the database."""
    if not REFERENCE_SHAPE.fullmatch(reference):
        raise Http404("No request with that reference that you can see.")
    return get_request_for(request, reference)


# --- shared bits -------------------------------------------------------------------------


def overdue_first(requests, today: date):
    rank = Case(
        When(overdue.overdue_q(today), then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return requests.annotate(overdue_rank=rank).order_by("overdue_rank", "submitted_at", "id")


def children_prefetch():
    return Prefetch(
        "children", queryset=FamilyMember.objects.order_by("date_of_birth", "first_name", "id")
    )


def age_in_words(born: date | None, today: date) -> str:
    if born is None:
        return ""
    months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
    if months < 0:
        return _("not born yet")
    if months < 24:
        return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}
    years = months // 12
    return ngettext("%(n)s year", "%(n)s years", years) % {"n": years}


def child_age_in_words(member, today: date) -> str:
    """A child's age, or for a baby not born yet "expected baby, due 9 July 2027"."""
    if member.is_expected:
        due = date_format(member.due_date, "j E Y")
        return _("expected baby, due %(date)s") % {"date": due}
    return age_in_words(member.date_of_birth, today)


def status_tag(support_request) -> dict:
    return {
        "label": STAFF_STATUS_LABELS.get(support_request.status, support_request.status),
        "tag": TAG_COLOURS.get(support_request.status, "grey"),
    }


def page_of(request, items):
    """One page of requests. The page's ids are chosen first (ordering on the request table
    alone), then only those rows are read with their family, service and children: with tens
    of thousands of open requests, joining every one of them before the limit was the cost."""
    page = Paginator(items.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    ids = list(page.object_list)
    rows = {row.pk: row for row in items.filter(pk__in=ids)}
    page.object_list = [rows[pk] for pk in ids]
    return page


def page_links(page) -> list:
    """GOV.UK pagination items: page numbers with ellipses."""
    if page.paginator.num_pages <= 1:
        return []
    return [
        {"number": number, "ellipsis": number == page.paginator.ELLIPSIS}
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
